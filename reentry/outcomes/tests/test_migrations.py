"""Files expunged before sealing existed are sealed by the migration that brings it."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("persons", "0002_expungement_clock_and_sealing"), ("outcomes", "0001_initial")]
AFTER = [("outcomes", "0002_seal_expunged_files")]


@pytest.fixture
def back_to_the_latest_schema():
    """The test leaves the database at the latest migrations, for the transactional tests
    that run after it (pytest-django runs those last): otherwise they meet the schema of
    ``AFTER``, without the columns of every later migration."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def at(targets):  # type: ignore[no-untyped-def]
    """The database migrated back to ``targets``; the historical models, a commune, an
    officer, and a way to open a file in that commune."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    apps = executor.loader.project_state(targets).apps
    AdminUnit = apps.get_model("geography", "AdminUnit")
    Person = apps.get_model("persons", "Person")
    commune = AdminUnit.objects.filter(kind="commune").first()
    if commune is None:  # the units come with the geography migrations or the loader
        commune = AdminUnit.objects.create(kind="commune", code="99999", name="Xã Thử", path="t/")
    user = apps.get_model("accounts", "User").objects.create(
        username="m", role="commune_officer", scope_unit=commune
    )

    def person(name: str, **extra: object):  # type: ignore[no-untyped-def]
        return Person.objects.create(
            full_name=name,
            name_key=name.lower(),
            gender="male",
            birth_year=1980,
            address_text="Thôn 1",
            commune=commune,
            commune_path=commune.path,
            **extra,
        )

    return apps, user, person


# ``units_back_after_flush`` first: its teardown (the units loaded again) runs after the
# flush of ``transactional_db``
def test_files_expunged_earlier_are_sealed(
    units_back_after_flush, transactional_db, back_to_the_latest_schema
):
    apps, user, person = at(BEFORE)
    Person = apps.get_model("persons", "Person")
    ExpungementRecord = apps.get_model("outcomes", "ExpungementRecord")
    person("Đóng", status="closed", closure_reason="expunged")
    certified = person("Phiếu", status="closed", closure_reason="moved_abroad")
    refused = person("Bác")
    untouched = person("Giữ")
    for who, kind in ((certified, "certificate"), (refused, "court_refused")):
        ExpungementRecord.objects.create(
            person=who,
            kind=kind,
            number="1",
            issued_by="Sở Tư pháp",
            issued_on=datetime.date(2025, 1, 1),
            recorded_by=user,
        )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    sealed = set(Person.objects.filter(sealed_at__isnull=False).values_list("full_name", flat=True))
    assert sealed == {"Đóng", "Phiếu"}
    assert {refused.full_name, untouched.full_name}.isdisjoint(sealed)


def test_the_day_of_the_latest_classification_is_filled_in(
    units_back_after_flush, transactional_db, back_to_the_latest_schema
):
    before = [("persons", "0005_worklist_check_index"), ("outcomes", "0003_encrypted_at_rest")]
    apps, user, person = at(before)
    Classification = apps.get_model("outcomes", "Classification")
    classified, _never = person("Có"), person("Chưa")
    for day in (datetime.date(2024, 5, 1), datetime.date(2025, 6, 2), datetime.date(2023, 1, 1)):
        Classification.objects.create(
            person=classified, assessed_on=day, grade="A", assessed_by=user
        )
    executor = MigrationExecutor(connection)
    executor.migrate([("outcomes", "0004_person_classified_on")])
    apps = executor.loader.project_state([("outcomes", "0004_person_classified_on")]).apps
    Person = apps.get_model("persons", "Person")
    days = dict(Person.objects.values_list("full_name", "classified_on"))
    assert days == {"Có": datetime.date(2025, 6, 2), "Chưa": None}
