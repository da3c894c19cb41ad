"""SCAN: a line needs its invoice scan, and what is read on the scan must be what the line declares."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grants.eligibility.engine import audit_claim
from grants.eligibility.facts import NO_SCAN, EarlierScan, ScanFacts
from grants.eligibility.findings import Outcome, Verdict
from grants.eligibility.rules.scan import ScanRule

HASH = "a" * 64
OTHER_HASH = "b" * 64

# What the reading finds on the scan of the default invoice (tests/grants/eligibility/conftest.py).
READ_SCAN = ScanFacts(
    present=True,
    read=True,
    sha256s=(HASH,),
    amount=Decimal("655957"),
    currency="XOF",
    invoice_date=date(2024, 3, 15),
    invoice_number="F-2024-017",
    supplier="Quincaillerie du Plateau",
    addressee="Commune de Pèrèrè",
)
WAITING_SCAN = ScanFacts(present=True, sha256s=(HASH,))
FAILED_SCAN = ScanFacts(present=True, failed=True, sha256s=(HASH,))


def build_scan(**overrides):
    return replace(READ_SCAN, **overrides)


@pytest.fixture
def scans_required(make_params):
    """The programme's parameters with scans required from the default claim's year, 2024."""
    return make_params(scans_required_from_year=2024)


@pytest.fixture
def scan_findings(audit, scans_required):
    """Return a function that audits invoices and returns the SCAN findings by line."""

    def _scan_findings(*invoices, claim=None, params=None):
        result = audit(*invoices, claim=claim, params=params or scans_required)
        return {line.line: [finding for finding in line.findings if finding.code == "SCAN"] for line in result.invoices}

    return _scan_findings


@pytest.fixture
def scan_finding(scan_findings, make_invoice):
    """Return a function that audits one invoice with the scan given and returns its one SCAN finding, or None."""

    def _scan_finding(scan, params=None, **overrides):
        findings = scan_findings(make_invoice(scan=scan, **overrides), params=params)[1]
        assert len(findings) <= 1, findings
        return findings[0] if findings else None

    return _scan_finding


def test_line_without_a_scan_needs_information(audit_line, finding_of, scans_required):
    result = audit_line(params=scans_required, scan=NO_SCAN)

    finding = finding_of(result, "SCAN")
    assert (finding.outcome, finding.message) == (Outcome.NEEDS_INFO, "No invoice scan for this line.")
    assert result.verdict == Verdict.NEEDS_INFO


def test_scan_that_says_what_the_line_declares_passes(audit_line, scans_required):
    result = audit_line(params=scans_required, scan=READ_SCAN)

    assert result.findings == ()
    assert result.verdict == Verdict.ELIGIBLE


def test_scan_waiting_to_be_read_gives_no_finding(scan_finding):
    assert scan_finding(WAITING_SCAN) is None


def test_scan_that_could_not_be_read_is_to_be_checked_by_eye(audit_line, finding_of, scans_required):
    result = audit_line(params=scans_required, scan=FAILED_SCAN)

    finding = finding_of(result, "SCAN")
    assert (finding.outcome, finding.message) == (Outcome.WARN, "The scan could not be read: check it by eye.")
    assert result.verdict == Verdict.TO_REVIEW


def test_read_scan_showing_no_amount_date_or_number_is_to_be_checked_by_eye(scan_finding):
    finding = scan_finding(build_scan(amount=None, currency=None, invoice_date=None, invoice_number=None))

    assert finding.message == ScanRule.UNREADABLE


# EUR 1,000.00 declared, 1 % tolerance: EUR 10.00 either way.
@pytest.mark.parametrize(
    ("read", "differs"),
    [
        ("1000.00", False),
        ("1010.00", False),
        ("990.00", False),
        ("1010.01", True),
        ("989.99", True),
        ("100.00", True),
    ],
)
def test_total_read_may_differ_from_the_declared_amount_up_to_the_tolerance(scan_finding, read, differs):
    finding = scan_finding(build_scan(amount=Decimal(read), currency="EUR"), currency="EUR", amount=Decimal("1000.00"))

    if differs:
        assert (finding.outcome, finding.message) == (Outcome.WARN, ScanRule.AMOUNT_DIFFERS)
        assert finding.params == {
            "money_read": f"{read} EUR",
            "money_declared": "1000.00 EUR",
            "tolerance_pct": "1.00",
        }
    else:
        assert finding is None


def test_tolerance_on_the_total_read_is_the_programmes(scan_finding, make_params):
    scan = build_scan(amount=Decimal("1050.00"), currency="EUR")

    wide = scan_finding(
        scan,
        make_params(scans_required_from_year=2024, scan_amount_tolerance_pct=Decimal("5")),
        currency="EUR",
        amount=Decimal("1000.00"),
    )
    narrow = scan_finding(scan, currency="EUR", amount=Decimal("1000.00"))

    assert wide is None
    assert narrow.message == ScanRule.AMOUNT_DIFFERS


def test_tolerance_is_a_share_of_the_amount_in_the_lines_currency(scan_finding):
    # 1 % of XOF 655,957 is 6,559.57.
    within = scan_finding(build_scan(amount=Decimal("662516")))
    beyond = scan_finding(build_scan(amount=Decimal("662517")))

    assert within is None
    assert beyond.params["money_read"] == "662517 XOF"


def test_credit_note_compares_its_size_with_the_total_read(scan_finding):
    finding = scan_finding(
        build_scan(amount=Decimal("500.00"), currency="EUR"), currency="EUR", amount=Decimal("-500.00")
    )

    assert finding is None


def test_total_read_in_another_currency_is_a_difference_whatever_the_amount(scan_finding):
    finding = scan_finding(build_scan(amount=Decimal("655957"), currency="EUR"))

    assert (finding.outcome, finding.message) == (Outcome.WARN, ScanRule.CURRENCY_DIFFERS)
    assert finding.params == {"money_read": "655957 EUR", "money_declared": "655957 XOF"}


def test_total_read_without_a_currency_is_taken_in_the_lines(scan_finding):
    assert scan_finding(build_scan(currency=None)) is None


def test_scan_showing_no_total_is_to_be_checked(scan_finding):
    finding = scan_finding(build_scan(amount=None, currency=None))

    assert finding.message == ScanRule.AMOUNT_NOT_FOUND


def test_scan_dated_otherwise_is_to_review_with_the_date_read(scan_finding):
    finding = scan_finding(build_scan(invoice_date=date(2024, 3, 12)))

    assert (finding.outcome, finding.message) == (Outcome.WARN, ScanRule.DATE_DIFFERS)
    assert finding.params == {"date_read": "2024-03-12", "date_declared": "2024-03-15"}


def test_scan_showing_no_date_is_to_be_checked(scan_finding):
    finding = scan_finding(build_scan(invoice_date=None))

    assert finding.message == ScanRule.DATE_NOT_FOUND


@pytest.mark.parametrize("read", ["F-2024-017", "f 2024/017", "F2024017", "F–2024·017", " F-2024-017."])
def test_invoice_number_read_matches_without_case_spaces_or_punctuation(scan_finding, read):
    assert scan_finding(build_scan(invoice_number=read)) is None


def test_other_invoice_number_read_is_to_review_with_the_number_read(scan_finding):
    finding = scan_finding(build_scan(invoice_number="F-2024-071"))

    assert (finding.outcome, finding.message) == (Outcome.WARN, ScanRule.NUMBER_DIFFERS)
    assert finding.params == {"number_read": "F-2024-071", "number_declared": "F-2024-017"}


def test_scan_showing_no_invoice_number_is_to_be_checked(scan_finding):
    finding = scan_finding(build_scan(invoice_number=None))

    assert finding.message == ScanRule.NUMBER_NOT_FOUND


@pytest.mark.parametrize(
    "addressee",
    [
        "Commune de Pèrèrè",
        "MAIRIE DE PERERE",
        "Mairie de Pérèré",
        "Gemeente Anzegem",
        "Municipio de Pèrèrè",
        "Alcaldía de Anzegem",
        "Pèrèrè",
        "Commune de Pèrèrè, BP 12",
    ],
)
def test_scan_addressed_to_a_municipality_of_the_partnership_passes(scan_finding, addressee):
    assert scan_finding(build_scan(addressee=addressee)) is None


def test_scan_addressed_to_someone_else_is_to_review_with_the_addressee_read(scan_finding):
    finding = scan_finding(build_scan(addressee="Hôtel du Lac"))

    assert (finding.outcome, finding.message) == (Outcome.WARN, ScanRule.ADDRESSEE)
    assert finding.params == {"addressee_read": "Hôtel du Lac"}


def test_scan_without_an_addressee_read_passes(scan_finding):
    assert scan_finding(build_scan(addressee=None)) is None


def test_each_value_read_that_differs_gets_its_own_warning(scan_findings, make_invoice):
    scan = build_scan(amount=Decimal("1"), invoice_date=date(2024, 1, 1), addressee="Hôtel du Lac")

    findings = scan_findings(make_invoice(scan=scan))[1]

    assert [finding.message for finding in findings] == [
        ScanRule.AMOUNT_DIFFERS,
        ScanRule.DATE_DIFFERS,
        ScanRule.ADDRESSEE,
    ]


def test_same_scan_file_on_two_lines_rejects_the_later_line(audit, make_invoice, scans_required, finding_of):
    first = make_invoice(line=1, scan=READ_SCAN)
    # Another invoice as declared, so that DUPLICATE does not see it.
    second = make_invoice(line=2, invoice_number="F-2024-018", amount=Decimal("100000"), scan=WAITING_SCAN)

    result = audit(first, second, params=scans_required)

    assert finding_of(result.invoices[0], "SCAN") is None
    finding = finding_of(result.invoices[1], "SCAN")
    assert (finding.outcome, finding.message) == (Outcome.FAIL, ScanRule.SAME_FILE_IN_THIS_CLAIM)
    assert finding.params == {"other_line": "1"}
    assert finding.amount_eur == result.invoices[1].amount_eur
    assert result.invoices[1].verdict == Verdict.INELIGIBLE
    assert finding_of(result.invoices[1], "DUPLICATE") is None


def test_scan_file_attached_to_a_line_of_an_earlier_claim_rejects_the_line(
    make_claim, make_invoice, audit, scans_required, finding_of
):
    claim = make_claim(earlier_scans=(EarlierScan("BJ-ANZ-PER/2023", 7, HASH),))

    result = audit(make_invoice(scan=READ_SCAN), claim=claim, params=scans_required)

    finding = finding_of(result.invoices[0], "SCAN")
    assert (finding.outcome, finding.message) == (Outcome.FAIL, ScanRule.SAME_FILE_IN_EARLIER_CLAIM)
    assert finding.params == {"other_claim": "BJ-ANZ-PER/2023", "other_line": "7"}


def test_same_supplier_and_number_read_on_two_scans_reject_the_later_line(scan_findings, make_invoice):
    first = make_invoice(line=1, scan=READ_SCAN)
    # Declared with another number and amount, photographed again: another file, the same invoice.
    second = make_invoice(
        line=2,
        invoice_number="F-2024-018",
        amount=Decimal("100000"),
        scan=build_scan(sha256s=(OTHER_HASH,), supplier="QUINCAILLERIE DU PLATEAU.", invoice_number="f 2024 017"),
    )

    findings = scan_findings(first, second)

    assert findings[1] == []
    (finding,) = findings[2]
    assert (finding.outcome, finding.message) == (Outcome.FAIL, ScanRule.SAME_INVOICE_IN_THIS_CLAIM)
    assert finding.params == {
        "other_line": "1",
        "number_read": "f 2024 017",
        "supplier_read": "QUINCAILLERIE DU PLATEAU.",
    }


def test_same_supplier_and_number_read_as_on_an_earlier_claims_scan_rejects_the_line(
    scan_findings, make_claim, make_invoice
):
    earlier = EarlierScan("BJ-ANZ-PER/2023", 4, OTHER_HASH, "Quincaillerie du Plateau", "F 2024 017")
    claim = make_claim(earlier_scans=(earlier,))

    (finding,) = scan_findings(make_invoice(scan=READ_SCAN), claim=claim)[1]

    assert (finding.outcome, finding.message) == (Outcome.FAIL, ScanRule.SAME_INVOICE_IN_EARLIER_CLAIM)
    assert finding.params["other_claim"] == "BJ-ANZ-PER/2023"


@pytest.mark.parametrize(
    "earlier",
    [
        EarlierScan("BJ-ANZ-PER/2023", 4, OTHER_HASH, "", "F-2024-017"),
        EarlierScan("BJ-ANZ-PER/2023", 4, OTHER_HASH, "Sonatel", "F-2024-017"),
        EarlierScan("BJ-ANZ-PER/2023", 4, OTHER_HASH, "Quincaillerie du Plateau", ""),
    ],
)
def test_a_number_read_without_the_same_supplier_is_not_the_same_invoice(
    scan_findings, make_claim, make_invoice, earlier
):
    claim = make_claim(earlier_scans=(earlier,))

    assert scan_findings(make_invoice(scan=READ_SCAN), claim=claim)[1] == []


@pytest.mark.parametrize("from_year", [None, 2025])
def test_rule_is_off_without_the_parameter_and_before_its_year(scan_findings, make_invoice, make_params, from_year):
    params = make_params(scans_required_from_year=from_year)

    findings = scan_findings(make_invoice(scan=NO_SCAN), make_invoice(line=2, scan=FAILED_SCAN), params=params)

    assert findings == {1: [], 2: []}


def test_rule_applies_to_claims_of_its_year(scan_findings, make_invoice, make_params):
    findings = scan_findings(make_invoice(scan=NO_SCAN), params=make_params(scans_required_from_year=2024))

    assert [finding.message for finding in findings[1]] == [ScanRule.NO_SCAN]


# Random scans over a few files, numbers and values, so that duplicates and differences are frequent.
SCANS = st.one_of(
    st.just(NO_SCAN),
    st.just(WAITING_SCAN),
    st.just(FAILED_SCAN),
    st.builds(
        build_scan,
        sha256s=st.lists(st.sampled_from([HASH, OTHER_HASH, "c" * 64]), max_size=2).map(tuple),
        amount=st.none() | st.sampled_from([Decimal("655957"), Decimal("1000.00"), Decimal("-3")]),
        currency=st.sampled_from([None, "XOF", "EUR"]),
        invoice_date=st.none() | st.dates(date(2024, 3, 1), date(2024, 3, 31)),
        invoice_number=st.sampled_from([None, "F-2024-017", "f 1", "F1"]),
        supplier=st.sampled_from([None, "Quincaillerie du Plateau", "Sonatel"]),
        addressee=st.sampled_from([None, "Mairie de Pèrèrè", "Hôtel du Lac"]),
    ),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scans=st.lists(SCANS, min_size=1, max_size=12), data=st.data())
def test_money_is_conserved_and_line_order_does_not_matter_with_scans(
    make_invoice, make_claim, scans_required, make_rates, scans, data
):
    invoices = [
        make_invoice(line=number, invoice_number=f"F-{number % 3}", scan=scan)
        for number, scan in enumerate(scans, start=1)
    ]
    claim = make_claim(earlier_scans=(EarlierScan("BJ-ANZ-PER/2023", 4, "c" * 64, "Sonatel", "F1"),))
    shuffled = data.draw(st.permutations(invoices))

    result = audit_claim(claim, invoices, scans_required, make_rates())

    assert audit_claim(claim, shuffled, scans_required, make_rates()) == result
    assert result.claimed_eur == result.accepted_eur + result.rejected_eur + result.pending_eur
    for line in result.invoices:
        assert line.amount_eur == line.accepted_eur + line.rejected_eur + line.pending_eur
        for finding in line.findings:
            assert "%(" not in finding.message % finding.params
