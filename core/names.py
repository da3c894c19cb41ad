"""Names of countries, currencies and languages in the active language (or the one given), from CLDR (babel)."""

from babel import Locale
from django.utils import translation


def active_locale(lang=None):
    return Locale.parse(lang or translation.get_language() or "en", sep="-")


def country_name(code, lang=None):
    return active_locale(lang).territories.get(code, code)


def currency_name(code):
    return active_locale().currencies.get(code, code)


def language_name(code, lang=None):
    return active_locale(lang).languages.get(code, code)
