from django.urls import path

from partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("", views.partnership_list, name="partnership-list"),
    path("<str:code>/", views.partnership_detail, name="partnership-detail"),
]
