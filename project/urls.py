from django.contrib import admin
from django.urls import include, path

from core.sessions import SignOutView
from partnerships import two_factor
from partnerships import views as partnership_views
from project import health

urlpatterns = [
    path("", partnership_views.home, name="home"),
    path("language/", partnership_views.language_change, name="language-change"),
    path("accounts/two-factor/setup/", two_factor.two_factor_setup, name="two-factor-setup"),
    path("accounts/two-factor/verify/", two_factor.two_factor_verify, name="two-factor-verify"),
    # Before Django's own, which they replace: a throttled password reset, a sign-out
    # that clears what the site stored in the browser.
    path("accounts/password_reset/", partnership_views.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("accounts/logout/", SignOutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("reporting.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("", include("grants.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]
