"""Importing a file: upload and check it, let the user look and choose, then commit or
cancel it. Every step is a service, so the page, the API and the command do the same.

A batch moves: queued → checking → preview → committing → committed, or → cancelled at any
point before it is committed. A file of more than ``IMPORT_BACKGROUND_ROWS`` rows is checked
and written by the background worker (``tasks.py``); smaller ones in the request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reentry.access.permissions import Permission
from reentry.access.policies import has_permission
from reentry.access.scoping import import_batches_visible_to, units_under_scope
from reentry.audit import events
from reentry.core.errors import ConflictError, DomainError, NotFoundError

from . import progress as progress_store
from .kinds import KINDS, Kind
from .models import BatchStatus, ImportBatch
from .pipeline import Outcome, match_header, run
from .readers import Table, read_table

if TYPE_CHECKING:
    from reentry.accounts.models import User
    from reentry.geography.models import AdminUnit

Progress = Callable[[int, int], None]
logger = logging.getLogger(__name__)


def import_unit_get(*, actor: User, code: str) -> AdminUnit:
    """The unit an upload goes into: the actor's own or one below it (404 otherwise)."""
    unit: AdminUnit | None = units_under_scope(actor).filter(code=code).first()
    if unit is None:
        raise NotFoundError(_("Không tìm thấy đơn vị trong phạm vi của bạn."))
    return unit


def kind_permission(kind: Kind) -> Permission:
    return kind.permission


def kinds_for(actor: User) -> list[Kind]:
    """The kinds of data the actor may import."""
    if not has_permission(actor, Permission.IMPORT_RUN):
        return []
    return [kind for kind in KINDS.values() if has_permission(actor, kind_permission(kind))]


def kind_get(*, actor: User, code: str) -> Kind:
    kind = KINDS.get(code)
    if kind is None:
        raise DomainError(_("Chọn loại dữ liệu cần nhập."), field="kind")
    if kind not in kinds_for(actor):
        raise DomainError(_("Bạn không được nhập loại dữ liệu này."), field="kind")
    return kind


def batch_get(*, actor: User, batch_id: int) -> ImportBatch:
    """An upload into the actor's scope (404 otherwise)."""
    batch: ImportBatch | None = (
        import_batches_visible_to(actor)
        .select_related("unit", "imported_by", "committed_by")
        .filter(pk=batch_id)
        .first()
    )
    if batch is None:
        raise NotFoundError(_("Không tìm thấy lần nhập dữ liệu."))
    return batch


def batches_for(*, actor: User, limit: int = 50) -> list[ImportBatch]:
    """The latest uploads into the actor's scope."""
    return list(
        import_batches_visible_to(actor)
        .select_related("unit", "imported_by")
        .defer("problems", "ambiguities", "choices")[:limit]
    )


def batch_upload(
    *,
    actor: User,
    kind_code: str,
    unit_code: str,
    data: bytes,
    filename: str,
    encoding: str = "",
    check: bool = True,
    background: bool | None = None,
) -> ImportBatch:
    """Keep an uploaded file and check it (``check``): in the request for a small file, by
    the worker for a large one (``background`` forces either). A file that cannot be read,
    or whose header is wrong, is refused here with its reason and nothing is kept."""
    batch, table = _upload(
        actor=actor,
        kind_code=kind_code,
        unit_code=unit_code,
        data=data,
        filename=filename,
        encoding=encoding,
    )
    if check:
        _dispatch(batch, BatchStatus.QUEUED, background, table=table)
    return batch


def _upload(
    *, actor: User, kind_code: str, unit_code: str, data: bytes, filename: str, encoding: str
) -> tuple[ImportBatch, Table]:
    """The file read, its header matched and the file kept: the batch, and the table read
    (the check that follows in this process reads it no second time)."""
    if not has_permission(actor, Permission.IMPORT_RUN):
        raise DomainError(_("Bạn không được nhập dữ liệu."))
    kind = kind_get(actor=actor, code=kind_code)
    unit = import_unit_get(actor=actor, code=unit_code)
    table = read_table(data, filename, encoding=encoding)
    match_header(kind, table)
    batch = ImportBatch(
        kind=kind.code,
        unit=unit,
        unit_path=unit.path,
        filename=filename[:255],
        encoding=encoding,
        rows=len(table.rows) - 1,
        imported_by=actor,
    )
    batch.file.save(filename or "import", ContentFile(data), save=False)
    batch.save()
    return batch, table


