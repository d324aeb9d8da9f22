from django.urls import path

from . import views

app_name = "access"
urlpatterns = [
    path("emergency/", views.emergency_open, name="emergency_open"),
]
