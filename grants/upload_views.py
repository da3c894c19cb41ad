"""Upload of an expense statement: check, preview, then import on confirmation."""

import io
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files import File
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from core.formatting import format_number
from core.printable import printable_text, safe_text
from grants import permissions, selectors
from grants.forms import LINE_PREFIX, StatementModeForm, StatementUploadForm
from grants.models import ClaimStatus, ExpenseClaim, InvoiceCategory
from grants.pending_uploads import scans_keep, scans_kept, upload_folder
from grants.scan_matching import match_file_names
from grants.services.imports import (
    ImportRefused,
    claim_check,
    claim_import,
    claim_lines_delete,
    statement_check,
    statement_parse,
)
from grants.services.scans import ScansRefused, claim_scans_add, scans_added_text, uploaded_scans_checked
from grants.statement_files import StatementFileError, statement_rows
from grants.statement_template import statement_columns, template_language, template_workbook
from partnerships.access_log import record_access
from partnerships.downloads import safe_filename
from partnerships.models import AccessAction
from partnerships.selectors import partnerships_visible_to

SESSION_KEY = "statement_uploads"
ERROR_FILL = PatternFill("solid", fgColor="F8D7DA")
# What a statement does to a draft claim that already has lines.
ADD, REPLACE = "add", "replace"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _importable_partnerships(user):
    return [p for p in partnerships_visible_to(user).order_by("code") if permissions.may_import_claim(user, p)]


def _importable_lines(user):
    return list(selectors.association_lines_importable_by(user))


def _mode(value):
    return REPLACE if value == REPLACE else ADD


def _posted_mode(request):
    form = StatementModeForm(request.POST)
    return form.cleaned_data["mode"] if form.is_valid() else ""


def _initial_for(user, claim_id):
    """The upload form filled in for a claim the page was opened from (its "replace" link)."""
    if not str(claim_id or "").isdigit():
        return {}
    claim = selectors.claims_visible_to(user).select_related("partnership", "budget_line").filter(pk=claim_id).first()
    if claim is None:
        return {}
    holder = claim.partnership.code if claim.partnership_id else f"{LINE_PREFIX}{claim.budget_line.code}"
    return {"partnership": holder, "year": claim.year}


def _pending_upload(request, token):
    """Return the upload and what its claim belongs to: {"partnership": ...} or {"budget_line": ...}."""
    upload = request.session.get(SESSION_KEY, {}).get(str(token))
    if upload is None or not Path(upload["path"]).is_file():
        raise Http404("No such upload")
    target = upload["partnership"]
    if target.startswith(LINE_PREFIX):
        line = selectors.association_lines_importable_by(request.user).filter(code=target[len(LINE_PREFIX) :]).first()
        holder = {"budget_line": line} if line else None
    else:
        partnership = next((p for p in _importable_partnerships(request.user) if p.code == target), None)
        holder = {"partnership": partnership} if partnership else None
    if holder is None:
        raise Http404("No such upload")
    return upload, holder


@login_required
def statement_upload(request):
    permissions.check_import_statements(request.user)
    partnerships = _importable_partnerships(request.user)
    budget_lines = _importable_lines(request.user)
    form = StatementUploadForm(
        request.POST or None,
        request.FILES or None,
        partnerships=partnerships,
        budget_lines=budget_lines,
        initial=_initial_for(request.user, request.GET.get("claim")),
    )
    mode = _mode(_posted_mode(request) or request.GET.get("mode"))
    scans, refusals = [], []
    if request.method == "POST" and form.is_valid():
        scans = [(Path(upload.name).name, upload.read()) for upload in form.cleaned_data["scans"]]
        # All-or-nothing from the start: a bad scan is said now, not after the preview.
        accepted, refusals = uploaded_scans_checked(scans)
    if request.method == "POST" and form.is_valid() and not refusals:
        token = str(uuid.uuid4())
        path = upload_folder() / f"{token}.upload"
        with path.open("wb") as target:
            for chunk in form.cleaned_data["file"].chunks():
                target.write(chunk)
        uploads = request.session.get(SESSION_KEY, {})
        uploads[token] = {
            "path": str(path),
            "name": Path(form.cleaned_data["file"].name).name,
            "partnership": form.cleaned_data["partnership"],
            "year": form.cleaned_data["year"],
            "mode": mode,
        }
        if scans:
            scans_path = upload_folder() / f"{token}-scans.upload"
            scans_keep(scans_path, scans)
            uploads[token]["scans"] = {"path": str(scans_path), "names": [scan.name for scan in accepted]}
        request.session[SESSION_KEY] = uploads
        return redirect("grants:claim-upload-preview", token=token)
    return render(
        request,
        "grants/statement_upload.html",
        {"form": form, "mode": mode, "columns": statement_columns(get_language()), "scan_refusals": refusals},
        status=400 if refusals else 200,
    )


