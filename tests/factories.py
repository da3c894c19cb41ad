"""Builders of database rows for tests: the smallest valid object, with keyword overrides.

Shaped like the eligibility builders (tests/grants/eligibility/conftest.py): every
argument has a safe default, a test overrides only what it looks at, and whatever an
object needs (a partnership for a claim, a programme for an allocation) is made when
it is not given. They never read the demo's rows. The demo is loaded into every test
database (tests/conftest.py), so the codes and names made here cannot be the demo's:
countries take ISO codes reserved for user assignment (XA-XZ), partnerships a "TST"
middle part, programmes, budget lines and people a "T-" prefix, rates the ISO test
currency XTS.
"""

import itertools
import string
from datetime import date
from decimal import Decimal

from grants.models import (
    Allocation,
    BudgetLine,
    ClaimStatus,
    ExchangeRate,
    ExpenseClaim,
    Invoice,
    InvoiceCategory,
    PaidBy,
    Programme,
    RateSource,
    Tranche,
    TrancheLeg,
    TrancheStatus,
)
from grants.money import round_eur
from grants.services.audit import claim_totals_refresh
from partnerships.models import (
    Country,
    Language,
    Membership,
    Municipality,
    MunicipalityKind,
    Partnership,
    PartnershipKind,
    SisterAssociation,
    User,
)
from reporting.models import (
    Indicator,
    IndicatorType,
    IndicatorValue,
    Objective,
    ObjectiveLevel,
    Outcome,
    PartnerReport,
    ReportPeriod,
)

PASSWORD = "test"  # nosec B105 # of test users only, hashed with MD5 in tests (tests/conftest.py)
YEAR = 2025
# ISO 4217 reserves XTS for testing: no demo rate is in it.
TEST_CURRENCY = "XTS"
# The ISO 3166 user-assigned codes XA-XZ are nobody's country, and not the demo's.
TEST_COUNTRY_CODES = [f"X{letter}" for letter in string.ascii_uppercase]

_numbers = itertools.count(1)


def _number():
    """A number no earlier call in this test run returned, to keep codes and names unique."""
    return next(_numbers)


def make_country(**overrides):
    """A partner country paying in CFA francs, reporting in French."""
    if "code" not in overrides:
        taken = set(Country.objects.filter(code__in=TEST_COUNTRY_CODES).values_list("code", flat=True))
        overrides["code"] = next(code for code in TEST_COUNTRY_CODES if code not in taken)
    fields = {"currency": "XOF", "reporting_language": Language.FR} | overrides
    return Country.objects.create(**fields)


def make_municipality(*, country=None, **overrides):
    """A partner municipality; pass kind=MunicipalityKind.FLEMISH for a Flemish one."""
    fields = {
        "name": f"T-Gemeente {_number()}",
        "country": country or make_country(),
        "kind": MunicipalityKind.PARTNER,
    } | overrides
    return Municipality.objects.create(**fields)


def make_sister_association(*, country=None, **overrides):
    number = _number()
    fields = {
        "acronym": f"T-SA{number}",
        "name": f"T-Association {number}",
        "country": country or make_country(),
    } | overrides
    return SisterAssociation.objects.create(**fields)


def make_partnership(*, country=None, flemish=None, partners=None, **overrides):
    """An active city partnership of one Flemish and one partner municipality.

    `flemish` and `partners` are lists of municipalities; each is made when not given.
    """
    country = country or make_country()
    number = _number()
    fields = {
        "code": f"{country.code}-TST-P{number}",
        "name": f"T-Partnership {number}",
        "kind": PartnershipKind.CITY,
        "country": country,
        "reporting_language": country.reporting_language,
    } | overrides
    partnership = Partnership.objects.create(**fields)
    if flemish is None:
        flemish = [make_municipality(country=make_country(currency="EUR"), kind=MunicipalityKind.FLEMISH)]
    if partners is None:
        partners = [make_municipality(country=country)]
    partnership.flemish_municipalities.set(flemish)
    partnership.partner_municipalities.set(partners)
    return partnership


