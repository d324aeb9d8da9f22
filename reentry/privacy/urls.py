from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("<int:person_id>/requests/", views.request_list, name="request_list"),
    path(
        "<int:person_id>/requests/<int:request_id>/",
        views.request_detail,
        name="request_detail",
    ),
    path(
        "<int:person_id>/requests/<int:request_id>/export.json",
        views.export_json,
        name="export_json",
    ),
    path(
        "<int:person_id>/requests/<int:request_id>/export.pdf",
        views.export_pdf,
        name="export_pdf",
    ),
]
