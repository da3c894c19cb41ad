"""Two-factor sign-in with a time-based code (TOTP, django-otp) from an authenticator app.

Required for the programme team and auditors when REQUIRE_2FA is on; anyone else may
turn it on, and then it is asked of them too. After the password, a person without a
confirmed device sets one up (QR code and key), a person with one types its code.
"""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerships.selectors import is_auditor, is_programme_team

DEVICE_NAME = "authenticator"
HAS_DEVICE = "has_second_factor_device"
# Pages a signed-in person reaches before the second factor: the two-factor pages
# themselves, signing out, switching language, and what the pages need to show.
OPEN_PATHS = ("/accounts/two-factor/", "/accounts/logout/", "/language/", "/static/", "/healthz")


def role_requires_second_factor(user):
    # Asked on every request, so that a person given a team role while signed in passes
    # the second factor at their next page; the memberships are loaded once per request.
    return settings.REQUIRE_2FA and (is_programme_team(user) or is_auditor(user))


def second_factor_required(user):
    return user.is_authenticated and (role_requires_second_factor(user) or user_has_device(user))


def remember_device_at_sign_in(sender, request, user, **kwargs):
    """Connected to user_logged_in in PartnershipsConfig.ready().

    Whether the person has an authenticator is looked up once per sign-in and kept in the
    session, instead of asked of the database on every page: a device confirmed while
    they are signed in elsewhere counts from their next sign-in.
    """
    request.session[HAS_DEVICE] = user_has_device(user)


def _has_device(request):
    """As found at sign-in; a session begun before this was kept is looked up now."""
    has_device = request.session.get(HAS_DEVICE)
    if has_device is None:
        has_device = request.session[HAS_DEVICE] = user_has_device(request.user)
    return has_device


class TwoFactorMiddleware:
    """Send a person who signed in with a password only to the second step, until they pass it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PATHS)
            and (role_requires_second_factor(user) or _has_device(request))
        ):
            step = "two-factor-verify" if user_has_device(user) else "two-factor-setup"
            return redirect(f"{reverse(step)}?next={request.get_full_path()}")
        return self.get_response(request)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not self.device.verify_token(token):
            raise forms.ValidationError(_("This code is not right or has expired. Type the code your app shows now."))
        return token


class SetupForm(TokenForm):
    """Adding an authenticator asks for the password again: a session left open on a
    shared computer must not be enough to tie someone's account to another phone."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["password", "token"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["token"].widget.attrs.pop("autofocus")
        self.fields["password"].widget.attrs["autofocus"] = True

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password

    def clean_token(self):
        # A wrong password stops here, before the code is tried and counted against the device.
        if "password" not in self.cleaned_data:
            return self.cleaned_data.get("token")
        return super().clean_token()


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


def _pending_device(user):
    """The device being set up: created once, kept unconfirmed until a first right code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@login_required
def two_factor_setup(request):
    if user_has_device(request.user):
        return redirect(f"{reverse('two-factor-verify')}?next={_next_url(request)}")
    device = _pending_device(request.user)
    form = SetupForm(request.POST or None, device=device, user=request.user)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # Sessions signed in elsewhere with the password alone end now, not at their
        # next sign-in; this one goes on under a new key.
        request.user.end_sessions()
        update_session_auth_hash(request, request.user)
        otp_login(request, device)
        return redirect(_next_url(request))
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4),
            "key": _grouped(device.bin_key),
            "required": second_factor_required(request.user),
            "next": _next_url(request),
        },
    )


@login_required
def two_factor_verify(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect(f"{reverse('two-factor-setup')}?next={_next_url(request)}")
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        _passed(request, device)
        return redirect(_next_url(request))
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)})


def _passed(request, device):
    # A new session key once the second factor is passed, as after the password.
    request.session.cycle_key()
    otp_login(request, device)


def _grouped(key_bytes):
    """The secret in base 32 by groups of four, for people who type it instead of scanning."""
    text = base64.b32encode(key_bytes).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
