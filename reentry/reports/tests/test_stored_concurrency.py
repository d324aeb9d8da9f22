"""A recount that runs while a write is not yet committed must not stand once it commits
(the mark of that write may carry a lower number than marks the recount saw)."""

import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from reentry.accounts.models import User
from reentry.core.tests.concurrency import on_postgresql
from reentry.geography.models import AdminUnit
from reentry.persons.models import Person
from reentry.reports import stored
from reentry.reports.engine import compute
from reentry.reports.models import ChangeMark, StoredFigures
from reentry.reports.periods import period_of
from reentry.support.models import SupportActivity

pytestmark = [on_postgresql, pytest.mark.usefixtures("concurrent_db")]
PAST = period_of("year", 2025)
WAIT = 30


def test_a_write_committed_after_the_recount_began_is_not_missed():
    call_command("seed_demo", "--persons", "8")
    person = Person.objects.filter(status="managed").order_by("pk")[0]
    officer = User.objects.get(username="ca.hoanghoa")
    written, stored_done = threading.Event(), threading.Event()
    failure: list[BaseException] = []

    def writer() -> None:
        try:
            with transaction.atomic():
                SupportActivity.objects.create(
                    person=person,
                    kind="legal_aid",
                    occurred_on=datetime.date(2025, 5, 5),
                    provider_name="Công an xã",
                    recorded_by=officer,
                )
                written.set()
                assert stored_done.wait(WAIT)
        except BaseException as exc:  # reported below
            failure.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    assert written.wait(WAIT)
    # a later write commits first, so the recount sees a mark numbered above the open one
    ChangeMark.objects.create(since=datetime.date(2030, 1, 1))  # reaches nothing of 2025
    nation = AdminUnit.objects.current().get(code="VN")
    before = compute(nation, PAST)
    stored_done.set()
    thread.join(WAIT)
    assert not failure, failure
    assert StoredFigures.objects.filter(starts_on=PAST.start).exists()
    standing = stored._standing(StoredFigures.objects.filter(starts_on=PAST.start))
    province = "/".join(person.commune_path.split("/")[:2]) + "/"
    assert province not in {row.prefix for row in standing}
    assert len(standing) == AdminUnit.objects.filter(kind="province").count() - 1
    after = compute(nation, PAST)
    assert after.total.values["activities_legal_aid"] == (
        before.total.values["activities_legal_aid"] + 1
    )
    assert after.total.values == compute(nation, PAST, fresh=True).total.values
