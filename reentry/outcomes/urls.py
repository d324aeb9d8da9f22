from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns = [
    path(
        "<int:person_id>/classifications/new/",
        views.classification_create,
        name="classification_create",
    ),
]
