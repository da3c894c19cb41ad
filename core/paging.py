"""Pages of long lists, keeping the other query parameters (filters, sort) in the page links."""

from django.core.paginator import Paginator


def paginate(request, queryset, per_page):
    """Return the requested page and the query string of the other parameters, for page links."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
