"""The results sections of the partnership and home pages (see core.panels)."""

from django.template.loader import render_to_string
from django.utils import timezone

from grants.selectors import programme_current, programmes_visible_to
from partnerships.selectors import sees_whole_programme
from reporting.annual.dataset import dashboard_year
from reporting.models import EDITABLE_STATUSES, Outcome
from reporting.release import partnership_release_conditions
from reporting.selectors import reports_visible_to


def partnership_outcomes(request, partnership):
    outcomes = Outcome.objects.filter(partnership=partnership).select_related("objective").order_by("code")
    return render_to_string(
        "reporting/panels/partnership_outcomes.html",
        {"partnership": partnership, "outcomes": outcomes},
        request=request,
    )


def partnership_reports(request, partnership):
    reports = list(reports_visible_to(request.user).filter(partnership=partnership).order_by("-year", "-period"))
    open_reports = sorted((r for r in reports if r.status in EDITABLE_STATUSES), key=lambda r: r.due_date)
    return render_to_string(
        "reporting/panels/partnership_reports.html",
        {"reports": reports, "next_due": open_reports[0] if open_reports else None, "today": timezone.localdate()},
        request=request,
    )


def partnership_release(request, partnership):
    tranches = partnership_release_conditions(partnership)
    if not tranches:
        return ""
    return render_to_string("reporting/panels/tranche_release.html", {"tranches": tranches}, request=request)


def home_programme_charts(request):
    """The charts of the annual report, on the home page of those who see the whole programme."""
    if not sees_whole_programme(request.user):
        return ""
    programme = programme_current(programmes_visible_to(request.user))
    if programme is None:
        return ""
    return render_to_string(
        "reporting/panels/programme_charts.html",
        {"programme": programme, "year": dashboard_year(programme)},
        request=request,
    )
