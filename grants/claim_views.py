"""Pages of expense claims: list, claim with its invoices, decisions, answers, sign-off, export."""

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.decorators import login_required_or_401, post_on_visible
from core.formatting import format_number
from core.forms import ConfirmForm
from core.paging import paginate
from grants import permissions, selectors
from grants.deadlines import claim_timeliness
from grants.exports import claim_audit_workbook
from grants.filters import ClaimFilter, InvoiceFilter
from grants.finding_texts import finding_text
from grants.forms import ANSWER, DECISION, AnswerForm, DecisionForm, InvoiceActionForm, ScanPairForm, ScanUploadForm
from grants.line_sorting import sort_headers
from grants.models import AttachmentKind, ClaimStatus, Invoice, InvoiceAttachment, ReadingStatus, ReasonCode
from grants.ocr import DocumentUnreadable
from grants.reading_errors import reading_error_text
from grants.scan_pages import page_file
from grants.scan_viewer import shown_documents
from grants.services.audit import AuditRefused, claim_audit, claim_exchange_difference, scan_rule_applies
from grants.services.decisions import (
    DecisionConflict,
    DecisionRefused,
    claim_accept_clean_lines,
    claim_sign_off,
    claim_submit,
    invoice_answer,
    invoice_decide,
)
from grants.services.scans import (
    ScansRefused,
    claim_scans_add,
    claim_scans_progress,
    lines_without_scan,
    scan_pair,
    scans_added_text,
)
from partnerships.access_log import record_access
from partnerships.downloads import stored_file_response
from partnerships.models import AccessAction

REASON_LABELS = dict(ReasonCode.choices)
CLAIMS_PER_PAGE = 25
INVOICES_PER_PAGE = 50
# The claim page lists this many unmatched files, and offers this many lines without a scan
# to pair them with (any line's number may be typed); the counts tell the rest.
SCANS_LISTED = 50
PAIRING_CHOICES = 500


@login_required
def claim_list(request):
    filterset = selectors.claim_list(request, ClaimFilter)
    page, query = paginate(request, filterset.qs, CLAIMS_PER_PAGE)
    claims = list(page)
    today = timezone.localdate()
    for claim in claims:
        claim.timeliness = claim_timeliness(claim, today)
    return render(
        request,
        "grants/claim_list.html",
        {"filter": filterset, "page": page, "claims": claims, "query": query},
    )


@login_required
def claim_detail(request, pk):
    claim = selectors.claim_visible_or_404(request.user, pk)
    filterset = InvoiceFilter(
        request.GET,
        queryset=Invoice.objects.filter(claim=claim).select_related("decision").order_by("line"),
        rule_codes=selectors.claim_rule_codes(claim),
    )
    page, query = paginate(request, selectors.invoice_page_details(filterset.qs), INVOICES_PER_PAGE)
    invoices = list(page)
    judged = scan_rule_applies(claim)
    scans = _scans_context(request.user, claim)
    for invoice in invoices:
        invoice.finding_texts = [
            (finding, finding_text(finding.message, finding.message_params)) for finding in invoice.findings.all()
        ]
        invoice.scan_state = scan_state(invoice, judged=judged, claim_reading=scans["scans"].is_reading)
    return render(
        request,
        "grants/claim_detail.html",
        {
            "claim": claim,
            "filter": filterset,
            "page": page,
            "invoices": invoices,
            "query": query,
            "sort_headers": sort_headers(request.GET),
            "can_audit": permissions.may_audit_claim(request.user, claim),
            "can_submit": (
                claim.can_move_to(ClaimStatus.SUBMITTED) and permissions.may_submit_claim(request.user, claim)
            ),
            "can_change_lines": permissions.may_change_draft_lines(request.user, claim),
            "timeliness": claim_timeliness(claim, timezone.localdate()),
            "exchange_difference": claim_exchange_difference(claim),
            **scans,
        },
    )


def scan_state(invoice, *, judged, claim_reading=False):
    """What the line's scan says in one word for the lines table: agrees, differs, read, waiting, failed or None.

    "agrees" is said only where SCAN judged the line (the programme asks scans for the
    claim's year and the line was checked) and found nothing: a scan read on a claim SCAN
    does not judge is only "read". While any scan of the claim (`claim_reading`) waits
    or is being read, the line may have been checked before its scan was read, and the
    claim is checked again only once none waits: its scan is only "read" until then.
    """
    statuses = {
        attachment.reading_status for attachment in invoice.attachments.all() if attachment.kind == AttachmentKind.SCAN
    }
    if not statuses:
        return None
    if statuses & set(ReadingStatus.unfinished()):
        return "waiting"
    if statuses == {ReadingStatus.FAILED}:
        return "failed"
    if not judged or not invoice.verdict:
        return "read"
    if any(finding.rule_code == ReasonCode.SCAN for finding, _text in invoice.finding_texts):
        return "differs"
    return "read" if claim_reading else "agrees"


