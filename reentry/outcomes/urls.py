from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns = [
    path("sealed/", views.sealed_search, name="sealed_search"),
    path("sealed/<int:person_id>/", views.sealed_detail, name="sealed_detail"),
    path("sealed/<int:person_id>/open/", views.sealed_open, name="sealed_open"),
    path(
        "<int:person_id>/classifications/new/",
        views.classification_create,
        name="classification_create",
    ),
    path("<int:person_id>/reoffences/new/", views.reoffence_create, name="reoffence_create"),
    path(
        "<int:person_id>/reoffences/<int:reoffence_id>/",
        views.reoffence_conclude,
        name="reoffence_conclude",
    ),
    path(
        "<int:person_id>/expungement/new/",
        views.expungement_record_create,
        name="expungement_record",
    ),
]
