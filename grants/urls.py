from django.urls import path

from grants import views

app_name = "grants"

urlpatterns = [
    path("", views.programme_list, name="programme-list"),
    path("<str:code>/", views.programme_detail, name="programme-detail"),
    path("<str:code>/budget-plan.png", views.programme_budget_chart, name="programme-budget-chart"),
]
