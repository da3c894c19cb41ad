"""Content fields of the grants app stored in every language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from grants.models import BudgetLine, Programme


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("name", "association_name", "funder_name")


@register(BudgetLine)
class BudgetLineTranslation(TranslationOptions):
    fields = ("name",)
