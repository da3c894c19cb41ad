from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("objectives/", views.objective_list, name="objective-list"),
    path("objectives/<str:code>/", views.objective_detail, name="objective-detail"),
    path("partnerships/<str:code>/results/", views.framework_detail, name="framework-detail"),
    path("partnerships/<str:code>/results/copy/", views.framework_copy_view, name="framework-copy"),
    path("partnerships/<str:code>/results/outcomes/new/", views.outcome_edit, name="outcome-create"),
    path("partnerships/<str:code>/results/outcomes/<int:pk>/", views.outcome_edit, name="outcome-edit"),
    path(
        "partnerships/<str:code>/results/outcomes/<int:outcome_pk>/indicators/new/",
        views.indicator_edit,
        name="indicator-create",
    ),
    path(
        "partnerships/<str:code>/results/outcomes/<int:outcome_pk>/indicators/<int:pk>/",
        views.indicator_edit,
        name="indicator-edit",
    ),
    path("partnerships/<str:code>/results/indicators/<int:pk>.png", views.indicator_chart, name="indicator-chart"),
]
