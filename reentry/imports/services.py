"""Importing a file: read it, run it through the kind's services, and keep the record."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from reentry.access.permissions import Permission
from reentry.access.policies import has_permission
from reentry.access.scoping import units_under_scope
from reentry.audit import events
from reentry.core.errors import DomainError, NotFoundError
from reentry.geography.models import AdminUnit

from .kinds import KINDS
from .models import ImportBatch
from .pipeline import Outcome, run
from .readers import read_table

if TYPE_CHECKING:
    from reentry.accounts.models import User


def import_unit_get(*, actor: User, code: str) -> AdminUnit:
    """The unit an upload goes into: the actor's own or one below it (404 otherwise)."""
    unit: AdminUnit | None = units_under_scope(actor).filter(code=code).first()
    if unit is None:
        raise NotFoundError(_("Không tìm thấy đơn vị trong phạm vi của bạn."))
    return unit


def import_file(
    *,
    actor: User,
    kind_code: str,
    unit_code: str,
    data: bytes,
    filename: str,
    commit: bool,
    only_valid: bool = False,
    encoding: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Preview or import a file of ``kind_code`` into ``unit_code``. A commit that writes
    anything keeps the original file and is an audit event with its counts."""
    if not has_permission(actor, Permission.PERSON_CHANGE):
        raise DomainError(_("Bạn không được nhập dữ liệu."))
    kind = KINDS.get(kind_code)
    if kind is None:
        raise DomainError(_("Chọn loại dữ liệu cần nhập."))
    unit = import_unit_get(actor=actor, code=unit_code)
    table = read_table(data, filename, encoding=encoding)
    with transaction.atomic():
        outcome = run(
            actor=actor,
            kind=kind,
            unit=unit,
            table=table,
            commit=commit,
            only_valid=only_valid,
            progress=progress,
        )
        if outcome.committed:
            batch = ImportBatch(
                kind=kind.code,
                unit=unit,
                unit_path=unit.path,
                filename=filename[:255],
                rows=outcome.rows,
                created=outcome.created,
                updated=outcome.updated,
                duplicates=outcome.duplicates,
                errors=len(outcome.error_lines),
                imported_by=actor,
            )
            batch.file.save(filename or "import", ContentFile(data), save=False)
            batch.save()
            events.import_committed(actor=actor, batch=batch)
    return outcome
