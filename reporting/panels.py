"""The results section of the partnership page (see partnerships.panels)."""

from django.template.loader import render_to_string

from reporting.models import Outcome


def partnership_outcomes(request, partnership):
    outcomes = Outcome.objects.filter(partnership=partnership).select_related("objective").order_by("code")
    return render_to_string(
        "reporting/panels/partnership_outcomes.html",
        {"partnership": partnership, "outcomes": outcomes},
        request=request,
    )
