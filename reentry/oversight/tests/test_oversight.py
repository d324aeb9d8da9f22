import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from reentry.accounts.roles import Role
from reentry.accounts.tests.factories import api_token_key
from reentry.audit.models import AuditEvent
from reentry.core.errors import ConflictError, DomainError, ValidationFailed
from reentry.initiatives.services import initiative_create, member_add, partner_create
from reentry.oversight.models import Commendation, FollowUp, Inspection, Recommendation
from reentry.oversight.services import (
    RecommendationData,
    commendation_record,
    inspection_record,
    recommendation_follow_up,
)
from reentry.worklist.selectors import worklist_for

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = datetime.timedelta(days=1)


@pytest.fixture
def province(make_user):
    return make_user(Role.PROVINCE_OFFICER, "38")


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


def inspect(actor, **overrides):
    today = timezone.localdate()
    values = {
        "commune_code": "15865",
        "inspected_on": today - datetime.timedelta(days=20),
        "team": "Đoàn kiểm tra liên ngành Ban Chỉ đạo 138 tỉnh",
        "findings": "Xã đã lập đủ hồ sơ; chưa rà soát nhu cầu vay vốn.",
        "recommendations": [
            RecommendationData(
                "Rà soát nhu cầu vay vốn của người chấp hành xong án phạt tù",
                "Công an xã",
                today + datetime.timedelta(days=5),
            ),
            RecommendationData(
                "Kiện toàn Tổ 3/1 thôn 2", "UBND xã", today + datetime.timedelta(60)
            ),
        ],
        **overrides,
    }
    return inspection_record(actor=actor, **values)


def test_an_inspection_is_seen_by_the_commune_and_the_province_only(
    province, officer, client_for, make_user
):
    inspection = inspect(province)
    assert inspection.recommendations.count() == 2
    page = client_for(officer).get("/oversight/").content.decode()
    assert "Đoàn kiểm tra liên ngành Ban Chỉ đạo 138 tỉnh" in page
    detail = client_for(officer).get(f"/oversight/inspections/{inspection.pk}/")
    assert "Rà soát nhu cầu vay vốn" in detail.content.decode()
    assert "Kiện toàn Tổ 3/1 thôn 2" in detail.content.decode()
    neighbour = client_for(make_user(Role.COMMUNE_OFFICER, "15880"))
    assert "Đoàn kiểm tra" not in neighbour.get("/oversight/").content.decode()
    assert neighbour.get(f"/oversight/inspections/{inspection.pk}/").status_code == 404
    other_province = client_for(make_user(Role.PROVINCE_OFFICER, "31"))
    assert other_province.get(f"/oversight/inspections/{inspection.pk}/").status_code == 404
    member = client_for(make_user(Role.INITIATIVE_MEMBER, "15865"))
    assert member.get("/oversight/").status_code == 403
    assert AuditEvent.objects.filter(
        object_type="oversight.inspection", object_id=str(inspection.pk), action="create"
    ).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"commune_code": "11341"}, "commune"),  # Ngô Quyền, Hải Phòng: another province
        ({"commune_code": "38"}, "commune"),  # a province, not a commune
        ({"inspected_on": D(2099, 1, 1)}, "inspected_on"),
        ({"team": "  "}, "team"),
        ({"findings": ""}, "findings"),
        (
            {"recommendations": [RecommendationData("Làm ngay", "UBND xã", D(2000, 1, 1))]},
            "recommendations.0.due_on",
        ),
        (
            {"recommendations": [RecommendationData("", "UBND xã", D(2099, 1, 1))]},
            "recommendations.0.text",
        ),
    ],
)
def test_bad_inspections_are_refused_and_nothing_is_saved(province, overrides, field):
    with pytest.raises(ValidationFailed) as excinfo:
        inspect(province, **overrides)
    assert field in excinfo.value.errors
    assert not Inspection.objects.exists()
    assert not Recommendation.objects.exists()


def test_only_the_province_records_inspections(officer, make_user):
    with pytest.raises(DomainError):
        inspect(officer)
    with pytest.raises(DomainError):
        inspect(make_user(Role.COMMUNE_COMMITTEE, "15865"))
    assert not Inspection.objects.exists()


