"""One function per kind of audit event (the Saleor ``events.py`` habit)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .models import AuditAction, AuditEvent
from .services import audit_event, audit_record, audit_record_many

if TYPE_CHECKING:
    from reentry.accounts.models import User


def _unit_path(user: User) -> str:
    return user.scope_unit.path if user.scope_unit is not None else ""


def _own_account_event(action: AuditAction, user: User, ip_address: str | None) -> AuditEvent:
    return audit_record(
        actor=user, action=action, obj=user, unit_path=_unit_path(user), ip_address=ip_address
    )


def login_succeeded(*, user: User, ip_address: str | None) -> AuditEvent:
    return _own_account_event(AuditAction.LOGIN, user, ip_address)


def logged_out(*, user: User, ip_address: str | None) -> AuditEvent:
    return _own_account_event(AuditAction.LOGOUT, user, ip_address)


def password_changed(*, user: User, ip_address: str | None) -> AuditEvent:
    return _own_account_event(AuditAction.PASSWORD_CHANGED, user, ip_address)


def login_failed(*, username: str, ip_address: str | None) -> AuditEvent:
    return audit_record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        actor_username=username,
        object_type="accounts.user",
        object_repr=username,
        ip_address=ip_address,
    )


def user_created(*, actor: User | None, user: User, via: str) -> AuditEvent:
    return audit_record(
        actor=actor,
        action=AuditAction.USER_CREATED,
        obj=user,
        unit_path=_unit_path(user),
        changes={"role": user.role, "scope_unit": user.scope.code},
        summary=via,
    )


def token_issued(
    *, actor: User | None, user: User, rotated: bool, via: str, prefix: str = "", expires: str = ""
) -> AuditEvent:
    """A token was issued (only its visible prefix is kept, never the key)."""
    return audit_record(
        actor=actor,
        action=AuditAction.TOKEN_ISSUED,
        obj=user,
        unit_path=_unit_path(user),
        changes={"rotated": rotated, "prefix": prefix, "expires": expires},
        summary=via,
    )


def _person_event(action: AuditAction, **what: Any) -> AuditEvent:
    """Write one event of a person's file (the arguments of ``_person_event_build``)."""
    event = _person_event_build(action, **what)
    return audit_record_many([event])[0]


def _person_event_build(
    action: AuditAction,
    *,
    actor: User | None,
    person: Any,
    changes: dict[str, Any] | None = None,
    summary: str = "",
    obj: Any = None,
) -> AuditEvent:
    """Every event of a person's file names the person, whatever object it is about."""
    target = obj if obj is not None else person
    return audit_event(
        actor=actor,
        action=action,
        obj=target,
        unit_path=person.commune_path,
        changes={"person_id": person.pk, **(changes or {})},
        summary=summary,
    )


def person_created(*, actor: User | None, person: Any, via: str = "") -> AuditEvent:
    return _person_event(AuditAction.CREATE, actor=actor, person=person, summary=via)


def persons_registered(
    *, actor: User | None, registered: list[tuple[Any, Any]], via: str = ""
) -> list[AuditEvent]:
    """Files opened by a batch, each with its sentence: for each, the events of
    ``person_created`` and ``person_record_added``, in that order, in one insert."""
    rows = []
    for person, sentence in registered:
        rows.append(
            _person_event_build(AuditAction.CREATE, actor=actor, person=person, summary=via)
        )
        rows.append(
            _person_event_build(AuditAction.CREATE, actor=actor, person=person, obj=sentence)
        )
    return audit_record_many(rows)


# Identity numbers and contacts are personal data: the trail says that they changed, not to what.
SENSITIVE_FIELDS = frozenset(
    {"national_id", "legacy_id_number", "phone", "family_contact", "date_of_birth", "photo"}
)


def _redact(changes: dict[str, Any]) -> dict[str, Any]:
    return {k: ("(changed)" if k in SENSITIVE_FIELDS else v) for k, v in changes.items()}


def person_changed(*, actor: User | None, person: Any, changes: dict[str, Any]) -> AuditEvent:
    return _person_event(AuditAction.UPDATE, actor=actor, person=person, changes=_redact(changes))


def persons_listed(*, actor: User, person_ids: list[int], what: str) -> AuditEvent | None:
    """A list showed these files (page, API or duplicate search): one row per response."""
    if not person_ids:
        return None
    return audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type="persons.person",
        object_repr=f"{len(person_ids)} hồ sơ",
        unit_path=actor.scope.path,
        changes={"person_ids": person_ids},
        summary=what,
    )


