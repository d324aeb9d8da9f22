from django.urls import path

from . import imports, initiatives, outcomes, oversight, persons, reports, support, views

app_name = "api"
urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("units/<str:code>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("persons/", persons.PersonListView.as_view(), name="person_list"),
    path("persons/<int:person_id>/", persons.PersonDetailView.as_view(), name="person_detail"),
    path(
        "persons/<int:person_id>/sentences/",
        persons.PersonSentencesView.as_view(),
        name="person_sentences",
    ),
    path(
        "persons/<int:person_id>/classifications/",
        outcomes.PersonClassificationsView.as_view(),
        name="person_classifications",
    ),
    path(
        "persons/<int:person_id>/expungement/",
        outcomes.PersonExpungementView.as_view(),
        name="person_expungement",
    ),
    path(
        "persons/<int:person_id>/transfer/",
        persons.PersonTransferView.as_view(),
        name="person_transfer",
    ),
    path("reoffences/", outcomes.ReoffenceListView.as_view(), name="reoffence_list"),
    path(
        "reoffences/<int:reoffence_id>/conclude/",
        outcomes.ReoffenceConcludeView.as_view(),
        name="reoffence_conclude",
    ),
    path("release-notices/", persons.ReleaseNoticeListView.as_view(), name="notice_list"),
    path(
        "release-notices/bulk/",
        imports.ReleaseNoticeBulkView.as_view(),
        name="notice_bulk",
    ),
    path("imports/", imports.ImportListView.as_view(), name="import_list"),
    path("imports/<int:batch_id>/", imports.ImportDetailView.as_view(), name="import_detail"),
    path(
        "imports/<int:batch_id>/commit/",
        imports.ImportCommitView.as_view(),
        name="import_commit",
    ),
    path("support-activities/", support.ActivityListView.as_view(), name="activity_list"),
    path("loans/", support.LoanListView.as_view(), name="loan_list"),
    path("employments/", support.EmploymentListView.as_view(), name="employment_list"),
    path("worklist/", support.WorklistView.as_view(), name="worklist"),
    path("assessments/", support.AssessmentListView.as_view(), name="assessment_list"),
    path("outreach-events/", support.OutreachListView.as_view(), name="outreach_list"),
    path("plans/", support.PlanListView.as_view(), name="plan_list"),
    path("initiatives/", initiatives.InitiativeListView.as_view(), name="initiative_list"),
    path(
        "initiatives/<int:initiative_id>/",
        initiatives.InitiativeDetailView.as_view(),
        name="initiative_detail",
    ),
    path(
        "initiative-members/",
        initiatives.InitiativeMemberListView.as_view(),
        name="initiative_member_list",
    ),
    path(
        "initiative-members/<int:member_id>/leave/",
        initiatives.InitiativeMemberLeaveView.as_view(),
        name="initiative_member_leave",
    ),
    path("assignments/", initiatives.AssignmentListView.as_view(), name="assignment_list"),
    path(
        "assignments/<int:assignment_id>/end/",
        initiatives.AssignmentEndView.as_view(),
        name="assignment_end",
    ),
    path("partners/", initiatives.PartnerListView.as_view(), name="partner_list"),
    path("inspections/", oversight.InspectionListView.as_view(), name="inspection_list"),
    path("reports/indicators/", reports.IndicatorReportView.as_view(), name="report_indicators"),
    path("reports/recidivism/", reports.RecidivismReportView.as_view(), name="report_recidivism"),
    path(
        "inspections/<int:inspection_id>/",
        oversight.InspectionDetailView.as_view(),
        name="inspection_detail",
    ),
    path(
        "recommendations/<int:recommendation_id>/follow-ups/",
        oversight.RecommendationFollowUpView.as_view(),
        name="recommendation_follow_up",
    ),
    path("commendations/", oversight.CommendationListView.as_view(), name="commendation_list"),
]
