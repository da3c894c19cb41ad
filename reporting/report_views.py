"""Partner reports: the list, writing section by section, submission and review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.decorators import login_required_or_401, post_on_visible
from core.forms import form_errors_text
from core.paging import paginate
from partnerships.downloads import stored_file_response
from reporting import permissions, selectors
from reporting.filters import ReportFilter
from reporting.forms import (
    EvidenceForm,
    ReportingPeriodForm,
    ReportStepForm,
    ReportValuesForm,
    SectionCommentForm,
    SectionTextForm,
)
from reporting.models import SECTIONS, EvidenceFile, Indicator, ReportStatus
from reporting.services import (
    FrameworkRefused,
    evidence_add,
    report_section_save,
    report_transition,
    report_values_save,
    reporting_period_open,
    section_comment_add,
)

REPORTS_PER_PAGE = 25


@login_required
def report_list(request):
    filterset = selectors.report_list(request, ReportFilter)
    page, query = paginate(request, filterset.qs, REPORTS_PER_PAGE)
    return render(
        request,
        "reporting/report_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query,
            "today": timezone.localdate(),
            "period_form": (
                ReportingPeriodForm(auto_id="period-%s")
                if permissions.may_open_reporting_period(request.user)
                else None
            ),
        },
    )


@login_required
@require_POST
def reporting_period(request):
    permissions.check_open_reporting_period(request.user)
    form = ReportingPeriodForm(request.POST)
    if form.is_valid():
        count = reporting_period_open(**form.cleaned_data)
        messages.success(
            request, ngettext("%(count)s report opened.", "%(count)s reports opened.", count) % {"count": count}
        )
    else:
        messages.error(request, _("Give a year, a period and a due date."))
    return redirect("reporting:report-list")


@login_required
def report_detail(request, pk):
    report = selectors.report_visible_or_404(request.user, pk)
    return render(request, "reporting/report_detail.html", _detail_context(request, report))


def _report_indicators(report):
    return Indicator.objects.filter(outcome__partnership=report.partnership).select_related("outcome").order_by("code")


def _detail_context(request, report, values_form=None):
    """What the report page shows; `values_form` is a refused values form to show again as typed."""
    comments = {}
    for comment in report.comments.select_related("author"):
        comments.setdefault(comment.section, []).append(comment)
    sections = [
        {
            "code": code,
            "label": label,
            "original": getattr(report, code),
            "translation": getattr(report, f"{code}_translation"),
            "comments": comments.get(code, []),
        }
        for code, label in SECTIONS
    ]
    values = {value.indicator_id: value for value in report.values.all()}
    indicators = list(_report_indicators(report))
    can_edit = permissions.may_edit_report(request.user, report)
    if can_edit and values_form is None:
        values_form = ReportValuesForm(indicators=indicators, saved=values)
    events = list(report.events.select_related("user"))
    return {
        "report": report,
        "sections": sections,
        "indicators": [(indicator, values.get(indicator.pk)) for indicator in indicators],
        "values_form": values_form if can_edit else None,
        "evidence": report.evidence.select_related("uploaded_by"),
        "events": events,
        "returned": _last_return(report, events),
        "can_edit": can_edit,
        "can_review": permissions.may_review_report(request.user, report),
        "is_late": report.is_editable and report.due_date < timezone.localdate(),
    }


def _last_return(report, events):
    """The step that returned the report to the partner, while it is still returned."""
    if report.status != ReportStatus.RETURNED:
        return None
    returns = [event for event in events if event.status_to == ReportStatus.RETURNED]
    return returns[-1] if returns else None


@login_required_or_401
@post_on_visible(selectors.report_visible_or_404)
def report_section(request, pk, section):
    """Save one section; answers JSON to the autosave script, a redirect to a plain form."""
    report = selectors.report_visible_or_404(request.user, pk)
    form = SectionTextForm(request.POST)
    is_valid = form.is_valid()
    # Who may write depends on which text it is: asked before the text is judged.
    translation = form.cleaned_data["translation"]
    check = permissions.check_review_report if translation else permissions.check_edit_report
    check(request.user, report)
    if not is_valid:
        return _section_refused(request, report, form_errors_text(form))
    try:
        report_section_save(report=report, section=section, text=form.cleaned_data["text"], translation=translation)
    except FrameworkRefused as error:
        return _section_refused(request, report, str(error))
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"saved": True, "section": section})
    messages.success(request, _("Section saved."))
    return redirect(f"{report.get_absolute_url()}#section-{section}")


def _section_refused(request, report, message):
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"error": message}, status=409)
    messages.error(request, message)
    return redirect(report)


@login_required
@post_on_visible(selectors.report_visible_or_404)
def report_comment(request, pk, section):
    report = selectors.report_visible_or_404(request.user, pk)
    permissions.check_review_report(request.user, report)
    form = SectionCommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(f"{report.get_absolute_url()}#section-{section}")
    try:
        section_comment_add(report=report, user=request.user, section=section, text=form.cleaned_data["text"])
    except FrameworkRefused as error:
        messages.error(request, str(error))
    return redirect(f"{report.get_absolute_url()}#section-{section}")


CONFIRMED_STEPS = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


@login_required
def report_move(request, pk, status):
    """Submit, approve or return a report. Submitting and approving are confirmed on a page first.

    GET shows what the report still lacks (indicators without a value, empty sections)
    with a form that posts `confirm`; a POST without it only leads to that page.
    """
    report = selectors.report_visible_or_404(request.user, pk)
    if status not in (ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.APPROVED):
        raise Http404("No such step")
    if request.method not in ("GET", "POST") or (request.method == "GET" and status not in CONFIRMED_STEPS):
        return HttpResponseNotAllowed(["POST"] if status not in CONFIRMED_STEPS else ["GET", "POST"])
    check = permissions.check_edit_report if status == ReportStatus.SUBMITTED else permissions.check_review_report
    check(request.user, report)
    form = ReportStepForm(request.POST if request.method == "POST" else None)
    if status in CONFIRMED_STEPS and not form.is_confirmed():
        if not report.can_move_to(status):
            messages.error(
                request,
                _("This step is not possible any more: the report is %(status)s.")
                % {"status": report.get_status_display().lower()},
            )
            return redirect(report)
        return render(request, "reporting/report_confirm.html", _confirm_context(report, status))
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(report)
    try:
        report_transition(
            report=report,
            user=request.user,
            status=status,
            comment=form.cleaned_data["comment"],
            link=request.build_absolute_uri(report.get_absolute_url()),
        )
    except FrameworkRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The report is now %(status)s.") % {"status": ReportStatus(status).label.lower()})
    return redirect(report)


def _confirm_context(report, status):
    """What the person confirms: the report's gaps, read from what the server has."""
    filled = report.values.values_list("indicator_id", flat=True)
    return {
        "report": report,
        "status": status,
        "missing_values": list(_report_indicators(report).exclude(pk__in=filled)),
        "empty_sections": [label for code, label in SECTIONS if not getattr(report, code).strip()],
    }


