"""Locale-aware display of money, numbers, percentages and dates (babel).

Every page, report and export formats through these functions, so that
"1.234,56 €" in Dutch and "1 234,56 €" in French come from CLDR, not from us.
"""

from decimal import ROUND_HALF_UP, Decimal

from babel import Locale, numbers
from babel.dates import format_date as babel_format_date
from django.utils import translation


def _locale(lang=None):
    return (lang or translation.get_language() or "en").replace("-", "_")


def format_money(amount, currency="EUR", lang=None, whole=False):
    if amount is None or amount == "":
        return ""
    if not whole:
        return numbers.format_currency(amount, currency, locale=_locale(lang))
    locale = Locale.parse(_locale(lang))
    pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
    return numbers.format_currency(
        round_whole(amount), currency, format=pattern, locale=locale, currency_digits=False
    )


def round_whole(amount):
    """Round to the euro for display; stored amounts keep their cents."""
    return Decimal(str(amount)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def format_number(value, lang=None, decimals=None):
    if value is None or value == "":
        return ""
    if decimals is None:
        return numbers.format_decimal(value, locale=_locale(lang))
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return numbers.format_decimal(value, format=pattern, locale=_locale(lang))


def format_percent(value, lang=None, decimals=1):
    """Format a percentage given in percent points (12.5 means 12.5 %), spaced as the locale spaces it."""
    if value is None:
        return ""
    pattern = Locale.parse(_locale(lang)).percent_formats[None].pattern
    if decimals:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * decimals, 1)
    return numbers.format_percent(value / 100, format=pattern, locale=_locale(lang))


def format_date(value, lang=None, style="medium"):
    if value is None:
        return ""
    return babel_format_date(value, format=style, locale=_locale(lang))
