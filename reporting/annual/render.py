"""Step three of the annual report: the HTML page, its PDF (WeasyPrint) and the workbook.

The page in the application and the files share one template; a file carries its
style sheet and charts inside it, so it reads the same when mailed or archived.
"""

import base64
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from core.names import country_name
from grants.models import BudgetChannel, BudgetHeading, ClaimStatus, CostCategory, InvoiceCategory, ReasonCode, Verdict
from partnerships.models import PartnershipKind, PartnershipStatus
from reporting.annual import progress, report_charts
from reporting.annual.finance import ZERO, total_of
from reporting.annual.narratives import LESSON_SECTIONS, OUTCOME_SECTIONS
from reporting.annual.ratios import percent_of
from reporting.models import SECTIONS, Aggregation, NarrativeSection, ObjectiveLevel, ReportStatus
from reporting.passages import language_name

STYLE_SHEET = "css/annual-report.css"


def status_labels():
    return {
        progress.ACHIEVED: _("Achieved"),
        progress.ON_TRACK: _("On track"),
        progress.BEHIND: _("Behind"),
        progress.NO_PROGRESS: _("No progress from the baseline"),
        progress.NOT_REACHED: _("Not reached"),
        progress.REPORTED: _("Reported"),
        progress.NO_DATA: _("No value reported"),
        progress.NO_TARGET: _("No target for the year"),
    }


def _label(choices, code):
    try:
        return str(choices(code).label)
    except ValueError:
        return code or "—"


def data_uri(png):
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _measured(dataset):
    """Indicator rows whose progress can be drawn: the team's and the added-up partnerships'."""
    rows = [*dataset.programme_indicators.to_dict("records"), *dataset.results.to_dict("records")]
    return [row for row in rows if row["progress_pct"] is not None]


def chart_images(dataset):
    """The report's charts as PNG bytes, by name; none for a year without data."""
    if not dataset.has_data:
        return {}
    images = {
        "execution_by_year": report_charts.execution_by_year_png(dataset.years, dataset.language),
        "execution_by_country": report_charts.execution_by_country_png(dataset.countries, dataset.language),
    }
    measured = _measured(dataset)
    if measured:
        images["indicator_progress"] = report_charts.indicator_progress_png(measured, dataset.language)
    return images


def _with_labels(row, statuses, language):
    original = row.get("text_language")
    return dict(
        row,
        status_label=statuses[row["status"]],
        is_follow_up=row["status"] in progress.NEEDS_FOLLOW_UP,
        text_original_language=language_name(original, language) if original and original != language else "",
    )


def _objectives(dataset):
    """The programme's objective tree with, under each specific objective, its indicator rows."""
    statuses = status_labels()
    own = {}
    for row in dataset.programme_indicators.to_dict("records"):
        own.setdefault(row["objective"], []).append(_with_labels(row, statuses, dataset.language))
    added = {}
    for row in dataset.results.to_dict("records"):
        added.setdefault(row["objective"], []).append(
            dict(
                _with_labels(row, statuses, dataset.language), aggregation_label=_label(Aggregation, row["aggregation"])
            )
        )
    active = set(dataset.partnerships[dataset.partnerships["status"] == PartnershipStatus.ACTIVE]["code"])
    linked = {}
    for row in dataset.indicators.to_dict("records"):
        if row["partnership"] in active:
            linked.setdefault(row["objective"], set()).add(row["partnership"])
    tree = []
    objectives = dataset.objectives.to_dict("records")
    for strategic in (o for o in objectives if o["level"] == ObjectiveLevel.STRATEGIC):
        specifics = [
            dict(
                specific,
                programme_rows=own.get(specific["code"], []),
                partnership_rows=added.get(specific["code"], []),
                partnerships=sorted(linked.get(specific["code"], ())),
            )
            for specific in objectives
            if specific["parent"] == strategic["code"]
        ]
        tree.append(dict(strategic, specifics=specifics))
    return tree


def _passages(narrative, sections, labels, language):
    if narrative is None:
        return []
    return [_passage(p, labels[p.section], language) for p in narrative.of(sections)]


def _passage(passage, label, language):
    return {
        "label": label,
        "text": passage.text,
        "original_language": language_name(passage.original_language, language) if passage.original_language else "",
    }


def _partnership_sections(dataset):
    statuses = status_labels()
    section_labels = dict(SECTIONS)
    by_partnership = {}
    for row in dataset.indicators.to_dict("records"):
        by_partnership.setdefault(row["partnership"], []).append(_with_labels(row, statuses, dataset.language))
    sections = []
    for row in dataset.partnerships.to_dict("records"):
        narrative = dataset.narratives.get(row["code"])
        sections.append(
            {
                **row,
                "country_name": country_name(row["country"]),
                "kind_label": _label(PartnershipKind, row["kind"]),
                "status_label": _label(PartnershipStatus, row["status"]),
                "is_active": row["status"] == PartnershipStatus.ACTIVE,
                "claim_status_label": _label(ClaimStatus, row["claim_status"])
                if row["claim_status"]
                else _("No claim"),
                "report_status": narrative.status if narrative else "",
                "report_used": bool(narrative and narrative.is_used),
                "report_status_label": _label(ReportStatus, narrative.status) if narrative else _("No annual report"),
                "outcome_passages": _passages(narrative, OUTCOME_SECTIONS, section_labels, dataset.language),
                "lessons": _passages(narrative, LESSON_SECTIONS, section_labels, dataset.language),
                "indicators": by_partnership.get(row["code"], []),
            }
        )
    return sections


