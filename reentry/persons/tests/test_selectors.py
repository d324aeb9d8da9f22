import datetime

import pytest

from reentry.accounts.roles import Role
from reentry.audit.models import AuditAction, AuditEvent
from reentry.core.errors import NotFoundError
from reentry.persons.selectors import (
    PersonFilters,
    person_duplicates,
    person_get,
    person_list,
    person_open,
)
from reentry.persons.services import person_register, sentence_add
from reentry.persons.tests.factories import person_data, sentence_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(make_user):
    """Two files in Xã Hoằng Hóa, one in Xã Hoằng Giang, one in Hải Phòng."""
    hoang_hoa = make_user(Role.COMMUNE_OFFICER, "15865")
    hoang_giang = make_user(Role.COMMUNE_OFFICER, "15880")
    ngo_quyen = make_user(Role.COMMUNE_OFFICER, "11341")
    a = person_register(actor=hoang_hoa, data=person_data())
    b = person_register(
        actor=hoang_hoa,
        data=person_data(
            full_name="Lê Thị Mai",
            gender="female",
            national_id="",
            date_of_birth=datetime.date(1990, 1, 2),
        ),
    )
    c = person_register(
        actor=hoang_giang,
        data=person_data(commune_code="15880", full_name="Phạm Văn Nam", national_id=""),
    )
    d = person_register(
        actor=ngo_quyen,
        data=person_data(
            commune_code="11341",
            full_name="Đỗ Văn Hải",
            national_id="031088004321",
            date_of_birth=datetime.date(1988, 5, 5),
        ),
    )
    return {"hoang_hoa": hoang_hoa, "a": a, "b": b, "c": c, "d": d}


def names(page):
    return {p.full_name for p in page.rows}


def test_each_role_lists_only_its_scope(files, make_user):
    officer = files["hoang_hoa"]
    assert names(person_list(actor=officer, filters=PersonFilters())) == {
        "Nguyễn Văn Hùng",
        "Lê Thị Mai",
    }
    province = make_user(Role.PROVINCE_OFFICER, "38")
    assert names(person_list(actor=province, filters=PersonFilters())) == {
        "Nguyễn Văn Hùng",
        "Lê Thị Mai",
        "Phạm Văn Nam",
    }
    for role, code in [
        (Role.NATIONAL_ANALYST, "VN"),
        (Role.SYSADMIN, "VN"),
        (Role.INITIATIVE_MEMBER, "15865"),
    ]:
        assert person_list(actor=make_user(role, code), filters=PersonFilters()).rows == []
    labour = make_user(Role.LABOUR_OFFICER, "15865")
    assert len(person_list(actor=labour, filters=PersonFilters()).rows) == 2


def test_out_of_scope_file_is_not_found(files):
    with pytest.raises(NotFoundError):
        person_get(actor=files["hoang_hoa"], person_id=files["c"].pk)


def test_opening_a_file_is_audited(files):
    person_open(actor=files["hoang_hoa"], person_id=files["a"].pk)
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert (event.actor, event.object_id) == (files["hoang_hoa"], str(files["a"].pk))


def test_text_search_folds_diacritics_and_finds_identity_numbers(files, make_user):
    province = make_user(Role.PROVINCE_OFFICER, "38")
    assert names(person_list(actor=province, filters=PersonFilters(q="nguyen van hung"))) == {
        "Nguyễn Văn Hùng"
    }
    assert names(person_list(actor=province, filters=PersonFilters(q="MAI"))) == {"Lê Thị Mai"}
    assert names(person_list(actor=province, filters=PersonFilters(q="038 085 001 234"))) == {
        "Nguyễn Văn Hùng"
    }
    # encrypted at rest: a number is found whole, never by its first digits (ADR 0006)
    assert person_list(actor=province, filters=PersonFilters(q="038085")).rows == []
    # Hải Phòng's file is never found from Thanh Hóa
    assert person_list(actor=province, filters=PersonFilters(q="031088004321")).rows == []


def test_filters_by_release_year_and_type(files):
    officer = files["hoang_hoa"]
    sentence_add(actor=officer, person=files["a"], data=sentence_data())
    page = person_list(actor=officer, filters=PersonFilters(release_year=2022))
    assert names(page) == {"Nguyễn Văn Hùng"}
    assert person_list(actor=officer, filters=PersonFilters(release_year=2021)).rows == []
    page = person_list(actor=officer, filters=PersonFilters(release_type="conditional"))
    assert page.rows == []


def test_duplicates_elsewhere_are_counted_not_shown(files):
    found = person_duplicates(
        actor=files["hoang_hoa"],
        national_id="031088004321",
        full_name="",
        date_of_birth=None,
        birth_year=None,
    )
    assert found.visible == []
    assert found.elsewhere == 1
    found = person_duplicates(
        actor=files["hoang_hoa"],
        national_id="",
        full_name="NGUYEN VAN HUNG",
        date_of_birth=datetime.date(1985, 3, 12),
        birth_year=None,
    )
    assert [p.pk for p in found.visible] == [files["a"].pk]


@pytest.mark.parametrize("sort", ["-id", "name", "-name"])
def test_keyset_pages_walk_forward_and_back_without_gaps(make_user, sort):
    officer = make_user(Role.COMMUNE_OFFICER, "24697")
    for i in range(60):
        person_register(
            actor=officer,
            data=person_data(
                commune_code="24697",
                full_name=f"Người Thử {i:02d}",
                national_id="",
                date_of_birth=datetime.date(1980, 1, 1 + i % 28),
            ),
            confirm_possible_duplicate=True,
        )
    filters = PersonFilters(sort=sort)
    seen, pages, page = [], [], person_list(actor=officer, filters=filters)
    while True:
        pages.append([p.pk for p in page.rows])
        seen += pages[-1]
        if not page.next_cursor:
            break
        page = person_list(actor=officer, filters=filters, after=page.next_cursor)
    assert len(seen) == len(set(seen)) == 60
    assert [len(p) for p in pages] == [25, 25, 10]
    back = person_list(actor=officer, filters=filters, before=page.prev_cursor)
    assert [p.pk for p in back.rows] == pages[1]
    assert back.next_cursor
    assert back.prev_cursor


def test_a_list_page_costs_a_fixed_number_of_queries(files, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        page = person_list(actor=files["hoang_hoa"], filters=PersonFilters())
        [p.commune.name for p in page.rows]
