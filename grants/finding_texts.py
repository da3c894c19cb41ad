"""Show the rules' findings in the reader's language.

The engine stores English message ids with text parameters (grants/eligibility);
here they are translated, and their amounts (in EUR, or "money_*" in their own currency),
rates, percentages, counts and dates written as the active locale writes them.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext

from core.formatting import format_date, format_money, format_number, format_rate, interpolate
from core.names import country_name
from grants.models import ReasonCode

# Parameters that hold a plain quantity; years, line numbers and claim references stay as
# they are written ("2025", not "2.025").
COUNT_KEYS = frozenset({"days", "quotes", "quotes_required", "others", "lunches", "dinners", "factor"})


def finding_text(message, params):
    """Return a finding's message translated, with its numbers and dates in the locale's form."""
    params = params or {}
    shown = {key: _shown(key, value) for key, value in params.items()}
    percents = [key for key in params if key.endswith("_pct")]
    try:
        return interpolate(gettext(message), shown, percents)
    except (KeyError, TypeError, ValueError):
        try:
            return interpolate(message, shown, percents)
        except (KeyError, TypeError, ValueError):
            return message


def rule_label(code):
    """The name of a rule or reason in the reader's language; an unknown code as it is."""
    try:
        return ReasonCode(code).label
    except ValueError:
        return code


def _shown(key, value):
    try:
        if key.startswith("amount_"):
            return format_money(Decimal(value), "EUR")
        if key.startswith("money_"):
            amount, currency = value.split(" ")
            return format_money(Decimal(amount), currency)
        if key.startswith("date_"):
            return format_date(date.fromisoformat(value))
        if key == "rate":
            return format_rate(Decimal(value))
        if key.endswith("_pct"):
            return Decimal(value)
        if key in COUNT_KEYS:
            return format_number(Decimal(value))
        if key == "country":
            return country_name(value)
    except (ArithmeticError, InvalidOperation, TypeError, ValueError):
        pass
    return value
