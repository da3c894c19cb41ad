"""The audit_claim and export_audit commands (docs/eligibility.md)."""

import io
import json
import random
import re
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from demo.statements import DEMO_PARTNERSHIPS, TRAP_RULES, generate_statement
from grants.models import (
    AuditDecision,
    ClaimStatus,
    Finding,
    Invoice,
    InvoiceCategory,
    Programme,
    ReasonCode,
    Verdict,
)
from grants.services.audit import claim_audit
from grants.services.decisions import invoice_decide
from grants.services.imports import claim_import, statement_from_rows
from partnerships.models import Partnership, User
from tests.browsers import in_language
from tests.claims import claim_of

pytestmark = pytest.mark.django_db

PARTNERSHIPS = {partnership.code: partnership for partnership in DEMO_PARTNERSHIPS}
CENT = Decimal("0.01")
YEAR = 2026
# Demo claims still open to the rules: three in audit, one draft never audited.
OPEN_CLAIMS = ("BJ-ANZ-PER/2025", "SN-ZEM-SOK/2025", "EC-BIE-SFO/2025", "NI-MOL-STO/2025")
CLOSED_CLAIMS = ("BJ-MER-TOU/2025", "BJ-ANZ-PER/2022", "NI-STR-NGU/2025")
VERDICTS = {"eligible", "partial", "ineligible", "needs_info", "to_review"}
TWO_DECIMALS = re.compile(r"^-?\d+\.\d{2}$")
# One partnership per currency and language (SN-ZEM-SOK has its 2026 claim in the demo); the
# Flemish side of BJ-ROE-DOG recovers VAT.
TRAP_CLAIMS = ("SN-SNI-TAM", "BJ-ROE-DOG", "EC-BIE-SFO", "NI-STR-NGU")

INVOICE_TITLES = (
    "Line",
    "Invoice date",
    "Payment date",
    "Supplier",
    "Invoice number",
    "Description",
    "Cost category",
    "Paid by",
    "Currency",
    "Amount",
    "Rate (units per EUR)",
    "Amount (EUR)",
    "Verdict",
    "Accepted (EUR)",
    "Rejected (EUR)",
    "Pending (EUR)",
    "Reasons",
    "Auditor's comment",
)
NUMBER_TITLES = ("Amount", "Rate (units per EUR)", "Amount (EUR)", "Accepted (EUR)", "Rejected (EUR)", "Pending (EUR)")
# Column title -> claim total it adds up to.
EUR_TOTALS = {
    "Amount (EUR)": "claimed_eur",
    "Accepted (EUR)": "accepted_eur",
    "Rejected (EUR)": "rejected_eur",
    "Pending (EUR)": "pending_eur",
}
# Titles that are the same word in a language, so an unchanged title is no sign of a gap.
COGNATES = {"nl": set(), "fr": {"Description", "Verdict"}, "es": set()}
EXPORT_LANGUAGES = ("nl", "fr", "es")


def audit(reference, fmt="json"):
    stdout = io.StringIO()
    call_command("audit_claim", str(reference), format=fmt, stdout=stdout)
    return json.loads(stdout.getvalue()) if fmt == "json" else stdout.getvalue()


def imported_claim(code, *, count=40, seed=11, traps=True):
    """Import a generated 2026 statement of `code`; return (claim, statement)."""
    statement = generate_statement(
        partnership=PARTNERSHIPS[code], year=YEAR, count=count, rng=random.Random(seed), traps=traps
    )
    claim, _ = claim_import(
        partnership=Partnership.objects.get(code=code), year=YEAR, preview=statement_from_rows(statement.rows)
    )
    return claim, statement


def untranslated(lang, labels):
    """Return the labels that read the same in `lang` as in English (cognates aside)."""
    return [
        label
        for label in labels
        if in_language(lang, label).casefold() == label.casefold() and label not in COGNATES[lang]
    ]


# audit_claim --format json: the contract


@pytest.mark.parametrize("reference", OPEN_CLAIMS)
def test_json_has_exactly_the_keys_of_the_contract(reference):
    result = audit(reference)

    assert set(result) == {"claim", "totals", "invoices", "exchange_rate_method", "exchange_difference_eur"}
    assert result["claim"] == claim_of(reference).pk
    assert set(result["totals"]) == {"claimed_eur", "accepted_eur", "rejected_eur", "pending_eur"}
    assert result["invoices"]
    assert all(set(row) == {"line", "verdict", "accepted_eur", "rule_codes"} for row in result["invoices"])
    assert all(isinstance(row["line"], int) for row in result["invoices"])
    assert all(
        isinstance(row["rule_codes"], list) and all(isinstance(code, str) for code in row["rule_codes"])
        for row in result["invoices"]
    )


