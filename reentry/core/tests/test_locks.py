"""The identity locks: one key per CCCD and per name with year of birth, the same for the
same person however the name is typed, and refused outside a transaction on PostgreSQL
(where it would be released at once)."""

import datetime

import pytest
from django.db import connection, transaction

from reentry.core.locks import identity_keys, identity_lock
from reentry.core.tests.concurrency import on_postgresql
from reentry.core.text import fold_key


def test_the_same_person_gives_the_same_keys_and_another_person_others():
    an = identity_keys(
        national_id="038090001234",
        name_key=fold_key("Nguyễn Văn An"),
        date_of_birth=datetime.date(1990, 3, 15),
    )
    assert len(an) == 2
    assert an == identity_keys(
        national_id="038090001234", name_key=fold_key("nguyen  van AN"), birth_year=1990
    )
    assert not an & identity_keys(national_id="038090001235")
    assert not an & identity_keys(name_key=fold_key("Nguyễn Văn An"), birth_year=1991)
    assert identity_keys(name_key=fold_key("Nguyễn Văn An")) == set()  # no year: no check
    assert all(-(2**63) <= key < 2**63 for key in an)


@on_postgresql
@pytest.mark.django_db
def test_the_lock_is_held_to_the_end_of_the_transaction():
    keys = identity_keys(national_id="038090001234")
    with transaction.atomic():
        identity_lock(keys)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")
            assert cursor.fetchone()[0] >= 1


@on_postgresql
def test_the_lock_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="outside a transaction"):
        identity_lock({1})
