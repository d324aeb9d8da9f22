"""Files stored with the ethnic group "Co Lao" get its name in the official list, "Cờ Lao"
(Danh mục các dân tộc Việt Nam, Quyết định 121-TCTK/PPCĐ); going back writes "Co Lao"
again. Only the field is rewritten: the audit log keeps what was recorded at the time."""

from django.db import migrations

# frozen here: the migration must do the same thing whatever the reference list says later
OLD, NEW = "Co Lao", "Cờ Lao"


def _rename(apps, schema_editor, old: str, new: str) -> None:  # type: ignore[no-untyped-def]
    Person = apps.get_model("persons", "Person")
    Person.objects.using(schema_editor.connection.alias).filter(ethnicity=old).update(
        ethnicity=new
    )


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _rename(apps, schema_editor, OLD, NEW)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _rename(apps, schema_editor, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("persons", "0008_ethnicity_co_lao_choice"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