@pytest.mark.parametrize("reference", OPEN_CLAIMS)
def test_json_amounts_are_strings_with_exactly_two_decimals(reference):
    result = audit(reference)

    amounts = list(result["totals"].values()) + [row["accepted_eur"] for row in result["invoices"]]
    assert [amount for amount in amounts if not (isinstance(amount, str) and TWO_DECIMALS.match(amount))] == []


@pytest.mark.parametrize("reference", OPEN_CLAIMS)
def test_json_verdicts_are_those_of_the_contract(reference):
    result = audit(reference)

    assert {row["verdict"] for row in result["invoices"]} <= VERDICTS


@pytest.mark.parametrize("reference", OPEN_CLAIMS)
def test_json_money_is_conserved_to_the_cent(reference):
    result = audit(reference)

    totals = {key: Decimal(value) for key, value in result["totals"].items()}
    assert totals["claimed_eur"] == totals["accepted_eur"] + totals["rejected_eur"] + totals["pending_eur"]
    assert sum(Decimal(row["accepted_eur"]) for row in result["invoices"]) == totals["accepted_eur"]


@pytest.mark.parametrize("reference", OPEN_CLAIMS)
def test_json_lists_every_line_of_the_claim_once_in_line_order(reference):
    result = audit(reference)

    lines = list(claim_of(reference).invoices.order_by("line").values_list("line", flat=True))
    assert [row["line"] for row in result["invoices"]] == lines


@pytest.mark.parametrize("reference", OPEN_CLAIMS)
def test_json_shows_no_exchange_difference_under_the_monthly_reference_rate(reference):
    result = audit(reference)

    assert (result["exchange_rate_method"], result["exchange_difference_eur"]) == ("monthly_reference", "0.00")


@pytest.mark.parametrize("method", ["tranche_transfer", "weighted_average"])
def test_json_and_text_show_the_exchange_difference_the_rules_found(method):
    claim = claim_of("EC-BIE-SFO/2025")
    claim.programme.exchange_rate_method = method
    claim.programme.save()
    # The demo's partner paid in USD and received USD tranches at rates of their own.
    expected = f"{claim_audit(claim).exchange_difference_eur:.2f}"

    result = audit("EC-BIE-SFO/2025")

    assert (result["exchange_rate_method"], result["exchange_difference_eur"]) == (method, expected)
    assert Decimal(expected) != 0
    assert f"exchange rate method {method}, exchange difference {expected} EUR" in audit("EC-BIE-SFO/2025", fmt="text")


def test_claim_code_and_year_give_the_same_result_as_the_id():
    by_id = audit(claim_of("BJ-ANZ-PER/2025").pk)

    by_reference = audit("BJ-ANZ-PER/2025")

    assert by_reference == by_id


def test_text_format_shows_the_claim_its_totals_and_one_row_per_line():
    result = audit("BJ-ANZ-PER/2025")

    text = audit("BJ-ANZ-PER/2025", fmt="text")

    assert "BJ-ANZ-PER/2025" in text
    assert all(value in text for value in result["totals"].values())
    rows = [re.match(r"^\s*(\d+)\s+(\w+)\s+(-?\d+\.\d{2})\b", line) for line in text.splitlines()]
    assert [(int(m[1]), m[2], m[3]) for m in rows if m] == [
        (row["line"], row["verdict"], row["accepted_eur"]) for row in result["invoices"]
    ]


# A fresh statement with every trap


@pytest.mark.parametrize("code", TRAP_CLAIMS)
def test_every_trap_line_carries_the_rule_code_it_must_trigger(code):
    claim, statement = imported_claim(code)
    # VAT is only ineligible where the side that paid recovers it (docs/eligibility.md).
    recovers_vat = claim.partnership.flemish_municipalities.filter(is_vat_recoverable=True).exists()
    expected = {kind: rule for kind, rule in TRAP_RULES.items() if rule and (kind != "VAT" or recovers_vat)}

    result = audit(claim.pk)

    codes = {row["line"]: set(row["rule_codes"]) for row in result["invoices"]}
    missed = [
        (kind, line, expected[kind], sorted(codes[line]))
        for kind, lines in statement.traps.items()
        for line in lines
        if kind in expected and expected[kind] not in codes[line]
    ]
    assert statement.traps
    assert missed == []


