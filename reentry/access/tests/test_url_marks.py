"""Deny by default: every URL pattern is marked, and an unmarked one is refused."""

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from config import urls as project_urls
from reentry.access.marks import enforces_marks, is_api_view, public, requires, rule_for
from reentry.access.permissions import Permission
from reentry.accounts.roles import Role

# Public on purpose; adding to this list is a decision to review, not a formality.
PUBLIC_URL_NAMES = {
    "accounts:login",
    "accounts:logout",
    "accounts:password_forgotten",
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
    names = {name for _route, name, _callback in ALL_PATTERNS}
    assert names >= PUBLIC_URL_NAMES, "a name listed as public no longer exists"


@pytest.mark.parametrize(
    ("route", "callback"),
    [(r, c) for r, _n, c in ALL_PATTERNS if is_api_view(c)],
    ids=[r for r, _n, c in ALL_PATTERNS if is_api_view(c)],
)
def test_every_api_view_enforces_its_mark(route, callback):
    assert enforces_marks(callback), f"{route!r} dropped RequiredPermission"


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


@requires(Permission.PERSON_VIEW)
def person_page(request):
    from django.http import HttpResponse

    return HttpResponse("person file")


@requires(Permission.PERSON_VIEW)
class PersonApi(APIView):
    def get(self, request):
        return Response({"person": True})


@requires(Permission.PERSON_VIEW)
class LooseApi(APIView):
    permission_classes = [AllowAny]  # drops RequiredPermission: must be refused

    def get(self, request):
        return Response({"secret": True})


@public("parent is public on purpose")
class PublicParent(APIView):
    def get(self, request):
        return Response({"secret": True})


class UnmarkedChild(PublicParent):
    """Inherits the parent's mark through Python, but not through the access layer."""


urlpatterns = [
    *project_urls.urlpatterns,
    path("unmarked/", unmarked_page),
    path("unmarked-api/", UnmarkedApi.as_view()),
    path("person/", person_page),
    path("person-api/", PersonApi.as_view()),
    path("loose-api/", LooseApi.as_view()),
    path("child-api/", UnmarkedChild.as_view()),
]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("url", ["/unmarked/", "/unmarked-api/", "/loose-api/", "/child-api/"])
def test_an_unmarked_view_is_refused_even_to_a_signed_in_user(url, make_user, client_for):
    user = make_user(Role.PROVINCE_OFFICER, "38")
    response = client_for(user).get(url)
    assert response.status_code == 403
    assert b"secret" not in response.content


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("url", ["/person/", "/person-api/"])
def test_a_marked_view_refuses_roles_without_the_permission(url, make_user, client_for):
    analyst = client_for(make_user(Role.NATIONAL_ANALYST, "VN"))
    response = analyst.get(url)
    assert response.status_code == 403
    assert b"person file" not in response.content
    assert b'"person"' not in response.content
    officer = client_for(make_user(Role.COMMUNE_OFFICER, "15865"))
    assert officer.get(url).status_code == 200


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_anonymous_user_of_a_marked_page_goes_to_login_and_of_the_api_gets_401(client):
    assert client.get("/person/").status_code == 302
    assert client.get("/person-api/").status_code == 401
