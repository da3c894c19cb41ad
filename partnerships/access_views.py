"""The audit trail page: who signed in and who took which file, for the programme team."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from core.paging import paginate
from partnerships import selectors
from partnerships.filters import AccessEventFilter

PAGE_SIZE = 50


@login_required
def access_log(request):
    # Hidden like the other programme-team pages: anyone else gets the 404 of a page that does not exist.
    if not selectors.is_programme_team(request.user):
        raise Http404("No access log for this user")
    filterset = selectors.access_event_list(AccessEventFilter, request.GET)
    page, query = paginate(request, filterset.qs, PAGE_SIZE)
    return render(
        request,
        "partnerships/access_log.html",
        {"filter": filterset, "page": page, "query": query, "keep_days": settings.ACCESS_LOG_KEEP_DAYS},
    )
