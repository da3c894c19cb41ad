"""Show the rules' findings in the reader's language.

The engine stores English message ids with text parameters (grants/eligibility);
here they are translated and their amounts and dates formatted for the active locale.
"""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext

from partnerships.formatting import format_date, format_money


def finding_text(message, params):
    """Return a finding's message translated, with its amounts and dates in the locale's form."""
    shown = {key: _shown(key, value) for key, value in (params or {}).items()}
    try:
        return gettext(message) % shown
    except (KeyError, TypeError, ValueError):
        return message % shown if shown else message


def _shown(key, value):
    try:
        if key.startswith("amount_"):
            return format_money(Decimal(value), "EUR")
        if key.startswith("date_"):
            return format_date(date.fromisoformat(value))
    except (ArithmeticError, ValueError):
        pass
    return value