def _scans_context(user, claim):
    """The claim page's Scans section: progress, unmatched files and lines without a scan, in fixed queries."""
    unmatched = list(
        InvoiceAttachment.objects.filter(claim=claim, invoice__isnull=True)
        .exclude(kind=AttachmentKind.ANSWER)
        .order_by("pk")[:SCANS_LISTED]
    )
    for attachment in unmatched:
        attachment.reading_error_text = reading_error_text(attachment.reading_error)
    can_add_scans = permissions.may_add_scans(user, claim)
    progress = claim_scans_progress(claim)
    return {
        "scans": progress,
        "scans_text": scans_progress_text(progress),
        "unmatched_files": unmatched,
        # Offered to pair the unmatched files with; the lines table filters them all (InvoiceFilter.scan).
        "lines_without_scan": list(
            lines_without_scan(claim).order_by("line").values_list("line", flat=True)[:PAIRING_CHOICES]
        )
        if can_add_scans and unmatched
        else [],
        "can_add_scans": can_add_scans,
        "scan_form": ScanUploadForm() if can_add_scans else None,
    }


def _claim_action(request, pk, check, action, success):
    """Check the user may act on the claim, run the service, and tell how it went."""
    claim = selectors.claim_visible_or_404(request.user, pk)
    check(request.user, claim)
    try:
        outcome = action(claim)
    except (AuditRefused, DecisionRefused) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success(outcome))
    return redirect("grants:claim-detail", pk=claim.pk)


@login_required
@post_on_visible(selectors.claim_visible_or_404)
def claim_audit_run(request, pk):
    return _claim_action(
        request,
        pk,
        permissions.check_audit_claim,
        claim_audit,
        lambda result: (
            ngettext(
                "The rules checked %(count)s line. Your decisions were kept.",
                "The rules checked %(count)s lines. Your decisions were kept.",
                len(result.invoices),
            )
            % {"count": format_number(len(result.invoices))}
        ),
    )


@login_required
@post_on_visible(selectors.claim_visible_or_404)
def claim_accept_clean(request, pk):
    return _claim_action(
        request,
        pk,
        permissions.check_audit_claim,
        lambda claim: claim_accept_clean_lines(claim=claim, auditor=request.user),
        lambda count: (
            ngettext("%(count)s clean line accepted.", "%(count)s clean lines accepted.", count)
            % {"count": format_number(count)}
        ),
    )


@login_required
def claim_sign(request, pk):
    """Sign-off is final: GET shows what it means for this claim, and only a confirmed POST acts."""
    return _confirmed_claim_action(
        request,
        pk,
        permissions.check_audit_claim,
        "grants/claim_confirm_sign_off.html",
        lambda claim: claim_sign_off(claim=claim, auditor=request.user),
        lambda _claim: _("The claim is signed off. Its totals are final."),
    )


@login_required
def claim_submit_view(request, pk):
    # Whether the user may submit at all is the role; a claim already submitted (a double
    # click) is the service's refusal, said as a message rather than a 403.
    return _confirmed_claim_action(
        request,
        pk,
        permissions.check_submit_claim,
        "grants/claim_confirm_submit.html",
        lambda claim: claim_submit(claim=claim, user=request.user),
        lambda _claim: _("The claim is submitted to the auditors."),
    )


def _confirmed_claim_action(request, pk, check, template, action, success):
    """A claim action asked on a confirmation page: GET shows it, a POST with `confirm` acts.

    A POST without `confirm` (an old page's one-click button) only leads to the page.
    """
    claim = selectors.claim_visible_or_404(request.user, pk)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    check(request.user, claim)
    if request.method == "POST" and ConfirmForm(request.POST).is_confirmed():
        return _claim_action(request, pk, check, action, success)
    if request.method == "POST":
        return redirect(request.path)
    return render(
        request,
        template,
        {"claim": claim, "pending_lines": claim.invoices.pending_audit().count(), "lines": claim.invoices.count()},
    )