def make_user(*, role=None, partnership=None, municipality=None, sister_association=None, **overrides):
    """A person who signs in with PASSWORD, in the role given (for the scope given, or for all).

    Without a role the person has no membership and sees nothing.
    """
    number = _number()
    fields = {
        "username": f"t-user-{number}",
        "first_name": "Test",
        "last_name": f"Person {number}",
        "language": Language.EN,
    } | overrides
    fields.setdefault("email", f"{fields['username']}@test.invalid")
    user = User.objects.create_user(password=PASSWORD, **fields)
    if role is not None:
        Membership.objects.create(
            user=user,
            role=role,
            partnership=partnership,
            municipality=municipality,
            sister_association=sister_association,
        )
    return user


def make_programme(**overrides):
    """A five-year programme, 2022 to 2026, with the model's default rule parameters."""
    number = _number()
    fields = {
        "code": f"T-PROG-{number}",
        "name": f"T-Programme {number}",
        "start_date": date(2022, 1, 1),
        "end_date": date(2026, 12, 31),
    } | overrides
    return Programme.objects.create(**fields)


def make_budget_line(*, programme=None, **overrides):
    """A head-office budget line of the association, for its own claims."""
    number = _number()
    fields = {
        "programme": programme or make_programme(),
        "code": f"t-line-{number}",
        "name": f"T-Budget line {number}",
        "category": "operational",
        "heading": "operating",
    } | overrides
    return BudgetLine.objects.create(**fields)


def make_allocation(*, programme=None, partnership=None, **overrides):
    """The operational budget of a partnership for YEAR."""
    fields = {
        "programme": programme or make_programme(),
        "partnership": partnership or make_partnership(),
        "year": YEAR,
        "category": "operational",
        "amount_eur": Decimal("80000.00"),
    } | overrides
    return Allocation.objects.create(**fields)


def make_tranche(*, programme=None, partnership=None, **overrides):
    """A first tranche of EUR 20,000 to the partner, planned in February of YEAR.

    Its EUR amount follows from its amount and rate unless given.
    """
    fields = {
        "programme": programme or make_programme(),
        "partnership": partnership or make_partnership(),
        "year": YEAR,
        "number": 1,
        "leg": TrancheLeg.TO_PARTNER,
        "planned_date": date(overrides.get("year", YEAR), 2, 1),
        "currency": "EUR",
        "amount": Decimal("20000.00"),
        "units_per_eur": Decimal("1"),
        "status": TrancheStatus.PLANNED,
    } | overrides
    fields.setdefault("amount_eur", round_eur(fields["amount"] / fields["units_per_eur"]))
    return Tranche.objects.create(**fields)


def make_exchange_rate(**overrides):
    """A monthly reference rate of the test currency for January of YEAR."""
    fields = {
        "currency": TEST_CURRENCY,
        "valid_from": date(YEAR, 1, 1),
        "valid_to": date(YEAR, 1, 31),
        "units_per_eur": Decimal("650.000000"),
        "source": RateSource.MONTHLY_REFERENCE,
    } | overrides
    return ExchangeRate.objects.create(**fields)


def make_claim(*, programme=None, partnership=None, lines=0, **overrides):
    """A draft claim of a partnership for YEAR, with `lines` default invoices (or a list of overrides).

    `lines` is a number of default lines, or one dict of invoice overrides per line. The
    claim's totals are the sums of its lines, as the import leaves them; run the rules
    (grants.services.audit.claim_audit) for verdicts. Pass budget_line=... for the
    association's own claim.
    """
    if overrides.get("budget_line") is None:
        partnership = partnership or make_partnership()
    fields = {
        "programme": programme or make_programme(),
        "partnership": partnership,
        "year": YEAR,
        "status": ClaimStatus.DRAFT,
    } | overrides
    claim = ExpenseClaim.objects.create(**fields)
    for line in [{}] * lines if isinstance(lines, int) else lines:
        make_invoice(claim=claim, **line)
    if lines:
        # Refreshing the totals also moves a submitted claim on: keep the status asked for.
        claim_totals_refresh(claim)
        ExpenseClaim.objects.filter(pk=claim.pk).update(status=fields["status"])
        claim.refresh_from_db()
    return claim


