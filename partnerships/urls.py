from django.urls import path

from partnerships import access_views, views

app_name = "partnerships"

urlpatterns = [
    path("", views.partnership_list, name="partnership-list"),
    # Before the partnership codes, which would otherwise take "access-log" for one.
    path("access-log/", access_views.access_log, name="access-log"),
    path("<str:code>/", views.partnership_detail, name="partnership-detail"),
]
