from django.contrib import admin
from django.urls import include, path

from partnerships import views as partnership_views
from project import health

urlpatterns = [
    path("", partnership_views.home, name="home"),
    path("language/", partnership_views.language_change, name="language-change"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("reporting.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("", include("grants.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]
