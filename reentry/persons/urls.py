from django.urls import path

from . import views

app_name = "persons"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/edit/", views.person_edit, name="edit"),
    path("<int:person_id>/transfer/", views.person_transfer, name="transfer"),
    path("<int:person_id>/merge/", views.person_merge, name="merge"),
    path("<int:person_id>/status/", views.person_status, name="status"),
    path("<int:person_id>/photo/", views.person_photo, name="photo"),
    path("<int:person_id>/photo/upload/", views.person_photo_upload, name="photo_upload"),
    path("<int:person_id>/notices/new/", views.notice_create, name="notice_create"),
    path("<int:person_id>/notices/<int:notice_id>/intake/", views.intake_edit, name="intake_edit"),
    path("<int:person_id>/sentences/new/", views.sentence_create, name="sentence_create"),
    path(
        "<int:person_id>/notices/<int:notice_id>/intake.pdf",
        views.intake_sheet,
        name="intake_sheet",
    ),
    path(
        "<int:person_id>/notices/<int:notice_id>/commitment.pdf",
        views.commitment,
        name="commitment",
    ),
]
