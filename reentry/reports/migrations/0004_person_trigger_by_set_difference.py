"""The trigger on person files finds the changed rows by set difference instead of joining
its two transition tables (a nested loop: an update of 100,000 files in one statement took
over 20 minutes). Reinstalls the triggers as ``freshness`` now writes them."""

from django.db import migrations

from reentry.reports import freshness


def install(apps, schema_editor):
    freshness.install(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_stored_figures")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
