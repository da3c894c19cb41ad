"""Step three of the annual report: the HTML page, its PDF (WeasyPrint) and the workbook.

The page in the application and the files share one template; a file carries its
style sheet and charts inside it, so it reads the same when mailed or archived.
"""

import base64
from pathlib import Path

from weasyprint import HTML

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grants.models import ClaimStatus, CostCategory, InvoiceCategory, ReasonCode, Verdict
from partnerships.models import PartnershipKind
from partnerships.names import country_name
from reporting.annual import charts
from reporting.annual.narratives import LESSON_SECTIONS, SUMMARY_SECTIONS, language_name
from reporting.models import SECTIONS, Aggregation, ReportStatus

STYLE_SHEET = "css/annual-report.css"


def status_labels():
    return {
        "achieved": _("Achieved"),
        "on_track": _("On track"),
        "behind": _("Behind"),
        "no_data": _("No value reported"),
        "no_target": _("No target for the year"),
    }


def _label(choices, code):
    try:
        return str(choices(code).label)
    except ValueError:
        return code or "—"


def data_uri(png):
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def chart_images(dataset):
    """The report's charts as PNG bytes, by name; none for a year without data."""
    if not dataset.has_data:
        return {}
    images = {
        "execution_by_year": charts.execution_by_year_png(dataset.years, dataset.language),
        "execution_by_country": charts.execution_by_country_png(dataset.countries, dataset.language),
    }
    if dataset.results["achievement_pct"].notna().any():
        images["indicator_progress"] = charts.indicator_progress_png(dataset.results, dataset.language)
    return images


def _objectives(dataset):
    """Aggregated indicator rows grouped by specific objective, in code order."""
    statuses = status_labels()
    objectives = {}
    for row in dataset.results.to_dict("records"):
        entry = objectives.setdefault(row["objective"], {"code": row["objective"], "title": row["objective_title"], "rows": []})
        row["status_label"] = statuses[row["status"]]
        row["aggregation_label"] = _label(Aggregation, row["aggregation"])
        entry["rows"].append(row)
    return [objectives[code] for code in sorted(objectives)]


def _partnership_sections(dataset):
    statuses = status_labels()
    section_labels = dict(SECTIONS)
    by_partnership = {}
    for row in dataset.indicators.to_dict("records"):
        row["status_label"] = statuses[row["status"]]
        by_partnership.setdefault(row["partnership"], []).append(row)
    sections = []
    for row in dataset.partnerships.to_dict("records"):
        narrative = dataset.narratives.get(row["code"])
        sections.append(
            {
                **row,
                "country_name": country_name(row["country"]),
                "kind_label": _label(PartnershipKind, row["kind"]),
                "claim_status_label": _label(ClaimStatus, row["claim_status"]) if row["claim_status"] else _("No claim"),
                "report_status": narrative.status if narrative else "",
                "report_status_label": _label(ReportStatus, narrative.status) if narrative else _("No annual report"),
                "summary": _passages(narrative, SUMMARY_SECTIONS, section_labels, dataset.language),
                "lessons": _passages(narrative, LESSON_SECTIONS, section_labels, dataset.language),
                "indicators": by_partnership.get(row["code"], []),
            }
        )
    return sections


def _passages(narrative, sections, labels, language):
    if narrative is None:
        return []
    return [
        {
            "label": labels[p.section],
            "text": p.text,
            "original_language": language_name(p.original_language, language) if p.original_language else "",
        }
        for p in narrative.of(sections)
    ]


def _follow_up(dataset, partnerships):
    behind = [row for row in dataset.results.to_dict("records") if row["status"] == "behind"]
    missing_reports = [p for p in partnerships if p["report_status"] not in ("submitted", "approved")]
    in_audit = [p for p in partnerships if p["in_audit_eur"]]
    return {"behind": behind, "missing_reports": missing_reports, "in_audit": in_audit}


def report_context(dataset, images, inline=True, back_url=""):
    """What the template shows; amounts stay Decimal and are formatted by the template filters."""
    partnerships = _partnership_sections(dataset)
    return {
        "dataset": dataset,
        "programme": dataset.programme,
        "year": dataset.year,
        "summary": dataset.summary,
        "countries": [dict(row, name=country_name(row["country"])) for row in dataset.countries.to_dict("records")],
        "years": dataset.years.to_dict("records"),
        "objectives": _objectives(dataset),
        "unaggregated": sorted({row["name"] for row in dataset.indicators.to_dict("records") if row["aggregation"] == Aggregation.NONE}),
        "partnerships": partnerships,
        "categories": [dict(row, label=_label(CostCategory, row["category"])) for row in dataset.categories.to_dict("records")],
        "headings": [dict(row, label=_label(InvoiceCategory, row["heading"])) for row in dataset.headings.to_dict("records")],
        "verdicts": [dict(row, label=_label(Verdict, row["verdict"])) for row in dataset.verdicts.to_dict("records")],
        "reasons": [dict(row, label=_label(ReasonCode, row["reason"])) for row in dataset.reasons.to_dict("records")],
        "follow_up": _follow_up(dataset, partnerships),
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
