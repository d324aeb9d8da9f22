from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.search, name="search"),
    path("persons/<int:person_id>/", views.person_trail, name="person_trail"),
]