def batch_choose(*, actor: User, batch: ImportBatch, choices: Mapping[int, str]) -> ImportBatch:
    """Record which 2025 commune each ambiguous row (an old commune that was split) goes to,
    then check the file again with those choices."""
    kind_get(actor=actor, code=batch.kind)
    _require_status(batch, BatchStatus.PREVIEW)
    chosen = dict(batch.choices)
    for line, code in choices.items():
        entry = batch.ambiguities.get(str(line))
        if entry is None:
            raise DomainError(_("Dòng %(line)s không cần chọn xã.") % {"line": line})
        if code and code not in [option[0] for option in entry["options"]]:
            raise DomainError(
                _("Dòng %(line)s: chọn một trong các xã, phường được đề xuất.") % {"line": line}
            )
        if code:
            chosen[str(line)] = code
        else:
            chosen.pop(str(line), None)
    _move(batch, BatchStatus.PREVIEW, BatchStatus.QUEUED, choices=chosen)
    _dispatch(batch, BatchStatus.QUEUED, None)
    return batch


def batch_commit(
    *,
    actor: User,
    batch: ImportBatch,
    only_valid: bool = False,
    background: bool | None = None,
    progress: Progress | None = None,
) -> ImportBatch:
    """Write a checked file. With rows in error nothing is written unless the user chose
    ``only_valid``. The file is checked again as it is written, so a record added since the
    preview is seen; if that brings new errors the batch goes back to the preview."""
    if not has_permission(actor, Permission.IMPORT_RUN):
        raise DomainError(_("Bạn không được nhập dữ liệu."))
    kind_get(actor=actor, code=batch.kind)
    _require_status(batch, BatchStatus.PREVIEW)
    if batch.errors and not only_valid:
        raise ConflictError(
            _(
                "Tệp còn %(count)s dòng lỗi: sửa tệp rồi tải lên lại, hoặc chọn "
                "“Chỉ nhập các dòng hợp lệ”."
            )
            % {"count": batch.errors}
        )
    if only_valid and not batch.valid:
        raise ConflictError(_("Không có dòng hợp lệ nào để nhập."))
    _move(
        batch,
        BatchStatus.PREVIEW,
        BatchStatus.COMMITTING,
        committed_by=actor,
        only_valid=only_valid,
    )
    _dispatch(batch, BatchStatus.COMMITTING, background, progress)
    return batch


def batch_cancel(*, actor: User, batch: ImportBatch) -> ImportBatch:
    """Drop an upload that has not been committed: nothing was written, and the file (which
    holds personal data) is deleted; the row stays as the record that it happened."""
    if not has_permission(actor, Permission.IMPORT_RUN):
        raise DomainError(_("Bạn không được nhập dữ liệu."))
    kind_get(actor=actor, code=batch.kind)
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status == BatchStatus.COMMITTED:
            raise ConflictError(_("Tệp đã được ghi, không hủy được."))
        if locked.status == BatchStatus.COMMITTING:
            raise ConflictError(_("Tệp đang được ghi, chờ xong rồi xem kết quả."))
        if locked.status == BatchStatus.CANCELLED:
            return locked
        locked.status = BatchStatus.CANCELLED
        locked.file.delete(save=False)
        locked.save(update_fields=["status", "file", "updated_at"])
    return locked


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
    progress: Progress | None = None,
) -> Outcome:
    """Check, and with ``commit`` write, a file in one go, in this process (the command and
    the tests). With ``commit`` and rows in error (and not ``only_valid``) the batch stays in
    the preview, with its errors, and nothing is written."""
    batch, table = _upload(
        actor=actor,
        kind_code=kind_code,
        unit_code=unit_code,
        data=data,
        filename=filename,
        encoding=encoding,
    )
    if commit:
        outcome = batch_write_now(
            actor=actor, batch=batch, only_valid=only_valid, progress=progress, table=table
        )
    else:
        outcome = check_batch(batch.pk, progress=progress, table=table)
    if outcome is None:
        batch.refresh_from_db()
        raise DomainError(batch.failure or _("Không xử lý được tệp này."))
    outcome.batch_id = batch.pk
    return outcome


