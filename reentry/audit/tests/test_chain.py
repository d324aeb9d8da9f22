"""The hash chain: a clean trail verifies; an edited, deleted or inserted row is found;
on PostgreSQL the database itself refuses to change audit rows, and concurrent writers
still make one unbroken chain."""

import itertools
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from reentry.audit.chain import GENESIS, event_hash, fields_of
from reentry.audit.models import AuditAction, AuditEvent
from reentry.audit.services import audit_event, audit_record, audit_record_many
from reentry.audit.verify import verify_chain

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the guard and real concurrency need PostgreSQL"
)


def trail(n=5):
    for i in range(n):
        audit_record(actor=None, action=AuditAction.VIEW, summary=f"xem hồ sơ {i}")
    audit_record_many(
        [audit_event(actor=None, action=AuditAction.EXPORT, summary=f"tải {i}") for i in range(3)]
    )
    return list(AuditEvent.objects.order_by("id"))


def raw(sql, params=()):
    """SQL as a user with database access would run it, past the ORM and the trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # triggers off
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


def verify_output(capsys, **options):
    call_command("audit_verify", **options)
    return capsys.readouterr().out


def test_every_write_chains_onto_the_one_before(db, capsys):
    events = trail()
    assert events[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
        assert after.hash == event_hash(fields_of(after), before.hash)
    out = verify_output(capsys)
    assert f"đã kiểm tra {len(events)} sự kiện" in out
    assert events[-1].hash in out


def test_an_edited_row_is_found(db):
    events = trail()
    raw("UPDATE audit_auditevent SET summary = %s WHERE id = %s", ["sửa lén", events[3].pk])
    with pytest.raises(CommandError, match=f"sự kiện #{events[3].pk} đã bị sửa"):
        call_command("audit_verify")


def test_a_deleted_row_is_found(db):
    events = trail()
    raw("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    with pytest.raises(CommandError, match=f"liên kết đứt trước sự kiện #{events[3].pk}"):
        call_command("audit_verify")


def test_a_row_inserted_with_a_valid_hash_of_its_own_is_found(db):
    events = trail()
    # a forger copies a row, recomputes its hash from its predecessor: the next link breaks
    forged = fields_of(events[4])
    forged_hash = event_hash({**forged, "summary": "không có"}, events[4].hash)
    raw(
        "UPDATE audit_auditevent SET summary = %s, hash = %s WHERE id = %s",
        ["không có", forged_hash, events[5].pk],
    )
    verdict = verify_chain()
    assert (verdict.ok, verdict.broken_at) == (False, events[5].pk)


def test_verifying_from_a_checkpoint(db, capsys):
    events = trail()
    raw("UPDATE audit_auditevent SET summary = 'x' WHERE id = %s", [events[0].pk])
    assert not verify_chain().ok
    assert f"đã kiểm tra {len(events) - 2} sự kiện" in verify_output(capsys, since_id=events[2].pk)


@on_postgresql
def test_the_database_refuses_to_change_or_delete_audit_rows(db):
    event = trail(1)[0]
    for sql in (
        "UPDATE audit_auditevent SET summary = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).summary == event.summary


@on_postgresql
def test_concurrent_writers_make_one_unbroken_chain(units_back_after_flush, transactional_db):
    def write(n):
        try:
            for i in range(n):
                with transaction.atomic():
                    audit_record(actor=None, action=AuditAction.VIEW, summary=f"luồng {i}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(25,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    verdict = verify_chain()
    assert verdict.ok
    assert verdict.checked == AuditEvent.objects.count() == 100
