"""The API fuzzed against its own OpenAPI schema (schemathesis, docs/fuzzing.md).

Every operation of ``/api/schema/`` is called in-process through the WSGI application with
requests generated from the schema, valid ones and invalid ones, as the commune officer of
the matrix's world (``access/tests/world.py``), who may use every operation but the
province's own (those as its province officer). Each response must be no server error,
carry a documented status code and content type, and have a body that matches the
documented schema. Every other example names the world's records in its path, so the
answers past the lookup are checked too.

Deterministic (``derandomize``). Each operation gets ``examples(10)`` generated examples
(``FUZZ_SCALE=20`` for 200, docs/fuzzing.md) after schemathesis's own boundary and
type-mutation cases; ``RUN`` counts them all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.files.storage import InMemoryStorage
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from reentry.access.tests.world import World, build_world
from reentry.core.tests.fuzzing import RUN, examples

EXAMPLES = examples(10)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# examples run, by operation
BY_OPERATION: Counter[str] = Counter()
JSON = "application/json"
# operations a commune officer may not use (403), fuzzed as the province officer instead
PROVINCE_ONLY = {
    "POST /api/v1/inspections/": "province_officer@parent",
    "POST /api/v1/commendations/": "province_officer@parent",
}
# the world's record ids, by path parameter
KNOWN_IDS: dict[str, Any] = {}


def served_schema() -> dict[str, Any]:
    """The schema /api/schema/ serves (``test_the_fuzzed_schema_is_the_served_one``)."""
    return SchemaGenerator().get_schema(request=None, public=True)


schema = schemathesis.openapi.from_dict(served_schema())
schema.app = application


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[tuple[World, dict[str, str]]]:  # type: ignore[no-untyped-def]
    """The matrix's world and API tokens of its commune officer and province officer (for
    what only the province does), built once for the module and rolled back at its end."""
    from reentry.accounts.services import api_token_issue

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(InMemoryStorage, "delete", lambda self, name: None)
        with django_db_blocker.unblock(), transaction.atomic():
            built = build_world()
            keys = {}
            for actor in ("commune_officer@own", "province_officer@parent"):
                user = built.users[actor]
                _token, keys[actor] = api_token_issue(actor=user, username=user.username)
            KNOWN_IDS.update(_known_ids(built))
            yield built, keys
            transaction.set_rollback(True)


def _known_ids(built: World) -> dict[str, Any]:
    normal = built.files["normal"]
    names = ("batch_id", "initiative_id", "member_id", "assignment_id", "inspection_id")
    return {
        "person_id": normal["person"],
        "reoffence_id": normal["reoffence"],
        "recommendation_id": built.ids["recommendation_id"],
        "code": built.ids["code"],
        **{name: built.ids[name] for name in names},
    }


@pytest.fixture
def in_process_requests() -> Iterator[None]:
    """Requests through the WSGI handler keep the test's connection (and its transaction)
    open, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, world, db, in_process_requests):  # type: ignore[no-untyped-def]
    _built, keys = world
    if case.media_type not in (None, JSON) and JSON in {b.media_type for b in case.operation.body}:
        # DRF parses a form as it parses JSON: an operation that takes JSON is fuzzed in JSON
        return
    BY_OPERATION[case.operation.label] += 1
    RUN["schemathesis"] += 1
    if BY_OPERATION[case.operation.label] % 2:
        # every other example names the world's records, so the answers past the lookup
        # (a 200, a 409, a refusal of the body) are reached and checked too
        for name in case.path_parameters or {}:
            if name in KNOWN_IDS:
                case.path_parameters[name] = KNOWN_IDS[name]
    actor = PROVINCE_ONLY.get(case.operation.label, "commune_officer@own")
    case.call_and_validate(headers={"Authorization": f"Token {keys[actor]}"}, checks=CHECKS)


def test_the_fuzzed_schema_is_the_served_one(world, db, client):  # type: ignore[no-untyped-def]
    _built, keys = world
    token = keys["commune_officer@own"]
    response = client.get("/api/schema/?format=json", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert response.json() == served_schema()