def batch_write_now(
    *,
    actor: User,
    batch: ImportBatch,
    only_valid: bool = False,
    progress: Progress | None = None,
    table: Table | None = None,
) -> Outcome | None:
    """Write a just-uploaded batch without a preview, in this process: the command with
    ``--commit`` and the bulk API, whose callers asked for the write itself. All or
    nothing, as always: with rows in error the batch stays in the preview."""
    kind_get(actor=actor, code=batch.kind)
    _move(
        batch,
        BatchStatus.QUEUED,
        BatchStatus.COMMITTING,
        committed_by=actor,
        only_valid=only_valid,
    )
    return write_batch(batch.pk, progress=progress, table=table)


# The work itself: run by the request for a small file, by the worker for a large one.


def check_batch(
    batch_id: int, *, progress: Progress | None = None, table: Table | None = None
) -> Outcome | None:
    """Check every row of the file, as a commit would, and write nothing but the result.
    ``table``: the file as this process has just read it (otherwise it is read again)."""
    batch = _claim(batch_id, BatchStatus.QUEUED, BatchStatus.CHECKING)
    if batch is None:
        return None
    try:
        outcome = _run(batch, actor=batch.imported_by, commit=False, progress=progress, table=table)
    except Exception as exc:  # anything: the batch must not stay "checking" forever
        _fail(batch, BatchStatus.CHECKING, _failure(exc))
        return None
    with transaction.atomic():
        if _still(batch, BatchStatus.CHECKING):
            _store(batch, outcome, BatchStatus.PREVIEW)
    return outcome


def write_batch(
    batch_id: int, *, progress: Progress | None = None, table: Table | None = None
) -> Outcome | None:
    """Write the file: every valid row in one transaction, or nothing."""
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update(of=("self",))
            .select_related("unit", "committed_by")
            .filter(pk=batch_id, status=BatchStatus.COMMITTING)
            .first()
        )
        actor = batch.committed_by if batch is not None else None
        if batch is None or actor is None:  # cancelled, or already written
            return None
        try:
            outcome = _run(batch, actor=actor, commit=True, progress=progress, table=table)
        except Exception as exc:  # nothing is written, and the batch says why
            transaction.set_rollback(True)
            error = exc
        else:
            if outcome.committed:
                batch.committed_at = timezone.now()
                _store(batch, outcome, BatchStatus.COMMITTED)
                events.import_committed(actor=actor, batch=batch)
            else:
                _store(batch, outcome, BatchStatus.PREVIEW)
            return outcome
    _fail(batch, BatchStatus.COMMITTING, _failure(error))
    return None


def _failure(exc: Exception) -> str:
    if isinstance(exc, DomainError):
        return exc.message
    logger.exception("import batch failed", exc_info=exc)
    return _("Lỗi hệ thống khi xử lý tệp; không có gì được ghi. Báo quản trị hệ thống.")


def _move(batch: ImportBatch, before: BatchStatus, after: BatchStatus, **fields: Any) -> None:
    """Move ``batch`` from ``before`` to ``after`` (with ``fields``) only if it is still in
    ``before``: two commits at once, or a commit racing a cancel, move it once."""
    moved = ImportBatch.objects.filter(pk=batch.pk, status=before).update(
        status=after, updated_at=timezone.now(), **fields
    )
    if not moved:
        batch.refresh_from_db()
        _require_status(batch, before)  # says what it is now
    for name, value in fields.items():
        setattr(batch, name, value)
    batch.status = after


