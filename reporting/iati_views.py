"""Download of a programme's IATI activity file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from partnerships.access_log import record_access
from partnerships.downloads import safe_filename
from partnerships.models import AccessAction
from reporting import iati
from reporting.selectors import whole_programme_or_404

# A programme's file is the same for everyone who asks within a minute: it is made once and
# handed out from the cache, instead of thousands of elements rebuilt for each download.
FILE_CACHE_SECONDS = 60


@login_required
def programme_iati_download(request, code):
    programme = whole_programme_or_404(request.user, code)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    try:
        content = _file_of(programme)
    except iati.NothingToPublish:
        messages.warning(
            request,
            _("Programme %(code)s has no partnerships yet: there is nothing to publish in IATI.")
            % {"code": programme.code},
        )
        return redirect(programme)
    response = HttpResponse(content, content_type="application/xml; charset=utf-8")
    record_access(request, AccessAction.EXPORTED, f"IATI file {programme.code}")
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(f"iati-{programme.code}.xml"))
    return response


def _file_of(programme):
    key = f"iati-file:{programme.pk}"
    content = cache.get(key)
    if content is None:
        content = iati.iati_bytes(iati.programme_iati(programme))
        cache.set(key, content, FILE_CACHE_SECONDS)
    return content
