"""Targets: a province sets one, the dashboard shows who is behind and by how much."""

import datetime
from decimal import Decimal

import pytest

from reentry.accounts.roles import Role
from reentry.core.errors import DomainError, ValidationFailed
from reentry.geography.models import AdminUnit
from reentry.initiatives.services import initiative_create
from reentry.reports.suppression import Suppression
from reentry.reports.targets import BEHIND, MET, MISSED, progress, target_set

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def covered(make_user):
    """Two communes of Thanh Hóa with an initiative since 2023."""
    province = make_user(Role.PROVINCE_OFFICER, "38")
    for code in ("15865", "15880"):
        initiative_create(
            actor=province,
            name=f"Tổ 3/1 {code}",
            template="to_3_1",
            level="commune",
            commune_codes=[code],
            launched_on=D(2023, 6, 1),
        )
    return province


def test_every_commune_with_a_model_by_the_end_of_2023(covered):
    target = target_set(
        actor=covered,
        unit_code="38",
        indicator="initiative_coverage_pct",
        value=Decimal(100),
        starts_on=D(2023, 1, 1),
        deadline=D(2023, 12, 31),
        note="Kế hoạch của Ban Chỉ đạo 138 tỉnh",
    )
    province = AdminUnit.objects.current().get(code="38")
    communes = AdminUnit.objects.filter(parent=province, kind="commune").count()
    item = progress(target, province, Suppression(), today=D(2026, 11, 1))
    assert item.period.end == D(2023, 12, 31)  # read on the deadline, not today
    assert item.unit.status == MISSED
    assert item.unit.gap == pytest.approx(100 - 200 / communes, abs=0.1)
    assert item.counted == communes
    assert len(item.behind) == communes - 2  # every commune but the two covered
    assert {s.gap for s in item.behind} == {100.0}
    running = progress(target, province, Suppression(), today=D(2023, 7, 1))
    assert running.unit.status == BEHIND  # the deadline has not passed yet
    commune = AdminUnit.objects.current().get(code="15865")
    assert progress(target, commune, Suppression(), today=D(2024, 1, 1)).unit.status == MET


def test_who_may_set_a_target_and_what_is_refused(covered, make_user):
    with pytest.raises(DomainError):
        target_set(
            actor=make_user(Role.COMMUNE_OFFICER, "15865"),
            unit_code="15865",
            indicator="loans_count",
            value=Decimal(5),
            starts_on=D(2026, 1, 1),
            deadline=D(2026, 12, 31),
        )
    with pytest.raises(ValidationFailed) as refused:
        target_set(
            actor=covered,
            unit_code="31",  # another province
            indicator="no_such",
            value=Decimal(120),
            starts_on=D(2026, 1, 1),
            deadline=D(2025, 12, 31),
        )
    assert set(refused.value.errors) == {"unit", "indicator", "deadline"}
    with pytest.raises(ValidationFailed) as refused:
        target_set(
            actor=covered,
            unit_code="38",
            indicator="initiative_coverage_pct",
            value=Decimal(120),
            starts_on=D(2026, 1, 1),
            deadline=D(2026, 12, 31),
        )
    assert "value" in refused.value.errors


def test_the_dashboard_and_the_target_page(covered, make_user, client_for):
    client = client_for(covered)
    response = client.post(
        "/reports/targets/",
        {
            "unit": "38",
            "indicator": "initiative_coverage_pct",
            "direction": "at_least",
            "value": "100",
            "starts_on": "01/01/2023",
            "deadline": "31/12/2023",
            "note": "",
        },
    )
    assert response.status_code == 302
    bad = client.post("/reports/targets/", {"unit": "38", "indicator": "loans_count"})
    assert bad.status_code == 200
    assert "field-error" in bad.content.decode()  # the form again, with what is missing
    html = client.get("/reports/dashboard/", {"unit": "38", "year": "2026"}).content.decode()
    assert "Tiến độ chỉ tiêu phấn đấu" in html
    assert "Không đạt (đã quá hạn)" in html
    assert "đơn vị cấp dưới chưa đạt" in html
    # the target is named as officers know it, not by its code
    assert "Tỷ lệ xã có mô hình" in html
    assert "initiative_coverage_pct" not in html
    listed = client.get("/reports/targets/").content.decode()
    assert "Tỷ lệ xã có mô hình" in listed.split("Các chỉ tiêu đã đặt")[1]
    assert "initiative_coverage_pct" not in listed.split("Các chỉ tiêu đã đặt")[1]
    officer = client_for(make_user(Role.COMMUNE_OFFICER, "15865"))
    assert officer.get("/reports/targets/").status_code == 403
    page = officer.get("/reports/dashboard/", {"unit": "15865", "year": "2026"}).content.decode()
    assert "Đạt" in page
    assert "Thanh Hóa" in page


def test_a_hidden_figure_gives_no_status(covered, make_user):
    """For the analyst a commune's 1 to 4 would be "<5": met or behind would tell which."""
    from reentry.persons.services import person_register
    from reentry.persons.tests.factories import person_data
    from reentry.reports.targets import UNKNOWN

    person_register(
        actor=make_user(Role.COMMUNE_OFFICER, "15865"),
        data=person_data(national_id=""),
        confirm_possible_duplicate=True,
        started_on=D(2025, 1, 1),
    )
    target = target_set(
        actor=make_user(Role.NATIONAL_ANALYST, "VN"),
        unit_code="VN",
        indicator="persons_managed_end",
        value=Decimal(3),
        starts_on=D(2024, 1, 1),
        deadline=D(2025, 12, 31),
    )
    commune = AdminUnit.objects.current().get(code="15865")
    item = progress(target, commune, Suppression(everything_small=True), today=D(2025, 6, 1))
    assert item.unit.value == "<5"
    assert item.unit.status == UNKNOWN
    assert item.unit.gap is None
