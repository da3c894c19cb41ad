"""Names of countries, currencies and languages in the active language, from CLDR (babel)."""

from babel import Locale
from django.utils import translation


def active_locale():
    return Locale.parse(translation.get_language() or "en", sep="-")


def country_name(code):
    return active_locale().territories.get(code, code)


def currency_name(code):
    return active_locale().currencies.get(code, code)
