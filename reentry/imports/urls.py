from django.urls import path
from django.views.decorators.cache import never_cache

from . import views

app_name = "imports"
urlpatterns = [
    path("", never_cache(views.upload), name="upload"),
    path("templates/<slug:kind>.xlsx", views.template, name="template"),
    path("<int:batch_id>/", never_cache(views.batch), name="batch"),
    path("<int:batch_id>/progress/", never_cache(views.batch_progress), name="progress"),
    path("<int:batch_id>/choose/", never_cache(views.batch_choose), name="choose"),
    path("<int:batch_id>/commit/", never_cache(views.batch_commit), name="commit"),
    path("<int:batch_id>/cancel/", never_cache(views.batch_cancel), name="cancel"),
    path("<int:batch_id>/errors.xlsx", never_cache(views.error_rows), name="errors"),
]