@pytest.mark.parametrize("code", TRAP_CLAIMS)
def test_valid_credit_note_is_not_flagged_by_the_amount_rule(code):
    claim, statement = imported_claim(code)

    result = audit(claim.pk)

    codes = {row["line"]: row["rule_codes"] for row in result["invoices"]}
    assert statement.traps["CREDIT_NOTE"]
    assert [line for line in statement.traps["CREDIT_NOTE"] if "AMOUNT" in codes[line]] == []


@pytest.mark.parametrize("code", TRAP_CLAIMS)
def test_lines_without_trap_or_finding_are_eligible_and_wholly_accepted(code):
    claim, statement = imported_claim(code)
    # The statement comes without invoice scans, which the demo programme asks for from 2026 on (SCAN).
    Programme.objects.filter(pk=claim.programme_id).update(scans_required_from_year=None)
    trap_lines = {line for lines in statement.traps.values() for line in lines}

    result = audit(claim.pk)

    amounts = dict(claim.invoices.values_list("line", "amount_eur"))
    clean = [row for row in result["invoices"] if row["line"] not in trap_lines and not row["rule_codes"]]
    assert clean
    assert [
        row for row in clean if row["verdict"] != "eligible" or Decimal(row["accepted_eur"]) != amounts[row["line"]]
    ] == []


# Decisions of auditors


def decision_state(invoice):
    invoice = Invoice.objects.select_related("decision").get(pk=invoice.pk)
    decision = invoice.decision
    return {
        "invoice": (invoice.verdict, invoice.accepted_eur, invoice.rejected_eur, invoice.pending_eur),
        "decision": (
            decision.verdict,
            decision.accepted_eur,
            decision.reason_codes,
            decision.comment,
            decision.auditor_id,
            decision.version,
            decision.decided_at,
        ),
        "history": decision.history.count(),
    }


@pytest.mark.parametrize(
    ("verdict", "share", "reasons", "comment"),
    [
        (Verdict.ELIGIBLE, None, [], "Soft drinks only: the receipt shows no alcohol."),
        (Verdict.INELIGIBLE, None, ["KEYWORDS"], "Alcohol is never eligible."),
        (Verdict.PARTIAL, Decimal("0.5"), ["KEYWORDS"], "Half of the receipt is beer."),
        (Verdict.NEEDS_INFO, None, [], "Send the detailed receipt."),
    ],
)
def test_running_the_audit_again_never_changes_an_auditors_decision(verdict, share, reasons, comment):
    claim, statement = imported_claim("SN-SNI-TAM")
    audit(claim.pk)
    invoice = claim.invoices.get(line=statement.traps["KEYWORDS"][0])
    accepted = (invoice.amount_eur * share).quantize(CENT) if share else None
    invoice_decide(
        invoice=invoice,
        auditor=User.objects.get(username="auditor"),
        verdict=verdict,
        accepted_eur=accepted,
        reason_codes=reasons,
        comment=comment,
    )
    decided = decision_state(invoice)

    result = audit(claim.pk)

    assert decision_state(invoice) == decided
    row = next(row for row in result["invoices"] if row["line"] == invoice.line)
    assert (row["verdict"], Decimal(row["accepted_eur"])) == (verdict, decided["invoice"][1])


def test_running_the_audit_again_keeps_every_decision_of_a_demo_claim():
    claim = claim_of("BJ-ANZ-PER/2025")
    decided = list(claim.invoices.filter(decision__isnull=False).order_by("line"))
    assert decided
    before = [decision_state(invoice) for invoice in decided]

    audit("BJ-ANZ-PER/2025")

    assert [decision_state(invoice) for invoice in decided] == before


# Refusals


@pytest.mark.parametrize("reference", CLOSED_CLAIMS)
def test_audit_of_a_signed_off_claim_reports_it_as_signed_without_running_the_rules(reference):
    claim = claim_of(reference)
    findings_before = sorted(Finding.objects.filter(claim=claim).values_list("pk", flat=True))

    result = audit(reference)

    assert claim_of(reference).status == ClaimStatus.CLOSED
    assert result["claim"] == claim.pk
    assert result["totals"]["accepted_eur"] == f"{claim.accepted_eur:.2f}"
    assert sorted(Finding.objects.filter(claim=claim).values_list("pk", flat=True)) == findings_before