def _editable_report(request, pk):
    report = selectors.report_visible_or_404(request.user, pk)
    permissions.check_edit_report(request.user, report)
    return report


@login_required
@post_on_visible(selectors.report_visible_or_404)
def report_values(request, pk):
    """Save every valid value; show the refused ones again beside their fields, with all that was typed.

    With `next=submit` (the report's Submit button, which posts this form) the values are
    saved first and the person goes on to confirm the submission.
    """
    report = _editable_report(request, pk)
    indicators = list(_report_indicators(report))
    saved = {value.indicator_id: value for value in report.values.all()}
    form = ReportValuesForm(request.POST, indicators=indicators, saved=saved)
    rows = form.entries()
    try:
        stored = report_values_save(report=report, rows=rows)
    except FrameworkRefused as error:
        messages.error(request, str(error))
        return redirect(report)
    if form.errors:
        form.mark_invalid_fields()
        context = _detail_context(request, report, values_form=form)
        context.update(values_saved=stored, submit_held=form.is_submitting)
        return render(request, "reporting/report_detail.html", context)
    messages.success(request, _("Indicator values saved."))
    if form.is_submitting:
        # A fragment of its own, or the browser would carry the form's #values-errors along.
        return redirect(reverse("reporting:report-move", args=[report.pk, ReportStatus.SUBMITTED]) + "#confirm-step")
    return redirect(f"{report.get_absolute_url()}#indicator-values")


@login_required
@post_on_visible(selectors.report_visible_or_404)
def report_evidence(request, pk):
    report = _editable_report(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        try:
            evidence_add(
                report=report, user=request.user, upload=form.cleaned_data["file"], caption=form.cleaned_data["caption"]
            )
        except FrameworkRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Evidence added."))
    return redirect(f"{report.get_absolute_url()}#evidence")


@login_required
def evidence_download(request, pk, evidence_id):
    report = selectors.report_visible_or_404(request.user, pk)
    evidence = get_object_or_404(EvidenceFile, pk=evidence_id, report=report)
    return stored_file_response(
        request,
        evidence.file,
        f"evidence {evidence.pk} of report {report.pk} ({report.partnership.code} {report.year} {report.period})",
        content_type=evidence.content_type,
    )
