"""What the engine returns: the rules' findings, and per invoice a verdict and a money split."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from sys import intern

from grants.money import round_eur

ZERO_EUR = Decimal("0.00")


class Outcome:
    """Outcome of one rule on one invoice (grants.models.FindingOutcome holds the same values)."""

    PASS = "pass"  # nosec B105 # the outcome "pass", not a password
    WARN = "warn"
    FAIL = "fail"
    NEEDS_INFO = "needs_info"


class Verdict:
    """Verdict of the engine on one invoice (grants.models.Verdict holds the same values)."""

    ELIGIBLE = "eligible"
    PARTIAL = "partial"
    INELIGIBLE = "ineligible"
    NEEDS_INFO = "needs_info"
    TO_REVIEW = "to_review"


# Slots: a claim holds one of these per line, up to 100,000 (docs/benchmarks.md).
@dataclass(frozen=True, slots=True)
class Finding:
    """A rule that did not pass on one invoice line.

    `amount_eur` is what the finding rejects (FAIL), else 0.00. `message` is an English
    message id with %(name)s placeholders filled from `params`, whose values are text:
    keys "amount_*" hold EUR amounts with two decimals, keys "money_*" an amount in another
    currency and its ISO code ("1250000 XOF"), keys "date_*" ISO dates.
    """

    line: int
    code: str
    outcome: str
    amount_eur: Decimal
    message: str
    params: dict


# Slots: a claim holds one of these per line, up to 100,000 (docs/benchmarks.md).
@dataclass(frozen=True, slots=True)
class InvoiceResult:
    """The engine's judgement of one line: amount_eur == accepted + rejected + pending.

    `units_per_eur` is the rate used (units of the currency per EUR), None when the line could not
    be converted. `findings` holds the rules that did not pass, sorted by code.
    """

    line: int
    amount_eur: Decimal
    units_per_eur: Decimal | None
    verdict: str
    accepted_eur: Decimal
    rejected_eur: Decimal
    pending_eur: Decimal
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class ClaimResult:
    """The judgement of a whole claim: its lines sorted by line number, and their sums.

    `exchange_difference_eur` is the EUR the programme's exchange-rate method adds to the
    claimed amount (negative: takes off) compared with the monthly reference rates; 0.00
    under the monthly reference rate itself.
    """

    invoices: tuple[InvoiceResult, ...]
    claimed_eur: Decimal
    accepted_eur: Decimal
    rejected_eur: Decimal
    pending_eur: Decimal
    exchange_difference_eur: Decimal = ZERO_EUR


def message_params(**values):
    """Turn the values of a message into the text the message shows.

    EUR amounts (keys "amount_*") always show two decimals, amounts in a currency (keys
    "money_*", given as (amount, currency)) their digits and code, dates their ISO form, so
    that the service layer can format them for the reader's language. The texts are interned:
    a threshold or a year is repeated in thousands of findings of one claim.
    """
    return {key: intern(_as_text(key, value)) for key, value in values.items()}


def _as_text(key, value):
    if key.startswith("amount_"):
        return format(round_eur(value), "f")
    if key.startswith("money_"):
        amount, currency = value
        return "%s %s" % (format(amount, "f"), currency)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