def _team(dataset):
    labels = dict(NarrativeSection.choices)
    return {section: _passage(passage, labels[section], dataset.language) for section, passage in dataset.team.items()}


def _by_sex(dataset, objectives, partnerships):
    """Indicators with a women/men split reported for the year, the team's and each partnership's."""
    rows = [
        row for objective in objectives for specific in objective["specifics"] for row in specific["programme_rows"]
    ] + [dict(row, holder=p["code"]) for p in partnerships for row in p["indicators"]]
    return [row for row in rows if row["women"] is not None or row["men"] is not None]


def _follow_up(dataset, objectives, partnerships):
    rows = [
        row
        for objective in objectives
        for specific in objective["specifics"]
        for row in specific["programme_rows"] + specific["partnership_rows"]
    ]
    return {
        "behind": [row for row in rows if row["is_follow_up"]],
        "unsettled": dataset.unsettled.to_dict("records"),
        "without_claim": dataset.summary["without_claim"],
        "reports_not_used": [p for p in partnerships if p["is_active"] and not p["report_used"]],
        "not_active": [p for p in partnerships if not p["is_active"]],
        "caps_exceeded": [row for row in dataset.categories.to_dict("records") if row["within_cap"] is False],
    }


def _line_labels(row):
    return dict(
        row,
        category_label=_label(CostCategory, row["category"]),
        heading_label=_label(BudgetHeading, row["heading"]),
        channel_label=_label(BudgetChannel, row["channel"]),
    )


def _with_status(partnerships):
    return [dict(row, status_label=_label(PartnershipStatus, row["status"])) for row in partnerships]


def _totals(dataset, countries):
    """Totals of tables whose rows are not the summary's parts; each is a sum of the rows shown."""
    budget = sum((row["budget_eur"] for row in countries), ZERO)
    accepted = sum((row["accepted_eur"] for row in countries), ZERO)
    balances = [b for b in dataset.partnerships["balance_eur"] if b is not None]
    evidenced = [e for e in dataset.cofinancing["evidenced_eur"] if e is not None]
    return {
        "country_budget_eur": budget,
        "country_execution_pct": percent_of(accepted, budget),
        "partnership_rejected_eur": total_of(dataset.partnerships, "rejected_eur"),
        "balance_eur": sum(balances, ZERO),
        "cofinancing_declared_eur": total_of(dataset.cofinancing, "declared_eur"),
        "cofinancing_evidenced_eur": sum(evidenced, ZERO),
        "verdict_lines": int(dataset.verdicts["lines"].sum()) if len(dataset.verdicts) else 0,
    }


def report_context(dataset, images, inline=True, back_url=""):
    """What the template shows; amounts stay Decimal and are formatted by the template filters."""
    partnerships = _partnership_sections(dataset)
    objectives = _objectives(dataset)
    countries = [dict(row, name=country_name(row["country"])) for row in dataset.countries.to_dict("records")]
    return {
        "dataset": dataset,
        "programme": dataset.programme,
        "year": dataset.year,
        "summary": dataset.summary,
        "accounting": dict(
            dataset.accounting, own_lines=[_line_labels(row) for row in dataset.accounting["own_lines"]]
        ),
        "thresholds": {
            "on_track": dataset.programme.progress_on_track_pct,
            "achieved": dataset.programme.progress_achieved_pct,
        },
        "countries": countries,
        "totals": _totals(dataset, countries),
        "not_active": _with_status(dataset.summary["not_active"]),
        "without_claim": _with_status(dataset.summary["without_claim"]),
        "years": dataset.years.to_dict("records"),
        "programme_budget_eur": dataset.years.attrs.get("programme_budget_eur"),
        "objectives": objectives,
        "unaggregated": sorted(
            {row["name"] for row in dataset.indicators.to_dict("records") if row["aggregation"] == Aggregation.NONE}
        ),
        "partnerships": partnerships,
        "team": _team(dataset),
        "by_sex": _by_sex(dataset, objectives, partnerships),
        "budget_lines": [_line_labels(row) for row in dataset.budget_lines.to_dict("records")],
        "categories": [
            dict(row, label=_label(CostCategory, row["category"])) for row in dataset.categories.to_dict("records")
        ],
        "headings": [
            dict(row, label=_label(InvoiceCategory, row["heading"])) for row in dataset.headings.to_dict("records")
        ],
        "own_claims": dataset.own_claims.to_dict("records"),
        "unsettled": [
            dict(row, status_label=_label(ClaimStatus, row["status"])) for row in dataset.unsettled.to_dict("records")
        ],
        "cofinancing": dataset.cofinancing.to_dict("records"),
        "verdicts": [dict(row, label=_label(Verdict, row["verdict"])) for row in dataset.verdicts.to_dict("records")],
        "reasons": [dict(row, label=_label(ReasonCode, row["reason"])) for row in dataset.reasons.to_dict("records")],
        "follow_up": _follow_up(dataset, objectives, partnerships),
        "charts": {name: data_uri(png) for name, png in images.items()},
        "style": Path(finders.find(STYLE_SHEET)).read_text(encoding="utf-8") if inline else "",
        "style_url": STYLE_SHEET,
        "generated_at": timezone.localtime(),
        "back_url": back_url,
    }


def render_html(dataset, images=None, inline=True, request=None, back_url=""):
    images = chart_images(dataset) if images is None else images
    with translation.override(dataset.language):
        return render_to_string(
            "reporting/annual/report.html",
            report_context(dataset, images, inline=inline, back_url=back_url),
            request=request,
        )


def render_pdf(html):
    return HTML(string=html, base_url=str(Path(__file__).resolve().parent)).write_pdf()