def test_a_recommendation_is_followed_up_to_done_and_leaves_the_worklist(province, officer):
    inspection = inspect(province)
    first = inspection.recommendations.order_by("due_on").first()
    kinds = [i.kind for i in worklist_for(actor=officer)]
    assert kinds == ["recommendation"]  # due in 5 days; the other in 60 is not yet shown
    assert [i.kind for i in worklist_for(actor=province)] == ["recommendation"]
    today = timezone.localdate()
    recommendation_follow_up(
        actor=officer,
        recommendation=first,
        expected_version=first.version,
        status="in_progress",
        occurred_on=today,
        note="Đã rà soát 12 người, 4 người có nhu cầu vay vốn",
    )
    assert [i.kind for i in worklist_for(actor=officer)] == ["recommendation"]
    with pytest.raises(ConflictError):
        recommendation_follow_up(
            actor=officer,
            recommendation=first,
            expected_version=1,  # read before the first step
            status="done",
            occurred_on=today,
            note="x",
        )
    recommendation_follow_up(
        actor=officer,
        recommendation=first,
        expected_version=first.version,
        status="done",
        occurred_on=today,
        note="Đã lập danh sách đề nghị vay vốn gửi UBND xã",
    )
    first.refresh_from_db()
    assert (first.status, first.done_on) == ("done", today)
    assert FollowUp.objects.filter(recommendation=first).count() == 2
    assert worklist_for(actor=officer) == []
    with pytest.raises(ValidationFailed) as excinfo:
        recommendation_follow_up(
            actor=officer,
            recommendation=first,
            expected_version=first.version,
            status="done",
            occurred_on=today,
            note="lần nữa",
        )
    assert "status" in excinfo.value.errors


def test_bad_follow_ups_are_refused(province, officer, make_user):
    recommendation = inspect(province).recommendations.first()
    with pytest.raises(ValidationFailed) as excinfo:
        recommendation_follow_up(
            actor=officer,
            recommendation=recommendation,
            expected_version=recommendation.version,
            status="done",
            occurred_on=D(2001, 1, 1),  # before the inspection
            note="",
        )
    assert {"occurred_on", "note"} <= set(excinfo.value.errors)
    with pytest.raises(DomainError):
        recommendation_follow_up(
            actor=make_user(Role.COMMUNE_OFFICER, "15880"),
            recommendation=recommendation,
            expected_version=recommendation.version,
            status="done",
            occurred_on=timezone.localdate(),
            note="x",
        )
    assert not FollowUp.objects.exists()


def test_the_inspection_form_and_the_follow_up_form(province, officer, client_for):
    client = client_for(province)
    today = timezone.localdate()
    bad = client.post(
        "/oversight/inspections/new/",
        {
            "commune": "15865",
            "inspected_on": today.strftime("%d/%m/%Y"),
            "team": "Đoàn kiểm tra Công an tỉnh",
            "findings": "Tốt",
            "text_1": "Bổ sung hồ sơ",
            "responsible_1": "Công an xã",
            "due_1": "01/01/2001",
        },
    )
    assert bad.status_code == 200
    assert "Thời hạn không thể trước ngày kiểm tra." in bad.content.decode()
    assert not Inspection.objects.exists()
    good = client.post(
        "/oversight/inspections/new/",
        {
            "commune": "15865",
            "inspected_on": today.strftime("%d/%m/%Y"),
            "team": "Đoàn kiểm tra Công an tỉnh",
            "findings": "Tốt",
            "text_1": "Bổ sung hồ sơ",
            "responsible_1": "Công an xã",
            "due_1": (today + datetime.timedelta(days=3)).strftime("%d/%m/%Y"),
        },
    )
    inspection = Inspection.objects.get()
    assert good.status_code == 302
    recommendation = inspection.recommendations.get()
    worklist = client_for(officer).get("/worklist/").content.decode()
    assert "Thực hiện kiến nghị: Bổ sung hồ sơ" in worklist
    assert f"/oversight/recommendations/{recommendation.pk}/follow-up/" in worklist
    done = client_for(officer).post(
        f"/oversight/recommendations/{recommendation.pk}/follow-up/",
        {
            "status": "done",
            "occurred_on": today.strftime("%d/%m/%Y"),
            "note": "Đã bổ sung đủ hồ sơ",
            "version": recommendation.version,
        },
    )
    assert done.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "done"
    assert "Bổ sung hồ sơ" not in client_for(officer).get("/worklist/").content.decode()