def test_a_signed_off_claim_given_by_id_reports_the_same_as_by_reference():
    claim = claim_of("BJ-MER-TOU/2025")

    assert audit(claim.pk) == audit("BJ-MER-TOU/2025")


@pytest.mark.parametrize(
    "reference", ["999999", "XX-NOP-NOP/2025", "BJ-ANZ-PER/2031", "BJ-ANZ-PER", "BJ-ANZ-PER/20x5", "2025/BJ-ANZ-PER"]
)
def test_unknown_claim_reference_is_refused(reference):
    with pytest.raises(CommandError, match="Unknown claim"):
        audit(reference)


@pytest.mark.parametrize("fmt", ["xml", "csv", ""])
def test_unknown_output_format_is_refused(fmt):
    with pytest.raises(CommandError, match="format"):
        audit("BJ-ANZ-PER/2025", fmt=fmt)


# export_audit


def export(reference, lang, path):
    call_command("export_audit", str(reference), lang=lang, output=str(path), stdout=io.StringIO())
    return path


def invoice_sheet(path, lang):
    """Return (header row, data rows keyed by the English title) of the invoices sheet."""
    rows = list(load_workbook(path).worksheets[0].iter_rows(values_only=True))
    english = {in_language(lang, title): title for title in INVOICE_TITLES}
    return list(rows[0]), [dict(zip([english.get(cell, cell) for cell in rows[0]], row)) for row in rows[1:]]


def summary_sections(path):
    """Return the blocks of the summary sheet, split at empty rows, without trailing empty cells."""
    sections, block = [], []
    for row in load_workbook(path).worksheets[1].iter_rows(values_only=True):
        cells = list(row)
        while cells and cells[-1] is None:
            cells.pop()
        if cells:
            block.append(cells)
        elif block:
            sections.append(block)
            block = []
    if block:
        sections.append(block)
    return sections


def summary_section(path, lang, first_title):
    title = in_language(lang, first_title)
    return next(block for block in summary_sections(path) if block[0][0] == title)


def cents(value):
    return Decimal(repr(value)).quantize(CENT)


@pytest.mark.parametrize("reference", ["BJ-ANZ-PER/2025", "EC-BIE-SFO/2025", "NI-STR-NGU/2025"])
def test_export_has_one_row_per_invoice_line_in_line_order(tmp_path, reference):
    export(reference, "nl", tmp_path / "audit.xlsx")

    _, rows = invoice_sheet(tmp_path / "audit.xlsx", "nl")

    lines = list(claim_of(reference).invoices.order_by("line").values_list("line", flat=True))
    assert [row["Line"] for row in rows] == lines


@pytest.mark.parametrize("reference", ["BJ-ANZ-PER/2025", "EC-BIE-SFO/2025", "NI-STR-NGU/2025"])
def test_export_amount_columns_are_numeric_cells(tmp_path, reference):
    export(reference, "fr", tmp_path / "audit.xlsx")

    _, rows = invoice_sheet(tmp_path / "audit.xlsx", "fr")

    cells = [(title, row[title]) for row in rows for title in NUMBER_TITLES if row[title] is not None]
    assert [
        (title, value) for title, value in cells if isinstance(value, bool) or not isinstance(value, (int, float))
    ] == []
    assert all(row["Amount (EUR)"] is not None for row in rows)


@pytest.mark.parametrize("reference", ["BJ-ANZ-PER/2025", "EC-BIE-SFO/2025", "NI-STR-NGU/2025"])
def test_export_eur_columns_add_up_to_the_claim_totals_to_the_cent(tmp_path, reference):
    export(reference, "es", tmp_path / "audit.xlsx")

    _, rows = invoice_sheet(tmp_path / "audit.xlsx", "es")

    claim = claim_of(reference)
    assert {
        title: sum((Decimal(repr(row[title])) for row in rows), Decimal(0)).quantize(CENT) for title in EUR_TOTALS
    } == {title: getattr(claim, total) for title, total in EUR_TOTALS.items()}


