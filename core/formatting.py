"""Locale-aware display of money, numbers, percentages and dates (babel).

Every page, report and export formats through these functions, so that
"1.234,56 €" in Dutch and "1 234,56 €" in French come from CLDR, not from us.
"""

import re
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
    return numbers.format_currency(round_whole(amount), currency, format=pattern, locale=locale, currency_digits=False)


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


def format_rate(value, lang=None):
    """An exchange rate (units per EUR) with the decimals it has, up to six, none trailing.

    655.957000 XOF per EUR reads "655,957" in French, never "655.957000", which a French or
    Dutch reader takes for more than six hundred million.
    """
    if value is None or value == "":
        return ""
    return numbers.format_decimal(value, format="#,##0.######", locale=_locale(lang))


def format_percent(value, lang=None, decimals=1):
    """Format a percentage given in percent points (12.5 means 12.5 %), spaced as the locale spaces it.

    `decimals=None` shows the decimals the value has, up to two (10.00 reads "10 %", 2.5 "2,5 %").
    """
    if value is None or value == "":
        return ""
    pattern = Locale.parse(_locale(lang)).percent_formats[None].pattern
    if decimals is None:
        pattern = pattern.replace("#,##0", "#,##0.##", 1)
    elif decimals:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * decimals, 1)
    return numbers.format_percent(Decimal(str(value)) / 100, format=pattern, locale=_locale(lang))


def interpolate(message, values, percents=(), lang=None):
    """Fill a translated message's placeholders, its percentages written as the locale writes them.

    Messages spell a percentage "%(share)s %%", and a translator may keep that space or not;
    for each key of `percents` the message's own percent sign gives way to the locale's
    ("10 %" in French, "10%" in Dutch). A translation that words it otherwise ("por ciento")
    gets the bare number.
    """
    shown = dict(values)
    for key in percents:
        if key not in shown:
            continue
        sign = re.compile(r"%\(" + re.escape(key) + r"\)s[ \u00a0\u202f]?%%")
        if sign.search(message):
            message = sign.sub(f"%({key})s", message)
            shown[key] = format_percent(shown[key], lang=lang, decimals=None)
        else:
            shown[key] = format_number(shown[key], lang=lang)
    return message % shown


def format_date(value, lang=None, style="medium"):
    if value is None:
        return ""
    return babel_format_date(value, format=style, locale=_locale(lang))
