"""Sign-off: a commune submits its period report, the province approves or returns it, the
approved figures are kept, and later changes to the records show against them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from reentry.accounts.roles import Role
from reentry.audit.models import AuditEvent
from reentry.core.errors import DomainError, NotFoundError, ValidationFailed
from reentry.initiatives.services import initiative_create
from reentry.reports.engine import compute
from reentry.reports.models import ReportSubmission
from reentry.reports.periods import period_of
from reentry.reports.signoff import (
    commune_standings,
    submission_changes,
    submission_create,
    submission_decide,
)
from reentry.worklist.selectors import worklist_for

pytestmark = pytest.mark.django_db
D = datetime.date
Q1 = period_of("quarter", 2026, 1)
HOANG_HOA = "15865"  # a commune of Thanh Hóa


@pytest.fixture
def people(make_user):
    return {
        "commune": make_user(Role.COMMUNE_OFFICER, HOANG_HOA),
        "committee": make_user(Role.COMMUNE_COMMITTEE, HOANG_HOA),
        "province": make_user(Role.PROVINCE_OFFICER, "38"),
        "elsewhere": make_user(Role.PROVINCE_OFFICER, "31"),  # Hải Phòng
    }


def launch_model(actor, on):
    """A record that moves the commune's figures: a Tổ 3/1 launched in the commune."""
    return initiative_create(
        actor=actor,
        name="Tổ 3/1 thôn Đông",
        template="to_3_1",
        level="commune",
        commune_codes=[HOANG_HOA],
        launched_on=on,
    )


def test_the_approved_figures_are_kept_and_later_changes_show(people, unit):
    commune = unit(HOANG_HOA)
    sent = submission_create(
        actor=people["committee"], unit_code=HOANG_HOA, period=Q1, note="Số liệu quý I"
    )
    assert sent.status == "submitted"
    assert sent.values["communes_total"] == 1
    assert sent.values["initiatives_active_end"] == 0
    assert sent.values["initiative_coverage_pct"] == "0.0"  # rates kept as exact text

    approved = submission_decide(actor=people["province"], pk=sent.pk, approve=True)
    assert approved.status == "approved"
    assert approved.decided_by == people["province"]
    assert submission_changes(approved, compute(commune, Q1).total.values) == []

    # a model recorded late, launched in February: the quarter's figures move
    launch_model(people["province"], D(2026, 2, 1))
    now = compute(commune, Q1).total.values
    changed = {c.code: c for c in submission_changes(approved, now)}
    assert set(changed) == {
        "initiatives_active_end",
        "communes_with_initiative_end",
        "initiative_coverage_pct",
    }
    assert changed["initiatives_active_end"].difference == 1
    assert changed["initiative_coverage_pct"].after == Decimal("100.0")
    approved.refresh_from_db()
    assert approved.values["initiatives_active_end"] == 0  # the snapshot never moves

    # the commune sends a correction; once approved, it is the report of the period
    correction = submission_create(actor=people["commune"], unit_code=HOANG_HOA, period=Q1)
    submission_decide(actor=people["province"], pk=correction.pk, approve=True)
    correction.refresh_from_db()
    assert correction.values["initiatives_active_end"] == 1
    assert submission_changes(correction, now) == []
    assert AuditEvent.objects.filter(object_type="reports.reportsubmission").count() == 4