# Text typed in a list's search box may be a name or an identity number: not copied.
SEARCH_FILTERS = frozenset({"q"})


def list_exported(
    *,
    actor: User,
    what: str,
    object_type: str,
    rows: int,
    filters: dict[str, Any],
    person_ids: list[int] | None = None,
) -> AuditEvent:
    """A list left the system as a file: which list, its filters, how many rows, and every
    file in it (``person_ids``, in the shape ``persons_listed`` uses: each counts as viewed)."""
    changes: dict[str, Any] = {
        "rows": rows,
        "filters": {
            name: "(searched)" if name in SEARCH_FILTERS else str(value)
            for name, value in filters.items()
        },
    }
    if person_ids is not None:
        changes["person_ids"] = sorted(set(person_ids))
    return audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type=object_type,
        object_repr=f"{rows} dòng",
        unit_path=actor.scope.path,
        changes=changes,
        summary=what,
    )


def identity_searched(*, actor: User, what: str, found: int) -> AuditEvent:
    """Someone checked whether a person has a file (identifiers are not stored)."""
    return audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type="persons.person",
        object_repr="duplicate search",
        unit_path=actor.scope.path,
        changes={"matches": found},
        summary=what,
    )


def person_viewed(*, actor: User, person: Any, what: str = "file") -> AuditEvent:
    return _person_event(AuditAction.VIEW, actor=actor, person=person, summary=what)


def person_exported(*, actor: User, person: Any, what: str) -> AuditEvent:
    """Everything held on the person was exported (a data subject's request)."""
    return _person_event(AuditAction.EXPORT, actor=actor, person=person, summary=what)


def person_transferred(
    *, actor: User | None, person: Any, from_code: str, to_code: str, reason: str
) -> AuditEvent:
    return _person_event(
        AuditAction.TRANSFER,
        actor=actor,
        person=person,
        changes={"commune": [from_code, to_code]},
        summary=reason,
    )


def person_merged(*, actor: User | None, person: Any, duplicate: Any) -> AuditEvent:
    return _person_event(
        AuditAction.MERGE, actor=actor, person=person, changes={"merged": duplicate.pk}
    )


def person_record_added(
    *, actor: User | None, person: Any, obj: Any, changes: dict[str, Any] | None = None
) -> AuditEvent:
    """A sentence, notice or other record was added to the file."""
    return _person_event(AuditAction.CREATE, actor=actor, person=person, obj=obj, changes=changes)


def person_record_changed(
    *, actor: User | None, person: Any, obj: Any, changes: dict[str, Any]
) -> AuditEvent:
    return _person_event(AuditAction.UPDATE, actor=actor, person=person, obj=obj, changes=changes)


def person_record_removed(*, actor: User | None, person: Any, obj: Any, reason: str) -> AuditEvent:
    """A record removed from the file (a sentence recorded by mistake), and why."""
    return _person_event(AuditAction.DELETE, actor=actor, person=person, obj=obj, summary=reason)


def sealed_file_opened(*, actor: User, person: Any, reason: str) -> AuditEvent:
    """A province officer opened a sealed (expunged) file, and why: the reason is kept."""
    return _person_event(AuditAction.SEALED_OPEN, actor=actor, person=person, summary=reason)


def emergency_opened(*, actor: User, grant: Any) -> AuditEvent:
    """A province officer opened a file outside their scope ("break the glass"): the reason
    and the end of the access are kept; ``unit_path`` is the file's commune, which is told."""
    return _person_event(
        AuditAction.EMERGENCY_OPEN,
        actor=actor,
        person=grant.person,
        changes={"expires_at": grant.expires_at.isoformat()},
        summary=grant.reason,
    )


def report_exported(*, actor: User, unit_path: str, what: str) -> AuditEvent:
    """A report left the system as a file (aggregate figures, no personal data)."""
    return audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="reports.report",
        object_repr=what[:200],
        unit_path=unit_path,
        summary=what,
    )


def report_submitted(*, actor: User, submission: Any, what: str) -> AuditEvent:
    return audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=submission,
        unit_path=submission.unit_path,
        changes={"status": submission.status},
        summary=what,
    )


