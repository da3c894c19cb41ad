"""Upload of an expense statement: check, preview, then import on confirmation."""

import io
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from grants import selectors
from grants.exports import safe_text
from grants.forms import LINE_PREFIX, StatementUploadForm
from grants.models import InvoiceCategory
from grants.pending_uploads import upload_folder
from grants.services.imports import ImportRefused, claim_import, statement_check, statement_parse
from grants.statement_files import StatementFileError, statement_rows
from partnerships.access_log import record_access
from partnerships.downloads import safe_filename
from partnerships.models import AccessAction
from partnerships.printable import printable_text
from partnerships.selectors import partnerships_visible_to

SESSION_KEY = "statement_uploads"
ERROR_FILL = PatternFill("solid", fgColor="F8D7DA")


def _importable_partnerships(user):
    return [p for p in partnerships_visible_to(user).order_by("code") if selectors.can_import_claim(user, p)[0]]




def _pending_upload(request, token):
    """Return the upload and what its claim belongs to: {"partnership": ...} or {"budget_line": ...}."""
    upload = request.session.get(SESSION_KEY, {}).get(str(token))
    if upload is None or not Path(upload["path"]).is_file():
        raise Http404("No such upload")
    target = upload["partnership"]
    if target.startswith(LINE_PREFIX):
        line = selectors.association_lines_importable_by(request.user).filter(code=target[len(LINE_PREFIX):]).first()
        holder = {"budget_line": line} if line else None
    else:
        partnership = next((p for p in _importable_partnerships(request.user) if p.code == target), None)
        holder = {"partnership": partnership} if partnership else None
    if holder is None:
        raise Http404("No such upload")
    return upload, holder


@login_required
def statement_upload(request):
    partnerships = _importable_partnerships(request.user)
    budget_lines = list(selectors.association_lines_importable_by(request.user))
    if not partnerships and not budget_lines:
        raise PermissionDenied(_("Only the Flemish officer of a partnership and the auditors import statements."))
    form = StatementUploadForm(
        request.POST or None, request.FILES or None, partnerships=partnerships, budget_lines=budget_lines
    )
    if request.method == "POST" and form.is_valid():
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
        }
        request.session[SESSION_KEY] = uploads
        return redirect("grants:claim-upload-preview", token=token)
    return render(request, "grants/statement_upload.html", {"form": form})


@login_required
def statement_preview(request, token):
    upload, holder = _pending_upload(request, token)
    context = {"upload": upload, "holder_code": next(iter(holder.values())).code, "token": token}
    with open(upload["path"], "rb") as handle:
        try:
            preview = statement_parse(File(handle, name=upload["name"]), settings.STATEMENT_UPLOAD_MAX_ROWS)
        except StatementFileError as error:
            context["file_error"] = str(error)
            return render(request, "grants/statement_preview.html", context)
        if request.method == "POST" and preview.is_valid:
            try:
                claim, count = claim_import(**holder, year=upload["year"], preview=preview, user=request.user)
            except ImportRefused as error:
                messages.error(request, str(error))
            else:
                _forget(request, token, upload)
                messages.success(
                    request, _("%(count)s lines imported into the claim %(claim)s.") % {"count": count, "claim": claim}
                )
                return redirect("grants:claim-detail", pk=claim.pk)
    categories = dict(InvoiceCategory.choices)
    context.update(
        preview=preview,
        sample=preview.rows[:20],
        lines_read=len(preview.rows) + preview.bad_row_count,
        totals_by_category=[
            (categories.get(code, code), totals) for code, totals in preview.totals_by_category.items()
        ],
    )
    return render(request, "grants/statement_preview.html", context)


def _forget(request, token, upload):
    Path(upload["path"]).unlink(missing_ok=True)
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
    record_access(request, AccessAction.EXPORTED, f"statement errors of {upload['name']} for {next(iter(holder.values())).code}")
    return FileResponse(buffer, as_attachment=True, filename=name)


def _bold(sheet, value):
    cell = WriteOnlyCell(sheet, value)
    cell.font = Font(bold=True)
    return cell


def _error_text(errors):
    # A message quotes the value it refuses, control characters included.
    return printable_text("\n".join(error.message for error in errors))
