"""The annual report as a workbook: one sheet per table, headers in the report's language.

Amounts are numbers with a number format and totals are stored values (docs/annual-report.md),
so the finance team can add, filter and check them against the audit.
"""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.printable import safe_text
from reporting.annual.finance import ZERO
from reporting.annual.ratios import HUNDRED
from reporting.annual.render import report_context

FORMATS = {"eur": "#,##0.00", "pct": "0.0%", "int": "#,##0", "number": "#,##0.####"}


def _cell_value(value, kind):
    if value is None or (kind != "text" and value == ""):
        return None
    if kind == "pct":
        return value / HUNDRED
    if kind == "text" or isinstance(value, str):
        return safe_text(str(value))
    return value


def _sheet(workbook, title, columns, rows, total=None):
    """Write a table; `columns` are (header, key, kind) and `total` a row of the same keys."""
    sheet = workbook.create_sheet(title[:31])
    sheet.append([str(header) for header, _key, _kind in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows + ([total] if total else []):
        sheet.append([_cell_value(row.get(key), kind) for _header, key, kind in columns])
        for cell, (_header, _key, kind) in zip(sheet[sheet.max_row], columns):
            if kind in FORMATS:
                cell.number_format = FORMATS[kind]
    if total:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for index, (header, _key, kind) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = (
            48 if kind == "text" and index == 1 else max(14, len(str(header)) + 2)
        )
    sheet.freeze_panes = "A2"
    return sheet


def render_xlsx(dataset):
    with translation.override(dataset.language):
        context = report_context(dataset, images={}, inline=False)
        workbook = Workbook()
        workbook.remove(workbook.active)
        _summary_sheet(workbook, context)
        if dataset.has_data:
            _tables(workbook, context)
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()


def _summary_sheet(workbook, context):
    summary, accounting = context["summary"], context["accounting"]
    rows = [
        {"label": _("Programme"), "value": context["programme"].code},
        {"label": _("Year"), "value": context["year"]},
        {"label": _("Association"), "value": summary["association_name"]},
        {"label": _("Funder"), "value": summary["funder_name"]},
        {"label": _("Countries"), "value": len(summary["countries"])},
        {"label": _("City partnerships"), "value": summary["city_count"]},
        {"label": _("SDG partnerships"), "value": summary["sdg_count"]},
        {"label": _("Sister associations"), "value": summary["sister_association_count"]},
    ]
    amounts = [
        (_("DGD subsidy for the year"), accounting["subsidy_eur"]),
        (_("Allocated to partnerships"), accounting["allocated_eur"]),
        *[(line["name"], line["budget_eur"]) for line in accounting["own_lines"]],
        (_("Partners' envelope not yet allocated"), accounting["unallocated_eur"]),
        (_("Not covered by a budget line"), accounting["not_budgeted_eur"]),
        (_("Claimed in audited claims"), summary["claimed_eur"]),
        (_("Accepted by the auditors"), summary["accepted_eur"]),
        (_("Rejected by the auditors"), summary["rejected_eur"]),
    ]
    sheet = _sheet(workbook, _("Summary"), [(_("Figure"), "label", "text"), (_("Value"), "value", "raw")], rows)
    for label, amount in amounts:
        sheet.append([safe_text(str(label)), amount])
        sheet.cell(sheet.max_row, 2).number_format = FORMATS["eur"]
    sheet.append([str(_("Execution rate")), _cell_value(summary["execution_pct"], "pct")])
    sheet.cell(sheet.max_row, 2).number_format = FORMATS["pct"]
    if not context["dataset"].has_data:
        sheet.append([str(_("No data for this year"))])


def _figures(summary, *keys):
    return {key: summary[key] for key in keys}


def _indicator_values():
    return [
        (_("Baseline"), "baseline", "number"),
        (_("Target"), "target", "number"),
        (_("Actual"), "actual", "number"),
        (_("Women"), "women", "number"),
        (_("Men"), "men", "number"),
        (_("Progress"), "progress_pct", "pct"),
        (_("Status"), "status_label", "text"),
    ]


def _sums(rows, *keys):
    return {key: sum((row[key] for row in rows), ZERO) for key in keys}


def _tables(workbook, context):
    summary, totals = context["summary"], context["totals"]
    _sheet(
        workbook,
        _("Budget lines"),
        [
            (_("Budget line"), "name", "text"),
            (_("Code"), "code", "text"),
            (_("Cost category"), "category_label", "text"),
            (_("Heading"), "heading_label", "text"),
            (_("Channel"), "channel_label", "text"),
            (_("Budget"), "budget_eur", "eur"),
            (_("Allocated"), "allocated_eur", "eur"),
            (_("Accepted expenses"), "accepted_eur", "eur"),
            (_("Execution rate"), "execution_pct", "pct"),
        ],
        context["budget_lines"],
        total={
            "name": _("Total"),
            **_figures(summary, "budget_eur", "accepted_eur"),
            "allocated_eur": context["accounting"]["allocated_eur"],
            "execution_pct": summary["execution_pct"],
        },
    )
    _sheet(
        workbook,
        _("Execution per year"),
        [
            (_("Year"), "year", "int"),
            (_("Budget"), "budget_eur", "eur"),
            (_("Accepted expenses"), "accepted_eur", "eur"),
            (_("Execution rate"), "execution_pct", "pct"),
            (_("Accepted since the start"), "cumulative_accepted_eur", "eur"),
            (_("Share of the programme budget"), "cumulative_pct", "pct"),
        ],
        context["years"],
    )
    objective_rows = [
        dict(row, objective_title=f"{specific['code']} {specific['title']}", source=source)
        for strategic in context["objectives"]
        for specific in strategic["specifics"]
        for source, rows in (
            (_("programme team"), specific["programme_rows"]),
            (_("partnerships"), specific["partnership_rows"]),
        )
        for row in rows
    ]
    _sheet(
        workbook,
        _("Results"),
        [
            (_("Specific objective"), "objective_title", "text"),
            (_("Indicator"), "name", "text"),
            (_("Unit"), "unit", "text"),
            (_("Reported by"), "source", "text"),
            (_("Partnerships"), "partnerships", "int"),
            (_("Reported"), "reporting", "int"),
            *_indicator_values(),
        ],
        objective_rows,
    )
    _sheet(
        workbook,
        _("Indicators"),
        [
            (_("Partnership"), "partnership", "text"),
            (_("Specific objective"), "objective", "text"),
            (_("Indicator"), "code", "text"),
            (_("Name"), "name", "text"),
            (_("Unit"), "unit", "text"),
            (_("Answer"), "text", "text"),
            *_indicator_values(),
        ],
        [row for p in context["partnerships"] for row in p["indicators"]],
    )
    _sheet(
        workbook,
        _("Cost categories"),
        [
            (_("Cost category"), "label", "text"),
            (_("Budget"), "budget_eur", "eur"),
            (_("Share of the budget"), "share_pct", "pct"),
            (_("Cap"), "cap_pct", "pct"),
            (_("Accepted expenses"), "accepted_eur", "eur"),
            (_("Execution rate"), "execution_pct", "pct"),
        ],
        context["categories"],
        total={
            "label": _("Total"),
            **_figures(summary, "budget_eur", "accepted_eur"),
            "execution_pct": summary["execution_pct"],
        },
    )
    _sheet(
        workbook,
        _("Headings"),
        [
            (_("Heading"), "label", "text"),
            (_("Accepted expenses"), "accepted_eur", "eur"),
            (_("Share"), "share_pct", "pct"),
        ],
        context["headings"],
        total={"label": _("Total"), "accepted_eur": summary["accepted_partnerships_eur"]},
    )
    _sheet(
        workbook,
        _("Countries"),
        [
            (_("Country"), "name", "text"),
            (_("Partnerships"), "partnerships", "int"),
            (_("Budget"), "budget_eur", "eur"),
            (_("Transferred"), "transferred_eur", "eur"),
            (_("Accepted expenses"), "accepted_eur", "eur"),
            (_("Execution rate"), "execution_pct", "pct"),
        ],
        context["countries"],
        total={
            "name": _("Total"),
            "partnerships": summary["partnership_count"],
            "budget_eur": totals["country_budget_eur"],
            **_figures(summary, "transferred_eur", "accepted_eur"),
            "execution_pct": totals["country_execution_pct"],
        },
    )
    _sheet(
        workbook,
        _("Partnerships"),
        [
            (_("Partnership"), "code", "text"),
            (_("Name"), "name", "text"),
            (_("Country"), "country_name", "text"),
            (_("Status"), "status_label", "text"),
            (_("Budget"), "budget_eur", "eur"),
            (_("Transferred by the association"), "transferred_eur", "eur"),
            (_("Transferred to the partner"), "received_eur", "eur"),
            (_("Claimed"), "claimed_eur", "eur"),
            (_("Accepted"), "accepted_eur", "eur"),
            (_("Rejected"), "rejected_eur", "eur"),
            (_("Pending"), "pending_eur", "eur"),
            (_("Balance"), "balance_eur", "eur"),
            (_("Execution rate"), "execution_pct", "pct"),
            (_("Claim"), "claim_status_label", "text"),
        ],
        context["partnerships"],
        total={
            "code": _("Total"),
            "budget_eur": summary["allocated_eur"],
            "transferred_eur": summary["transferred_eur"],
            "received_eur": summary["received_eur"],
            "accepted_eur": summary["accepted_partnerships_eur"],
            "rejected_eur": totals["partnership_rejected_eur"],
            "balance_eur": totals["balance_eur"],
        },
    )
    _sheet(
        workbook,
        _("Own claims"),
        [
            (_("Budget line"), "code", "text"),
            (_("Claimed"), "claimed_eur", "eur"),
            (_("Accepted"), "accepted_eur", "eur"),
            (_("Rejected"), "rejected_eur", "eur"),
            (_("Pending"), "pending_eur", "eur"),
        ],
        context["own_claims"],
        total={
            "code": _("Total"),
            **_sums(context["own_claims"], "claimed_eur", "accepted_eur", "rejected_eur", "pending_eur"),
        },
    )
    _sheet(
        workbook,
        _("Claims being audited"),
        [
            (_("Claim"), "holder", "text"),
            (_("Status"), "status_label", "text"),
            (_("Lines"), "lines", "int"),
            (_("Declared"), "declared_eur", "eur"),
            (_("Lines without an amount in euro"), "lines_without_eur", "int"),
            (_("Accepted so far"), "accepted_so_far_eur", "eur"),
        ],
        context["unsettled"],
    )
    _sheet(
        workbook,
        _("Co-financing"),
        [
            (_("Partnership"), "partnership", "text"),
            (_("Municipality"), "municipality", "text"),
            (_("Declared"), "declared_eur", "eur"),
            (_("Evidenced"), "evidenced_eur", "eur"),
        ],
        context["cofinancing"],
        total={
            "partnership": _("Total"),
            "declared_eur": totals["cofinancing_declared_eur"],
            "evidenced_eur": totals["cofinancing_evidenced_eur"],
        },
    )
    _sheet(
        workbook,
        _("Audit by verdict"),
        [
            (_("Verdict"), "label", "text"),
            (_("Invoices"), "lines", "int"),
            (_("Accepted"), "accepted_eur", "eur"),
            (_("Rejected"), "rejected_eur", "eur"),
            (_("Pending"), "pending_eur", "eur"),
        ],
        context["verdicts"],
        total={
            "label": _("Total"),
            "lines": totals["verdict_lines"],
            **_figures(summary, "accepted_eur", "rejected_eur", "pending_eur"),
        },
    )
    _sheet(
        workbook,
        _("Audit by reason"),
        [
            (_("Reason"), "label", "text"),
            (_("Invoices"), "lines", "int"),
            (_("Rejected"), "rejected_eur", "eur"),
        ],
        context["reasons"],
        total={
            "label": _("Total"),
            "lines": sum(r["lines"] for r in context["reasons"]),
            **_figures(summary, "rejected_eur"),
        },
    )