def report_decided(*, actor: User, submission: Any, what: str) -> AuditEvent:
    return audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=submission,
        unit_path=submission.unit_path,
        changes={"status": submission.status, "note": submission.decision_note},
        summary=what,
    )


def import_committed(*, actor: User, batch: Any) -> AuditEvent:
    return audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        obj=batch,
        unit_path=batch.unit_path,
        changes={
            "kind": batch.kind,
            "rows": batch.rows,
            "created": batch.created,
            "updated": batch.updated,
            "duplicates": batch.duplicates,
            "errors": batch.errors,
        },
        summary=batch.filename,
    )


def _account_event(
    action: AuditAction,
    *,
    actor: User | None,
    user: User | None = None,
    username: str = "",
    ip_address: str | None = None,
    changes: dict[str, Any] | None = None,
    summary: str = "",
) -> AuditEvent:
    """An event about an account (``user``), or about a username that may not exist."""
    if user is not None:
        return audit_record(
            actor=actor,
            action=action,
            obj=user,
            unit_path=_unit_path(user),
            ip_address=ip_address,
            changes=changes,
            summary=summary,
            actor_username=username,
        )
    return audit_record(
        actor=actor,
        action=action,
        actor_username=username,
        object_type="accounts.user",
        object_repr=username,
        ip_address=ip_address,
        changes=changes,
        summary=summary,
    )


def account_locked(
    *, username: str, user: User | None, ip_address: str | None, reason: str
) -> AuditEvent:
    """Logins for ``username`` are refused for a while (``reason``: "address" for the
    username-and-address lockout, "hourly" for the per-account hourly limit)."""
    return _account_event(
        AuditAction.ACCOUNT_LOCKED,
        actor=None,
        user=user,
        username=username,
        ip_address=ip_address,
        changes={"reason": reason},
    )


def account_unlocked(*, actor: User, user: User, cleared: int) -> AuditEvent:
    return _account_event(
        AuditAction.ACCOUNT_UNLOCKED,
        actor=actor,
        user=user,
        changes={"username": user.username, "cleared": cleared},
    )


def two_factor_enrolled(*, user: User, ip_address: str | None) -> AuditEvent:
    return _own_account_event(AuditAction.TWO_FACTOR_ENROLLED, user, ip_address)


def two_factor_failed(*, user: User, ip_address: str | None) -> AuditEvent:
    return _own_account_event(AuditAction.TWO_FACTOR_FAILED, user, ip_address)


def backup_code_used(*, user: User, ip_address: str | None, remaining: int) -> AuditEvent:
    return audit_record(
        actor=user,
        action=AuditAction.BACKUP_CODE_USED,
        obj=user,
        unit_path=_unit_path(user),
        ip_address=ip_address,
        changes={"remaining": remaining},
    )


def backup_codes_regenerated(*, user: User, ip_address: str | None) -> AuditEvent:
    return _own_account_event(AuditAction.BACKUP_CODES_REGENERATED, user, ip_address)


def two_factor_reset(*, actor: User | None, user: User, via: str) -> AuditEvent:
    return _account_event(AuditAction.TWO_FACTOR_RESET, actor=actor, user=user, summary=via)


def password_reset(*, actor: User | None, user: User, via: str) -> AuditEvent:
    """A temporary password given by an administrator (never the password itself)."""
    return _account_event(AuditAction.PASSWORD_RESET, actor=actor, user=user, summary=via)


def token_revoked(*, actor: User | None, user: User, prefix: str, via: str) -> AuditEvent:
    return _account_event(
        AuditAction.TOKEN_REVOKED,
        actor=actor,
        user=user,
        changes={"prefix": prefix},
        summary=via,
    )


def trail_searched(
    *, actor: User, filters: dict[str, Any], rows: int, exported: bool, person: Any = None
) -> AuditEvent:
    """Someone read the audit trail (the search page, or one file's trail), or downloaded it:
    reading who looked at a file is itself recorded."""
    what = {"filters": {name: str(value) for name, value in filters.items()}, "rows": rows}
    action = AuditAction.EXPORT if exported else AuditAction.VIEW
    summary = "audit trail xlsx" if exported else "audit trail"
    if person is not None:
        return _person_event(action, actor=actor, person=person, changes=what, summary=summary)
    return audit_record(
        actor=actor,
        action=action,
        object_type="audit.auditevent",
        object_repr=f"{rows} sự kiện",
        unit_path=actor.scope.path,
        changes=what,
        summary=summary,
    )
