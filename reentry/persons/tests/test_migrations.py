"""Files stored with the former spelling "Co Lao" get the official "Cờ Lao", and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("persons", "0008_ethnicity_co_lao_choice")]
AFTER = [("persons", "0009_ethnicity_co_lao_rewrite")]


@pytest.fixture
def back_to_the_latest_schema():
    """The database left at the latest migrations for the transactional tests that run
    after this one (as in ``outcomes/tests/test_migrations.py``)."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def ethnicities(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    Person = executor.loader.project_state(targets).apps.get_model("persons", "Person")
    return dict(Person.objects.values_list("full_name", "ethnicity"))


# ``units_back_after_flush`` first: its teardown (the units loaded again) runs after the
# flush of ``transactional_db``
def test_the_co_lao_files_are_rewritten_and_written_back(
    units_back_after_flush, transactional_db, back_to_the_latest_schema
):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    AdminUnit = apps.get_model("geography", "AdminUnit")
    Person = apps.get_model("persons", "Person")
    commune = AdminUnit.objects.filter(kind="commune").first()
    if commune is None:  # the units come with the geography migrations or the loader
        commune = AdminUnit.objects.create(kind="commune", code="99999", name="Xã Thử", path="t/")
    for name, ethnicity in (("Sử", "Co Lao"), ("Pao", "Mông"), ("An", "Kinh"), ("Chờ", "Co")):
        Person.objects.create(
            full_name=name,
            name_key=name.lower(),
            gender="male",
            birth_year=1980,
            address_text="Thôn 1",
            commune=commune,
            commune_path=commune.path,
            ethnicity=ethnicity,
        )
    after = {"Sử": "Cờ Lao", "Pao": "Mông", "An": "Kinh", "Chờ": "Co"}
    assert ethnicities(AFTER) == after
    assert ethnicities(BEFORE) == {**after, "Sử": "Co Lao"}  # reversible
