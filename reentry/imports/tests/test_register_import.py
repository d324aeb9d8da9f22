"""Importing the register: preview, all or nothing, only the valid rows, re-import, and the
bad files a commune will send."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from reentry.accounts.roles import Role
from reentry.audit.models import AuditEvent
from reentry.core.crypto import blind_index
from reentry.core.errors import NotFoundError
from reentry.imports.kinds import REGISTER
from reentry.imports.models import ImportBatch
from reentry.imports.readers import ReadError
from reentry.imports.services import import_file
from reentry.imports.tests.test_readers import to_cp1258
from reentry.persons.models import Person, Sentence
from reentry.persons.services import PersonData, person_register

pytestmark = pytest.mark.django_db
HEADERS = [str(c.header) for c in REGISTER.columns]


def row(**changes):
    values = {
        "full_name": "nguyễn  văn AN",
        "gender": "Nam",
        "date_of_birth": "15/03/1990",
        "national_id": "038090001234",
        "address_text": "Thôn 3",
        "judgment_number": "25/2019/HS-ST",
        "judgment_date": "12/06/2019",
        "court": "TAND huyện Hoằng Hóa",
        "main_penalty": "Tù có thời hạn",
        "prison_months": 36,
        "article": 173,
        "offence": "Trộm cắp tài sản",
        "category": "nghiêm trọng",
        "prison_facility": "Trại giam Thanh Phong",
        "release_date": "12/06/2022",
        "release_type": "Chấp hành xong án phạt tù",
    }
    values.update(changes)
    return [values.get(c.key, "") for c in REGISTER.columns]


def xlsx(rows, headers=HEADERS, above=0):
    book = Workbook()
    sheet = book.active
    for _ in range(above):
        sheet.append(["SỔ THEO DÕI NGƯỜI CHẤP HÀNH XONG ÁN PHẠT TÙ"])
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


THREE = [
    row(),
    row(full_name="Lê Thị Hằng", gender="Nữ", national_id="038190004321", date_of_birth="2/1/90"),
    row(full_name="Trần Văn Bình", national_id="038085001111", date_of_birth=31048),
]


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


def run(officer, data, commit, filename="so-theo-doi.xlsx", **kwargs):
    return import_file(
        actor=officer,
        kind_code="register",
        unit_code="15865",
        data=data,
        filename=filename,
        commit=commit,
        **kwargs,
    )


def test_preview_writes_nothing_and_commit_writes_every_row(officer):
    preview = run(officer, xlsx(THREE), commit=False)
    assert (preview.rows, preview.created, preview.problems) == (3, 3, [])
    assert not Person.objects.exists()
    assert ImportBatch.objects.get(pk=preview.batch_id).status == "preview"
    done = run(officer, xlsx(THREE), commit=True)
    assert done.committed
    assert Person.objects.filter(commune__code="15865").count() == 3
    an = Person.objects.get(national_id_hash=blind_index("038090001234"))
    assert an.full_name == "Nguyễn Văn An"  # case and spaces put right
    assert Sentence.objects.get(person=an).release_date.isoformat() == "2022-06-12"
    batch = ImportBatch.objects.get(pk=done.batch_id)
    assert (batch.status, batch.rows, batch.created, batch.errors) == ("committed", 3, 3, 0)
    with batch.file.open("rb") as kept:
        assert kept.read()[:2] == b"PK"  # the uploaded workbook, as it was
    assert AuditEvent.objects.filter(action="import", object_id=str(batch.pk)).exists()


def test_the_same_file_again_changes_nothing_and_says_so(officer):
    run(officer, xlsx(THREE), commit=True)
    again = run(officer, xlsx(THREE), commit=True)
    assert (again.created, again.updated, again.duplicates) == (0, 0, 3)
    assert Person.objects.count() == 3
    assert Sentence.objects.count() == 3
    later = row(release_date="01/02/2025", judgment_date="01/01/2024", judgment_number="9/2024")
    added = run(officer, xlsx([later]), commit=True)
    assert added.updated == 1  # a new release of a known person: the file gets the sentence
    assert Person.objects.count() == 3


def test_rows_in_error_are_listed_and_nothing_is_written(officer, make_user):
    elsewhere = make_user(Role.COMMUNE_OFFICER, "11341")  # Ngô Quyền, Hải Phòng
    person_register(
        actor=elsewhere,
        data=PersonData(
            full_name="Phạm Văn Cường",
            gender="male",
            commune_code="11341",
            address_text="Số 5",
            date_of_birth=None,
            birth_year=1988,
            national_id="038088009999",
        ),
    )
    rows = [
        row(),
        row(full_name="Lê Văn Dũng", national_id="", date_of_birth="31/02/1991"),
        row(full_name="Hà Văn Em", national_id="", date_of_birth="1/1/1991", gender="khác"),
        row(),  # the first row again
        row(
            full_name="Phạm Văn Cường",
            national_id="038088009999",
            date_of_birth="",
            birth_year=1988,
        ),
    ]
    outcome = run(officer, xlsx(rows), commit=True)
    assert not outcome.committed
    assert Person.objects.filter(commune__code="15865").count() == 0
    found = {(p.line, p.column) for p in outcome.problems}
    assert (3, "Ngày sinh") in found
    assert (4, "Giới tính") in found
    assert (5, "") in found  # the same as line 2
    assert (6, "Số CCCD") in found  # already has a file in another commune
    assert outcome.error_lines == [3, 4, 5, 6]
    partial = run(officer, xlsx(rows), commit=True, only_valid=True)
    assert partial.committed
    assert partial.created == 1
    assert Person.objects.filter(commune__code="15865").count() == 1


def test_headers_that_are_wrong_or_not_on_the_first_line(officer):
    with pytest.raises(ReadError, match="dòng 3"):
        run(officer, xlsx(THREE, above=2), commit=False)
    wrong = ["Tên", *HEADERS[1:]]
    with pytest.raises(ReadError, match="Thiếu cột: Họ và tên") as refused:
        run(officer, xlsx(THREE, headers=wrong), commit=False)
    assert "Tên" in refused.value.message
    upper = [h.upper() for h in HEADERS]  # case and accents do not matter
    assert run(officer, xlsx(THREE, headers=upper), commit=False).created == 3


def test_a_formula_is_read_as_its_saved_value_never_run(officer):
    rows = [row(full_name='=HYPERLINK("http://x","An")')]
    outcome = run(officer, xlsx(rows), commit=False)
    assert outcome.problems[0].column == "Họ và tên"  # no saved value: an empty cell


def test_a_unit_outside_the_scope(officer):
    with pytest.raises(NotFoundError):
        import_file(
            actor=officer,
            kind_code="register",
            unit_code="15880",
            data=xlsx(THREE),
            filename="x.xlsx",
            commit=True,
        )
    assert not Person.objects.exists()


def test_csv_in_windows_1258_and_utf8_with_bom(officer):
    lines = [",".join(HEADERS)] + [",".join(str(v) for v in values) for values in THREE]
    text = "\r\n".join(lines)
    outcome = run(officer, to_cp1258(text), commit=False, filename="so.csv")
    assert outcome.created == 3
    bom = "\ufeff".encode() + text.encode()
    assert run(officer, bom, commit=False, filename="so.csv").created == 3


def test_the_command_reports_on_the_terminal(officer, tmp_path, capsys):
    path = tmp_path / "so.xlsx"
    path.write_bytes(xlsx([*THREE, row(gender="?")]))
    call_command("import_file", str(path), kind="register", unit="15865", user=officer.username)
    out = capsys.readouterr().out
    assert "4 dòng: tạo mới 3" in out
    assert "Dòng 5 · Giới tính" in out
    with pytest.raises(CommandError, match="--only-valid"):
        call_command(
            "import_file",
            str(path),
            kind="register",
            unit="15865",
            user=officer.username,
            commit=True,
        )
    assert not Person.objects.exists()
