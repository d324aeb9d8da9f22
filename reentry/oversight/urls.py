from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("", views.inspection_list, name="inspections"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/<int:inspection_id>/", views.inspection_detail, name="inspection"),
    path(
        "recommendations/<int:recommendation_id>/follow-up/",
        views.recommendation_follow_up,
        name="follow_up",
    ),
    path("commendations/", views.commendation_list, name="commendations"),
    path("commendations/new/", views.commendation_create, name="commendation_create"),
]