@pytest.fixture
def initiative(officer):
    return initiative_create(
        actor=officer,
        name="Tổ 3/1 thôn Đông",
        template="to_3_1",
        level="commune",
        commune_codes=["15865"],
        launched_on=D(2024, 5, 1),
    )


def commend(actor, **overrides):
    values = {
        "awarded_on": D(2026, 3, 5),
        "form": "bang_khen",
        "awarded_by": "Chủ tịch UBND tỉnh",
        "decision_number": "123/QĐ-UBND",
        "recipient_kind": "collective",
        "recipient_name": "Công an xã Hoằng Hóa",
        "reason": "Thành tích xuất sắc trong công tác tái hòa nhập cộng đồng",
        **overrides,
    }
    return commendation_record(actor=actor, **values)


def test_commendations_count_collectives_and_individuals(
    province, officer, initiative, client_for, make_user
):
    member = member_add(
        actor=officer,
        initiative=initiative,
        full_name="Lê Thị Hoa",
        organisation="womens_union",
        joined_on=D(2024, 5, 1),
    )
    partner = partner_create(
        actor=province,
        name="Công ty May Thanh Hóa",
        kind="business",
        offers_jobs=True,
        offers_training=False,
        commune_code="15865",
    )
    commend(province, recipient_kind="initiative", recipient_id=initiative.pk, recipient_name="")
    commend(province, recipient_kind="member", recipient_id=member.pk, form="giay_khen")
    commend(province, recipient_kind="partner", recipient_id=partner.pk)
    commend(
        province,
        recipient_kind="individual",
        recipient_name="Nguyễn Văn Bình",
        commune_code="15865",
    )
    rows = Commendation.objects.order_by("id")
    assert [c.recipient_name for c in rows] == [
        "Tổ 3/1 thôn Đông",
        "Lê Thị Hoa",
        "Công ty May Thanh Hóa",
        "Nguyễn Văn Bình",
    ]
    assert {c.unit.code for c in rows} == {"15865"}
    page = client_for(officer).get("/oversight/commendations/").content.decode()
    assert "2 lượt tập thể, 2 lượt cá nhân được khen thưởng." in page
    neighbour = client_for(make_user(Role.COMMUNE_OFFICER, "15880"))
    assert "Lê Thị Hoa" not in neighbour.get("/oversight/commendations/").content.decode()


def test_bad_commendations_are_refused(province, officer, initiative, make_user):
    committee = make_user(Role.COMMUNE_COMMITTEE, "15865")
    commend(committee, form="giay_khen", awarded_by="Chủ tịch UBND xã")  # its own commune
    cases = [
        (province, {"recipient_name": ""}, "recipient_name"),
        (province, {"awarded_on": D(2099, 1, 1)}, "awarded_on"),
        (province, {"reason": " "}, "reason"),
        (province, {"recipient_kind": "initiative", "recipient_id": None}, "recipient"),
        (province, {"recipient_kind": "initiative", "recipient_id": 999_999}, "recipient"),
        (province, {"commune_code": "11341"}, "commune"),
        (committee, {"commune_code": "15880"}, "commune"),
        (
            make_user(Role.PROVINCE_OFFICER, "31"),
            {"recipient_kind": "initiative", "recipient_id": initiative.pk},
            "recipient",
        ),
    ]
    for actor, overrides, field in cases:
        with pytest.raises(ValidationFailed) as excinfo:
            commend(actor, **overrides)
        assert field in excinfo.value.errors, (overrides, excinfo.value.errors)
    with pytest.raises(DomainError):
        commend(officer)  # a commune police officer does not record commendations
    assert Commendation.objects.count() == 1


