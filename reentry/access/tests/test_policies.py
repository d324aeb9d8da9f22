import pytest
from django.contrib.auth.models import AnonymousUser

from reentry.access.permissions import ROLE_PERMISSIONS, Permission
from reentry.access.policies import can_view_offence_details, has_permission, permissions_of
from reentry.access.scoping import scope_filter, units_visible_to
from reentry.accounts.roles import Role
from reentry.geography.models import AdminUnit

pytestmark = pytest.mark.django_db


def test_every_role_has_a_permission_set_and_can_use_its_account():
    assert set(ROLE_PERMISSIONS) == set(Role.values)
    for permissions in ROLE_PERMISSIONS.values():
        assert Permission.ACCOUNT_SELF in permissions


@pytest.mark.parametrize(
    "role", [Role.INITIATIVE_MEMBER, Role.LABOUR_OFFICER, Role.NATIONAL_ANALYST, Role.SYSADMIN]
)
def test_roles_that_must_not_see_offence_details_do_not(role):
    assert Permission.PERSON_VIEW_OFFENCE not in ROLE_PERMISSIONS[role]


@pytest.mark.parametrize("role", [Role.NATIONAL_ANALYST, Role.SYSADMIN])
def test_analysts_and_administrators_see_no_personal_file(role):
    assert Permission.PERSON_VIEW not in ROLE_PERMISSIONS[role]


def test_only_the_administrator_manages_users():
    holders = {role for role, perms in ROLE_PERMISSIONS.items() if Permission.USER_MANAGE in perms}
    assert holders == {Role.SYSADMIN}


def test_anonymous_inactive_and_unscoped_users_hold_nothing(make_user):
    assert permissions_of(AnonymousUser()) == frozenset()
    inactive = make_user(Role.COMMUNE_OFFICER, "15865", is_active=False)
    assert permissions_of(inactive) == frozenset()
    unscoped = make_user(Role.COMMUNE_OFFICER, "15865")
    unscoped.scope_unit = None
    assert permissions_of(unscoped) == frozenset()


def test_superuser_flag_grants_nothing_beyond_the_role(make_user):
    user = make_user(Role.NATIONAL_ANALYST, "VN", is_superuser=True, is_staff=True)
    assert not has_permission(user, Permission.PERSON_VIEW)
    assert not can_view_offence_details(user)


def test_commune_scope_sees_its_commune_and_the_units_above_only(make_user):
    user = make_user(Role.COMMUNE_OFFICER, "15865")
    codes = set(units_visible_to(user).values_list("code", flat=True))
    assert codes == {"VN", "38", "15865"}


def test_province_scope_sees_all_its_communes_and_no_other_province(make_user):
    user = make_user(Role.PROVINCE_OFFICER, "31")
    visible = units_visible_to(user)
    assert (
        visible.filter(kind="commune").count()
        == AdminUnit.objects.filter(parent__code="31", parent__kind="province").count()
    )
    assert not visible.filter(code__in=["38", "15865", "68"]).exists()


def test_scope_filter_limits_any_queryset_by_its_unit_path(make_user):
    user = make_user(Role.PROVINCE_OFFICER, "68")
    rows = scope_filter(
        user, AdminUnit.objects.current(), path_field="path", permission=Permission.PERSON_VIEW
    )
    assert rows.filter(code="24697").exists()
    assert not rows.filter(code="15865").exists()
    anonymous = scope_filter(
        AnonymousUser(), AdminUnit.objects.all(), path_field="path", permission=Permission.UNIT_VIEW
    )
    assert not anonymous.exists()


@pytest.mark.parametrize("role", [Role.NATIONAL_ANALYST, Role.SYSADMIN])
def test_scope_filter_gives_nothing_without_the_permission_even_to_a_national_scope(
    make_user, role
):
    user = make_user(role, "VN")
    rows = scope_filter(
        user, AdminUnit.objects.current(), path_field="path", permission=Permission.PERSON_VIEW
    )
    assert not rows.exists()


SCOPE_CASES = [
    (Role.COMMUNE_OFFICER, "15865", {"VN", "38", "15865"}),
    (Role.COMMUNE_COMMITTEE, "11341", {"VN", "31", "11341"}),
    (Role.INITIATIVE_MEMBER, "15865", {"VN", "38", "15865"}),
    (Role.LABOUR_OFFICER, "24697", {"VN", "68", "24697"}),
]


@pytest.mark.parametrize(("role", "code", "expected"), SCOPE_CASES)
def test_commune_scoped_roles_see_their_commune_and_what_is_above(make_user, role, code, expected):
    user = make_user(role, code)
    assert set(units_visible_to(user).values_list("code", flat=True)) == expected


@pytest.mark.parametrize(
    "role", [Role.PROVINCE_OFFICER, Role.LABOUR_OFFICER, Role.INITIATIVE_MEMBER, Role.SYSADMIN]
)
def test_province_scoped_roles_see_their_province_only(make_user, role):
    user = make_user(role, "68")
    visible = units_visible_to(user)
    assert visible.filter(code="24688").exists()
    assert not visible.filter(code__in=["38", "31", "15865", "11341"]).exists()


@pytest.mark.parametrize("role", [Role.NATIONAL_ANALYST, Role.SYSADMIN])
def test_national_scope_sees_every_2025_unit_and_no_legacy_one(make_user, role):
    user = make_user(role, "VN")
    assert units_visible_to(user).count() == 1 + 34 + 3321
