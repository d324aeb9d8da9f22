from django.urls import path
from django.views.decorators.cache import never_cache

from . import views

# Personal data must not sit in a browser or proxy cache: every page here is no-store.

app_name = "persons"
urlpatterns = [
    path("", never_cache(views.person_list), name="list"),
    path("new/", never_cache(views.person_create), name="create"),
    path("<int:person_id>/", never_cache(views.person_detail), name="detail"),
    path("<int:person_id>/edit/", never_cache(views.person_edit), name="edit"),
    path("<int:person_id>/transfer/", never_cache(views.person_transfer), name="transfer"),
    path("<int:person_id>/merge/", never_cache(views.person_merge), name="merge"),
    path("<int:person_id>/status/", never_cache(views.person_status), name="status"),
    path("<int:person_id>/photo/", never_cache(views.person_photo), name="photo"),
    path(
        "<int:person_id>/photo/upload/", never_cache(views.person_photo_upload), name="photo_upload"
    ),
    path("<int:person_id>/notices/new/", never_cache(views.notice_create), name="notice_create"),
    path(
        "<int:person_id>/notices/<int:notice_id>/intake/",
        never_cache(views.intake_edit),
        name="intake_edit",
    ),
    path(
        "<int:person_id>/sentences/new/", never_cache(views.sentence_create), name="sentence_create"
    ),
    path(
        "<int:person_id>/sentences/<int:sentence_id>/edit/",
        never_cache(views.sentence_correct),
        name="sentence_correct",
    ),
    path(
        "<int:person_id>/sentences/<int:sentence_id>/delete/",
        never_cache(views.sentence_delete),
        name="sentence_delete",
    ),
    path(
        "<int:person_id>/notices/<int:notice_id>/intake.pdf",
        never_cache(views.intake_sheet),
        name="intake_sheet",
    ),
    path(
        "<int:person_id>/notices/<int:notice_id>/commitment.pdf",
        never_cache(views.commitment),
        name="commitment",
    ),
]
