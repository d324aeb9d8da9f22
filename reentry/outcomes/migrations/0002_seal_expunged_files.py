"""Files expunged before sealing existed (closed as "expunged", or with a certificate or a
granting court decision on record) are sealed now, so that none stays in the lists."""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone


def seal_expunged(apps, schema_editor):  # type: ignore[no-untyped-def]
    Person = apps.get_model("persons", "Person")
    ExpungementRecord = apps.get_model("outcomes", "ExpungementRecord")
    expunged = ExpungementRecord.objects.exclude(kind="court_refused").values("person_id")
    Person.objects.filter(
        Q(closure_reason="expunged") | Q(pk__in=expunged), sealed_at__isnull=True
    ).update(sealed_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0001_initial"),
        ("persons", "0002_expungement_clock_and_sealing"),
    ]

    operations = [migrations.RunPython(seal_expunged, migrations.RunPython.noop)]
