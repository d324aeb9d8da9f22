"""Two imports of the same file at the same moment, with real concurrent connections
(PostgreSQL): each person has one file, each release one sentence, and each import ends as
it would have a minute later — written, with what was already there counted as "đã có" —
never as an error page or a batch that failed half way."""

import pytest

from reentry.accounts.roles import Role
from reentry.audit.verify import verify_chain
from reentry.core.crypto import blind_index
from reentry.core.tests.concurrency import collide, on_postgresql, widen
from reentry.imports.kinds import notices as notices_kind
from reentry.imports.kinds import register as register_kind
from reentry.imports.models import ImportBatch
from reentry.persons.models import Person, ReleaseNotice, Residence, Sentence

from .sheets import run, xlsx
from .test_upload_page import person_row

pytestmark = [on_postgresql, pytest.mark.usefixtures("concurrent_db")]

# the upload page's rows (one register file); the third has no CCCD: only the name and
# birth date say who this is, and no index guards them
REGISTER_ROWS = [
    person_row(),
    person_row(
        full_name="Lê Thị Hằng", gender="Nữ", national_id="038190004321", date_of_birth="02/01/1990"
    ),
    person_row(full_name="Trần Văn Bình", national_id="", date_of_birth="01/02/1985"),
]
CCCDS = ("038090001234", "038190004321")


@pytest.fixture
def officers(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865"), make_user(Role.COMMUNE_OFFICER, "15865")


def importing(actor, kind_code, rows):
    data = xlsx(kind_code, rows)
    return lambda: run(actor, kind_code, data, commit=True)


def assert_each_import_ended_cleanly(ran, rows):
    """No exception, no failed batch; both written; together they opened each file once,
    and the second found what the first wrote ("đã có"), as the same file a minute later."""
    assert all(side.ok for side in ran), [side.error for side in ran]
    outcomes = [side.value for side in ran]
    for outcome in outcomes:
        assert outcome.problems == [], outcome.problems
        assert outcome.committed
    assert sorted((o.created, o.duplicates) for o in outcomes) == [(0, rows), (rows, 0)]
    statuses = ImportBatch.objects.values_list("status", flat=True)
    assert sorted(statuses) == ["committed", "committed"]
    assert verify_chain().ok


@pytest.mark.parametrize(
    "rows",
    [REGISTER_ROWS, REGISTER_ROWS[2:]],
    ids=["with and without CCCD", "without CCCD only"],
)
def test_two_imports_of_one_register_at_once_open_each_file_once(officers, monkeypatch, rows):
    """A sheet with no CCCD at all is the case no index catches: two files for Bình."""
    # each import has looked for the files of its rows before either writes
    widen(monkeypatch, register_kind, "_files_named")
    ran = collide(*(importing(officer, "register", rows) for officer in officers))
    for number in CCCDS[: len(rows) - 1]:
        assert Person.objects.filter(national_id_hash=blind_index(number)).count() == 1
    assert Person.objects.filter(name_key="tranvanbinh").count() == 1
    assert Person.objects.count() == Residence.objects.count() == Sentence.objects.count()
    assert Person.objects.count() == len(rows)
    assert_each_import_ended_cleanly(ran, len(rows))


NOTICE_ROWS = [
    {
        "full_name": "lê thị hằng",
        "gender": "Nữ",
        "date_of_birth": "02/01/1990",
        "national_id": "038190004321",
        "facility": "Trại giam số 5",
        "received_on": "03/11/2025",
        "expected_release_on": "28/12/2025",
        "release_type": "Chấp hành xong án phạt tù",
        "intended_address": "Thôn Phú Khê",
    },
    {
        "full_name": "trần  văn bình",
        "gender": "nam",
        "date_of_birth": "1/2/1985",
        "facility": "Trại giam Thanh Phong",
        "received_on": "5.11.2025",
        "expected_release_on": "15/12/2025",
        "release_type": "Đặc xá",
        "intended_address": "Xóm 2",
    },
]


def test_two_imports_of_one_notice_list_at_once_open_each_file_once(officers, monkeypatch):
    """The prison's list of people not yet known, uploaded twice at once: each opens the
    files row by row through ``person_register``."""
    widen(monkeypatch, notices_kind, "person_find")
    ran = collide(*(importing(officer, "notices", NOTICE_ROWS) for officer in officers))
    assert Person.objects.filter(national_id_hash=blind_index("038190004321")).count() == 1
    assert Person.objects.filter(name_key="tranvanbinh").count() == 1
    assert ReleaseNotice.objects.count() == 2
    assert_each_import_ended_cleanly(ran, len(NOTICE_ROWS))
