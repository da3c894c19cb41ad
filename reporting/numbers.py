"""Numbers people type, read in their own language and kept within what an indicator value can hold.

Indicator values, baselines and targets are DecimalField(max_digits=16, decimal_places=4):
a number outside that (or NaN, an infinity) is stored on SQLite but can no longer be read
back, which breaks every page, chart and export that shows the indicator.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, parse_decimal
from django import forms
from django.utils.translation import get_language, gettext, to_locale

MAX_DIGITS = 16
DECIMAL_PLACES = 4
QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)
# The largest number with 16 digits of which 4 are decimals.
LARGEST = Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES) - QUANTUM

# Anything else (letters of NaN, Infinity or an exponent, digits of other scripts) is not
# a number as people write it in a report, whatever Python's Decimal would make of it.
TYPED_CHARACTERS = re.compile(r"^[0-9\s.,'’+\-−]+$")
PLAIN = re.compile(r"^[+-]?[0-9]+(?:[.,][0-9]+)?$")
SPACES = re.compile(r"(?<=[0-9])\s+(?=[0-9])")


NOT_A_NUMBER = "not_a_number"
TOO_LARGE = "too_large"


class NumberRefused(ValueError):
    """The text is not a number an indicator can hold; `reason` is NOT_A_NUMBER or TOO_LARGE."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def refusal_message(error, code=None):
    """The translated sentence for a NumberRefused, naming the indicator when its code is given."""
    largest = f"{LARGEST:,.4f}".replace(",", "\u202f")
    if code is None:
        if error.reason == TOO_LARGE:
            return gettext("A number can be at most %(largest)s.") % {"largest": largest}
        return gettext("Write a number.")
    if error.reason == TOO_LARGE:
        return gettext("%(code)s: a number can be at most %(largest)s.") % {"code": code, "largest": largest}
    return gettext("%(code)s: write a number.") % {"code": code}


def typed_number(raw, *, language=None):
    """The Decimal a person typed (None when empty), read in their language, rounded half up to 4 decimals.

    "1 850 000" (fr), "1.850.000,5" (nl, es) and a plain "1850000.5" are all read; NaN,
    infinities, exponents and numbers wider than the field are refused with NumberRefused.
    """
    if raw is None:
        return None
    if isinstance(raw, (int, Decimal)) and not isinstance(raw, bool):
        return _within_field(Decimal(raw))
    text = str(raw).strip().replace("\u2212", "-")
    if not text:
        return None
    if not TYPED_CHARACTERS.match(text):
        raise NumberRefused(NOT_A_NUMBER)
    return _within_field(_parsed(text, language or get_language() or "en"))


def _parsed(text, language):
    locale = to_locale(language)
    grouped = SPACES.sub(get_group_symbol(locale), text)
    try:
        return parse_decimal(grouped, locale=locale, strict=True)
    except (NumberFormatError, InvalidOperation, ValueError):
        pass
    # A plain number without grouping, with a point or a comma before its decimals.
    if PLAIN.match(text):
        return Decimal(text.replace(",", "."))
    raise NumberRefused(NOT_A_NUMBER)


def _within_field(value):
    if not value.is_finite():
        raise NumberRefused(NOT_A_NUMBER)
    rounded = value.quantize(QUANTUM, rounding=ROUND_HALF_UP) if value.as_tuple().exponent < -DECIMAL_PLACES else value
    if abs(rounded) > LARGEST:
        raise NumberRefused(TOO_LARGE)
    # Adding zero turns a typed "-0" into 0.
    return rounded + 0


class TypedNumberField(forms.CharField):
    """A number field that reads what people type in their language (see typed_number).

    `subject`, an indicator's code, makes the error name the indicator.
    """

    def __init__(self, *, subject=None, **kwargs):
        for ignored in ("max_digits", "decimal_places", "max_length"):
            kwargs.pop(ignored, None)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)
        self.subject = subject

    def to_python(self, value):
        try:
            return typed_number(value)
        except NumberRefused as error:
            raise forms.ValidationError(refusal_message(error, self.subject), code="invalid") from None

    def prepare_value(self, value):
        if not isinstance(value, Decimal):
            return value
        # Stored values carry four decimals: show the figure as people type it, in their language.
        text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f").rstrip("0")
        return text.replace(".", get_decimal_symbol(to_locale(get_language() or "en")))
