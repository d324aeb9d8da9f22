"""Fill ``Person.classified_on``, the day of each file's latest classification, from the
classifications already recorded (the services keep it current from here on)."""

from django.db import migrations

FILL = (
    "UPDATE persons_person SET classified_on = ("
    " SELECT MAX(c.assessed_on) FROM outcomes_classification c"
    " WHERE c.person_id = persons_person.id)"
    " WHERE EXISTS (SELECT 1 FROM outcomes_classification c"
    " WHERE c.person_id = persons_person.id)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0003_encrypted_at_rest"),
        ("persons", "0006_worklist_classified_on"),
        # the triggers that a bulk update of files meets, in their linear form
        ("reports", "0004_person_trigger_by_set_difference"),
    ]

    operations = [migrations.RunSQL(FILL, migrations.RunSQL.noop)]
