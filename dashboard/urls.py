from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", views.index, name="index"),
    path(
        "dashboard/export/<slug:section>.<str:file_format>",
        views.export,
        name="export",
    ),
]
