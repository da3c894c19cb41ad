from django.urls import path

from reporting import annual_views, iati_views, report_views, views

app_name = "reporting"

urlpatterns = [
    path("reports/", report_views.report_list, name="report-list"),
    path("reports/period/", report_views.reporting_period, name="reporting-period"),
    path("reports/<int:pk>/", report_views.report_detail, name="report-detail"),
    path("reports/<int:pk>/sections/<str:section>/", report_views.report_section, name="report-section"),
    path("reports/<int:pk>/values/", report_views.report_values, name="report-values"),
    path("reports/<int:pk>/evidence/", report_views.report_evidence, name="report-evidence"),
    path("reports/<int:pk>/evidence/<int:evidence_id>/", report_views.evidence_download, name="evidence-download"),
    path("reports/<int:pk>/sections/<str:section>/comments/", report_views.report_comment, name="report-comment"),
    path(
        "reports/<int:pk>/<str:status>/",
        report_views.report_move,
        name="report-move",
    ),
    path("annual-reports/", annual_views.annual_report_list, name="annual-report-list"),
    path("annual-reports/<int:pk>/", annual_views.annual_report_detail, name="annual-report-detail"),
    path("annual-reports/<int:pk>/download/", annual_views.annual_report_download, name="annual-report-download"),
    path(
        "programmes/<str:code>/annual-report/<int:year>/",
        annual_views.annual_report_page,
        name="annual-report-page",
    ),
    path("programmes/<str:code>/charts/<str:name>.png", annual_views.programme_chart, name="programme-chart"),
    path("objectives/", views.objective_list, name="objective-list"),
    path("programmes/<str:programme>/objectives/<str:code>/", views.objective_detail, name="objective-detail"),
    path("programmes/<str:code>/results/", views.programme_results, name="programme-results"),
    path(
        "programmes/<str:code>/results/indicators/<int:pk>/<int:year>/",
        views.programme_value,
        name="programme-value",
    ),
    path(
        "programmes/<str:code>/results/values/<int:pk>/evidence/",
        views.programme_evidence,
        name="programme-evidence",
    ),
    path("programmes/<str:code>/narrative/<int:year>/", views.programme_narrative, name="programme-narrative"),
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
    path("programmes/<str:code>/iati.xml", iati_views.programme_iati_download, name="iati-export"),
]
