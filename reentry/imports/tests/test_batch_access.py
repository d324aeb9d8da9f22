"""What the review of the upload flow found: batches of a kind a role may not import are
not theirs to see; a row finds its person only in the unit uploaded for; one batch is
written once; a crash leaves a batch failed, not stuck."""

import datetime

import pytest
from django.urls import reverse

from reentry.accounts.roles import Role
from reentry.core.errors import ConflictError
from reentry.imports import services
from reentry.imports.models import ImportBatch
from reentry.imports.tests.sheets import AN_CCCD, person, run, xlsx
from reentry.imports.tests.test_activities_import import ROWS
from reentry.imports.tests.test_upload_page import BAD, GOOD, upload
from reentry.persons.models import Person
from reentry.support.models import SupportActivity

pytestmark = pytest.mark.django_db


def test_a_labour_officer_never_sees_a_register_upload(make_user, client_for):
    officer = make_user(Role.COMMUNE_OFFICER, "15865")
    upload(client_for(officer), xlsx("register", BAD))
    register = ImportBatch.objects.get()
    for labour in (make_user(Role.LABOUR_OFFICER, "15865"), make_user(Role.LABOUR_OFFICER, "38")):
        client = client_for(labour)
        page = client.get(reverse("imports:upload")).content.decode()
        assert register.filename not in page
        for name in ("imports:batch", "imports:errors", "imports:progress"):
            assert client.get(reverse(name, args=[register.pk])).status_code == 404
        assert client.post(reverse("imports:cancel", args=[register.pk])).status_code == 404
    register.refresh_from_db()
    assert register.status == "preview"
    assert bool(register.file)


def test_a_row_finds_its_person_only_in_the_unit_uploaded_for(make_user):
    person(make_user(Role.COMMUNE_OFFICER, "15865"))
    person(
        make_user(Role.COMMUNE_OFFICER, "15880"),
        full_name="Phạm Thị Bí Mật",
        gender="female",
        commune_code="15880",
        national_id="038190009999",
        date_of_birth=datetime.date(1990, 1, 1),
    )
    labour = make_user(Role.LABOUR_OFFICER, "38")  # the whole province is in scope
    rows = [ROWS[0], {**ROWS[0], "national_id": "038190009999"}]
    outcome = run(labour, "activities", xlsx("activities", rows), commit=True)
    (problem,) = outcome.problems
    assert problem.line == 3
    assert "Bí Mật" not in problem.message  # the other commune's file is never named
    assert "Không tìm thấy hồ sơ có số CCCD 038190009999" in problem.message
    assert not SupportActivity.objects.exists()
    done = run(labour, "activities", xlsx("activities", [ROWS[0]]), commit=True)
    assert done.committed
    assert SupportActivity.objects.get().person.national_id == AN_CCCD


def test_one_batch_is_written_once(make_user, client_for):
    officer = make_user(Role.COMMUNE_OFFICER, "15865")
    upload(client_for(officer), xlsx("register", GOOD))
    first = ImportBatch.objects.get()
    stale = ImportBatch.objects.get()  # a second tab, loaded before the first commit
    services.batch_commit(actor=officer, batch=first)
    with pytest.raises(ConflictError):
        services.batch_commit(actor=officer, batch=stale)
    with pytest.raises(ConflictError):
        services.batch_cancel(actor=officer, batch=stale)
    assert Person.objects.count() == 2
    first.refresh_from_db()
    assert first.status == "committed"


def test_a_crash_leaves_the_batch_failed_with_a_message(make_user, monkeypatch):
    officer = make_user(Role.COMMUNE_OFFICER, "15865")

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("reentry.imports.services.run", crash)
    batch = services.batch_upload(
        actor=officer,
        kind_code="register",
        unit_code="15865",
        data=xlsx("register", GOOD),
        filename="so.xlsx",
    )
    batch.refresh_from_db()
    assert batch.status == "failed"
    assert "không có gì được ghi" in batch.failure
    assert not batch.file  # the personal data does not linger
    assert not Person.objects.exists()
