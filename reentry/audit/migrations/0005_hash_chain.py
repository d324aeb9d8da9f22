"""The hash chain of the audit trail (audit/chain.py), the rows already written chained in id
order, and on PostgreSQL a trigger that refuses UPDATE and DELETE of audit rows."""

from django.db import migrations, models

TRIGGER = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'audit events are append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_append_only();
"""


def chain_existing(apps, schema_editor):
    from reentry.audit.chain import GENESIS, event_hash, fields_of

    AuditEvent = apps.get_model("audit", "AuditEvent")
    previous = GENESIS
    batch = []
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        event.prev_hash = previous
        event.hash = event_hash(fields_of(event), previous)
        previous = event.hash
        batch.append(event)
        if len(batch) == 2000:
            AuditEvent.objects.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    if batch:
        AuditEvent.objects.bulk_update(batch, ["prev_hash", "hash"])


def guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER)


def unguard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_emergency_open")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="mã băm sự kiện trước"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="mã băm"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(guard, unguard),
    ]
