from django.urls import path
from django.views.decorators.cache import never_cache

from . import views

app_name = "support"
urlpatterns = [
    path("activities/", never_cache(views.activity_list), name="activities"),
    path("loans/", never_cache(views.loan_list), name="loans"),
    path("loans/proposed/", never_cache(views.loan_proposals), name="loan_proposals"),
    path(
        "<int:person_id>/support/new/", never_cache(views.activity_create), name="activity_create"
    ),
    path(
        "<int:person_id>/needs/new/", never_cache(views.assessment_create), name="assessment_create"
    ),
    path("<int:person_id>/plan/new/", never_cache(views.plan_create), name="plan_create"),
    path("<int:person_id>/loans/new/", never_cache(views.loan_create), name="loan_create"),
    path(
        "<int:person_id>/loans/<int:loan_id>/",
        never_cache(views.loan_status),
        name="loan_status",
    ),
    path(
        "<int:person_id>/jobs/new/", never_cache(views.employment_create), name="employment_create"
    ),
]
