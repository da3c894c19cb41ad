from django.urls import path

from grants import claim_views, upload_views, views

app_name = "grants"

urlpatterns = [
    path("programmes/", views.programme_list, name="programme-list"),
    path("programmes/<str:code>/", views.programme_detail, name="programme-detail"),
    path(
        "programmes/<str:code>/budget-plan.png",
        views.programme_budget_chart,
        name="programme-budget-chart",
    ),
    path("claims/", claim_views.claim_list, name="claim-list"),
    path("claims/upload/", upload_views.statement_upload, name="claim-upload"),
    path("claims/upload/template.xlsx", upload_views.statement_template, name="claim-upload-template"),
    path("claims/upload/<uuid:token>/", upload_views.statement_preview, name="claim-upload-preview"),
    path(
        "claims/upload/<uuid:token>/errors.xlsx",
        upload_views.statement_errors_file,
        name="claim-upload-errors",
    ),
    path("claims/<int:pk>/", claim_views.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/lines/delete/", upload_views.claim_lines_delete_view, name="claim-lines-delete"),
    path("claims/<int:pk>/audit/", claim_views.claim_audit_run, name="claim-audit"),
    path("claims/<int:pk>/accept-clean/", claim_views.claim_accept_clean, name="claim-accept-clean"),
    path("claims/<int:pk>/sign-off/", claim_views.claim_sign, name="claim-sign-off"),
    path("claims/<int:pk>/submit/", claim_views.claim_submit_view, name="claim-submit"),
    path("claims/<int:pk>/audit.xlsx", claim_views.claim_export, name="claim-export"),
    path("claims/<int:pk>/lines/<int:line>/", claim_views.invoice_detail, name="invoice-detail"),
    path("claims/<int:pk>/scans/", claim_views.claim_scans_upload, name="claim-scans-upload"),
    path("claims/<int:pk>/scans/progress/", claim_views.claim_scans_progress_view, name="claim-scans-progress"),
    path(
        "claims/<int:pk>/scans/<int:attachment_id>/pair/",
        claim_views.claim_scan_pair,
        name="claim-scan-pair",
    ),
    path(
        "claims/<int:pk>/attachments/<int:attachment_id>/",
        claim_views.attachment_download,
        name="attachment-download",
    ),
    path(
        "claims/<int:pk>/attachments/<int:attachment_id>/pages/<int:number>.png",
        claim_views.attachment_page,
        name="attachment-page",
    ),
]
