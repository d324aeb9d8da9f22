"""Policies: ``can_<verb>_<thing>`` functions. The only place that decides who may do what.

Deny by default: an anonymous or inactive user, a user without a role or a scope unit, holds
no permission. ``is_superuser`` grants nothing here: every account works through its role.
"""

from __future__ import annotations

from typing import Any

from .permissions import ROLE_PERMISSIONS, Permission


def permissions_of(user: Any) -> frozenset[Permission]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if not getattr(user, "scope_unit_id", None):
        return frozenset()
    return ROLE_PERMISSIONS.get(user.role, frozenset())


def has_permission(user: Any, permission: Permission) -> bool:
    return permission in permissions_of(user)


def roles_holding(permission: Permission) -> list[str]:
    """The roles given ``permission``: for a page that tells who may do something."""
    return [role for role, held in ROLE_PERMISSIONS.items() if permission in held]


def can_view_offence_details(user: Any) -> bool:
    return has_permission(user, Permission.PERSON_VIEW_OFFENCE)


def can_manage_users(user: Any) -> bool:
    return has_permission(user, Permission.USER_MANAGE)


def can_handle_subject_requests_in(user: Any, unit_path: str) -> bool:
    """Whether ``user`` may record and answer the data subject's requests of a file managed
    at ``unit_path`` (its own scope: not a file opened by emergency access)."""
    if not has_permission(user, Permission.SUBJECT_REQUEST_MANAGE):
        return False
    return unit_path.startswith(user.scope_unit.path)


def can_view_audit_in(user: Any, unit_path: str) -> bool:
    """Whether ``user`` may read the audit trail of what belongs to ``unit_path`` (a file's
    commune): ``audit.view`` over a scope that holds it."""
    if not has_permission(user, Permission.AUDIT_VIEW):
        return False
    return unit_path.startswith(user.scope_unit.path)


def can_change_person_in(user: Any, unit_path: str) -> bool:
    """Whether ``user`` may create or change a file managed by the commune at ``unit_path``."""
    if not has_permission(user, Permission.PERSON_CHANGE):
        return False
    return unit_path.startswith(user.scope_unit.path)


def can_record_support_for(user: Any, person: Any) -> bool:
    """Whether ``user`` may record support for ``person``: within their scope; for an
    initiative member, only a person their initiative is helping now."""
    from reentry.accounts.roles import Role
    from reentry.persons.models import Person

    from .scoping import persons_visible_to

    if not has_permission(user, Permission.SUPPORT_CHANGE):
        return False
    if person.status == "closed" or not person.commune_path.startswith(user.scope_unit.path):
        return False
    if user.role == Role.INITIATIVE_MEMBER:
        return persons_visible_to(user, Person.objects.filter(pk=person.pk)).exists()
    return True


def can_record_outreach(user: Any) -> bool:
    """Outreach is recorded by the roles that record support, except initiative members."""
    from reentry.accounts.roles import Role

    return has_permission(user, Permission.SUPPORT_CHANGE) and user.role != Role.INITIATIVE_MEMBER


def can_record_inspection(user: Any, commune: Any) -> bool:
    """Inspections of a commune's work are recorded by the province (or above), for a
    commune under their scope."""
    if not has_permission(user, Permission.INSPECTION_RECORD):
        return False
    return user.scope_unit.kind != "commune" and commune.path.startswith(user.scope_unit.path)


def can_follow_up_recommendation(user: Any, recommendation: Any) -> bool:
    """The commune inspected (and the province above it) follow its recommendations up."""
    if not has_permission(user, Permission.RECOMMENDATION_FOLLOW_UP):
        return False
    return bool(recommendation.commune_path.startswith(user.scope_unit.path))


def can_record_commendation(user: Any, unit_path: str) -> bool:
    """A commendation is recorded within the recorder's scope: a commune committee for its
    commune, a province officer for the province."""
    if not has_permission(user, Permission.COMMENDATION_RECORD):
        return False
    return unit_path.startswith(user.scope_unit.path)


def can_manage_initiative(user: Any, initiative: Any) -> bool:
    """An initiative is edited, and its members added or removed, by the province, or by
    a commune user when it is a commune-level initiative of their commune alone."""
    if not has_permission(user, Permission.INITIATIVE_MANAGE):
        return False
    scope = user.scope_unit
    if scope.kind != "commune":
        return bool(initiative.province_path.startswith(scope.path))
    communes = list(initiative.communes.all())
    return initiative.level == "commune" and all(c.pk == scope.pk for c in communes)


