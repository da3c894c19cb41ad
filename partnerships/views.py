import hashlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.paging import paginate
from core.panels import render_panels
from partnerships import selectors
from partnerships.access_log import client_ip
from partnerships.filters import PartnershipFilter
from partnerships.forms import LanguageForm
from partnerships.models import Membership, Municipality
from partnerships.password_reset import QueuedPasswordResetForm

PAGE_SIZE = 25


@login_required
def home(request):
    """What waits for the reader, by role; under it the programme at a glance for those who see all of it."""
    whole_programme = selectors.sees_whole_programme(request.user)
    return render(
        request,
        "partnerships/home.html",
        {
            "queue": render_panels("queue", request),
            "panels": render_panels("home", request) if whole_programme else [],
            "sees_whole_programme": whole_programme,
            "own_partnership": None if whole_programme else selectors.home_partnership(request.user),
        },
    )


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
        Membership.objects.filter(partnership=partnership).select_related("user").order_by("role", "user__last_name")
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
    is_valid = form.is_valid()
    # Back to the page even when the language is refused: the switch then changes nothing.
    next_url = form.cleaned_data.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if is_valid:
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


# Password reset e-mails per hour: to one address, and asked from one client address.
RESET_LIMIT_PER_EMAIL = 3
RESET_LIMIT_PER_CLIENT = 10
RESET_WINDOW_SECONDS = 60 * 60


def _over_limit(key, limit):
    """Count one request in this hour's window and say whether it is past the limit."""
    cache.add(key, 0, RESET_WINDOW_SECONDS)
    try:
        return cache.incr(key) > limit
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, RESET_WINDOW_SECONDS)
        return False


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, sending at most a few e-mails per address and per client.

    Past a limit nothing is sent but the page answers exactly as usual, so it tells
    nobody whether an address exists or is being flooded.
    """

    form_class = QueuedPasswordResetForm

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        email_key = "password-reset:email:" + hashlib.sha256(email.encode()).hexdigest()
        client_key = f"password-reset:client:{client_ip(self.request) or 'unknown'}"
        # Both counted every time, so a client that floods one address also uses up its own.
        over_email = _over_limit(email_key, RESET_LIMIT_PER_EMAIL)
        over_client = _over_limit(client_key, RESET_LIMIT_PER_CLIENT)
        if over_email or over_client:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
