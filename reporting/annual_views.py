"""Pages of the annual DGD report: ask for a file, follow its generation, download it, read it."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from core.paging import paginate
from grants.selectors import programme_current, programmes_visible_to
from partnerships.downloads import stored_file_response
from reporting import permissions, selectors
from reporting.annual import report_charts
from reporting.annual.dataset import annual_dataset, countries_frame, dashboard_year, results_frame
from reporting.annual.finance import years_frame
from reporting.annual.render import render_html
from reporting.forms import AnnualReportForm
from reporting.models import ReportFormat, ReportLanguage
from reporting.services import annual_report_request

PAGE_SIZE = 20
CHARTS = ("execution-by-year", "execution-by-country", "indicator-progress")
CONTENT_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.HTML: "text/html; charset=utf-8",
}


def _initial(user, programmes):
    programme = programme_current(programmes)
    last_year = timezone.localdate().year - 1
    language = user.language if user.language in ReportLanguage.values else ReportLanguage.NL
    initial = {"language": language, "file_format": ReportFormat.PDF}
    if programme is not None:
        initial["programme"] = programme.code
        initial["year"] = min(max(last_year, programme.years[0]), programme.years[-1])
    return initial


@login_required
def annual_report_list(request):
    selectors.whole_programme_only(request.user)
    can_generate = permissions.may_generate_annual_report(request.user)
    programmes = programmes_visible_to(request.user).order_by("-start_date")
    form = AnnualReportForm(programmes=programmes, initial=_initial(request.user, programmes))
    if request.method == "POST":
        permissions.check_generate_annual_report(request.user)
        form = AnnualReportForm(request.POST, programmes=programmes)
        if form.is_valid():
            with transaction.atomic():
                report = annual_report_request(
                    programme=form.cleaned_data["programme"],
                    year=form.cleaned_data["year"],
                    language=form.cleaned_data["language"],
                    file_format=form.cleaned_data["file_format"],
                    user=request.user,
                )
            return redirect(report)
    reports = selectors.annual_reports_visible_to(request.user).select_related("programme", "requested_by")
    page, query = paginate(request, reports, PAGE_SIZE)
    return render(
        request,
        "reporting/annual/report_list.html",
        {"form": form, "can_generate": can_generate, "page": page, "query": query},
    )


@login_required
def annual_report_detail(request, pk):
    report = selectors.annual_report_visible_or_404(request.user, pk)
    return render(request, "reporting/annual/report_detail.html", {"report": report})


@login_required
def annual_report_download(request, pk):
    report = selectors.annual_report_visible_or_404(request.user, pk)
    return stored_file_response(
        request,
        report.file,
        f"annual report {report}",
        filename=report.download_name,
        content_type=CONTENT_TYPES[report.format],
    )


@login_required
def annual_report_page(request, code, year):
    """The report read in the application, drawn live from the data with the template of the files."""
    programme = selectors.whole_programme_or_404(request.user, code)
    language = request.GET.get("lang", request.LANGUAGE_CODE)
    if language not in ReportLanguage.values:
        language = ReportLanguage.NL
    dataset = annual_dataset(programme, year, language)
    html = render_html(dataset, inline=False, request=request, back_url=reverse("reporting:annual-report-list"))
    return HttpResponse(html)


def _chart_png(name, programme, year, language):
    if name == "execution-by-year":
        return report_charts.execution_by_year_png(years_frame(programme), language)
    if name == "execution-by-country":
        return report_charts.execution_by_country_png(countries_frame(programme, year), language)
    return report_charts.indicator_progress_png(results_frame(programme, year, language).to_dict("records"), language)


@login_required
def programme_chart(request, code, name):
    """A chart of the annual report for the dashboard, drawn in the reader's language."""
    programme = selectors.whole_programme_or_404(request.user, code)
    if name not in CHARTS:
        raise Http404("No such chart")
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = dashboard_year(programme)
    png = _chart_png(name, programme, year, request.LANGUAGE_CODE)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response