def test_what_is_refused_and_why(people, make_user):
    with pytest.raises(DomainError):  # the province approves; it does not submit
        submission_create(actor=people["province"], unit_code=HOANG_HOA, period=Q1)
    next_year = period_of("year", timezone.localdate().year + 1)
    with pytest.raises(ValidationFailed, match="chưa kết thúc"):
        submission_create(actor=people["commune"], unit_code=HOANG_HOA, period=next_year)
    custom = period_of("custom", start=D(2026, 1, 5), end=D(2026, 2, 5))
    with pytest.raises(ValidationFailed):
        submission_create(actor=people["commune"], unit_code=HOANG_HOA, period=custom)
    with pytest.raises(NotFoundError):  # another commune is out of scope
        submission_create(actor=people["commune"], unit_code="15880", period=Q1)

    sent = submission_create(actor=people["commune"], unit_code=HOANG_HOA, period=Q1)
    with pytest.raises(ValidationFailed, match="chờ tỉnh duyệt"):
        submission_create(actor=people["committee"], unit_code=HOANG_HOA, period=Q1)
    with pytest.raises(DomainError):  # a commune does not approve its own report
        submission_decide(actor=people["commune"], pk=sent.pk, approve=True)
    with pytest.raises(NotFoundError):  # another province does not know it exists
        submission_decide(actor=people["elsewhere"], pk=sent.pk, approve=True)
    with pytest.raises(ValidationFailed) as no_reason:
        submission_decide(actor=people["province"], pk=sent.pk, approve=False, note="  ")
    assert "note" in no_reason.value.errors
    submission_decide(actor=people["province"], pk=sent.pk, approve=True)
    with pytest.raises(DomainError, match="đã được xử lý"):
        submission_decide(actor=people["province"], pk=sent.pk, approve=False, note="Sai")
    with pytest.raises(ValidationFailed, match="không thay đổi"):
        submission_create(actor=people["commune"], unit_code=HOANG_HOA, period=Q1)
    assert ReportSubmission.objects.count() == 1


def test_a_returned_report_goes_back_to_the_commune_worklist(people):
    sent = submission_create(actor=people["commune"], unit_code=HOANG_HOA, period=Q1)
    review = [i for i in worklist_for(actor=people["province"]) if i.kind == "report_review"]
    assert [i.url for i in review] == [reverse("reports:submission", args=[sent.pk])]
    assert worklist_for(actor=people["elsewhere"]) == []

    submission_decide(
        actor=people["province"], pk=sent.pk, approve=False, note="Thiếu số liệu vay vốn"
    )
    assert not [i for i in worklist_for(actor=people["province"]) if i.kind == "report_review"]
    returned = [i for i in worklist_for(actor=people["commune"]) if i.kind == "report_returned"]
    assert len(returned) == 1
    assert "Quý 1 năm 2026" in returned[0].title

    submission_create(actor=people["commune"], unit_code=HOANG_HOA, period=Q1)  # sent again
    assert not [i for i in worklist_for(actor=people["commune"]) if i.kind == "report_returned"]


def test_the_pages_from_submission_to_approval(people, client_for):
    query = {"unit": HOANG_HOA, "kind": "quarter", "year": 2026, "number": 1}
    commune = client_for(people["commune"])
    page = commune.get(reverse("reports:report"), query)
    assert "Gửi báo cáo lên tỉnh" in page.content.decode()

    response = commune.post(reverse("reports:submit"), {**query, "note": "Quý I"})
    sent = ReportSubmission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:submission", args=[sent.pk])
    assert sent.submitted_by == people["commune"]
    again = commune.post(reverse("reports:submit"), query, follow=True)
    assert "chờ tỉnh duyệt" in again.content.decode()
    assert ReportSubmission.objects.count() == 1
    assert commune.post(reverse("reports:decide", args=[sent.pk]), {}).status_code == 403

    province = client_for(people["province"])
    listing = province.get(reverse("reports:submissions")).content.decode()
    assert "Chờ duyệt" in listing
    assert "Quý 1 năm 2026" in listing
    assert "chưa gửi" in listing  # the other communes of the province
    detail = province.get(reverse("reports:submission", args=[sent.pk])).content.decode()
    assert "Ghi quyết định" in detail
    refused = province.post(
        reverse("reports:decide", args=[sent.pk]), {"decision": "return"}, follow=True
    )
    assert "Nêu lý do trả lại" in refused.content.decode()
    province.post(reverse("reports:decide", args=[sent.pk]), {"decision": "approve"})
    sent.refresh_from_db()
    assert sent.status == "approved"

    launch_model(people["province"], D(2026, 3, 1))
    report = commune.get(reverse("reports:report"), query).content.decode()
    assert "Đã duyệt" in report
    assert "Số liệu đã thay đổi ở 3 chỉ tiêu từ khi báo cáo được duyệt" in report
    assert report.count('class="changed"') == 3
    assert "Gửi báo cáo điều chỉnh" in report
    header = province.get(reverse("reports:report"), {**query, "unit": "38"}).content.decode()
    assert "Đã duyệt · 3 thay đổi" in header


