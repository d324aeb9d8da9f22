"""A sheet means the same in every language: its choice cells and its header are matched
against the Vietnamese labels (the template's), the codes and the English labels, whatever
language is active. The preview runs in the user's language; the background worker runs
in none; both must read the sheet alike."""

import pytest
from django.utils import translation

from reentry.accounts.roles import Role
from reentry.imports import cells
from reentry.imports.models import ImportBatch
from reentry.imports.services import batch_commit, batch_upload
from reentry.support.models import ProviderKind, SupportActivity, SupportKind

from .sheets import AN_CCCD, person, run, xlsx

pytestmark = pytest.mark.django_db

LANGUAGES = ["vi", "en", None]  # None: no language active, as in the worker


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.mark.parametrize("active", LANGUAGES)
@pytest.mark.parametrize("typed", ["Giới thiệu việc làm", "gioi thieu viec lam", "job_referral"])
def test_a_choice_by_its_vietnamese_label_or_code_in_any_language(active, typed):
    with translation.override(active):
        assert cells.choice(typed, SupportKind.choices) == "job_referral"
        assert cells.choice_list(f"{typed}; Job placement", SupportKind.choices) == [
            "job_referral",
            "job_placement",
        ]


@pytest.mark.parametrize("active", LANGUAGES)
def test_a_choice_by_its_english_label_in_any_language(active):
    with translation.override(active):
        assert cells.choice("Job referral", SupportKind.choices) == "job_referral"
        assert cells.choice("AGENCY OR MASS ORGANISATION", ProviderKind.choices) == "agency"
        with pytest.raises(cells.CellError):
            cells.choice("Klingon", SupportKind.choices)


# the same acts of help typed three ways: the template's label, the code, the English label
ROWS = [
    {
        "full_name": "Nguyễn Văn An",
        "national_id": AN_CCCD,
        "kind": "Giới thiệu việc làm",
        "occurred_on": "05/09/2022",
        "provider_name": "Trung tâm dịch vụ việc làm tỉnh",
        "provider_kind": "Cơ quan, đoàn thể",
    },
    {
        "full_name": "Nguyễn Văn An",
        "national_id": AN_CCCD,
        "kind": "counselling",
        "occurred_on": "06/09/2022",
        "provider_name": "Hội Phụ nữ xã",
        "provider_kind": "member",
    },
    {
        "full_name": "Nguyễn Văn An",
        "national_id": AN_CCCD,
        "kind": "Encouragement visit",
        "occurred_on": "07/09/2022",
        "provider_name": "Tổ 3/1 thôn",
        "provider_kind": "Initiative member",
    },
]
KINDS = [
    ("job_referral", "agency"),
    ("counselling", "member"),
    ("encouragement_visit", "member"),
]


@pytest.mark.parametrize("sheet_language", ["vi", "en"])  # the template's header, either way
@pytest.mark.parametrize("active", LANGUAGES)
def test_the_same_sheet_reads_alike_in_every_language(officer, sheet_language, active):
    person(officer)
    with translation.override(sheet_language):
        sheet = xlsx("activities", ROWS)
    with translation.override(active):
        preview = run(officer, "activities", sheet, commit=False)
    assert (preview.created, preview.problems) == (3, [])


@pytest.mark.parametrize("sheet_language", ["vi", "en"])
def test_the_worker_reads_the_sheet_the_preview_read(
    officer, sheet_language, settings, django_capture_on_commit_callbacks
):
    """An English user's upload, checked and written by the worker, which runs without
    the user's language."""
    person(officer)
    settings.IMPORT_BACKGROUND_ROWS = 1
    with translation.override(sheet_language):
        sheet = xlsx("activities", ROWS)
    with translation.override("en"), django_capture_on_commit_callbacks() as queued:
        batch = batch_upload(
            actor=officer,
            kind_code="activities",
            unit_code="15865",
            data=sheet,
            filename="activities.xlsx",
        )
    assert batch.status == "queued"
    with translation.override(None):
        for work in queued:
            work()
    batch = ImportBatch.objects.get(pk=batch.pk)
    assert (batch.status, batch.created, batch.problems) == ("preview", 3, [])
    assert not SupportActivity.objects.exists()  # checked, not yet written
    with translation.override("en"), django_capture_on_commit_callbacks() as queued:
        batch_commit(actor=officer, batch=batch)
    with translation.override(None):
        for work in queued:
            work()
    batch.refresh_from_db()
    assert batch.status == "committed"
    written = SupportActivity.objects.order_by("occurred_on").values_list("kind", "provider_kind")
    assert list(written) == KINDS
