"""Which content fields are stored in every language (django-modeltranslation).

modeltranslation adds one column per language (title_nl, title_fr, ...) and reads the
active language with a fallback to English: plain SQL columns that sort, filter and
export like any other, which a JSON or a separate translation table would not.
"""

from modeltranslation.translator import TranslationOptions, register

from reporting.models import Indicator, Objective, Outcome


@register(Objective)
class ObjectiveTranslation(TranslationOptions):
    fields = ("title",)


@register(Outcome)
class OutcomeTranslation(TranslationOptions):
    fields = ("title",)


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "unit")