def _dispatch(
    batch: ImportBatch,
    status: BatchStatus,
    background: bool | None,
    progress: Progress | None = None,
    table: Table | None = None,
) -> None:
    """Run the work of ``status`` now, or hand it to the worker once this transaction
    commits."""
    from . import tasks

    work = check_batch if status == BatchStatus.QUEUED else write_batch
    if background is None:
        background = batch.rows > settings.IMPORT_BACKGROUND_ROWS
    if not background:
        work(batch.pk, progress=progress, table=table)
        batch.refresh_from_db()
        return
    task = tasks.check_batch if status == BatchStatus.QUEUED else tasks.write_batch
    batch_id = batch.pk
    transaction.on_commit(lambda: task.enqueue(batch_id))


def _run(
    batch: ImportBatch,
    *,
    actor: User,
    commit: bool,
    progress: Progress | None,
    table: Table | None = None,
) -> Outcome:
    kind = KINDS[batch.kind]
    if table is None:
        with batch.file.open("rb") as handle:
            data = handle.read()
        table = read_table(data, batch.filename, encoding=batch.encoding)
    return run(
        actor=actor,
        kind=kind,
        unit=batch.unit,
        table=table,
        commit=commit,
        only_valid=batch.only_valid,
        choices={int(line): code for line, code in batch.choices.items()},
        progress=progress_store.reporter(batch.pk, progress),
    )


def _claim(batch_id: int, before: BatchStatus, after: BatchStatus) -> ImportBatch | None:
    """Move the batch from ``before`` to ``after``, unless someone else did (or cancelled)."""
    with transaction.atomic():
        claimed = ImportBatch.objects.filter(pk=batch_id, status=before).update(
            status=after, updated_at=timezone.now()
        )
    if not claimed:
        return None
    return ImportBatch.objects.select_related("unit", "imported_by").get(pk=batch_id)


def _still(batch: ImportBatch, status: BatchStatus) -> bool:
    return ImportBatch.objects.select_for_update().filter(pk=batch.pk, status=status).exists()


def _store(batch: ImportBatch, outcome: Outcome, status: BatchStatus) -> None:
    batch.status = status
    batch.rows = outcome.rows
    batch.created = outcome.created
    batch.updated = outcome.updated
    batch.duplicates = outcome.duplicates
    batch.errors = len(outcome.error_lines)
    batch.problems = [[p.line, p.column, p.message] for p in outcome.problems]
    found = {
        str(line): {"text": text, "options": [list(option) for option in options]}
        for line, (text, options) in outcome.ambiguities.items()
    }
    # a row the user already chose for stays listed, so the choice can be changed
    batch.ambiguities = {
        **{line: entry for line, entry in batch.ambiguities.items() if line in batch.choices},
        **found,
    }
    batch.failure = ""
    batch.save()
    progress_store.clear(batch.pk)


def _fail(batch: ImportBatch, status: BatchStatus, message: str) -> None:
    """The work of ``status`` could not be done: say why, and drop the file. A batch
    cancelled meanwhile stays cancelled."""
    failed = ImportBatch.objects.filter(pk=batch.pk, status=status).update(
        status=BatchStatus.FAILED, failure=message, updated_at=timezone.now()
    )
    if failed and batch.file:
        batch.file.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(file="")
    progress_store.clear(batch.pk)


def _require_status(batch: ImportBatch, status: BatchStatus) -> None:
    if batch.status == status:
        return
    messages = {
        BatchStatus.COMMITTED: _("Tệp này đã được nhập."),
        BatchStatus.CANCELLED: _("Lần nhập này đã hủy: tải tệp lên lại."),
        BatchStatus.FAILED: _("Không xử lý được tệp này: tải tệp lên lại."),
    }
    raise ConflictError(
        messages.get(BatchStatus(batch.status), _("Tệp đang được xử lý, chờ một lát."))
    )
