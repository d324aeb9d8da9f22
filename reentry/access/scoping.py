"""Scoped querysets: every selector starts here, so an out-of-scope row cannot leak.

``scope_filter`` limits any queryset whose rows belong to a unit (through a path field such
as ``commune__path``) to the actor's scope unit and everything below it; an actor without a
scope gets nothing.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from .permissions import Permission
from .policies import has_permission

M = TypeVar("M", bound=Model)


def scope_path(actor: Any) -> str | None:
    """The materialized path of the actor's scope unit, or None (sees nothing)."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return None
    unit = getattr(actor, "scope_unit", None)
    return unit.path if unit is not None else None


def scope_filter(
    actor: Any, queryset: QuerySet[M], *, path_field: str, permission: Permission
) -> QuerySet[M]:
    """Rows of ``queryset`` whose ``path_field`` lies under the actor's scope unit, and none
    at all when the actor does not hold ``permission`` (a national analyst's scope is the
    whole nation, but they hold no permission to read a personal file)."""
    path = scope_path(actor)
    if path is None or not has_permission(actor, permission):
        return queryset.none()
    if actor.scope_unit.kind == "commune":
        # a commune has nothing below it: equality lets the (path, id) index order the rows
        return queryset.filter(**{path_field: path})
    return queryset.filter(**{f"{path_field}__startswith": path})


def persons_visible_to(actor: Any, queryset: QuerySet[M]) -> QuerySet[M]:
    """Person files the actor may open: those of communes under their scope, for roles that
    hold ``person.view``. Initiative members see only the people their initiative is helping
    now (an open assignment of an active initiative they are an active member of). A sealed
    file (expunged: treated as never convicted, BLHS Art. 69(1)) is in no one's lists; see
    ``sealed_persons_visible_to``.
    """
    from reentry.accounts.roles import Role

    scoped = scope_filter(
        actor,
        queryset.filter(sealed_at__isnull=True),
        path_field="commune_path",
        permission=Permission.PERSON_VIEW,
    )
    if getattr(actor, "role", None) == Role.INITIATIVE_MEMBER:
        return scoped.filter(
            assignments__ended_on__isnull=True,
            assignments__initiative__status="active",
            assignments__initiative__members__user=actor,
            assignments__initiative__members__left_on__isnull=True,
        ).distinct()
    return scoped


def sealed_persons_visible_to(actor: Any, queryset: QuerySet[M]) -> QuerySet[M]:
    """Sealed files of the communes under the actor's scope, for the one role that may open
    them (a province officer, who states a reason each time)."""
    return scope_filter(
        actor,
        queryset.filter(sealed_at__isnull=False),
        path_field="commune_path",
        permission=Permission.PERSON_OPEN_SEALED,
    )


def units_under_scope(actor: Any) -> QuerySet[Any]:
    """The actor's scope unit and every 2025 unit below it (what they may report on or
    import into)."""
    from reentry.geography.models import AdminUnit

    path = scope_path(actor)
    if path is None:
        return AdminUnit.objects.none()
    return AdminUnit.objects.current().filter(path__startswith=path)


def units_visible_to(actor: Any) -> QuerySet[Any]:
    """2025 units inside the actor's scope, plus the units above it (for breadcrumbs)."""
    from reentry.geography.models import CURRENT_KINDS, AdminUnit

    path = scope_path(actor)
    if path is None or not has_permission(actor, Permission.UNIT_VIEW):
        return AdminUnit.objects.none()
    parts = path.strip("/").split("/")
    ancestors = ["/".join(parts[:i]) + "/" for i in range(1, len(parts))]
    return AdminUnit.objects.filter(
        Q(path__startswith=path) | Q(path__in=ancestors), kind__in=CURRENT_KINDS
    )


def audit_events_visible_to(actor: Any, queryset: QuerySet[M]) -> QuerySet[M]:
    """Audit events an actor with ``audit.view`` may read: those whose ``unit_path`` lies
    under their scope; a national scope also reads the events that belong to no unit (a
    failed login with an unknown username, a key rotation)."""
    from reentry.geography.models import AdminUnitKind

    if not has_permission(actor, Permission.AUDIT_VIEW):
        return queryset.none()
    if actor.scope_unit.kind == AdminUnitKind.NATION:
        return queryset
    return scope_filter(actor, queryset, path_field="unit_path", permission=Permission.AUDIT_VIEW)


def support_records_for(actor: Any, queryset: QuerySet[M]) -> QuerySet[M]:
    """Support records (activities, loans, jobs) of the files the actor may open, for roles
    that hold ``support.view``. Filtered through the person, so scope follows transfers."""
    from reentry.persons.models import Person

    if not has_permission(actor, Permission.SUPPORT_VIEW):
        return queryset.none()
    return queryset.filter(person__in=persons_visible_to(actor, Person.objects.all()))