def can_manage_assignment(user: Any, initiative: Any, person: Any) -> bool:
    """Who may start or end an initiative's help to a person: whoever manages the
    initiative, or the commune (or province) that manages the person's file."""
    if not has_permission(user, Permission.INITIATIVE_MANAGE):
        return False
    return can_manage_initiative(user, initiative) or bool(
        person.commune_path.startswith(user.scope_unit.path)
    )


def sealed_file_open_until(user: Any, person: Any) -> Any:
    """Until when ``user`` may read a sealed file: the reason they last stated opens it,
    for them alone and that file alone, for ``SEALED_FILE_ACCESS_MINUTES``. None: they
    must state a reason (again)."""
    import datetime

    from django.conf import settings
    from django.utils import timezone

    from reentry.audit.models import AuditAction, AuditEvent

    window = datetime.timedelta(minutes=settings.SEALED_FILE_ACCESS_MINUTES)
    opened = (
        AuditEvent.objects.filter(
            actor=user,
            action=AuditAction.SEALED_OPEN,
            object_type="persons.person",
            object_id=str(person.pk),
            occurred_at__gte=timezone.now() - window,
        )
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)
        .first()
    )
    return opened + window if opened is not None else None


def can_see_emergency_accesses(user: Any) -> bool:
    """Who is shown that a file was opened in an emergency: the commune that manages it
    (police and committee) and the province (DESIGN: the file's own commune must know)."""
    from reentry.accounts.roles import Role

    return has_permission(user, Permission.PERSON_VIEW) and user.role in (
        Role.COMMUNE_OFFICER,
        Role.COMMUNE_COMMITTEE,
        Role.PROVINCE_OFFICER,
    )


def can_open_counted_records(user: Any, *, offence_related: bool) -> bool:
    """Who may open the records behind a report figure: people's files need ``person.view``
    (and report access); figures about custody, the record and reoffending need offence
    data too. Which files the list then shows is ``persons_visible_to``'s answer."""
    if not (
        has_permission(user, Permission.PERSON_VIEW)
        and has_permission(user, Permission.REPORT_AGGREGATE_VIEW)
    ):
        return False
    return not offence_related or has_permission(user, Permission.PERSON_VIEW_OFFENCE)


def hides_small_counts(user: Any) -> bool:
    """Figures of 1 to 4 people are hidden from roles without personal data."""
    return not has_permission(user, Permission.PERSON_VIEW)


def hides_small_offence_counts(user: Any) -> bool:
    """Offence-related figures of 1 to 4 people are hidden from roles without offence data."""
    return not has_permission(user, Permission.PERSON_VIEW_OFFENCE)


def requires_two_factor(user: Any) -> bool:
    """Every role must pass a second factor (TOTP or a backup code) after the password.

    Not only the roles holding ``person.view``: the system administrator creates accounts,
    unlocks them and resets their second factor, so a stolen administrator password would
    lead to personal data too; one rule for all is also one less thing to get wrong. A user
    without a role holds nothing and cannot log in at all."""
    return bool(permissions_of(user))


def _manages_account(actor: Any, target: Any) -> bool:
    if not has_permission(actor, Permission.USER_MANAGE):
        return False
    unit = getattr(target, "scope_unit", None)
    if unit is None:
        return bool(actor.scope_unit.kind == "nation")
    return bool(unit.path.startswith(actor.scope_unit.path))


def can_unlock_account(actor: Any, target: Any) -> bool:
    """A locked login is unlocked by the system administrator, for accounts within their
    scope (a province's administrator for that province's accounts). Province officers do
    not: they hold no account management, and the lock clears itself after the cool-off."""
    return _manages_account(actor, target)


def can_reset_password(actor: Any, target: Any) -> bool:
    """A forgotten password: the same administrator gives a temporary one, after checking
    who asks (in person or by a call back to the unit); never for their own account."""
    return _manages_account(actor, target) and actor.pk != target.pk


def can_reset_two_factor(actor: Any, target: Any) -> bool:
    """The same administrator resets a lost authenticator (the user enrols again at their
    next login); never their own, which would let a stolen password alone re-enrol."""
    return _manages_account(actor, target) and actor.pk != target.pk