@login_required
def statement_template(request):
    """The XLSX template of a statement, its column titles in the reader's language."""
    permissions.check_import_statements(request.user)
    language = template_language(get_language())
    response = HttpResponse(template_workbook(language), content_type=XLSX_TYPE)
    name = safe_filename(_("expense-statement") + f"-{language}.xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def statement_preview(request, token):
    """Check the file against the claim it goes to, as the import will; import on confirmation.

    The preview and the import run the same checks (claim_check): a preview without errors
    imports, unless the claim changed in between.
    """
    upload, holder = _pending_upload(request, token)
    mode = _mode(_posted_mode(request) or request.GET.get("mode") or upload.get("mode"))
    context = {"upload": upload, "holder_code": next(iter(holder.values())).code, "token": token, "mode": mode}
    with open(upload["path"], "rb") as handle:
        try:
            preview = statement_parse(File(handle, name=upload["name"]), settings.STATEMENT_UPLOAD_MAX_ROWS)
        except StatementFileError as error:
            context["file_error"] = str(error)
            return render(request, "grants/statement_preview.html", context)
    replace = mode == REPLACE
    scans = upload.get("scans")
    if scans:
        context["scans_sent"] = len(scans["names"])
        numbers = {row["line"]: row.get("invoice_number") or "" for row in preview.rows}
        context["scans_matched"] = sum(
            1 for match in match_file_names(scans["names"], numbers).values() if match.line is not None
        )
    if preview.is_valid and request.method == "POST":
        try:
            # The lines and their scans go in together, or neither does.
            with transaction.atomic():
                claim, count = claim_import(
                    **holder, year=upload["year"], preview=preview, user=request.user, replace=replace
                )
                attachments = claim_scans_add(claim, scans_kept(scans["path"]), request.user) if scans else []
        except ScansRefused as refused:
            messages.error(request, str(refused))
            for refusal in refused.refusals:
                messages.error(request, _refusal_text(refusal))
            context["claim_refused"] = True
        except ImportRefused as error:
            messages.error(request, str(error))
            # Errors of rows are listed with the others; a refusal of the claim leaves nothing to confirm.
            context["claim_refused"] = preview.is_valid
        else:
            _forget(request, token, upload)
            messages.success(
                request,
                ngettext(
                    "%(count)s line imported into the claim %(claim)s.",
                    "%(count)s lines imported into the claim %(claim)s.",
                    count,
                )
                % {"count": format_number(count), "claim": claim},
            )
            if attachments:
                messages.success(request, scans_added_text(attachments))
            return redirect("grants:claim-detail", pk=claim.pk)
    elif preview.is_valid:
        try:
            claim_check(preview, **holder, year=upload["year"], replace=replace)
        except ImportRefused as error:
            context["claim_error"] = str(error)
    if not context.get("claim_error"):
        context["draft"], context["draft_lines"] = _draft_with_lines(holder, upload["year"])
    categories = dict(InvoiceCategory.choices)
    context.update(
        preview=preview,
        sample=preview.rows[:20],
        lines_read=preview.lines_read,
        totals_by_category=[
            (categories.get(code, code), totals) for code, totals in preview.totals_by_category.items()
        ],
    )
    return render(request, "grants/statement_preview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def claim_lines_delete_view(request, pk):
    """Delete every line of a draft claim, after a confirmation page."""
    claim = selectors.claim_visible_or_404(request.user, pk)
    permissions.check_change_draft_lines(request.user, claim)
    if request.method == "POST":
        try:
            count = claim_lines_delete(claim)
        except ImportRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s line deleted from the claim %(claim)s.",
                    "%(count)s lines deleted from the claim %(claim)s.",
                    count,
                )
                % {"count": format_number(count), "claim": claim},
            )
        return redirect("grants:claim-detail", pk=claim.pk)
    return render(request, "grants/claim_lines_delete.html", {"claim": claim, "line_count": claim.invoices.count()})