def test_summary_sheet_gives_the_exchange_difference_of_the_programmes_method(tmp_path):
    claim = claim_of("EC-BIE-SFO/2025")
    claim.programme.exchange_rate_method = "weighted_average"
    claim.programme.save()
    difference = claim_audit(claim).exchange_difference_eur

    totals = dict((row[0], row[1]) for row in summary_sections(export(claim.pk, "es", tmp_path / "audit.xlsx"))[0])

    assert totals[in_language("es", "Exchange rate method")] == in_language(
        "es", "weighted average rate of the year's transfers"
    )
    label = in_language("es", "Exchange difference against the monthly reference rates (EUR)")
    assert cents(totals[label]) == difference != 0


def test_summary_sheet_says_nothing_of_exchange_under_the_monthly_reference_rate(tmp_path):
    totals = summary_sections(export("EC-BIE-SFO/2025", "nl", tmp_path / "audit.xlsx"))[0]

    assert in_language("nl", "Exchange rate method") not in [row[0] for row in totals]


@pytest.mark.parametrize("lang", EXPORT_LANGUAGES)
def test_export_header_titles_are_in_the_chosen_language(tmp_path, lang):
    export("BJ-ANZ-PER/2025", lang, tmp_path / "audit.xlsx")

    header, _ = invoice_sheet(tmp_path / "audit.xlsx", lang)

    assert header == [in_language(lang, title) for title in INVOICE_TITLES]
    assert untranslated(lang, INVOICE_TITLES) == []


@pytest.mark.parametrize("lang", EXPORT_LANGUAGES)
def test_export_verdict_labels_are_in_the_chosen_language(tmp_path, lang):
    export("BJ-ANZ-PER/2025", lang, tmp_path / "audit.xlsx")

    _, rows = invoice_sheet(tmp_path / "audit.xlsx", lang)

    verdicts = claim_of("BJ-ANZ-PER/2025").invoices.order_by("line").values_list("verdict", flat=True)
    assert [row["Verdict"] for row in rows] == [in_language(lang, Verdict(code).label) for code in verdicts]
    assert untranslated(lang, [Verdict(code).label for code in set(verdicts)]) == []


@pytest.mark.parametrize("lang", EXPORT_LANGUAGES)
def test_export_sheet_names_are_in_the_chosen_language(tmp_path, lang):
    export("BJ-ANZ-PER/2025", lang, tmp_path / "audit.xlsx")

    names = load_workbook(tmp_path / "audit.xlsx").sheetnames

    assert names == [in_language(lang, "Invoices"), in_language(lang, "Summary")]
    assert untranslated(lang, ["Invoices", "Summary"]) == []


@pytest.mark.parametrize("reference", ["BJ-ANZ-PER/2025", "NI-STR-NGU/2025"])
def test_summary_sheet_gives_the_claim_totals_as_numbers(tmp_path, reference):
    export(reference, "nl", tmp_path / "audit.xlsx")

    totals = summary_sections(tmp_path / "audit.xlsx")[0]

    claim = claim_of(reference)
    expected = {
        in_language("nl", "Claimed (EUR)"): claim.claimed_eur,
        in_language("nl", "Accepted (EUR)"): claim.accepted_eur,
        in_language("nl", "Rejected (EUR)"): claim.rejected_eur,
        in_language("nl", "Pending (EUR)"): claim.pending_eur,
    }
    numbers = {row[0]: row[1] for row in totals if row[0] in expected}
    assert all(isinstance(value, (int, float)) for value in numbers.values())
    assert {label: cents(value) for label, value in numbers.items()} == expected


@pytest.mark.parametrize("reference", ["BJ-ANZ-PER/2025", "NI-STR-NGU/2025"])
def test_summary_by_verdict_counts_every_line_and_its_amounts(tmp_path, reference):
    export(reference, "fr", tmp_path / "audit.xlsx")

    section = summary_section(tmp_path / "audit.xlsx", "fr", "Verdict")

    expected = {
        in_language("fr", Verdict(row["verdict"]).label): (row["lines"], row["amount"], row["accepted"])
        for row in claim_of(reference)
        .invoices.values("verdict")
        .annotate(lines=Count("pk"), amount=Sum("amount_eur"), accepted=Sum("accepted_eur"))
        .order_by()
    }
    assert {row[0]: (row[1], cents(row[2]), cents(row[3])) for row in section[1:]} == expected


