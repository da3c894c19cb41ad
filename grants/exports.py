"""The audit of a claim as an XLSX workbook, in the language of its reader.

Amounts are numeric cells with a number format, never text, so that the finance
team can sum and filter them; totals are values, not formulas, so that they read
right before any spreadsheet recalculates.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.printable import safe_text
from grants.finding_texts import finding_text, rule_label
from grants.models import ExchangeRateMethod, Finding, Invoice, InvoiceCategory, PaidBy, ReasonCode, Verdict
from grants.services.audit import claim_exchange_difference

EUR_FORMAT = "#,##0.00"
AMOUNT_FORMAT = "#,##0.00"
RATE_FORMAT = "0.000000"
DATE_FORMAT = "yyyy-mm-dd"
CHUNK = 2_000


def claim_audit_workbook(claim, lang, path):
    """Write the audit of `claim` in `lang` to `path`: one row per invoice line, and a summary."""
    with translation.override(lang):
        workbook = Workbook(write_only=True)
        lines = workbook.create_sheet(_("Invoices"))
        summary = SummaryBuilder()
        _write_lines(lines, claim, summary)
        summary.write(workbook.create_sheet(_("Summary")), claim)
        workbook.save(path)


def _header(sheet, titles):
    bold = Font(bold=True)
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=str(title))
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)


def _number(sheet, value, number_format):
    cell = WriteOnlyCell(sheet, value=value)
    if value is not None:
        cell.number_format = number_format
    return cell


def _write_lines(sheet, claim, summary):
    _header(
        sheet,
        [
            _("Line"),
            _("Invoice date"),
            _("Payment date"),
            _("Supplier"),
            _("Invoice number"),
            _("Description"),
            _("Cost category"),
            _("Paid by"),
            _("Currency"),
            _("Amount"),
            _("Rate (units per EUR)"),
            _("Amount (EUR)"),
            _("Verdict"),
            _("Accepted (EUR)"),
            _("Rejected (EUR)"),
            _("Pending (EUR)"),
            _("Reasons"),
            _("Auditor's comment"),
        ],
    )
    invoices = (
        Invoice.objects.filter(claim=claim)
        .select_related("decision")
        .prefetch_related(Prefetch("findings", queryset=Finding.objects.order_by("rule_code")))
        .order_by("line")
    )
    verdicts, categories, payers = dict(Verdict.choices), dict(InvoiceCategory.choices), dict(PaidBy.choices)
    reason_labels = dict(ReasonCode.choices)
    for invoice in invoices.iterator(chunk_size=CHUNK):
        findings = list(invoice.findings.all())
        decision = getattr(invoice, "decision", None)
        reasons = [
            # Translators: one reason in the export's column of reasons, e.g. "Recoverable VAT: the VAT of … is not eligible."
            _("%(rule)s: %(finding)s")
            % {"rule": rule_label(f.rule_code), "finding": finding_text(f.message, f.message_params)}
            for f in findings
        ]
        if decision is not None:
            reasons += [str(reason_labels.get(code, code)) for code in decision.reason_codes]
        sheet.append(
            [
                invoice.line,
                _number(sheet, invoice.invoice_date, DATE_FORMAT),
                _number(sheet, invoice.payment_date, DATE_FORMAT),
                safe_text(invoice.supplier),
                safe_text(invoice.invoice_number),
                safe_text(invoice.description),
                str(categories.get(invoice.category, invoice.category)),
                str(payers.get(invoice.paid_by, invoice.paid_by)),
                invoice.currency,
                _number(sheet, invoice.amount, AMOUNT_FORMAT),
                _number(sheet, invoice.units_per_eur, RATE_FORMAT),
                _number(sheet, invoice.amount_eur, EUR_FORMAT),
                str(verdicts.get(invoice.verdict, invoice.verdict)),
                _number(sheet, invoice.accepted_eur, EUR_FORMAT),
                _number(sheet, invoice.rejected_eur, EUR_FORMAT),
                _number(sheet, invoice.pending_eur, EUR_FORMAT),
                safe_text("\n".join(reasons)),
                safe_text(decision.comment) if decision else "",
            ]
        )
        summary.add(invoice, findings, decision)


class SummaryBuilder:
    """Totals by verdict, by reason and by cost category, gathered while the lines are written."""

    def __init__(self):
        self.by_verdict = defaultdict(lambda: [0, Decimal(0), Decimal(0)])
        # Per reason, the lines and the amount each rule flagged; a line failing two rules
        # counts under both, so these do not add up to the rejected total.
        self.by_reason = defaultdict(lambda: [0, Decimal(0)])
        self.by_category = defaultdict(lambda: [Decimal(0)] * 4)

    def add(self, invoice, findings, decision):
        amount = invoice.amount_eur or Decimal(0)
        verdict = self.by_verdict[invoice.verdict]
        verdict[0] += 1
        verdict[1] += amount
        verdict[2] += invoice.accepted_eur
        codes = {f.rule_code for f in findings} | set(decision.reason_codes if decision else [])
        for code in codes:
            self.by_reason[code][0] += 1
        for finding in findings:
            self.by_reason[finding.rule_code][1] += finding.amount_affected_eur
        category = self.by_category[invoice.category]
        for index, value in enumerate((amount, invoice.accepted_eur, invoice.rejected_eur, invoice.pending_eur)):
            category[index] += value

    def write(self, sheet, claim):
        eur = lambda value: _number(sheet, value, EUR_FORMAT)  # noqa: E731
        sheet.append([_("Claim"), str(claim)])
        sheet.append([_("Claimed (EUR)"), eur(claim.claimed_eur)])
        sheet.append([_("Accepted (EUR)"), eur(claim.accepted_eur)])
        sheet.append([_("Rejected (EUR)"), eur(claim.rejected_eur)])
        sheet.append([_("Pending (EUR)"), eur(claim.pending_eur)])
        difference = claim_exchange_difference(claim)
        if difference is not None:
            method = ExchangeRateMethod(claim.programme.exchange_rate_method)
            sheet.append([_("Exchange rate method"), str(method.label)])
            sheet.append([_("Exchange difference against the monthly reference rates (EUR)"), eur(difference)])
        sheet.append([])
        _header(sheet, [_("Verdict"), _("Lines"), _("Amount (EUR)"), _("Accepted (EUR)")])
        labels = dict(Verdict.choices)
        for code, (count, amount, accepted) in sorted(self.by_verdict.items()):
            sheet.append([str(labels.get(code, code)), count, eur(amount), eur(accepted)])
        sheet.append([])
        _header(sheet, [_("Reason"), _("Lines"), _("Amount flagged by the rule (EUR)")])
        labels = dict(ReasonCode.choices)
        for code, (count, rejected) in sorted(self.by_reason.items()):
            sheet.append([str(labels.get(code, code)), count, eur(rejected)])
        sheet.append([])
        _header(
            sheet,
            [_("Cost category"), _("Claimed (EUR)"), _("Accepted (EUR)"), _("Rejected (EUR)"), _("Pending (EUR)")],
        )
        labels = dict(InvoiceCategory.choices)
        for code, values in sorted(self.by_category.items()):
            sheet.append([str(labels.get(code, code) or _("No category")), *(eur(v) for v in values)])