def initiatives_visible_to(actor: Any) -> QuerySet[Any]:
    """Initiatives an actor may see: a member's own; those covering a commune user's
    commune (or province-level ones of their province); a province's for its officers."""
    from reentry.accounts.roles import Role
    from reentry.initiatives.models import Initiative

    path = scope_path(actor)
    if path is None or not has_permission(actor, Permission.INITIATIVE_VIEW):
        return Initiative.objects.none()
    if actor.role == Role.INITIATIVE_MEMBER:
        return Initiative.objects.filter(
            members__user=actor, members__left_on__isnull=True
        ).distinct()
    unit = actor.scope_unit
    if unit.kind == "commune":
        return Initiative.objects.filter(
            Q(communes=unit) | Q(level="province", province_id=unit.parent_id)
        ).distinct()
    return Initiative.objects.filter(province_path__startswith=path)


def outreach_events_visible_to(actor: Any) -> QuerySet[Any]:
    """Outreach events of the actor's commune, or of the communes under their scope; none
    for initiative members or roles without ``support.view``."""
    from reentry.accounts.roles import Role
    from reentry.outreach.models import OutreachEvent

    path = scope_path(actor)
    if path is None or not has_permission(actor, Permission.SUPPORT_VIEW):
        return OutreachEvent.objects.none()
    if actor.role == Role.INITIATIVE_MEMBER:
        return OutreachEvent.objects.none()
    unit = actor.scope_unit
    if unit.kind == "commune":
        return OutreachEvent.objects.filter(communes=unit).distinct()
    return OutreachEvent.objects.filter(province_path__startswith=path)


def partners_visible_to(actor: Any) -> QuerySet[Any]:
    """The partner directory of the actor's province (a commune user sees their province's)."""
    from reentry.initiatives.models import Partner

    path = scope_path(actor)
    if path is None or not has_permission(actor, Permission.INITIATIVE_VIEW):
        return Partner.objects.none()
    unit = actor.scope_unit
    province_path = unit.parent.path if unit.kind == "commune" and unit.parent else path
    return Partner.objects.filter(province_path__startswith=province_path)


def inspections_visible_to(actor: Any) -> QuerySet[Any]:
    """Inspections of the communes under the actor's scope."""
    from reentry.oversight.models import Inspection

    return scope_filter(
        actor,
        Inspection.objects.all(),
        path_field="commune_path",
        permission=Permission.OVERSIGHT_VIEW,
    )


def recommendations_visible_to(actor: Any) -> QuerySet[Any]:
    """Recommendations of the inspections the actor may see."""
    from reentry.oversight.models import Recommendation

    return scope_filter(
        actor,
        Recommendation.objects.all(),
        path_field="commune_path",
        permission=Permission.OVERSIGHT_VIEW,
    )


def commendations_visible_to(actor: Any) -> QuerySet[Any]:
    """Commendations within the actor's scope; a commune user also sees those of the
    initiatives covering their commune."""
    from reentry.oversight.models import Commendation

    path = scope_path(actor)
    if path is None or not has_permission(actor, Permission.OVERSIGHT_VIEW):
        return Commendation.objects.none()
    unit = actor.scope_unit
    if unit.kind == "commune":
        return Commendation.objects.filter(
            Q(unit_path=path) | Q(initiative__communes=unit) | Q(member__initiative__communes=unit)
        ).distinct()
    return Commendation.objects.filter(unit_path__startswith=path)


def classifications_visible_to(actor: Any) -> QuerySet[Any]:
    """Classifications of the files the actor may open, for the roles that may see the
    criminal side of a file (a D says the person is in custody): not labour officers nor
    initiative members."""
    from reentry.outcomes.models import Classification
    from reentry.persons.models import Person

    if not has_permission(actor, Permission.PERSON_VIEW_OFFENCE):
        return Classification.objects.none()
    return Classification.objects.filter(person__in=persons_visible_to(actor, Person.objects.all()))


def reoffences_visible_to(actor: Any) -> QuerySet[Any]:
    """New offences of the files the actor may open, for the roles that see offences."""
    from reentry.outcomes.models import Reoffence
    from reentry.persons.models import Person

    if not has_permission(actor, Permission.PERSON_VIEW_OFFENCE):
        return Reoffence.objects.none()
    return Reoffence.objects.filter(person__in=persons_visible_to(actor, Person.objects.all()))


def submissions_visible_to(actor: Any) -> QuerySet[Any]:
    """Period reports sent by the communes under the actor's scope."""
    from reentry.reports.models import ReportSubmission

    return scope_filter(
        actor,
        ReportSubmission.objects.all(),
        path_field="unit_path",
        permission=Permission.REPORT_VIEW,
    )


def import_batches_visible_to(actor: Any) -> QuerySet[Any]:
    """Files uploaded into the units under the actor's scope, of the kinds the actor may
    import (a labour officer never sees a register upload: it holds offence details)."""
    from reentry.imports.kinds import KINDS
    from reentry.imports.models import ImportBatch

    kinds = [kind.code for kind in KINDS.values() if has_permission(actor, kind.permission)]
    return scope_filter(
        actor,
        ImportBatch.objects.filter(kind__in=kinds),
        path_field="unit_path",
        permission=Permission.IMPORT_RUN,
    )
