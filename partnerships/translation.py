from modeltranslation.translator import TranslationOptions, register

from partnerships.models import Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)
