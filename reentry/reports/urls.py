from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report, name="report"),
    path("indicators/", views.indicators, name="indicators"),
    path("records/", views.records, name="records"),
    path("recidivism/", views.recidivism, name="recidivism"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("targets/", views.targets, name="targets"),
    path("submissions/", views.submissions, name="submissions"),
    path("submissions/submit/", views.submit, name="submit"),
    path("submissions/<int:pk>/", views.submission, name="submission"),
    path("submissions/<int:pk>/decide/", views.decide, name="decide"),
]
