"""Every URL of the system. Each view is marked in ``reentry.access`` (deny by default)."""

from django.urls import include, path

from reentry.api.views import DocsView, SchemaView
from reentry.core.views import language_set

# an API address that matches no route answers JSON (reentry.core.views.not_found)
handler404 = "reentry.core.views.not_found"

urlpatterns = [
    path("", include("reentry.core.urls")),
    path("accounts/", include("reentry.accounts.urls")),
    path("units/", include("reentry.geography.urls")),
    path("persons/", include("reentry.access.urls")),
    path("persons/", include("reentry.persons.urls")),
    path("persons/", include("reentry.support.urls")),
    path("persons/", include("reentry.outcomes.urls")),
    path("persons/", include("reentry.privacy.urls")),
    path("worklist/", include("reentry.worklist.urls")),
    path("initiatives/", include("reentry.initiatives.urls")),
    path("outreach/", include("reentry.outreach.urls")),
    path("oversight/", include("reentry.oversight.urls")),
    path("reports/", include("reentry.reports.urls")),
    path("imports/", include("reentry.imports.urls")),
    path("audit/", include("reentry.audit.urls")),
    path("api/v1/", include("reentry.api.urls")),
    path("api/schema/", SchemaView.as_view(), name="api_schema"),
    path("api/docs/", DocsView.as_view(url_name="api_schema"), name="api_docs"),
    path("i18n/setlang/", language_set, name="set_language"),
]
