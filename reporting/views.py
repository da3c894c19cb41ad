from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerships.downloads import stored_file_response
from partnerships.selectors import (
    is_programme_team,
    partnership_visible_or_404,
    partnerships_visible_to,
)
from reporting import indicator_charts, permissions, selectors
from reporting.forms import (
    CopyFrameworkForm,
    IndicatorForm,
    OutcomeForm,
    ProgrammeNarrativeForm,
    ProgrammeValueForm,
    TargetFormSet,
)
from reporting.models import Indicator, NarrativeSection, Outcome, ProgrammeNarrative
from reporting.programme_services import programme_narrative_save, programme_value_save
from reporting.services import FrameworkRefused, framework_copy


def _framework_editable(request, code):
    partnership = partnership_visible_or_404(request.user, code)
    permissions.check_change_framework(request.user, partnership)
    return partnership


@login_required
def framework_detail(request, code):
    partnership = partnership_visible_or_404(request.user, code)
    can_change = permissions.may_change_framework(request.user, partnership)
    copy_form = None
    if can_change:
        sources = (
            partnerships_visible_to(request.user).exclude(pk=partnership.pk).filter(outcomes__isnull=False).distinct()
        )
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
    indicator = get_object_or_404(
        Indicator.objects.prefetch_related("targets"), pk=pk, outcome__partnership=partnership
    )
    labels = {
        "baseline": _("Baseline"),
        "targets": _("Targets"),
        "actuals": _("Reported"),
        "title": f"{indicator.code} {indicator.name}",
    }
    response = HttpResponse(
        indicator_charts.indicator_png(indicator, labels, selectors.indicator_actuals(indicator)),
        content_type="image/png",
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
    form = CopyFrameworkForm(request.POST, sources=partnerships_visible_to(request.user))
    if not form.is_valid():
        # A partnership the user may not see answers like one that does not exist.
        raise Http404("No such partnership")
    source = form.cleaned_data["source"]
    try:
        count = framework_copy(source=source, target=partnership)
    except FrameworkRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext("%(count)s outcome copied from %(source)s.", "%(count)s outcomes copied from %(source)s.", count)
            % {"count": count, "source": source.code},
        )
    return redirect("reporting:framework-detail", code=partnership.code)


@login_required
def objective_list(request):
    permissions.check_read_objectives(request.user)
    return render(
        request,
        "reporting/objective_list.html",
        {"strategic": selectors.objective_tree(request.user), "is_team": is_programme_team(request.user)},
    )


@login_required
def objective_detail(request, programme, code):
    permissions.check_read_objectives(request.user)
    objective = selectors.specific_objective_or_404(programme, code)
    return render(
        request,
        "reporting/objective_detail.html",
        {
            "objective": objective,
            "indicators": selectors.objective_indicators(request.user, objective),
            "is_team": is_programme_team(request.user),
        },
    )


def _programme_year(programme, raw):
    """The year asked for, within the programme; by default this year, or the programme's last one."""
    years = programme.years
    if raw in (None, ""):
        this_year = timezone.localdate().year
        return this_year if this_year in years else min(max(this_year, years[0]), years[-1])
    try:
        year = int(raw)
    except ValueError:
        raise Http404("No such year") from None
    if year not in years:
        raise Http404("Not a year of the programme")
    return year


@login_required
def programme_results(request, code):
    permissions.check_write_programme_results(request.user)
    programme = selectors.programme_or_404(code)
    year = _programme_year(programme, request.GET.get("year"))
    strategic = selectors.programme_objectives(programme)
    values = selectors.programme_values_of(programme, year)
    for objective in strategic:
        for specific in objective.specific:
            for indicator in specific.programme_indicators:
                indicator.year_value = values.get(indicator.pk)
    return render(
        request,
        "reporting/programme_results.html",
        {"programme": programme, "year": year, "strategic": strategic},
    )


@login_required
def programme_value(request, code, pk, year):
    permissions.check_write_programme_results(request.user)
    programme = selectors.programme_or_404(code)
    year = _programme_year(programme, year)
    indicator = selectors.programme_indicator_or_404(programme, pk)
    current = selectors.programme_values_of(programme, year).get(indicator.pk)
    initial = {}
    if current is not None:
        initial = {name: getattr(current, name) for name in ("value", "value_women", "value_men", "text", "comment")}
    form = ProgrammeValueForm(request.POST or None, request.FILES or None, indicator=indicator, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        programme_value_save(
            indicator=indicator,
            year=year,
            user=request.user,
            value=data.get("value"),
            women=data.get("value_women"),
            men=data.get("value_men"),
            text=data.get("text", ""),
            comment=data.get("comment", ""),
            evidence=data.get("evidence"),
        )
        messages.success(request, _("%(code)s: value of %(year)s saved.") % {"code": indicator.code, "year": year})
        return redirect(f"{reverse('reporting:programme-results', args=[programme.code])}?year={year}")
    return render(
        request,
        "reporting/programme_value_form.html",
        {
            "programme": programme,
            "year": year,
            "indicator": indicator,
            "target": next((t.value for t in indicator.targets.all() if t.year == year), None),
            "current": current,
            "form": form,
        },
    )


@login_required
def programme_evidence(request, code, pk):
    permissions.check_write_programme_results(request.user)
    programme = selectors.programme_or_404(code)
    value = selectors.programme_value_or_404(programme, pk)
    return stored_file_response(
        request,
        value.evidence,
        f"evidence of programme value {value.pk} ({programme.code} {value.indicator.code} {value.year})",
        content_type=value.evidence_type,
    )


@login_required
def programme_narrative(request, code, year):
    permissions.check_write_programme_results(request.user)
    programme = selectors.programme_or_404(code)
    year = _programme_year(programme, year)
    written = selectors.programme_narratives_of(programme, year)
    forms = [
        (
            section,
            ProgrammeNarrativeForm(
                request.POST or None,
                prefix=section.value,
                instance=written.get(section)
                or ProgrammeNarrative(programme=programme, year=year, section=section, language=request.user.language),
            ),
        )
        for section in NarrativeSection
    ]
    if request.method == "POST" and all(form.is_valid() for _section, form in forms):
        changed = programme_narrative_save(
            programme=programme,
            year=year,
            user=request.user,
            sections={section: form.cleaned_data for section, form in forms},
        )
        messages.success(
            request,
            ngettext("%(count)s section saved.", "%(count)s sections saved.", changed) % {"count": changed},
        )
        return redirect("reporting:programme-narrative", code=programme.code, year=year)
    return render(
        request,
        "reporting/programme_narrative_form.html",
        {"programme": programme, "year": year, "forms": forms, "written": written},
    )