def _draft_with_lines(holder, year):
    """The draft claim the statement goes to and its number of lines; (None, 0) without one."""
    claim = ExpenseClaim.objects.filter(**holder, year=year, status=ClaimStatus.DRAFT).order_by().first()
    return (claim, claim.invoices.count()) if claim is not None else (None, 0)


def _refusal_text(refusal):
    if not refusal.name:
        return refusal.reason
    return _("%(file)s: %(reason)s") % {"file": refusal.name, "reason": refusal.reason}


def _forget(request, token, upload):
    Path(upload["path"]).unlink(missing_ok=True)
    if upload.get("scans"):
        Path(upload["scans"]["path"]).unlink(missing_ok=True)
    uploads = request.session.get(SESSION_KEY, {})
    uploads.pop(str(token), None)
    request.session[SESSION_KEY] = uploads


@login_required
def statement_errors_file(request, token):
    """Give the statement back as XLSX with its bad cells marked and the reasons beside them.

    The file is read once, within the upload pages' row limit, and written as it goes
    (openpyxl's write-only mode); the first ERRORS_KEPT errors are marked, as the page lists.
    """
    upload, holder = _pending_upload(request, token)
    with open(upload["path"], "rb") as handle:
        try:
            kind, header, raw_rows = statement_rows(
                File(handle, name=upload["name"]), settings.STATEMENT_UPLOAD_MAX_ROWS
            )
            rows = list(raw_rows)
        except StatementFileError:
            raise Http404("Unreadable file") from None
    preview = statement_check(kind, header, iter(rows))
    if preview.is_valid:
        # The same errors as the preview page: line numbers the draft already has.
        mode = _mode(request.GET.get("mode") or upload.get("mode"))
        try:
            claim_check(preview, **holder, year=upload["year"], replace=mode == REPLACE)
        except ImportRefused:
            pass
    errors_by_row = {}
    for error in preview.errors:
        errors_by_row.setdefault(error.row, []).append(error)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Statement"))
    title = _("Errors")
    if preview.error_count > len(preview.errors):
        title = _(
            "Errors: the first %(shown)s of %(total)s are marked; correct them and upload the file again to see the others."
        ) % {"shown": len(preview.errors), "total": preview.error_count}
    header_errors = _error_text(errors_by_row.get(1, []))
    sheet.append(
        [_bold(sheet, safe_text(value)) for value in header]
        + [_bold(sheet, title + ("\n" + header_errors if header_errors else ""))]
    )
    columns = {str(text).strip(): index for index, text in enumerate(header)}
    for number, values in rows:
        cells = [*map(safe_text, values), *([""] * (len(header) - len(values)))]
        row_errors = errors_by_row.get(number, [])
        for error in row_errors:
            index = columns.get(error.column)
            if index is not None:
                cell = WriteOnlyCell(sheet, cells[index])
                cell.fill = ERROR_FILL
                cell.comment = Comment(printable_text(error.message), "CityLink")
                cells[index] = cell
        sheet.append([*cells, _error_text(row_errors)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    name = safe_filename(Path(upload["name"]).stem + "-" + _("errors") + ".xlsx")
    record_access(
        request, AccessAction.EXPORTED, f"statement errors of {upload['name']} for {next(iter(holder.values())).code}"
    )
    return FileResponse(buffer, as_attachment=True, filename=name)


def _bold(sheet, value):
    cell = WriteOnlyCell(sheet, value)
    cell.font = Font(bold=True)
    return cell


def _error_text(errors):
    # A message quotes the value it refuses, control characters included.
    return printable_text("\n".join(error.message for error in errors))
