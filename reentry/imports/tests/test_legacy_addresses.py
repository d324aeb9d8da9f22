"""Old registers give addresses from before 01/07/2025, in the districts the seeds name
(Hoằng Hóa, Ngô Quyền, Krông Nô): each row goes to its 2025 commune with the old text kept,
and an old ward split between new ones waits for the officer to choose."""

import pytest
from django.urls import reverse

from reentry.accounts.roles import Role
from reentry.core.crypto import blind_index
from reentry.imports.models import ImportBatch
from reentry.imports.tests.sheets import run, xlsx
from reentry.imports.tests.test_upload_page import person_row, upload
from reentry.persons.models import Person

pytestmark = pytest.mark.django_db


def row_at(address, cccd, name="Nguyễn Văn An", **changes):
    year = "19" + cccd[4:6]
    return person_row(
        full_name=name,
        national_id=cccd,
        date_of_birth=f"15/03/{year}",
        legacy_address_text=address,
        **changes,
    )


def test_hoang_hoa_old_communes_convert_to_xa_hoang_hoa(make_user):
    officer = make_user(Role.COMMUNE_OFFICER, "15865")
    rows = [
        row_at("thôn 3, xã Hoằng Đồng, huyện Hoằng Hóa, tỉnh Thanh Hóa", "038090001234"),
        row_at("Hoang Dat, Hoang Hoa, Thanh Hoa", "038091001235", name="Lê Văn Đạt"),
        row_at("Thị trấn Bút Sơn, H. Hoằng Hóa, T. Thanh Hóa", "038092001236", name="Lê Văn Sơn"),
    ]
    outcome = run(officer, "register", xlsx("register", rows), commit=True)
    assert (outcome.created, outcome.problems) == (3, [])
    an = Person.objects.get(national_id_hash=blind_index("038090001234"))
    assert an.commune.code == "15865"
    assert an.legacy_unit.code == "15952"
    assert an.legacy_unit.name == "Xã Hoằng Đồng"
    assert an.legacy_address_text == "thôn 3, xã Hoằng Đồng, huyện Hoằng Hóa, tỉnh Thanh Hóa"
    codes = set(Person.objects.values_list("legacy_unit__code", flat=True))
    assert codes == {"15952", "15940", "15865"}


def test_krong_no_communes_of_dak_nong_convert_to_xa_nam_da_of_lam_dong(make_user):
    officer = make_user(Role.COMMUNE_OFFICER, "24697")
    rows = [
        row_at("Xã Đắk Sôr, huyện Krông Nô, tỉnh Đắk Nông", "067090001234"),
        row_at("Buôn Choáh, Krông Nô, Đắk Nông", "067091001235", name="Y Bình"),
    ]
    outcome = run(officer, "register", xlsx("register", rows), commit=True, unit_code="24697")
    assert (outcome.created, outcome.problems) == (2, [])
    people = sorted(Person.objects.all(), key=lambda p: p.national_id)
    assert [p.commune.code for p in people] == ["24697", "24697"]
    assert [p.legacy_unit.code for p in people] == ["24691", "24694"]
    # an old commune of Krông Nô that went to another new commune is not this officer's
    other = [row_at("Thị trấn Đắk Mâm, Krông Nô, Đắk Nông", "067092001236", name="Y Sơn")]
    refused = run(officer, "register", xlsx("register", other), commit=True, unit_code="24697")
    assert not refused.committed
    assert refused.problems
    assert Person.objects.count() == 2


def test_ngo_quyen_split_ward_waits_for_the_officers_choice(make_user, client_for):
    """Phường Cầu Đất (quận Ngô Quyền) went partly to Gia Viên, partly to Lê Chân."""
    officer = make_user(Role.COMMUNE_OFFICER, "11359")  # Phường Gia Viên
    client = client_for(officer)
    rows = [
        row_at("số 5 Lạch Tray, phường Đằng Giang, quận Ngô Quyền, Hải Phòng", "031090001234"),
        row_at("P. Cầu Đất, Q. Ngô Quyền, TP Hải Phòng", "031091001235", name="Phạm Văn Đất"),
        row_at("phường Cầu Đất, quận Ngô Quyền, Hải Phòng", "031092001236", name="Vũ Thị Lan"),
    ]
    upload(client, xlsx("register", rows), unit="11359")
    batch = ImportBatch.objects.get()
    assert (batch.created, batch.errors) == (1, 2), (
        batch.problems
    )  # Đằng Giang went to Gia Viên only
    assert {code for code, _name in batch.ambiguities["3"]["options"]} == {"11359", "11383"}
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "Địa chỉ cũ cần chọn xã, phường mới" in page
    assert "Phường Lê Chân (11383)" in page
    assert "Phường Gia Viên (11359)" in page

    # Đất lives in the part that is now Gia Viên; Lan in the part that is now Lê Chân
    client.post(reverse("imports:choose", args=[batch.pk]), {"line-3": "11359", "line-4": "11383"})
    batch.refresh_from_db()
    assert batch.choices == {"3": "11359", "4": "11383"}
    assert (batch.created, batch.errors) == (2, 1)  # Lê Chân is outside Gia Viên's scope
    assert [p[0] for p in batch.problems] == [4]
    client.post(reverse("imports:commit", args=[batch.pk]), {"only_valid": "1"})
    dat = Person.objects.get(national_id_hash=blind_index("031091001235"))
    assert dat.commune.code == "11359"
    assert dat.legacy_unit.code == "11344"
    assert dat.legacy_address_text == "P. Cầu Đất, Q. Ngô Quyền, TP Hải Phòng"
    assert not Person.objects.filter(national_id_hash=blind_index("031092001236")).exists()


def test_a_choice_must_be_one_of_the_options(make_user, client_for):
    officer = make_user(Role.COMMUNE_OFFICER, "11359")
    client = client_for(officer)
    rows = [row_at("phường Cầu Đất, Ngô Quyền, Hải Phòng", "031090001234")]
    upload(client, xlsx("register", rows), unit="11359")
    batch = ImportBatch.objects.get()
    response = client.post(
        reverse("imports:choose", args=[batch.pk]), {"line-2": "15865"}, follow=True
    )
    assert "chọn một trong các xã, phường được đề xuất" in response.content.decode()
    batch.refresh_from_db()
    assert batch.choices == {}


def test_an_old_ward_wholly_outside_scope_is_named_not_asked(make_user):
    officer = make_user(Role.COMMUNE_OFFICER, "11341")  # Phường Ngô Quyền
    rows = [row_at("phường Cầu Đất, quận Ngô Quyền, Hải Phòng", "031090001234")]
    outcome = run(officer, "register", xlsx("register", rows), commit=False, unit_code="11341")
    assert not outcome.ambiguities
    (problem,) = outcome.problems
    assert "ngoài phạm vi của bạn" in problem.message
    assert "Phường Lê Chân" in problem.message
