"""Stored figures equal a recount after every kind of write, and stand only while nothing
that reaches their period has changed (``reports/stored.py``, ``reports/freshness.py``)."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection

from reentry.accounts.models import User
from reentry.geography.models import AdminUnit
from reentry.initiatives.models import Initiative
from reentry.outcomes.models import Classification, ExpungementRecord, Reoffence
from reentry.outreach.models import OutreachEvent
from reentry.persons.models import Person, ReleaseNotice, Residence, Sentence
from reentry.persons.services import person_transfer
from reentry.reports import freshness, stored
from reentry.reports.engine import compute
from reentry.reports.models import ChangeMark, StoredFigures
from reentry.reports.periods import period_of
from reentry.support.models import Employment, Loan, SupportActivity
from reentry.support.services import ActivityData, support_activity_record

pytestmark = pytest.mark.django_db
D = datetime.date
PAST = period_of("year", 2025)
NOW = period_of("year", 2026)
QUARTER = period_of("quarter", 2026, 1)


def _figures(code: str, period, *, fresh: bool) -> dict:
    report = compute(AdminUnit.objects.current().get(code=code), period, children=True, fresh=fresh)
    return {
        (column.code, column.exact): column.values for column in [report.total, *report.children]
    }


def _same_as_recount(*periods, units=("VN", "38", "15865")) -> None:
    for period in periods:
        for code in units:
            assert _figures(code, period, fresh=False) == _figures(code, period, fresh=True), (
                code,
                period,
            )


class Recounts:
    """Counts the recounts ``stored`` makes (a stored figure that stands makes none)."""

    def __init__(self, monkeypatch) -> None:
        self.prefixes: list[str] = []
        real = stored.recount

        def spy(prefix, period):
            self.prefixes.append(prefix)
            return real(prefix, period)

        monkeypatch.setattr(stored, "recount", spy)

    def take(self) -> list[str]:
        out, self.prefixes = self.prefixes, []
        return out


@pytest.fixture
def demo():
    call_command("seed_demo", "--persons", "60")
    officer = User.objects.get(username="ca.hoanghoa")
    person = Person.objects.filter(commune__code="15865", status="managed").order_by("pk")[0]
    return officer, person


def test_a_national_report_is_read_from_the_stored_figures_the_second_time(demo, monkeypatch):
    recounts = Recounts(monkeypatch)
    first = _figures("VN", PAST, fresh=False)
    provinces = AdminUnit.objects.filter(kind="province").count()
    assert recounts.take() == ["VN/"]  # one national pass, stored province by province
    assert StoredFigures.objects.filter(starts_on=PAST.start).count() == provinces
    assert _figures("VN", PAST, fresh=False) == first
    assert _figures("38", PAST, fresh=False)[("38", False)] == first[("38", False)]
    commune = ("15865", False)
    alone = _figures("15865", PAST, fresh=False)[commune]
    assert recounts.take() == []  # the province and the commune came from the nation's
    assert alone == _figures("38", PAST, fresh=True)[commune]
    assert first == _figures("VN", PAST, fresh=True)


def test_work_dated_today_leaves_last_years_figures_standing(demo, monkeypatch):
    officer, person = demo
    _figures("VN", PAST, fresh=False)
    _figures("VN", NOW, fresh=False)
    recounts = Recounts(monkeypatch)
    support_activity_record(
        actor=officer,
        person=person,
        data=ActivityData(
            kind="counselling", occurred_on=D(2026, 12, 1), provider_name="Công an xã"
        ),
    )
    _figures("VN", PAST, fresh=False)
    assert recounts.take() == []  # 2025 was not reached
    _same_as_recount(NOW)
    assert recounts.take(), "2026 was recounted"
    # a backdated act of help reaches 2025 too
    support_activity_record(
        actor=officer,
        person=person,
        data=ActivityData(kind="legal_aid", occurred_on=D(2025, 6, 1), provider_name="Sở Tư pháp"),
    )
    _same_as_recount(PAST, NOW)


def test_stored_figures_equal_a_recount_after_every_kind_of_write(demo):
    officer, person = demo
    _same_as_recount(PAST, NOW, QUARTER)  # stored

    def check():
        _same_as_recount(PAST, NOW, units=("VN",))  # every place; the others are parts

    # through the services
    person_transfer(
        actor=officer,
        person=person,
        to_commune_code="15880",
        moved_on=D(2026, 2, 10),
        reason="Chuyển nhà",
        expected_version=person.version,
    )
    check()
    # straight through the ORM and SQL: the triggers see every writer
    first = Residence.objects.filter(person=person).order_by("started_on", "id").first()
    Residence.objects.filter(pk=first.pk).update(
        started_on=first.started_on - datetime.timedelta(400)
    )
    check()
    SupportActivity.objects.filter(person=person).update(occurred_on=D(2025, 3, 3))
    check()
    SupportActivity.objects.filter(person=person, kind="counselling").delete()
    check()
    Loan.objects.filter(disbursed_on__isnull=False).update(status="rejected")
    check()
    Employment.objects.filter(ended_on__isnull=True).update(ended_on=D(2026, 1, 20))
    check()
    other = Person.objects.filter(status="managed").exclude(pk=person.pk).order_by("-pk")[0]
    Classification.objects.create(
        person=other, assessed_on=D(2025, 12, 30), grade="D", assessed_by=officer
    )
    check()
    Reoffence.objects.create(
        person=other, committed_on=D(2026, 3, 1), status="arrested", recorded_by=officer
    )
    check()
    ExpungementRecord.objects.create(
        person=other, kind="certificate", issued_on=D(2025, 7, 1), recorded_by=officer
    )
    check()
    Sentence.objects.filter(person=other).update(
        release_type="conditional", conditional_probation_end=D(2026, 12, 31)
    )
    check()
    ReleaseNotice.objects.filter(person=other).delete()  # a file without notice: managed
    check()
    OutreachEvent.objects.filter(held_on__year=2026).update(held_on=D(2025, 5, 5))
    check()
    active = Initiative.objects.filter(status="active").order_by("pk")[0]
    Initiative.objects.filter(pk=active.pk).update(status="dissolved")
    check()
    Person.objects.filter(pk=other.pk).update(merged_into=person)
    check()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE support_supportactivity SET occurred_on = %s WHERE person_id = %s",
            [D(2026, 1, 5), other.pk],
        )
    check()


def test_editing_a_file_reaches_no_report(demo):
    _officer, person = demo
    marks = ChangeMark.objects.count()
    Person.objects.filter(pk=person.pk).update(
        occupation_before="Thợ hàn", version=person.version + 1
    )
    assert ChangeMark.objects.count() == marks
    Person.objects.filter(pk=person.pk).update(commune_path="VN/38/15880/")  # it has residences
    assert ChangeMark.objects.count() == marks


def test_a_first_residence_reaches_back_to_the_beginning(demo):
    _officer, person = demo
    first = Residence.objects.filter(person=person).order_by("started_on", "id").first()
    Residence.objects.filter(pk=first.pk).update(commune_path="VN/38/15880/")
    assert ChangeMark.objects.order_by("-id").first().since == D(1, 1, 1)
    later = Residence.objects.create(
        person=person,
        commune=first.commune,
        commune_path=first.commune_path,
        started_on=D(2026, 11, 1),
        ended_on=D(2026, 11, 15),
    )
    assert ChangeMark.objects.order_by("-id").first().since == later.started_on


def test_prune_keeps_what_stands_and_drops_the_rest(demo):
    officer, person = demo
    _figures("38", PAST, fresh=False)
    _figures("38", NOW, fresh=False)
    support_activity_record(
        actor=officer,
        person=person,
        data=ActivityData(kind="counselling", occurred_on=D(2026, 12, 2), provider_name="Xã"),
    )
    figures, marks = stored.prune()
    assert figures == 1  # 2026's
    assert list(StoredFigures.objects.values_list("starts_on", flat=True)) == [PAST.start]
    if connection.vendor == "sqlite":  # on PostgreSQL the test's transaction is still open,
        assert marks >= 1  # and marks of an open transaction are kept
    _same_as_recount(PAST, NOW)


def test_every_table_the_reports_read_is_watched():
    read = [
        Person,
        Residence,
        ReleaseNotice,
        Sentence,
        SupportActivity,
        Loan,
        Employment,
        Classification,
        Reoffence,
        ExpungementRecord,
        OutreachEvent,
        Initiative,
        AdminUnit,
    ]
    tables = {model._meta.db_table for model in read}
    tables |= {Initiative.communes.through._meta.db_table}
    tables |= {OutreachEvent.communes.through._meta.db_table}
    assert tables == set(freshness.WATCHED) | {freshness.PERSONS}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE 'reports_mark_%'"
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'reports_mark_%'"
            )
        installed = {row[0] for row in cursor.fetchall()}
    assert installed == tables


def test_the_nightly_refresh_stores_every_standard_period(demo, capsys):
    call_command("reports_refresh", "--years", "1")
    provinces = AdminUnit.objects.filter(kind="province").count()
    periods = StoredFigures.objects.values("starts_on", "ends_on").distinct().count()
    assert StoredFigures.objects.count() == periods * provinces
    assert periods >= 1 + 2 + 4  # this year, its halves and quarters begun, and its months
    assert "kỳ" in capsys.readouterr().out
    _same_as_recount(NOW, units=("VN",))


def test_a_provinces_work_leaves_the_other_provinces_figures_standing(demo, monkeypatch):
    officer, person = demo  # a file of Xã Hoằng Hóa, Thanh Hóa
    _figures("VN", PAST, fresh=False)
    support_activity_record(
        actor=officer,
        person=person,
        data=ActivityData(kind="legal_aid", occurred_on=D(2025, 6, 1), provider_name="Sở Tư pháp"),
    )
    assert ChangeMark.objects.order_by("-id").first().place == person.commune_path
    rows = StoredFigures.objects.filter(starts_on=PAST.start)
    assert {row.prefix for row in stored._standing(rows)} == {
        row.prefix for row in rows if row.prefix != "VN/38/"
    }
    recounts = Recounts(monkeypatch)
    _same_as_recount(PAST, units=("VN",))
    # Thanh Hóa mended: only the commune is recounted (then the check's own recount)
    assert recounts.take() == [person.commune_path, "VN/"]
    # a transfer to another province reaches both
    person.refresh_from_db()
    person_transfer(
        actor=officer,
        person=person,
        to_commune_code="11341",  # Hải Phòng
        moved_on=D(2025, 9, 1),
        reason="Chuyển nhà",
        expected_version=person.version,
    )
    standing = {row.prefix for row in stored._standing(rows)}
    assert "VN/38/" not in standing
    assert "VN/31/" not in standing
    _same_as_recount(PAST, units=("VN",))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite marks row by row")
def test_a_bulk_write_over_many_communes_leaves_one_mark_for_all():
    call_command("seed_demo", "--persons", "400", "--activities", "0")  # all over the country
    officer = User.objects.get(username="ca.hoanghoa")
    persons = list(Person.objects.filter(status="managed").order_by("pk"))
    communes = {p.commune_path for p in persons}
    assert len(communes) > freshness.MANY_PLACES
    before = ChangeMark.objects.count()
    SupportActivity.objects.bulk_create(
        SupportActivity(
            person=p,
            kind="counselling",
            occurred_on=D(2026, 1, 5),
            provider_name="Tổ 3/1",
            recorded_by=officer,
        )
        for p in persons
    )
    added = list(ChangeMark.objects.filter(id__gt=0).order_by("id"))[before:]
    assert [(m.since, m.place) for m in added] == [(D(2026, 1, 5), None)]
    # one commune's people: one mark each for the communes they lived in
    few = [p for p in persons if p.commune_path == persons[0].commune_path]
    SupportActivity.objects.bulk_create(
        SupportActivity(
            person=p,
            kind="legal_aid",
            occurred_on=D(2026, 2, 5),
            provider_name="Sở Tư pháp",
            recorded_by=officer,
        )
        for p in few
    )
    places = set(ChangeMark.objects.filter(since=D(2026, 2, 5)).values_list("place", flat=True))
    assert persons[0].commune_path in places
    assert None not in places
