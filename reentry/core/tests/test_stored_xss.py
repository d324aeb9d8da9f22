"""Stored XSS: a file whose name and free text are a script payload, on every page that may
show it (docs/fuzzing.md).

The matrix's world (``access/tests/world.py``) is built with its normal file named
``PAYLOAD``, with the payload also in the address, the family contact and the occupation,
and a support activity whose provider and outcome are the payload. Then every page of the
URL configuration that the matrix says a commune officer (and a province officer) may GET
is requested for the normal file, with the matrix's query, plus the lists searched for the
payload itself (reflected). No HTML answer may hold the payload raw, nor its ``<script``
or ``<img`` tags; the pages that show the file must hold it escaped. A new page is in the
walk as soon as it has a matrix row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.storage import InMemoryStorage
from django.db import transaction
from django.test import Client
from django.utils.html import escape

from reentry.access.tests import world as world_module
from reentry.access.tests.test_matrix import MATRIX, ROUTES, is_api, url_of
from reentry.access.tests.world import World, build_world, sign_in

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
RAW_PARTS = ("<script>alert(1)", "<img src=x onerror", PAYLOAD)
# pages that show the normal file's name to its commune officer: the payload must be there,
# escaped (so the walk is not vacuous)
SHOWS_THE_NAME = {
    "persons:list",
    "persons:detail",
    "persons:edit",
    "persons:transfer",
    "persons:status",
    "support:activities",
    "support:loans",
    "worklist:worklist",
    "initiatives:detail",
}
ACTORS = ("commune_officer@own", "province_officer@parent")
SEARCHED = {"persons:list": {"q": PAYLOAD}, "outcomes:sealed_search": {"q": PAYLOAD}}


def _with_payload(person_data: Any) -> Any:
    def build(**overrides: Any) -> Any:
        if overrides.get("full_name") == PAYLOAD:
            for field in ("address_text", "family_contact", "occupation_before"):
                overrides.setdefault(field, PAYLOAD)
        return person_data(**overrides)

    return build


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[tuple[World, dict[str, Client]]]:  # type: ignore[no-untyped-def]
    import datetime

    from reentry.persons.models import Person
    from reentry.persons.tests import factories
    from reentry.support.services import ActivityData, support_activity_record

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(InMemoryStorage, "delete", lambda self, name: None)
        patch.setattr(world_module, "NAME_MARK", PAYLOAD)
        patch.setattr(factories, "person_data", _with_payload(factories.person_data))
        with django_db_blocker.unblock(), transaction.atomic():
            built = build_world()
            officer = built.users["commune_officer@own"]
            support_activity_record(
                actor=officer,
                person=Person.objects.get(pk=built.files["normal"]["person"]),
                data=ActivityData(
                    kind="encouragement_visit",
                    occurred_on=datetime.date(2026, 3, 1),
                    provider_kind="agency",
                    provider_name=PAYLOAD,
                    outcome=PAYLOAD,
                ),
            )
            clients = {}
            for actor in ACTORS:
                clients[actor] = Client()
                sign_in(clients[actor], built.users[actor])
            yield built, clients
            transaction.set_rollback(True)


def pages() -> list[str]:
    """Every page (not the API) the matrix says a commune or province officer may GET."""
    return sorted(
        name
        for name, row in MATRIX.items()
        if not is_api(name) and row.get and {"commune_officer", "province_officer"} & row.get
    )


def test_the_payload_is_stored_as_typed(world, db):  # type: ignore[no-untyped-def]
    from reentry.persons.models import Person

    built, _clients = world
    person = Person.objects.get(pk=built.files["normal"]["person"])
    assert (person.full_name, person.address_text) == (PAYLOAD, PAYLOAD)


@pytest.mark.parametrize("name", pages())
def test_no_page_shows_the_payload_unescaped(name, world, db):  # type: ignore[no-untyped-def]
    built, clients = world
    url = url_of(built, name, "normal")
    queries = [MATRIX[name].query]
    if name in SEARCHED:
        queries.append({**MATRIX[name].query, **SEARCHED[name]})
    shown = False
    for actor, client in clients.items():
        for query in queries:
            with transaction.atomic():
                response = client.get(url, query)
                transaction.set_rollback(True)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            body = response.content.decode()
            raw = [part for part in RAW_PARTS if part in body]
            assert raw == [], f"{name} as {actor} ({response.status_code}) shows {raw} raw"
            shown = shown or escape(PAYLOAD) in body
    if name in SHOWS_THE_NAME:
        assert shown, f"{name} should show the file's name, escaped"


def test_every_page_is_walked():
    """A page a file reader may open is in the walk, unless it is a page of the API."""
    readers = {"commune_officer", "province_officer"}
    missing = [
        n
        for n in ROUTES
        if n in MATRIX and not is_api(n) and (MATRIX[n].get or set()) & readers
        if n not in pages()
    ]
    assert missing == []
    assert set(SHOWS_THE_NAME) <= set(pages())
