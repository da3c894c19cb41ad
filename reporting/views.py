from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from partnerships.selectors import partnership_visible_or_404, partnerships_visible_to, sees_whole_programme
from reporting import charts, selectors
from reporting.forms import CopyFrameworkForm, IndicatorForm, OutcomeForm, TargetFormSet
from reporting.models import Indicator, Objective, ObjectiveLevel, Outcome
from reporting.services import FrameworkRefused, framework_copy


def _framework_editable(request, code):
    partnership = partnership_visible_or_404(request.user, code)
    allowed, reason = selectors.can_change_framework(request.user, partnership)
    if not allowed:
        raise PermissionDenied(reason)
    return partnership


@login_required
def framework_detail(request, code):
    partnership = partnership_visible_or_404(request.user, code)
    can_change = selectors.can_change_framework(request.user, partnership)[0]
    copy_form = None
    if can_change:
        sources = partnerships_visible_to(request.user).exclude(pk=partnership.pk).filter(outcomes__isnull=False).distinct()
        copy_form = CopyFrameworkForm(sources=sources)
    return render(
        request,
        "reporting/framework_detail.html",
        {
            "partnership": partnership,
            "outcomes": selectors.partnership_framework(partnership),
            "can_change": can_change,
            "copy_form": copy_form,
        },
    )


@login_required
def indicator_chart(request, code, pk):
    partnership = partnership_visible_or_404(request.user, code)
    indicator = get_object_or_404(Indicator.objects.prefetch_related("targets"), pk=pk, outcome__partnership=partnership)
    labels = {
        "baseline": _("Baseline"),
        "targets": _("Targets"),
        "actuals": _("Reported"),
        "title": f"{indicator.code} {indicator.name}"[:80],
    }
    response = HttpResponse(
        charts.indicator_png(indicator, labels, selectors.indicator_actuals(indicator)), content_type="image/png"
    )
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def outcome_edit(request, code, pk=None):
    partnership = _framework_editable(request, code)
    outcome = get_object_or_404(Outcome, pk=pk, partnership=partnership) if pk else None
    form = OutcomeForm(request.POST or None, instance=outcome, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Outcome %(code)s saved.") % {"code": form.instance.code})
        return redirect("reporting:framework-detail", code=partnership.code)
    return render(request, "reporting/outcome_form.html", {"partnership": partnership, "form": form})


@login_required
def indicator_edit(request, code, outcome_pk, pk=None):
    partnership = _framework_editable(request, code)
    outcome = get_object_or_404(Outcome, pk=outcome_pk, partnership=partnership)
    indicator = get_object_or_404(Indicator, pk=pk, outcome=outcome) if pk else None
    form = IndicatorForm(request.POST or None, instance=indicator, outcome=outcome)
    targets = TargetFormSet(request.POST or None, instance=form.instance, prefix="targets")
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        with transaction.atomic():
            saved = form.save()
            targets.instance = saved
            targets.save()
        messages.success(request, _("Indicator %(code)s saved.") % {"code": saved.code})
        return redirect("reporting:framework-detail", code=partnership.code)
    return render(
        request,
        "reporting/indicator_form.html",
        {"partnership": partnership, "outcome": outcome, "form": form, "targets": targets},
    )


@login_required
def framework_copy_view(request, code):
    partnership = _framework_editable(request, code)
    if request.method != "POST":
        return redirect("reporting:framework-detail", code=partnership.code)
    source = partnership_visible_or_404(request.user, request.POST.get("source", ""))
    try:
        count = framework_copy(source=source, target=partnership)
    except FrameworkRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(count)s outcomes copied from %(source)s.") % {"count": count, "source": source.code}
        )
    return redirect("reporting:framework-detail", code=partnership.code)


@login_required
def objective_list(request):
    if not sees_whole_programme(request.user):
        raise PermissionDenied(_("The objectives of the whole programme are for the programme team."))
    return render(request, "reporting/objective_list.html", {"strategic": selectors.objective_tree(request.user)})


@login_required
def objective_detail(request, code):
    if not sees_whole_programme(request.user):
        raise PermissionDenied(_("The objectives of the whole programme are for the programme team."))
    objective = get_object_or_404(Objective, code=code, level=ObjectiveLevel.SPECIFIC)
    return render(
        request,
        "reporting/objective_detail.html",
        {"objective": objective, "indicators": selectors.objective_indicators(request.user, objective)},
    )
