import datetime
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from reentry.accounts.roles import Role
from reentry.audit.models import AuditEvent
from reentry.persons.services import person_register, sentence_add
from reentry.persons.tests.factories import person_data, sentence_data
from reentry.support.services import LoanData, loan_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def proposals(officer, make_user):
    for name, amount in [("Nguyễn Văn Hùng", 50_000_000), ("Lê Thị Mai", 100_000_000)]:
        person = person_register(
            actor=officer,
            data=person_data(full_name=name, national_id="", gender="male"),
            confirm_possible_duplicate=True,
        )
        sentence_add(
            actor=officer, person=person, data=sentence_data(release_date=datetime.date(2023, 5, 1))
        )
        loan_record(
            actor=officer,
            person=person,
            data=LoanData(
                lender="vbsp",
                amount_vnd=amount,
                term_months=60,
                purpose="Chăn nuôi bò",
                applied_on=datetime.date(2026, 1, 5),
            ),
        )
    other = make_user(Role.COMMUNE_OFFICER, "15880")
    elsewhere = person_register(
        actor=other,
        data=person_data(commune_code="15880", national_id=""),
        confirm_possible_duplicate=True,
    )
    sentence_add(
        actor=other, person=elsewhere, data=sentence_data(release_date=datetime.date(2023, 5, 1))
    )
    loan_record(
        actor=other,
        person=elsewhere,
        data=LoanData(
            lender="vbsp",
            amount_vnd=70_000_000,
            term_months=60,
            purpose="x",
            applied_on=datetime.date(2026, 1, 5),
        ),
    )


def test_the_page_lists_only_the_communes_proposals_with_the_total(officer, proposals, client_for):
    response = client_for(officer).get("/persons/loans/proposed/")
    html = response.content.decode()
    assert "Lê Thị Mai" in html
    assert "150.000.000 đ" in html
    assert "70.000.000" not in html
    assert "01/05/2028" in html  # five years after completing the sentence


def test_the_xlsx_has_vietnamese_headers_one_row_each_and_the_total(officer, proposals, client_for):
    response = client_for(officer).get("/persons/loans/proposed/?format=xlsx")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0].startswith("DANH SÁCH NGƯỜI CHẤP HÀNH XONG ÁN PHẠT TÙ ĐỀ NGHỊ VAY VỐN")
    header = rows[4]
    assert header[:4] == ["STT", "Họ và tên", "Năm sinh", "Nơi cư trú"]
    amounts = [r[header.index("Số tiền (đồng)")] for r in rows[5:]]
    assert amounts == [50_000_000, 100_000_000, 150_000_000]
    assert AuditEvent.objects.filter(summary="loan list xlsx").exists()


def test_the_pdf_is_ready_to_sign(officer, proposals, client_for):
    response = client_for(officer).get("/persons/loans/proposed/?format=pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "ĐỀ NGHỊ VAY VỐN" in text
    assert "150.000.000" in text
    assert "XÁC NHẬN CỦA ỦY BAN NHÂN DÂN" in text


def test_the_labour_officer_gets_the_list_without_release_dates(proposals, make_user, client_for):
    client = client_for(make_user(Role.LABOUR_OFFICER, "15865"))
    html = client.get("/persons/loans/proposed/").content.decode()
    assert "Lê Thị Mai" in html
    assert "01/05/2023" not in html
    sheet = load_workbook(
        io.BytesIO(client.get("/persons/loans/proposed/?format=xlsx").content)
    ).active
    assert "Ngày chấp hành xong án phạt tù" not in [c.value for c in sheet[5]]
    assert (
        client_for(make_user(Role.NATIONAL_ANALYST, "VN"))
        .get("/persons/loans/proposed/")
        .status_code
        == 403
    )
