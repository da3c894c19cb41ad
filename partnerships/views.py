from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from partnerships import selectors
from partnerships.filters import PartnershipFilter
from partnerships.forms import LanguageForm
from partnerships.models import Membership, Municipality
from partnerships.paging import paginate
from partnerships.panels import render_panels

PAGE_SIZE = 25


@login_required
def home(request):
    partnership = selectors.home_partnership(request.user)
    if partnership is not None:
        return redirect(partnership)
    if not selectors.sees_whole_programme(request.user):
        return redirect("partnerships:partnership-list")
    return render(request, "partnerships/home.html", {"panels": render_panels("home", request)})


@login_required
def partnership_list(request):
    visible = (
        selectors.partnerships_visible_to(request.user)
        .select_related("country", "sister_association")
        .prefetch_related("flemish_municipalities", "partner_municipalities", "themes")
    )
    filterset = PartnershipFilter(request.GET, queryset=visible)
    page, query = paginate(request, filterset.qs, PAGE_SIZE)
    return render(
        request,
        "partnerships/partnership_list.html",
        {"filter": filterset, "page": page, "query": query},
    )


@login_required
def partnership_detail(request, code):
    partnership = selectors.partnership_visible_or_404(request.user, code)
    municipalities = Municipality.objects.select_related("country")
    partnership = (
        type(partnership)
        .objects.select_related("country", "sister_association")
        .prefetch_related(
            Prefetch("flemish_municipalities", queryset=municipalities),
            Prefetch("partner_municipalities", queryset=municipalities),
            "themes",
        )
        .get(pk=partnership.pk)
    )
    people = (
        Membership.objects.filter(partnership=partnership)
        .select_related("user")
        .order_by("role", "user__last_name")
    )
    return render(
        request,
        "partnerships/partnership_detail.html",
        {
            "partnership": partnership,
            "people": people,
            "panels": render_panels("partnership", request, partnership=partnership),
        },
    )


@require_POST
def language_change(request):
    """Switch the language of the pages; for a signed-in user it is kept in the profile."""
    form = LanguageForm(request.POST)
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        translation.activate(language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response
