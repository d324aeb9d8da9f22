from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("units/<str:code>/", views.UnitDetailView.as_view(), name="unit_detail"),
]
