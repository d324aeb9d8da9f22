"""Cohort recidivism: a small cohort built through the services, counted by hand; and the
follow-up arithmetic (windows, Kaplan-Meier) on its own."""

import datetime

import pytest

from reentry.accounts.roles import Role
from reentry.geography.models import AdminUnit
from reentry.initiatives.services import initiative_create, person_assign
from reentry.outcomes.services import expungement_record_add, reoffence_conclude, reoffence_record
from reentry.persons.services import person_register, person_status_change, sentence_add
from reentry.persons.tests.factories import person_data, sentence_data
from reentry.reports.recidivism import cohort_report
from reentry.reports.survival import FollowUp, add_years, kaplan_meier, window_count

D = datetime.date
AS_OF = D(2026, 11, 1)
A, B = "15865", "15880"


def test_add_years_keeps_the_day_and_moves_29_february():
    assert add_years(D(2020, 3, 1), 3) == D(2023, 3, 1)
    assert add_years(D(2020, 2, 29), 1) == D(2021, 2, 28)


def test_kaplan_meier_by_hand():
    """Four people: an event at day 100, one leaves at 200, an event at 300, one followed
    to day 400. S = 3/4 after day 100, then 3/4 x 1/2 after day 300."""
    r = D(2020, 1, 1)
    days = datetime.timedelta
    people = [
        FollowUp(r, r + days(100), events={"x": r + days(100)}),
        FollowUp(r, r + days(200), left_early=True),
        FollowUp(r, r + days(300), events={"x": r + days(300)}),
        FollowUp(r, r + days(400)),
    ]
    points = kaplan_meier(people, "x", [0, 6, 12, 24])
    assert [(p.month, p.survival, p.at_risk) for p in points] == [
        (0, 100.0, 4),
        (6, 75.0, 3),
        (12, 37.5, 1),
    ]  # no one is followed two years: the curve stops


def test_an_event_after_leaving_follow_up_is_not_counted():
    r = D(2020, 1, 1)
    person = FollowUp(r, D(2020, 6, 1), left_early=True, events={"x": D(2020, 8, 1)})
    count = window_count([person], 1, "x")
    assert (count.events, count.followed, count.left) == (0, 0, 1)
    assert count.rate is None


@pytest.fixture
def cohort(make_user, db):
    officer = make_user(Role.COMMUNE_OFFICER, A)
    other = make_user(Role.COMMUNE_OFFICER, B)
    people = {}

    def released(name, day, actor=officer):
        person = person_register(
            actor=actor,
            data=person_data(full_name=name, national_id="", commune_code=actor.scope_unit.code),
            confirm_possible_duplicate=True,
            started_on=D(2018, 1, 1),
        )
        sentence_add(
            actor=actor,
            person=person,
            data=sentence_data(judgment_date=D(2017, 5, 1), release_date=day),
        )
        people[name] = person
        return person

    def reoffend(person, arrested, convicted=None, penalty="prison"):
        reoffence = reoffence_record(
            actor=officer, person=person, committed_on=arrested, arrested_on=arrested, charge="x"
        )
        if convicted is None:
            return
        extra = {"prison_months": 24}
        if penalty == "suspended":
            extra = {"prison_months": 24, "probation_months": 48, "release_type": ""}
            extra["prison_facility"] = ""
        sentence = sentence_add(
            actor=officer,
            person=person,
            data=sentence_data(
                judgment_number="9/2021/HS-ST",
                judgment_date=convicted,
                main_penalty=penalty,
                release_date=None,
                **extra,
            ),
        )
        reoffence_conclude(
            actor=officer,
            reoffence=reoffence,
            expected_version=reoffence.version,
            status="convicted",
            concluded_on=convicted,
            sentence_id=sentence.pk,
        )

    p1 = released("P1", D(2020, 3, 1))
    reoffend(p1, D(2020, 10, 1), convicted=D(2021, 2, 1))
    p2 = released("P2", D(2020, 6, 1))
    reoffence = reoffence_record(
        actor=officer,
        person=p2,
        committed_on=D(2022, 1, 10),
        arrested_on=D(2022, 1, 10),
        charge="x",
    )
    reoffence_conclude(
        actor=officer,
        reoffence=reoffence,
        expected_version=reoffence.version,
        status="dropped",
        concluded_on=D(2022, 3, 1),
    )
    p3 = released("P3", D(2020, 9, 1))
    p3.refresh_from_db()
    person_status_change(
        actor=officer,
        person=p3,
        expected_version=p3.version,
        status="closed",
        on=D(2021, 5, 1),
        closure_reason="died",
    )
    released("P4", D(2020, 1, 15))
    p5 = released("P5", D(2020, 12, 1))
    reoffend(p5, D(2024, 6, 1), convicted=D(2024, 12, 1), penalty="suspended")
    released("P6", D(2019, 12, 31))  # another cohort
    released("P7", D(2020, 5, 5), actor=other)  # another commune
    p8 = released("P8", D(2020, 2, 1))
    initiative = initiative_create(
        actor=officer,
        name="Tổ 3/1 thôn Đông",
        template="to_3_1",
        level="commune",
        commune_codes=[A],
        launched_on=D(2019, 1, 1),
    )
    for person in (p1, people["P4"]):
        person_assign(actor=officer, initiative=initiative, person=person, started_on=D(2020, 4, 1))
    expungement_record_add(
        actor=officer,
        person=p8,
        kind="certificate",
        number="1/2022/LLTP",
        issued_by="Sở Tư pháp Thanh Hóa",
        issued_on=D(2022, 6, 1),
    )
    return people


