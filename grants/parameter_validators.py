"""Checks of the programme's JSON parameters, so that a typing error in the admin is refused
beside the field instead of breaking the next audit."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
THRESHOLD_KEYS = {"quotes", "formal"}


def validate_eur_per_country(value):
    """{"BJ": "60.00", ...}: ISO 3166 codes and non-negative EUR amounts."""
    if not isinstance(value, dict):
        raise ValidationError(_('Write country codes with their amounts, e.g. {"BJ": "60.00"}.'))
    for code, amount in value.items():
        _check_country(code)
        _check_amount(code, amount)


def validate_thresholds_per_country(value):
    """{"BJ": {"quotes": "3000.00", "formal": "30000.00"}, ...}, quotes at most formal."""
    if not isinstance(value, dict):
        raise ValidationError(
            _('Write country codes with their thresholds, e.g. {"BJ": {"quotes": "3000", "formal": "30000"}}.')
        )
    for code, limits in value.items():
        _check_country(code)
        if not isinstance(limits, dict) or set(limits) != THRESHOLD_KEYS:
            raise ValidationError(
                _('%(country)s: give "quotes" and "formal", e.g. {"quotes": "3000", "formal": "30000"}.'),
                params={"country": code},
            )
        quotes, formal = (_check_amount(code, limits[key]) for key in ("quotes", "formal"))
        if quotes > formal:
            raise ValidationError(
                _("%(country)s: the threshold for quotes is above the one for a formal procedure."),
                params={"country": code},
            )


def _check_country(code):
    if not isinstance(code, str) or not COUNTRY_CODE.match(code):
        raise ValidationError(_("“%(code)s” is not an ISO 3166 country code such as BJ."), params={"code": code})


def _check_amount(code, amount):
    try:
        number = Decimal(str(amount))
    except InvalidOperation:
        number = None
    if isinstance(amount, bool) or number is None or not number.is_finite() or not 0 <= number < Decimal("1e9"):
        raise ValidationError(
            _("%(country)s: “%(amount)s” is not an amount in EUR."), params={"country": code, "amount": amount}
        )
    return number