@pytest.mark.parametrize("reference", ["BJ-ANZ-PER/2025", "NI-STR-NGU/2025"])
def test_summary_by_reason_counts_the_lines_of_every_reason(tmp_path, reference):
    claim = claim_of(reference)
    export(reference, "es", tmp_path / "audit.xlsx")

    section = summary_section(tmp_path / "audit.xlsx", "es", "Reason")

    reasons = defaultdict(set)
    for invoice, code in Finding.objects.filter(invoice__claim=claim).values_list("invoice_id", "rule_code"):
        reasons[invoice].add(code)
    for invoice, codes in AuditDecision.objects.filter(invoice__claim=claim).values_list("invoice_id", "reason_codes"):
        reasons[invoice].update(codes)
    lines = Counter(code for codes in reasons.values() for code in codes)
    assert lines
    assert {row[0]: row[1] for row in section[1:]} == {
        in_language("es", ReasonCode(code).label): count for code, count in lines.items()
    }


@pytest.mark.parametrize("reference", ["BJ-ANZ-PER/2025", "NI-STR-NGU/2025"])
def test_summary_by_cost_category_adds_up_to_the_claim_totals(tmp_path, reference):
    claim = claim_of(reference)
    export(reference, "nl", tmp_path / "audit.xlsx")

    section = summary_section(tmp_path / "audit.xlsx", "nl", "Cost category")

    categories = set(claim.invoices.values_list("category", flat=True))
    assert {row[0] for row in section[1:]} == {in_language("nl", InvoiceCategory(code).label) for code in categories}
    columns = list(zip(*(row[1:] for row in section[1:])))
    assert [sum((cents(value) for value in column), Decimal(0)) for column in columns] == [
        claim.claimed_eur,
        claim.accepted_eur,
        claim.rejected_eur,
        claim.pending_eur,
    ]


def test_export_leaves_only_the_workbook_in_the_folder(tmp_path):
    export("BJ-ANZ-PER/2025", "nl", tmp_path / "audit.xlsx")

    assert [path.name for path in tmp_path.iterdir()] == ["audit.xlsx"]


def test_an_export_that_fails_midway_keeps_the_previous_workbook_and_no_partial_one(tmp_path, monkeypatch):
    path = export("BJ-ANZ-PER/2025", "nl", tmp_path / "audit.xlsx")
    previous = path.read_bytes()

    def broken_workbook(claim, lang, partial):
        partial.write_bytes(b"PK half a workbook")
        raise OSError("No space left on device")

    monkeypatch.setattr("grants.management.commands.export_audit.claim_audit_workbook", broken_workbook)
    with pytest.raises(OSError):
        export("BJ-ANZ-PER/2025", "fr", path)

    assert path.read_bytes() == previous
    assert [p.name for p in tmp_path.iterdir()] == ["audit.xlsx"]


@pytest.mark.parametrize(
    ("reference", "lang", "output", "expected"),
    [
        ("BJ-ANZ-PER/2025", "de", "audit.xlsx", "language"),
        ("BJ-ANZ-PER/2025", "", "audit.xlsx", "language"),
        ("BJ-ANZ-PER/2025", "nl", "audit.csv", ".xlsx"),
        ("BJ-ANZ-PER/2025", "nl", "audit", ".xlsx"),
        ("BJ-ANZ-PER/2025", "nl", "missing/audit.xlsx", "does not exist"),
        ("XX-NOP-NOP/2025", "nl", "audit.xlsx", "Unknown claim"),
    ],
    ids=["unknown-language", "no-language", "csv-output", "no-suffix", "missing-folder", "unknown-claim"],
)
def test_export_with_bad_input_is_refused_and_leaves_no_file(tmp_path, reference, lang, output, expected):
    with pytest.raises(CommandError, match=re.escape(expected)):
        export(reference, lang, tmp_path / output)

    assert list(tmp_path.rglob("*")) == []


def test_export_queries_do_not_grow_with_the_number_of_lines(tmp_path):
    small, large = claim_of("SN-ZEM-SOK/2022"), claim_of("BJ-HOO-ZAK/2022")
    assert large.invoices.count() > 3 * small.invoices.count()

    with CaptureQueriesContext(connection) as small_queries:
        export(small.pk, "nl", tmp_path / "small.xlsx")
    with CaptureQueriesContext(connection) as large_queries:
        export(large.pk, "nl", tmp_path / "large.xlsx")

    assert len(large_queries) == len(small_queries)
