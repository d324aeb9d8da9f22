"""Deny by default: every URL pattern is marked, and an unmarked one is refused."""

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path
from rest_framework.response import Response
from rest_framework.views import APIView

from config import urls as project_urls
from reentry.access.marks import rule_for
from reentry.accounts.roles import Role

# Public on purpose; adding to this list is a decision to review, not a formality.
PUBLIC_URL_NAMES = {
    "accounts:login",
    "accounts:logout",
    "core:health",
    "set_language",
}


def walk(resolver: URLResolver, namespace: str = "", prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            child_ns = namespace
            if entry.namespace:
                child_ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry, child_ns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name, entry.callback


ALL_PATTERNS = list(walk(get_resolver()))


def test_the_walk_sees_the_whole_url_configuration():
    routes = {route for route, _name, _callback in ALL_PATTERNS}
    assert {"", "accounts/login/", "units/<str:code>/", "api/v1/me/", "api/schema/"} <= routes


@pytest.mark.parametrize(
    ("route", "name", "callback"), ALL_PATTERNS, ids=[p[0] for p in ALL_PATTERNS]
)
def test_every_url_pattern_is_marked(route, name, callback):
    rule = rule_for(callback)
    assert rule is not None, f"URL {route!r} ({name}) is not marked with @requires or @public"
    if rule.public:
        assert name in PUBLIC_URL_NAMES, f"{route!r} is public but not listed as public on purpose"
        assert rule.reason
    else:
        assert rule.permission is not None


def unmarked_page(request):
    from django.http import HttpResponse

    return HttpResponse("secret")


class UnmarkedApi(APIView):
    def get(self, request):
        return Response({"secret": True})


urlpatterns = [
    *project_urls.urlpatterns,
    path("unmarked/", unmarked_page),
    path("unmarked-api/", UnmarkedApi.as_view()),
]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("url", ["/unmarked/", "/unmarked-api/"])
def test_an_unmarked_view_is_refused_even_to_a_signed_in_user(url, make_user, client_for):
    user = make_user(Role.PROVINCE_OFFICER, "38")
    response = client_for(user).get(url)
    assert response.status_code == 403
    assert b"secret" not in response.content