@login_required
def claim_export(request, pk):
    claim = selectors.claim_visible_or_404(request.user, pk)
    lang = request.GET.get("lang") or request.LANGUAGE_CODE
    if lang not in {"nl", "fr", "es", "en"}:
        raise Http404("Unknown language")
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")
    claim_audit_workbook(claim, lang, handle.name)
    handle.seek(0)
    filename = f"audit-{claim.holder_code}-{claim.year}-{lang}.xlsx"
    record_access(request, AccessAction.EXPORTED, f"claim {claim} {lang}")
    return FileResponse(handle, as_attachment=True, filename=filename)


@login_required
def invoice_detail(request, pk, line):
    claim = selectors.claim_visible_or_404(request.user, pk)
    invoice = get_object_or_404(
        selectors.invoice_page_details(Invoice.objects.select_related("decision__auditor")), claim=claim, line=line
    )
    invoice.claim = claim
    can_audit = permissions.may_audit_claim(request.user, claim)
    can_answer = permissions.may_answer_invoice(request.user, invoice)
    decision = getattr(invoice, "decision", None)
    decision_form = DecisionForm(
        initial={
            "verdict": decision.verdict if decision else _suggested(invoice),
            "accepted_eur": decision.accepted_eur if decision else invoice.accepted_eur,
            "reason_codes": decision.reason_codes
            if decision
            else sorted({f.rule_code for f in invoice.findings.all()}),
            "comment": decision.comment if decision else "",
            "version": decision.version if decision else 0,
        }
    )
    answer_form = AnswerForm()
    if request.method == "POST":
        action = InvoiceActionForm(request.POST)
        posted = action.cleaned_data["form"] if action.is_valid() else None
        if posted == ANSWER:
            permissions.check_answer_invoice(request.user, invoice)
            answer_form = AnswerForm(request.POST, request.FILES)
            if answer_form.is_valid():
                try:
                    invoice_answer(
                        invoice=invoice,
                        user=request.user,
                        comment=answer_form.cleaned_data["comment"],
                        upload=answer_form.cleaned_data["document"],
                    )
                except DecisionRefused as error:
                    messages.error(request, str(error))
                else:
                    messages.success(request, _("Your answer was sent to the auditor."))
                    return redirect(request.path)
        elif posted == DECISION:
            permissions.check_audit_claim(request.user, claim)
            decision_form = DecisionForm(request.POST)
            if decision_form.is_valid():
                data = decision_form.cleaned_data
                try:
                    invoice_decide(
                        invoice=invoice,
                        auditor=request.user,
                        verdict=data["verdict"],
                        accepted_eur=data["accepted_eur"],
                        reason_codes=data["reason_codes"],
                        comment=data["comment"],
                        seen_version=data["version"],
                    )
                except DecisionConflict as error:
                    messages.error(request, str(error))
                    return redirect(request.path)
                except DecisionRefused as error:
                    decision_form.add_error(None, str(error))
                else:
                    messages.success(request, _("Decision on line %(line)s saved.") % {"line": invoice.line})
                    following = _neighbour(claim, invoice.line, after=True)
                    if following is not None and action.cleaned_data["next"]:
                        return redirect("grants:invoice-detail", pk=claim.pk, line=following)
                    return redirect(request.path)
        else:
            raise PermissionDenied(_("You cannot change this invoice."))
    history = list(decision.history.select_related("history_user").order_by("-history_date")[:20]) if decision else []
    return render(
        request,
        "grants/invoice_detail.html",
        {
            "claim": claim,
            "invoice": invoice,
            "decision": decision,
            "findings": [(f, finding_text(f.message, f.message_params)) for f in invoice.findings.all()],
            "reason_labels": [
                (code, REASON_LABELS.get(code, code)) for code in (decision.reason_codes if decision else [])
            ],
            "history": history,
            "previous_line": _neighbour(claim, invoice.line, after=False),
            "next_line": _neighbour(claim, invoice.line, after=True),
            "can_audit": can_audit,
            "can_answer": can_answer,
            "decision_form": decision_form,
            "answer_form": answer_form,
            "scan_documents": shown_documents(invoice, claim),
        },
    )


def _suggested(invoice):
    return (
        invoice.engine_verdict if invoice.engine_verdict in {"eligible", "partial", "ineligible", "needs_info"} else ""
    )


