"""API v1: thin views over the same selectors the pages use."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.utils.cache import patch_cache_control
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reentry.access.api import RequiredPermission
from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.policies import permissions_of
from reentry.access.requests import actor_of
from reentry.geography.selectors import unit_get, unit_list, units_with_user_counts

from .pagination import UnitPagination
from .serializers import MeSerializer, UnitListQuerySerializer, UnitSerializer


@requires(Permission.ACCOUNT_SELF)
class MeView(APIView):
    @extend_schema(responses=MeSerializer, summary="The caller: role, scope unit, permissions")
    def get(self, request: Request) -> Response:
        user = actor_of(request)
        data = {
            "username": user.username,
            "full_name": user.full_name,
            "role": user.role,
            "role_label": str(user.get_role_display()),
            "unit": user.scope,
            "permissions": sorted(p.value for p in permissions_of(user)),
        }
        return Response(MeSerializer(data).data)


@requires(Permission.UNIT_VIEW)
class UnitListView(ListAPIView):
    serializer_class = UnitSerializer
    pagination_class = UnitPagination

    @extend_schema(
        summary="Administrative units visible to the caller",
        parameters=[
            OpenApiParameter("parent", str, description="Code of the parent unit (e.g. 38)"),
            OpenApiParameter("q", str, description="Filter by name (accents optional) or code"),
        ],
    )
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset):  # type: ignore[no-untyped-def]
        page = super().paginate_queryset(queryset)
        return units_with_user_counts(actor=actor_of(self.request), units=page or [])

    def get_queryset(self):  # type: ignore[no-untyped-def]
        query = UnitListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return unit_list(
            actor=actor_of(self.request),
            parent_code=query.validated_data.get("parent"),
            search=query.validated_data.get("q", ""),
        )


@requires(Permission.UNIT_VIEW)
class UnitDetailView(APIView):
    @extend_schema(responses=UnitSerializer, summary="One unit by its statistics-office code")
    def get(self, request: Request, code: str) -> Response:
        unit = unit_get(actor=actor_of(request), code=code, with_counts=True)
        return Response(UnitSerializer(unit).data)


@requires(Permission.API_DOCS_VIEW)
class SchemaView(SpectacularAPIView):
    permission_classes = [RequiredPermission]


@requires(Permission.API_DOCS_VIEW)
class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI; a browser without a session is sent to the login page, not a bare 401.

    The split view serves Swagger UI's start-up script from this same URL (``?script=``)
    instead of inline, so the page runs under the site-wide Content-Security-Policy
    (``script-src 'self'``) with no nonce and no exception; the template moves the inline
    ``<style>`` to a stylesheet.
    """

    permission_classes = [RequiredPermission]
    template_name = "api/swagger_ui.html"

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        response = super().get(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)  # the script holds a CSRF token
        return response

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, NotAuthenticated | AuthenticationFailed):
            # DRF passes any HttpResponseBase through finalize_response unchanged
            return redirect_to_login(self.request.get_full_path())  # type: ignore[return-value]
        return super().handle_exception(exc)
