from django.urls import path

from . import views

app_name = "geography"
urlpatterns = [
    path("", views.unit_browser, name="unit_browser"),
    path("<str:code>/", views.unit_browser, name="unit_detail"),
]
