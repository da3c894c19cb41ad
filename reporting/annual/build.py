"""The annual report from data to file: dataset, charts, rendering, with progress reported."""

from typing import NamedTuple

from django.utils.translation import gettext_noop

from reporting.annual.dataset import annual_dataset
from reporting.annual.render import chart_images, render_html, render_pdf
from reporting.annual.xlsx import render_xlsx
from reporting.models import ReportFormat

# Steps as English message ids: stored with the progress, translated when shown.
STEP_DATA = gettext_noop("Gathering the figures")
STEP_CHARTS = gettext_noop("Drawing the charts")
STEP_RENDER = gettext_noop("Writing the document")
STEP_PDF = gettext_noop("Laying out the PDF")


class BuiltReport(NamedTuple):
    content: bytes
    has_data: bool


def build_annual_report(programme, year, language, file_format, progress=None):
    """Return the report file; `progress(percent, step)` hears of each step."""

    def report(percent, step):
        if progress is not None:
            progress(percent, step)

    report(5, STEP_DATA)
    dataset = annual_dataset(programme, year, language)
    if file_format == ReportFormat.XLSX:
        report(50, STEP_RENDER)
        return BuiltReport(render_xlsx(dataset), dataset.has_data)
    report(30, STEP_CHARTS)
    images = chart_images(dataset)
    report(50, STEP_RENDER)
    html = render_html(dataset, images)
    if file_format == ReportFormat.HTML:
        return BuiltReport(html.encode("utf-8"), dataset.has_data)
    report(65, STEP_PDF)
    return BuiltReport(render_pdf(html), dataset.has_data)
