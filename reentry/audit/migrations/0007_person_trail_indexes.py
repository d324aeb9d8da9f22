"""Indexes for one file's trail on PostgreSQL (``audit.selectors.person_trail``): the
events that name the file (``changes -> 'person_id'``) and the lists that showed it
(``changes -> 'person_ids' @> '[id]'``, a GIN index). SQLite gets none: json_each scans."""

from django.db import migrations

INDEXES = [
    "CREATE INDEX IF NOT EXISTS audit_changes_person_id "
    "ON audit_auditevent ((changes -> 'person_id'))",
    "CREATE INDEX IF NOT EXISTS audit_changes_person_ids "
    "ON audit_auditevent USING gin ((changes -> 'person_ids') jsonb_path_ops)",
    "CREATE INDEX IF NOT EXISTS audit_unit_path_id "
    "ON audit_auditevent (unit_path text_pattern_ops, id)",
]
DROPS = [
    "DROP INDEX IF EXISTS audit_changes_person_id",
    "DROP INDEX IF EXISTS audit_changes_person_ids",
    "DROP INDEX IF EXISTS audit_unit_path_id",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_keys_rotated")]

    operations = [migrations.RunPython(_run(INDEXES), _run(DROPS))]
