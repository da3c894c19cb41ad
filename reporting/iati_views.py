"""Download of a programme's IATI activity file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from grants.selectors import programmes_visible_to
from partnerships.access_log import record_access
from partnerships.downloads import safe_filename
from partnerships.models import AccessAction
from partnerships.selectors import sees_whole_programme
from reporting import iati


@login_required
def programme_iati_download(request, code):
    # The file covers every partnership of the programme: only who sees them all may
    # have it, and anyone else gets the same 404 as for a programme that does not exist.
    if not sees_whole_programme(request.user):
        raise Http404("No such programme")
    programme = get_object_or_404(programmes_visible_to(request.user), code=code)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    try:
        root = iati.programme_iati(programme)
    except iati.NothingToPublish:
        messages.warning(
            request,
            _("Programme %(code)s has no partnerships yet: there is nothing to publish in IATI.")
            % {"code": programme.code},
        )
        return redirect(programme)
    response = HttpResponse(iati.iati_bytes(root), content_type="application/xml; charset=utf-8")
    record_access(request, AccessAction.EXPORTED, f"IATI file {programme.code}")
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(f"iati-{programme.code}.xml"))
    return response