def make_invoice(*, claim=None, **overrides):
    """A line every eligibility rule passes: EUR 1,500.00 of cement the partner paid, with proof.

    Numbered after the claim's last line; its EUR amount is its amount unless given (the
    rules convert other currencies when they run).
    """
    claim = claim or make_claim()
    line = (
        overrides.pop("line", None)
        or (claim.invoices.order_by("-line").values_list("line", flat=True).first() or 0) + 1
    )
    fields = {
        "claim": claim,
        "line": line,
        "invoice_date": date(claim.year, 3, 15),
        "payment_date": date(claim.year, 3, 20),
        "supplier": "T-Quincaillerie du Plateau",
        "invoice_number": f"T-{claim.year}-{line:04d}",
        "description": "Ciment pour le marché",
        "category": InvoiceCategory.INVESTMENT,
        "currency": "EUR",
        "amount": Decimal("1500.00"),
        "paid_by": PaidBy.PARTNER,
        "has_payment_proof": True,
    } | overrides
    if fields["currency"] == "EUR":
        fields.setdefault("amount_eur", fields["amount"])
        fields.setdefault("declared_amount_eur", fields["amount"])
    fields.setdefault("pending_eur", fields.get("amount_eur") or Decimal("0.00"))
    return Invoice.objects.create(**fields)


def make_objective(*, programme=None, parent=None, **overrides):
    """A specific objective under a strategic one of the programme (both made when not given)."""
    programme = programme or (parent.programme if parent else make_programme())
    number = _number()
    if parent is None and overrides.get("level") != ObjectiveLevel.STRATEGIC:
        parent = make_objective(programme=programme, level=ObjectiveLevel.STRATEGIC)
    fields = {
        "programme": programme,
        "code": f"T{number}",
        "level": ObjectiveLevel.SPECIFIC,
        "parent": parent,
        "title": f"T-Objective {number}",
    } | overrides
    return Objective.objects.create(**fields)


def make_outcome(*, partnership=None, objective=None, **overrides):
    """An outcome of a partnership under a specific objective; team=True for the programme team's own."""
    team = overrides.pop("team", False)
    number = _number()
    fields = {
        "partnership": None if team else partnership or make_partnership(),
        "objective": objective or make_objective(),
        "code": f"O{number}",
        "title": f"T-Outcome {number}",
    } | overrides
    return Outcome.objects.create(**fields)


def make_indicator(*, outcome=None, **overrides):
    """A number to increase, of an outcome of a partnership."""
    number = _number()
    outcome = outcome or make_outcome()
    fields = {
        "outcome": outcome,
        "code": f"{outcome.code}.{number}",
        "name": f"T-Indicator {number}",
        "type": IndicatorType.NUMBER,
    } | overrides
    return Indicator.objects.create(**fields)


def make_report(*, partnership=None, values=None, **overrides):
    """A draft annual report of a partnership for YEAR, in its reporting language.

    `values` maps indicators to the value the report gives for each.
    """
    partnership = partnership or make_partnership()
    fields = {
        "partnership": partnership,
        "year": YEAR,
        "period": ReportPeriod.YEAR,
        "due_date": date(overrides.get("year", YEAR) + 1, 3, 31),
        "language": partnership.reporting_language,
    } | overrides
    report = PartnerReport.objects.create(**fields)
    for indicator, value in (values or {}).items():
        IndicatorValue.objects.create(report=report, indicator=indicator, value=value)
    return report
