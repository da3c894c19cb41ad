"""Organisation identifiers as IATI publishes them: a registration agency's prefix, '-', its number.

The prefixes are org-id.guide's confirmed list (orgid_prefixes_confirmed.json, copied from the
IATI Standard's files): an identifier under any other prefix would not be traceable. For the
Belgian enterprise registry (KBO/BCE) the number is checked too: ten digits whose last two
are 97 minus the first eight modulo 97, so that a mistyped digit is refused.
"""

import functools
import json
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PREFIXES_FILE = Path(__file__).resolve().parent / "orgid_prefixes_confirmed.json"
BELGIAN_REGISTRY = "BE-BCE_KBO"
# IATI identifiers hold no spaces and none of / & | ? (IATI ruleset, identifiers).
IDENTIFIER = re.compile(r"^(?P<prefix>[A-Z]{2}-[A-Za-z0-9_]+)-(?P<number>[^\s/&|?]+)$")
ENTERPRISE_NUMBER = re.compile(r"^[01]\d{9}$")


@functools.cache
def confirmed_prefixes():
    return frozenset(json.loads(PREFIXES_FILE.read_text(encoding="utf-8")))


def validate_org_identifier(value):
    match = IDENTIFIER.match(value)
    if not match:
        raise ValidationError(
            _("Write the identifier as the registry's prefix, a hyphen and the number, e.g. BE-BCE_KBO-0451857573."),
            code="format",
        )
    prefix, number = match["prefix"], match["number"]
    if prefix not in confirmed_prefixes():
        raise ValidationError(
            _("%(prefix)s is not a registry prefix confirmed by org-id.guide.") % {"prefix": prefix},
            code="prefix",
        )
    if prefix == BELGIAN_REGISTRY and not is_enterprise_number(number):
        raise ValidationError(
            _("%(number)s is not a Belgian enterprise number: ten digits, without dots, whose check digits match.")
            % {"number": number},
            code="enterprise_number",
        )


def is_enterprise_number(number):
    return bool(ENTERPRISE_NUMBER.match(number)) and 97 - int(number[:8]) % 97 == int(number[8:])