def test_the_commendation_form_offers_what_the_user_may_commend(province, initiative, client_for):
    client = client_for(province)
    form = client.get("/oversight/commendations/new/").content.decode()
    assert f'value="initiative:{initiative.pk}"' in form
    response = client.post(
        "/oversight/commendations/new/",
        {
            "awarded_on": "05/03/2026",
            "form": "bang_khen",
            "awarded_by": "Chủ tịch UBND tỉnh",
            "recipient": f"initiative:{initiative.pk}",
            "reason": "Giúp đỡ 12 người ổn định cuộc sống",
        },
    )
    assert response.status_code == 302
    assert Commendation.objects.get().initiative == initiative
    detail = client.get(f"/initiatives/{initiative.pk}/").content.decode()
    assert "Bằng khen" in detail


def api_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
    return client


def test_oversight_through_the_api(province, officer, initiative, make_user):
    today = timezone.localdate()
    client = api_for(province)
    created = client.post(
        "/api/v1/inspections/",
        {
            "commune": "15865",
            "inspected_on": today.isoformat(),
            "team": "Đoàn kiểm tra Công an tỉnh",
            "findings": "Đủ hồ sơ",
            "recommendations": [
                {"text": "Bổ sung sổ theo dõi", "responsible": "Công an xã", "due_on": "2001-01-01"}
            ],
        },
        format="json",
    )
    assert created.status_code == 400
    assert "recommendations.0.due_on" in created.json()
    created = client.post(
        "/api/v1/inspections/",
        {
            "commune": "15865",
            "inspected_on": today.isoformat(),
            "team": "Đoàn kiểm tra Công an tỉnh",
            "findings": "Đủ hồ sơ",
            "recommendations": [
                {
                    "text": "Bổ sung sổ theo dõi",
                    "responsible": "Công an xã",
                    "due_on": today.isoformat(),
                }
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    recommendation = body["recommendations"][0]
    assert recommendation["status"] == "open"
    assert api_for(officer).get("/api/v1/inspections/").json()[0]["id"] == body["id"]
    outsider = api_for(make_user(Role.COMMUNE_OFFICER, "15880"))
    assert outsider.get(f"/api/v1/inspections/{body['id']}/").status_code == 404
    assert (
        outsider.post(
            f"/api/v1/recommendations/{recommendation['id']}/follow-ups/",
            {"occurred_on": today.isoformat(), "status": "done", "note": "x", "version": 1},
            format="json",
        ).status_code
        == 404
    )
    assert api_for(officer).post("/api/v1/inspections/", {}, format="json").status_code == 403
    url = f"/api/v1/recommendations/{recommendation['id']}/follow-ups/"
    step = {"occurred_on": today.isoformat(), "status": "done", "note": "Đã bổ sung", "version": 1}
    done = api_for(officer).post(url, step, format="json")
    assert done.status_code == 201, done.json()
    assert done.json()["status"] == "done"
    assert done.json()["follow_ups"][0]["note"] == "Đã bổ sung"
    assert api_for(officer).post(url, step, format="json").status_code == 409

    commended = client.post(
        "/api/v1/commendations/",
        {
            "awarded_on": "2026-03-05",
            "form": "bang_khen",
            "awarded_by": "Giám đốc Công an tỉnh",
            "recipient_kind": "initiative",
            "recipient_id": initiative.pk,
            "reason": "Giúp đỡ người chấp hành xong án phạt tù",
        },
        format="json",
    )
    assert commended.status_code == 201, commended.json()
    assert commended.json()["recipient_name"] == "Tổ 3/1 thôn Đông"
    assert commended.json()["is_collective"] is True
    assert commended.json()["unit"] == "15865"
    listed = api_for(officer).get("/api/v1/commendations/").json()
    assert [c["recipient_id"] for c in listed] == [initiative.pk]
    assert api_for(officer).post("/api/v1/commendations/", {}, format="json").status_code == 403
    member = api_for(make_user(Role.INITIATIVE_MEMBER, "15865"))
    assert member.get("/api/v1/commendations/").status_code == 403


def test_recommendation_bounds_and_follow_up_order(province, officer):
    with pytest.raises(ValidationFailed) as excinfo:
        inspect(
            province,
            recommendations=[RecommendationData("x" * 501, "UBND xã", D(9999, 12, 31))]
            + [RecommendationData("Làm", "UBND xã", timezone.localdate())] * 50,
        )
    assert {
        "recommendations",
        "recommendations.0.text",
        "recommendations.0.due_on",
    } <= set(excinfo.value.errors)
    recommendation = inspect(province).recommendations.first()
    today = timezone.localdate()
    step = recommendation_follow_up(
        actor=officer,
        recommendation=recommendation,
        expected_version=recommendation.version,
        status="in_progress",
        occurred_on=today,
        note="Đang làm",
    )
    with pytest.raises(ValidationFailed) as excinfo:
        recommendation_follow_up(
            actor=officer,
            recommendation=recommendation,
            expected_version=step.recommendation.version,
            status="done",
            occurred_on=today - DAY,  # before the step already recorded
            note="Xong",
        )
    assert "occurred_on" in excinfo.value.errors


def test_who_sees_and_follows_up_oversight(province, make_user, client_for):
    inspection = inspect(province)
    recommendation = inspection.recommendations.first()
    labour = client_for(make_user(Role.LABOUR_OFFICER, "15865"))
    assert labour.get(f"/oversight/inspections/{inspection.pk}/").status_code == 200
    assert (
        labour.get(f"/oversight/recommendations/{recommendation.pk}/follow-up/").status_code == 403
    )
    for role, unit in ((Role.NATIONAL_ANALYST, "VN"), (Role.SYSADMIN, "VN")):
        client = client_for(make_user(role, unit))
        assert client.get("/oversight/").status_code == 403
        assert client.get("/api/v1/inspections/").status_code == 403
        assert client.get("/api/v1/commendations/").status_code == 403


def test_a_member_who_left_before_cannot_be_commended(province, officer, initiative):
    from reentry.initiatives.services import member_leave

    member = member_add(
        actor=officer,
        initiative=initiative,
        full_name="Lê Thị Hoa",
        organisation="womens_union",
        joined_on=D(2024, 5, 1),
    )
    member_leave(actor=officer, member=member, left_on=D(2025, 1, 1))
    with pytest.raises(ValidationFailed) as excinfo:
        commend(province, recipient_kind="member", recipient_id=member.pk)  # 05/03/2026
    assert "recipient" in excinfo.value.errors
    commend(province, recipient_kind="member", recipient_id=member.pk, awarded_on=D(2024, 12, 1))


def test_commendations_on_initiative_and_partner_pages_follow_the_scope(
    province, officer, initiative, make_user, client_for
):
    partner = partner_create(
        actor=province,
        name="Công ty Giày Hoằng Giang",
        kind="business",
        offers_jobs=True,
        offers_training=False,
        commune_code="15880",
    )
    commend(province, recipient_kind="partner", recipient_id=partner.pk, reason="Nhận 20 người")
    commend(province, recipient_kind="initiative", recipient_id=initiative.pk, reason="Tổ tốt")
    partner_page = f"/initiatives/partners/{partner.pk}/"
    assert "Nhận 20 người" in client_for(province).get(partner_page).content.decode()
    assert "Nhận 20 người" not in client_for(officer).get(partner_page).content.decode()
    member = make_user(Role.INITIATIVE_MEMBER, "15865", username="mohinh.khen")
    member_add(
        actor=officer,
        initiative=initiative,
        full_name="Lê Văn Tám",
        organisation="front",
        joined_on=D(2024, 5, 1),
        username="mohinh.khen",
    )
    page = client_for(member).get(f"/initiatives/{initiative.pk}/")
    assert page.status_code == 200
    assert "Tổ tốt" not in page.content.decode()  # members see no oversight
    assert "Tổ tốt" in client_for(officer).get(f"/initiatives/{initiative.pk}/").content.decode()


def test_errors_of_a_recommendation_go_to_its_own_row(province, client_for):
    response = client_for(province).post(
        "/oversight/inspections/new/",
        {
            "commune": "15865",
            "inspected_on": timezone.localdate().strftime("%d/%m/%Y"),
            "team": "Đoàn kiểm tra",
            "findings": "Tốt",
            "text_2": "Bổ sung hồ sơ",  # row 1 left empty; row 2 without responsible nor deadline
        },
    )
    form = response.context["form"]
    assert set(form.errors) == {"responsible_2", "due_2"}
    assert form["text_2"].value() == "Bổ sung hồ sơ"  # nothing typed is lost
