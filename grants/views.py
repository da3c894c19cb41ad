from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from grants import budget_plan_chart, selectors
from partnerships.selectors import sees_whole_programme


@login_required
def programme_list(request):
    programmes = selectors.programmes_visible_to(request.user).select_related("budget_plan")
    return render(request, "grants/programme_list.html", {"programmes": programmes})


@login_required
def programme_detail(request, code):
    programme = get_object_or_404(selectors.programmes_visible_to(request.user), code=code)
    return render(
        request,
        "grants/programme_detail.html",
        {
            "programme": programme,
            "plan": selectors.budget_plan_table(programme),
            # The association's own budget is for the programme team, not for partners.
            "budget_shares": selectors.budget_shares_by_year(programme) if sees_whole_programme(request.user) else [],
            "budget_lines": selectors.budget_lines_by_year(programme) if sees_whole_programme(request.user) else None,
        },
    )


@login_required
def programme_budget_chart(request, code):
    programme = get_object_or_404(selectors.programmes_visible_to(request.user), code=code)
    table = selectors.budget_plan_table(programme)
    if table is None:
        raise Http404("No budget plan")
    title = _("Budget plan %(code)s (EUR)") % {"code": programme.code}
    response = HttpResponse(budget_plan_chart.budget_plan_png(table, title), content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response
