from django.urls import path
from django.views.decorators.cache import never_cache

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", never_cache(views.initiative_list), name="list"),
    path("new/", never_cache(views.initiative_create), name="create"),
    path("partners/", never_cache(views.partner_list), name="partners"),
    path("partners/new/", never_cache(views.partner_create), name="partner_create"),
    path("partners/<int:partner_id>/", never_cache(views.partner_detail), name="partner"),
    path("<int:initiative_id>/", never_cache(views.initiative_detail), name="detail"),
    path("<int:initiative_id>/edit/", never_cache(views.initiative_edit), name="edit"),
    path("<int:initiative_id>/members/new/", never_cache(views.member_create), name="member"),
    path("<int:initiative_id>/assign/", never_cache(views.person_assign), name="assign"),
    path(
        "<int:initiative_id>/members/<int:member_id>/leave/",
        never_cache(views.member_leave),
        name="member_leave",
    ),
    path(
        "<int:initiative_id>/assignments/<int:assignment_id>/end/",
        never_cache(views.assignment_end),
        name="assignment_end",
    ),
]
