"""The upload page as an officer uses it: upload, look at the preview, choose, commit or
cancel; the error rows to fix; the template; the large file done by the worker; scope."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from reentry.accounts.roles import Role
from reentry.audit.models import AuditEvent
from reentry.imports.kinds import KINDS, REGISTER
from reentry.imports.models import ImportBatch
from reentry.imports.tests.sheets import xlsx
from reentry.persons.models import Person

pytestmark = pytest.mark.django_db


def person_row(**changes):
    values = {
        "full_name": "Nguyễn Văn An",
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
        "category": "Nghiêm trọng",
        "release_date": "12/06/2022",
        "release_type": "Chấp hành xong án phạt tù",
    }
    values.update(changes)
    return values


GOOD = [
    person_row(),
    person_row(full_name="Lê Thị Hằng", gender="Nữ", national_id="038190004321"),
]
BAD = [
    *GOOD,
    person_row(
        full_name="Trần Văn Bình", national_id="038085001111", date_of_birth="1/1/1985", gender="X"
    ),
]


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


def upload(client, data, name="so-theo-doi.xlsx", kind="register", unit="15865", **extra):
    return client.post(
        reverse("imports:upload"),
        {"kind": kind, "unit": unit, "file": SimpleUploadedFile(name, data), **extra},
    )


def test_upload_preview_then_commit(officer, client_for):
    client = client_for(officer)
    page = client.get(reverse("imports:upload"))
    assert page.status_code == 200
    assert "Tải lên và kiểm tra" in page.content.decode()
    response = upload(client, xlsx("register", GOOD))
    batch = ImportBatch.objects.get()
    assert response.url == reverse("imports:batch", args=[batch.pk])
    preview = client.get(response.url).content.decode()
    assert "Sẽ tạo mới" in preview
    assert "Nhập dữ liệu" in preview
    assert (batch.status, batch.rows, batch.created, batch.errors) == ("preview", 2, 2, 0)
    assert not Person.objects.exists()  # a preview writes nothing

    client.post(reverse("imports:commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.status, batch.committed_by, batch.created) == ("committed", officer, 2)
    assert Person.objects.filter(commune__code="15865").count() == 2
    assert AuditEvent.objects.filter(action="import", object_id=str(batch.pk)).count() == 1
    # the same file again: all already there, and the page says nothing will change
    upload(client, xlsx("register", GOOD))
    again = ImportBatch.objects.latest("id")
    assert (again.created, again.duplicates) == (0, 2)
    text = client.get(reverse("imports:batch", args=[again.pk])).content.decode()
    assert "nhập lại không thay đổi gì" in text
    assert f'action="/imports/{again.pk}/commit/"' not in text  # nothing to commit


def test_errors_commit_refused_only_valid_and_the_error_rows_file(officer, client_for):
    client = client_for(officer)
    upload(client, xlsx("register", BAD))
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.errors, batch.valid) == ("preview", 1, 2)
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "Chỉ nhập 2 dòng hợp lệ" in page
    assert "Giới tính" in page  # the column of the error is named
    # a plain commit is refused while rows are in error, and writes nothing
    response = client.post(reverse("imports:commit", args=[batch.pk]), follow=True)
    assert "dòng lỗi" in response.content.decode()
    assert not Person.objects.exists()

    errors = client.get(reverse("imports:errors", args=[batch.pk]))
    assert errors["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(errors.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][: len(REGISTER.columns)] == tuple(str(c.header) for c in REGISTER.columns)
    assert rows[0][-2:] == ("Dòng trong tệp gốc", "Lỗi cần sửa")
    assert len(rows) == 2
    assert rows[1][0] == "Trần Văn Bình"
    assert rows[1][-2] == 4
    assert "Giới tính" in rows[1][-1]

    client.post(reverse("imports:commit", args=[batch.pk]), {"only_valid": "1"})
    batch.refresh_from_db()
    assert (batch.status, batch.only_valid, batch.created) == ("committed", True, 2)
    assert Person.objects.count() == 2

    # the error rows file, fixed, goes back in: its two extra columns are ignored
    book = load_workbook(io.BytesIO(errors.content))
    book.active.cell(row=2, column=2, value="Nam")
    fixed = io.BytesIO()
    book.save(fixed)
    upload(client, fixed.getvalue(), name="dong-loi.xlsx")
    again = ImportBatch.objects.latest("id")
    assert (again.errors, again.created) == (0, 1), again.problems


def test_cancel_writes_nothing_and_deletes_the_file(officer, client_for):
    client = client_for(officer)
    upload(client, xlsx("register", GOOD))
    batch = ImportBatch.objects.get()
    client.post(reverse("imports:cancel", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "cancelled"
    assert not batch.file
    assert not Person.objects.exists()
    response = client.post(reverse("imports:commit", args=[batch.pk]), follow=True)
    assert "Lần nhập này đã hủy" in response.content.decode()
    assert not Person.objects.exists()


def test_a_bad_file_is_refused_on_the_form_and_nothing_is_kept(officer, client_for):
    client = client_for(officer)
    response = upload(client, b"", name="trong.xlsx")
    assert "Tệp trống" in response.content.decode() or "file" in response.context["form"].errors
    response = upload(client, b"not,a,register\n1,2,3\n", name="khac.csv")
    assert "Thiếu cột" in response.content.decode()
    assert response.status_code == 200
    assert not ImportBatch.objects.exists()


def test_scope_other_communes_batches_are_404_and_units_outside_refused(
    officer, make_user, client_for
):
    client_for(officer)
    upload(client_for(officer), xlsx("register", GOOD))
    batch = ImportBatch.objects.get()
    neighbour = client_for(make_user(Role.COMMUNE_OFFICER, "15880"))
    for name in ("imports:batch", "imports:errors", "imports:progress"):
        assert neighbour.get(reverse(name, args=[batch.pk])).status_code == 404
    for name in ("imports:commit", "imports:cancel", "imports:choose"):
        assert neighbour.post(reverse(name, args=[batch.pk])).status_code == 404
    batch.refresh_from_db()
    assert batch.status == "preview"
    # a commune officer cannot send a file into another commune
    response = upload(client_for(officer), xlsx("register", GOOD), unit="15880")
    assert response.status_code == 200
    assert ImportBatch.objects.count() == 1
    # the province officer (no import permission) and the analyst are refused the page
    for role, unit in ((Role.PROVINCE_OFFICER, "38"), (Role.NATIONAL_ANALYST, "VN")):
        assert client_for(make_user(role, unit)).get(reverse("imports:upload")).status_code == 403


def test_template_has_headers_example_and_notes(officer, client_for):
    response = client_for(officer).get(reverse("imports:template", args=["register"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    data, notes = book.worksheets
    header = [c.value for c in data[1]]
    assert header == [str(c.header) for c in REGISTER.columns]
    assert data["A2"].value == "Nguyễn Văn An"  # the example row
    text = " ".join(str(c.value) for row in notes.iter_rows() for c in row if c.value)
    assert "Hình thức ra trại" in text
    assert "ngày/tháng/năm" in text
    # the template, uploaded as it is, imports nothing: its example row is an error
    upload(client_for(officer), response.content, name="mau.xlsx")
    batch = ImportBatch.objects.get()
    assert (batch.errors, batch.created) == (1, 0)
    assert "dòng ví dụ" in batch.problems[0][2]


def test_every_kind_has_a_template_the_importer_reads(officer, client_for):
    client = client_for(officer)
    for code in KINDS:
        response = client.get(reverse("imports:template", args=[code]))
        if response.status_code == 404:
            continue  # a kind this role may not import
        upload(client, response.content, name=f"{code}.xlsx", kind=code)
        batch = ImportBatch.objects.filter(kind=code).latest("id")
        assert batch.status == "preview", (code, batch.failure)  # the header matched


def test_a_large_file_goes_to_the_worker_and_the_page_shows_progress(
    officer, client_for, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 1
    client = client_for(officer)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        upload(client, xlsx("register", GOOD))
    batch = ImportBatch.objects.get()
    assert batch.status == "queued"
    assert len(queued) == 1
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "import-progress" in page
    assert "có thể rời trang này" in page
    queued[0]()  # the worker runs the check (immediate backend in tests)
    batch.refresh_from_db()
    assert (batch.status, batch.created) == ("preview", 2)
    poll = client.get(reverse("imports:progress", args=[batch.pk]))
    assert poll["HX-Refresh"] == "true"  # finished: the page reloads to show the result
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "committed"
    assert Person.objects.count() == 2