def _counts(window, kind):
    count = window.counts[kind]
    return (count.events, count.followed, count.left, count.rate)


def test_the_cohort_counted_by_hand(cohort):
    report = cohort_report(AdminUnit.objects.current().get(code=A), 2020, AS_OF)
    assert report.size == 6  # P1, P2, P3, P4, P5, P8
    assert report.left_early == 2  # P3 died, P8 expunged
    one, three, five = report.windows
    assert all(w.published for w in (one, three, five))  # 5 years closed on 31/12/2025
    assert _counts(one, "rearrest") == (1, 5, 1, 20.0)
    assert _counts(one, "reconviction") == (1, 5, 1, 20.0)
    assert _counts(one, "reimprisonment") == (1, 5, 1, 20.0)
    assert _counts(three, "rearrest") == (2, 4, 2, 50.0)
    assert _counts(three, "reconviction") == (1, 4, 2, 25.0)
    assert _counts(five, "rearrest") == (3, 4, 2, 75.0)
    assert _counts(five, "reconviction") == (2, 4, 2, 50.0)  # P5's suspended sentence
    assert _counts(five, "reimprisonment") == (1, 4, 2, 25.0)
    province = cohort_report(AdminUnit.objects.current().get(code="38"), 2020, AS_OF)
    assert province.size == 7  # and P7 of the other commune


def test_a_window_not_yet_closed_is_not_published(cohort):
    report = cohort_report(AdminUnit.objects.current().get(code=A), 2020, D(2025, 6, 1))
    one, three, five = report.windows
    assert one.published
    assert three.published
    assert not five.published
    assert five.counts == {}
    assert five.closes_on == D(2025, 12, 31)


def test_the_curve_by_initiative_has_the_number_at_risk(cohort):
    report = cohort_report(AdminUnit.objects.current().get(code=A), 2020, AS_OF)
    curves = {curve.group: curve for curve in report.curves}
    assert [c.group for c in report.curves] == ["all", "to_3_1", "none"]
    assert (curves["to_3_1"].size, curves["none"].size, curves["all"].size) == (2, 4, 6)
    points = {p.month: (p.survival, p.at_risk) for p in curves["to_3_1"].points}
    assert points[6] == (100.0, 2)  # P1 re-arrested seven months after release
    assert points[12] == (50.0, 1)
    assert points[60] == (50.0, 1)  # P4 stays out


def test_the_page_and_the_api_show_the_same_counts(cohort, make_user, client_for):
    from rest_framework.test import APIClient

    province = make_user(Role.PROVINCE_OFFICER, "38")
    html = client_for(province).get("/reports/recidivism/", {"unit": A, "cohort": "2020"})
    page = html.content.decode()
    assert "Số người trong nhóm: <strong>6</strong>" in page
    assert "75,0%" in page or "75.0%" in page  # re-arrested within 5 years
    assert "3/4 người; 2 rời theo dõi" in page
    assert "<svg" in page
    assert "Tổ 3/1" in page
    api = APIClient()
    api.force_authenticate(province)
    body = api.get("/api/v1/reports/recidivism/", {"unit": A, "cohort": 2020}).json()
    five = body["windows"][2]
    assert five["measures"]["rearrest"] == {"events": 3, "followed": 4, "left": 2, "rate": 75.0}
    assert [c["group"] for c in body["survival"]] == ["all", "to_3_1", "none"]
    outside = make_user(Role.PROVINCE_OFFICER, "31")
    api.force_authenticate(outside)
    assert api.get("/api/v1/reports/recidivism/", {"unit": A, "cohort": 2020}).status_code == 404


def test_small_counts_and_small_groups_are_hidden_from_the_analyst(cohort, make_user):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(make_user(Role.NATIONAL_ANALYST, "VN"))
    body = api.get("/api/v1/reports/recidivism/", {"unit": A, "cohort": 2020}).json()
    assert body["size"] == "<5"  # 6, but with 2 who left: 6 - 2 would give the 4 who stayed
    assert body["left_follow_up"] == "<5"
    rearrest = body["windows"][2]["measures"]["rearrest"]
    assert rearrest == {"events": "<5", "followed": "<5", "left": "<5", "rate": None}
    # Tổ 3/1 (2) and no initiative (4) are fewer than 5; the whole cohort minus the groups
    # shown would give them back, so it goes too
    assert body["survival"] == []
    assert body["groups_hidden"] == 2


def test_an_expungement_of_an_earlier_sentence_does_not_end_follow_up(cohort, make_user):
    """P4's record of an older sentence was cleared in 2013; that is no leaving after the
    2020 release."""
    from reentry.outcomes.models import ExpungementRecord

    p4 = cohort["P4"]
    ExpungementRecord.objects.create(
        person=p4,
        kind="certificate",
        number="1/2013/LLTP",
        issued_by="Sở Tư pháp Thanh Hóa",
        issued_on=D(2013, 5, 1),
        recorded_by=make_user(Role.COMMUNE_OFFICER, A),
    )
    report = cohort_report(AdminUnit.objects.current().get(code=A), 2020, AS_OF)
    assert report.left_early == 2  # still P3 and P8 only
    assert _counts(report.windows[0], "rearrest") == (1, 5, 1, 20.0)
