from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("", views.outreach_list, name="list"),
    path("new/", views.outreach_create, name="create"),
]