def _neighbour(claim, line, *, after):
    lines = Invoice.objects.filter(claim=claim)
    if after:
        return lines.filter(line__gt=line).order_by("line").values_list("line", flat=True).first()
    return lines.filter(line__lt=line).order_by("-line").values_list("line", flat=True).first()


@login_required
@post_on_visible(selectors.claim_visible_or_404)
def claim_scans_upload(request, pk):
    """Add invoice scans and proofs of payment to a claim; a refused batch is listed file by file."""
    claim = selectors.claim_visible_or_404(request.user, pk)
    permissions.check_add_scans(request.user, claim)
    form = ScanUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_scans_section(claim))
    try:
        attachments = claim_scans_add(
            claim, [(upload.name, upload.read()) for upload in form.cleaned_data["scans"]], request.user
        )
    except ScansRefused as refused:
        return render(request, "grants/scans_refused.html", {"claim": claim, "refused": refused}, status=400)
    messages.success(request, scans_added_text(attachments))
    return redirect(_scans_section(claim))


@login_required
@post_on_visible(selectors.claim_visible_or_404)
def claim_scan_pair(request, pk, attachment_id):
    """Pair one of the claim's files with a line by hand; no line unpairs it."""
    claim = selectors.claim_visible_or_404(request.user, pk)
    attachment = get_object_or_404(
        InvoiceAttachment.objects.exclude(kind=AttachmentKind.ANSWER), pk=attachment_id, claim=claim
    )
    permissions.check_add_scans(request.user, claim)
    form = ScanPairForm(request.POST, lines=Invoice.objects.filter(claim=claim))
    if not form.is_valid():
        messages.error(request, _("There is no line %(line)s in this claim.") % {"line": request.POST.get("line", "")})
        return redirect(_scans_section(claim))
    try:
        scan_pair(attachment, form.cleaned_data["line"], request.user)
    except ScansRefused as refused:
        for refusal in refused.refusals:
            messages.error(request, refusal.reason)
    else:
        line = form.cleaned_data["line"]
        if line is None:
            messages.success(request, _("%(file)s is no longer paired with a line.") % {"file": attachment})
        else:
            messages.success(
                request, _("%(file)s is paired with line %(line)s.") % {"file": attachment, "line": line.line}
            )
    return redirect(_scans_section(claim))


@login_required_or_401
def claim_scans_progress_view(request, pk):
    """How far the reading of the claim's scans is, as JSON, for the claim page to follow it."""
    claim = selectors.claim_visible_or_404(request.user, pk)
    progress = claim_scans_progress(claim)
    return JsonResponse(
        {
            "scans": progress.scans,
            "read": progress.read,
            "waiting": progress.waiting,
            "failed": progress.failed,
            "text": scans_progress_text(progress),
        }
    )


def scans_progress_text(progress):
    return ngettext(
        "%(read)s of %(count)s scan read",
        "%(read)s of %(count)s scans read",
        progress.scans,
    ) % {"read": format_number(progress.read), "count": format_number(progress.scans)}


def _scans_section(claim):
    return reverse("grants:claim-detail", kwargs={"pk": claim.pk}) + "#scans"


@login_required
def attachment_download(request, pk, attachment_id):
    claim = selectors.claim_visible_or_404(request.user, pk)
    attachment = get_object_or_404(InvoiceAttachment.objects.select_related("invoice"), pk=attachment_id, claim=claim)
    line = f"line {attachment.invoice.line}" if attachment.invoice_id else "not paired with a line"
    return stored_file_response(request, attachment.file, f"attachment {attachment.pk} of claim {claim}, {line}")


@login_required
def attachment_page(request, pk, attachment_id, number):
    """One page of a scan or proof as a picture for the invoice page, once the worker has drawn it.

    Not in the access log, which records files taken out of CityLink: this is the invoice
    page showing the document, as it shows the line; the file itself leaves through
    attachment_download, logged.
    """
    claim = selectors.claim_visible_or_404(request.user, pk)
    attachment = get_object_or_404(InvoiceAttachment, pk=attachment_id, claim=claim)
    try:
        path = page_file(attachment, number)
    except (DocumentUnreadable, LookupError):
        # Pages are drawn by the worker only (the invoice page asks for them): one not drawn yet
        # is not found, as one beyond the last.
        raise Http404("No such page, or not drawn yet") from None
    try:
        picture = path.open("rb")
    except FileNotFoundError:
        # Cleared away since: the next look at the invoice page has it drawn again.
        raise Http404("No such page, or not drawn yet") from None
    response = FileResponse(picture, content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response