def test_who_may_see_a_submission(people, make_user, client_for):
    sent = submission_create(actor=people["commune"], unit_code=HOANG_HOA, period=Q1)
    url = reverse("reports:submission", args=[sent.pk])
    assert client_for(people["elsewhere"]).get(url).status_code == 404
    assert client_for(make_user(Role.COMMUNE_OFFICER, "15880")).get(url).status_code == 404
    decide = reverse("reports:decide", args=[sent.pk])
    outsider = client_for(people["elsewhere"]).post(decide, {"decision": "approve"})
    assert outsider.status_code == 404
    analyst = client_for(make_user(Role.NATIONAL_ANALYST, "VN"))
    assert analyst.get(reverse("reports:submissions")).status_code == 403
    assert analyst.get(url).status_code == 403
    sent.refresh_from_db()
    assert sent.status == "submitted"


def test_a_correction_returned_after_an_approval_leaves_the_approved_report(people, unit):
    """The commune sends a correction, the province returns it, the commune puts the record
    back as it was: the approved report stands and nothing is left to do."""
    first = submission_create(actor=people["commune"], unit_code=HOANG_HOA, period=Q1)
    submission_decide(actor=people["province"], pk=first.pk, approve=True)
    model = launch_model(people["province"], D(2026, 2, 1))
    correction = submission_create(actor=people["commune"], unit_code=HOANG_HOA, period=Q1)
    submission_decide(
        actor=people["province"], pk=correction.pk, approve=False, note="Mô hình ra mắt tháng 4"
    )
    model.delete()  # the model's date was wrong: it is not in the quarter
    report = compute(unit("38"), Q1, children=True)
    (standing,) = [
        s for s in commune_standings(actor=people["province"], report=report) if s.standing.shown
    ]
    assert standing.standing.shown == first  # the approved report, not the returned one
    assert standing.changed == 0
    assert not [i for i in worklist_for(actor=people["commune"]) if i.kind == "report_returned"]


def test_an_indicator_added_later_is_not_a_change(people, unit):
    sent = submission_create(actor=people["commune"], unit_code=HOANG_HOA, period=Q1)
    values = dict(sent.values)
    del values["notices_received"]  # as if the indicator did not exist on the day
    ReportSubmission.objects.filter(pk=sent.pk).update(values=values)
    sent.refresh_from_db()
    assert submission_changes(sent, compute(unit(HOANG_HOA), Q1).total.values) == []


def test_a_period_can_be_sent_from_the_day_after_it_ends(people, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: D(2026, 3, 31))
    with pytest.raises(ValidationFailed, match="01/04/2026"):
        submission_create(actor=people["commune"], unit_code=HOANG_HOA, period=Q1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: D(2026, 4, 1))
    assert submission_create(actor=people["commune"], unit_code=HOANG_HOA, period=Q1).pk


def test_bad_posts_say_what_is_wrong_and_write_nothing(people, client_for):
    commune = client_for(people["commune"])
    for data in (
        {},
        {"unit": HOANG_HOA, "kind": "custom", "year": 2026},
        {"unit": "38", "kind": "quarter", "year": 2026, "number": 13},
    ):
        page = commune.post(reverse("reports:submit"), data, follow=True).content.decode()
        assert "không hợp lệ" in page
    page = commune.post(
        reverse("reports:submit"), {"unit": "38", "kind": "year", "year": 2025}, follow=True
    )
    assert page.status_code == 404  # a unit outside the commune's scope
    sent = submission_create(actor=people["commune"], unit_code=HOANG_HOA, period=Q1)
    province = client_for(people["province"])
    decide = reverse("reports:decide", args=[sent.pk])
    too_long = province.post(decide, {"decision": "return", "note": "x" * 2001}, follow=True)
    assert "Ý kiến" in too_long.content.decode()  # the field is named, not "choose"
    assert ReportSubmission.objects.get().status == "submitted"


def test_roles_without_report_view_see_no_sign_off(people, make_user, client_for):
    submission_create(actor=people["commune"], unit_code=HOANG_HOA, period=Q1)
    query = {"unit": HOANG_HOA, "kind": "quarter", "year": 2026, "number": 1}
    for role, scope in ((Role.LABOUR_OFFICER, HOANG_HOA), (Role.NATIONAL_ANALYST, "VN")):
        page = client_for(make_user(role, scope)).get(reverse("reports:report"), query)
        assert page.status_code == 200
        assert "/reports/submissions/" not in page.content.decode()
        assert "Chờ duyệt" not in page.content.decode()
