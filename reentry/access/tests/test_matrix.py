"""The authorization matrix: every URL by every actor by every file state, declared and checked.

For each named URL pattern (and so every API operation of the schema) ``MATRIX`` declares,
in words independent of ``access/permissions.py``, which roles may use it for each method
and which object it is about; ``VISIBLE`` declares which actors of the world (``world.py``)
may see each object. From these two tables the expected outcome of each request follows:
anonymous → 302 to the login page (pages) or 401 (API); a role that may not → 403; a method
the view does not serve → 405; an object the actor may not see → 404; otherwise the
declared success code. Every cell is requested for real and compared; the test of each URL
lists every cell that differs. A URL pattern without a row fails ``test_every_url_has_a_row``.

Field level: every successful response (HTML, JSON, XLSX, PDF) to an initiative member, a
labour officer or a national analyst is searched for the offence details of the world's
files; a national analyst's also for the name and identity number of a person.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.storage import InMemoryStorage
from django.db import transaction
from django.test import Client
from django.urls import reverse

from reentry.access.tests.test_url_marks import ALL_PATTERNS
from reentry.access.tests.world import (
    ACTORS,
    ANONYMOUS,
    FILE_STATES,
    OFFENCE_MARKS,
    PERSON_MARKS,
    World,
    build_world,
    pdf_text,
    sign_in,
    xlsx_text,
)

# -- who: the roles, in the words of DESIGN §7 --------------------------------------------
CO, CC, IM, LO = "commune_officer", "commune_committee", "initiative_member", "labour_officer"
PO, NA, SA = "province_officer", "national_analyst", "sysadmin"
EVERYONE = frozenset({CO, CC, IM, LO, PO, NA, SA})
FILE_READERS = frozenset({CO, CC, IM, LO, PO})  # personal files; never NA, SA
FILE_EDITORS = frozenset({CO})  # commune police keep the file
OFFENCE_READERS = frozenset({CO, CC, PO})  # never IM, LO
SUPPORT_RECORDERS = frozenset({CO, CC, IM, LO})
INITIATIVE_MANAGERS = frozenset({CO, CC, PO})
OVERSIGHT_READERS = frozenset({CO, CC, LO, PO})
FOLLOWERS_UP = frozenset({CO, CC, PO})
COMMENDERS = frozenset({CC, PO})
REPORT_READERS = frozenset({CO, CC, PO})  # a unit's period reports
FIGURE_READERS = frozenset({CO, CC, LO, PO, NA})  # aggregate figures
SENDERS = frozenset({CO, CC})
IMPORTERS = frozenset({CO, CC, LO})
SUBJECT_HANDLERS = frozenset({CO, PO})  # the data subject's requests and exports
NOBODY: frozenset[str] = frozenset()

# -- what each actor may see (actor names of world.ACTORS) -------------------------------
_OWN_FILE_READERS = {
    "commune_officer@own",
    "commune_committee@own",
    "initiative_member@own",  # the normal file is helped by their initiative
    "labour_officer@own",
    "labour_officer@parent",
    "province_officer@parent",
}
_PROVINCE_38 = {
    "commune_officer@own",
    "commune_officer@sibling",
    "commune_committee@own",
    "commune_committee@sibling",
    "initiative_member@own",
    "initiative_member@own_unassigned",
    "labour_officer@own",
    "labour_officer@parent",
    "province_officer@parent",
}
VISIBLE: dict[str, set[str]] = {
    # a file: by its state
    "file:normal": _OWN_FILE_READERS,
    "file:sealed": set(),  # expunged: no one through the normal pages (BLHS Art. 69)
    "file:transferred": {
        "commune_officer@sibling",
        "commune_committee@sibling",
        "labour_officer@parent",
        "province_officer@parent",
    },
    # a sealed file through the pages made for opening one (a reason is stated first)
    "sealed:normal": set(),
    "sealed:sealed": {"province_officer@parent"},
    "sealed:transferred": set(),
    # the own commune's things
    "initiative": _OWN_FILE_READERS,
    "partner": _PROVINCE_38,  # the province's partner directory
    "inspection": _OWN_FILE_READERS - {"initiative_member@own"},
    "submission": _OWN_FILE_READERS - {"initiative_member@own"},
    "batch": {"commune_officer@own"},  # a register upload: police of the commune only
    "register_kind": {  # the register template needs person.change
        "commune_officer@own",
        "commune_officer@sibling",
        "commune_officer@other_province",
    },
    "token": {"commune_officer@own"},  # their own API token
    # the own commune as a unit: seen from inside, and from the province and nation above
    "unit": set(ACTORS)
    - {
        "commune_officer@sibling",
        "commune_officer@other_province",
        "commune_committee@sibling",
        "province_officer@other_province",
    },
    # the own commune's figures: whose scope holds it
    "report_unit": {
        "commune_officer@own",
        "commune_committee@own",
        "labour_officer@own",
        "labour_officer@parent",
        "province_officer@parent",
        "national_analyst@nation",
    },
}

# a report of the own commune, for the report pages and endpoints
REPORT_QUERY = {"unit": "15865", "kind": "year", "year": "2026"}
API_REPORT_QUERY = {"unit": "15865", "start": "2026-01-01", "end": "2026-12-31"}


@dataclass(frozen=True)
class Row:
    """One URL: who may use it by method, what it is about, what success looks like."""

    get: frozenset[str] | None = None  # roles that may GET; None: the view serves no GET
    post: frozenset[str] | None = None  # roles that may POST; None: no POST
    put: frozenset[str] | None = None  # roles that may PUT (API only); None: no PUT
    # roles the view's mark lets through before the view itself refuses; by default those
    # of its methods (a method it does not serve is 405 for them, 403 for the others)
    mark: frozenset[str] | None = None
    multipart: bool = False  # the API takes a file: POST as multipart/form-data
    lookup_first: bool = False  # see ``expected``
    target: str | None = None  # a key of VISIBLE (file and sealed take the file's state)
    ok_get: int = 200
    ok_post: int = 200  # pages re-show the empty form with its errors; the API says 400
    query: dict[str, str] = field(default_factory=dict)
    xlsx: bool = False  # the list also downloads as XLSX (?format=xlsx)


def page(get: frozenset[str] | None, post: frozenset[str] | None = None, **kw: Any) -> Row:
    return Row(get=get, post=post, **kw)


def api(get: frozenset[str] | None, post: frozenset[str] | None = None, **kw: Any) -> Row:
    kw.setdefault("ok_post", 400)  # an empty body is refused with the field errors
    return Row(get=get, post=post, **kw)


FILE, SEALED = "file", "sealed"
# Public URLs: (anonymous, signed in) status per method.
PUBLIC: dict[str, dict[str, tuple[int, int]]] = {
    "core:health": {"GET": (200, 200), "POST": (405, 405)},
    "accounts:login": {"GET": (200, 302), "POST": (200, 302)},  # signed in: sent home
    "accounts:logout": {"GET": (405, 405), "POST": (302, 302)},
    "accounts:password_forgotten": {"GET": (200, 200), "POST": (405, 405)},
    "set_language": {"GET": (405, 405), "POST": (302, 302)},
}

MATRIX: dict[str, Row] = {
    "core:home": page(EVERYONE),
    "accounts:password_change": page(EVERYONE, EVERYONE),
    # the second-factor steps send a session that already passed them on (home)
    "accounts:two_factor": page(EVERYONE, EVERYONE, ok_get=302, ok_post=302),
    "accounts:two_factor_setup": page(EVERYONE, EVERYONE, ok_get=302, ok_post=302),
    "accounts:backup_codes": page(None, EVERYONE),
    "accounts:token_revoke": page(None, EVERYONE, target="token", ok_post=302),
    "accounts:locked": page(frozenset({SA}), frozenset({SA})),
    "accounts:unlock": page(None, frozenset({SA}), ok_post=302),
    "accounts:two_factor_reset": page(None, frozenset({SA}), ok_post=302),
    "accounts:password_reset": page(None, frozenset({SA}), ok_post=302),
    "access:emergency_open": page(frozenset({PO}), frozenset({PO})),
    "privacy:request_list": page(SUBJECT_HANDLERS, SUBJECT_HANDLERS, target=FILE),
    "privacy:request_detail": page(SUBJECT_HANDLERS, SUBJECT_HANDLERS, target=FILE),
    "privacy:export_json": page(SUBJECT_HANDLERS, target=FILE),
    "privacy:export_pdf": page(SUBJECT_HANDLERS, target=FILE),
    # the audit trail: a province's (or the nation's), and one file's, for those who hold
    # audit.view; an administrator may not open a file, so its trail is not found for them
    "audit:search": page(frozenset({PO, SA}), xlsx=True),
    "audit:person_trail": page(
        frozenset({PO}), target=FILE, mark=frozenset({PO, SA}), lookup_first=True, xlsx=True
    ),
    "geography:unit_browser": page(EVERYONE),
    "geography:unit_detail": page(EVERYONE, target="unit"),
    # the case file
    "persons:list": page(FILE_READERS, xlsx=True),
    "persons:create": page(FILE_EDITORS, FILE_EDITORS),
    "persons:detail": page(FILE_READERS, target=FILE),
    "persons:edit": page(FILE_EDITORS, FILE_EDITORS, target=FILE),
    "persons:transfer": page(FILE_EDITORS, FILE_EDITORS, target=FILE),
    "persons:merge": page(FILE_EDITORS, FILE_EDITORS, target=FILE),
    "persons:status": page(FILE_EDITORS, FILE_EDITORS, target=FILE),
    "persons:photo": page(FILE_READERS, target=FILE),
    "persons:photo_upload": page(FILE_EDITORS, FILE_EDITORS, target=FILE),
    "persons:notice_create": page(FILE_EDITORS, FILE_EDITORS, target=FILE),
    "persons:intake_edit": page(FILE_EDITORS, FILE_EDITORS, target=FILE),
    "persons:sentence_create": page(FILE_EDITORS, FILE_EDITORS, target=FILE),
    "persons:sentence_correct": page(FILE_EDITORS, FILE_EDITORS, target=FILE),
    "persons:sentence_delete": page(FILE_EDITORS, FILE_EDITORS, target=FILE),
    "persons:intake_sheet": page(OFFENCE_READERS, target=FILE),
    "persons:commitment": page(OFFENCE_READERS, target=FILE),
    # support
    "support:activities": page(FILE_READERS, xlsx=True),
    "support:loans": page(FILE_READERS, xlsx=True),
    "support:loan_proposals": page(FILE_READERS, xlsx=True),
    "support:activity_create": page(SUPPORT_RECORDERS, SUPPORT_RECORDERS, target=FILE),
    "support:assessment_create": page(SUPPORT_RECORDERS, SUPPORT_RECORDERS, target=FILE),
    "support:plan_create": page(SUPPORT_RECORDERS, SUPPORT_RECORDERS, target=FILE),
    "support:loan_create": page(SUPPORT_RECORDERS, SUPPORT_RECORDERS, target=FILE),
    "support:loan_status": page(SUPPORT_RECORDERS, SUPPORT_RECORDERS, target=FILE),
    "support:employment_create": page(SUPPORT_RECORDERS, SUPPORT_RECORDERS, target=FILE),
    # outcomes; sealed files are opened by the province with a reason
    "outcomes:sealed_search": page(frozenset({PO})),
    "outcomes:sealed_detail": page(frozenset({PO}), target=SEALED, ok_get=302),  # reason first
    "outcomes:sealed_open": page(frozenset({PO}), frozenset({PO}), target=SEALED),
    "outcomes:classification_create": page(FILE_EDITORS, FILE_EDITORS, target=FILE),
    "outcomes:reoffence_create": page(FILE_EDITORS, FILE_EDITORS, target=FILE),
    "outcomes:reoffence_conclude": page(FILE_EDITORS, FILE_EDITORS, target=FILE),
    "outcomes:expungement_record": page(FILE_EDITORS, FILE_EDITORS, target=FILE),
    "worklist:worklist": page(FILE_READERS, xlsx=True),
    # initiatives
    "initiatives:list": page(FILE_READERS, xlsx=True),
    "initiatives:create": page(INITIATIVE_MANAGERS, INITIATIVE_MANAGERS),
    "initiatives:partners": page(FILE_READERS),
    "initiatives:partner_create": page(INITIATIVE_MANAGERS, INITIATIVE_MANAGERS),
    "initiatives:partner": page(FILE_READERS, target="partner"),
    "initiatives:detail": page(FILE_READERS, target="initiative"),
    "initiatives:edit": page(INITIATIVE_MANAGERS, INITIATIVE_MANAGERS, target="initiative"),
    "initiatives:member": page(INITIATIVE_MANAGERS, INITIATIVE_MANAGERS, target="initiative"),
    "initiatives:assign": page(INITIATIVE_MANAGERS, INITIATIVE_MANAGERS, target="initiative"),
    "initiatives:member_leave": page(INITIATIVE_MANAGERS, INITIATIVE_MANAGERS, target="initiative"),
    "initiatives:assignment_end": page(
        INITIATIVE_MANAGERS, INITIATIVE_MANAGERS, target="initiative"
    ),
    "outreach:list": page(FILE_READERS, xlsx=True),
    "outreach:create": page(SUPPORT_RECORDERS - {IM}, SUPPORT_RECORDERS - {IM}),
    # oversight
    "oversight:inspections": page(OVERSIGHT_READERS),
    "oversight:inspection_create": page(frozenset({PO}), frozenset({PO})),
    "oversight:inspection": page(OVERSIGHT_READERS, target="inspection"),
    "oversight:follow_up": page(FOLLOWERS_UP, FOLLOWERS_UP, target="inspection"),
    "oversight:commendations": page(OVERSIGHT_READERS),
    "oversight:commendation_create": page(COMMENDERS, COMMENDERS),
    # reports
    "reports:report": page(FIGURE_READERS, target="report_unit", query=REPORT_QUERY),
    "reports:indicators": page(FIGURE_READERS),
    "reports:records": page(
        FIGURE_READERS - {NA},
        mark=FILE_READERS,  # marked person.view; the view itself asks for figures too
        target="report_unit",
        query={**REPORT_QUERY, "indicator": "persons_managed_end"},
    ),
    "reports:recidivism": page(FIGURE_READERS, target="report_unit", query={"unit": "15865"}),
    "reports:dashboard": page(FIGURE_READERS, target="report_unit", query={"unit": "15865"}),
    "reports:targets": page(frozenset({PO, NA}), frozenset({PO, NA})),
    "reports:submissions": page(REPORT_READERS),
    "reports:submit": page(None, SENDERS, ok_post=302),
    "reports:submission": page(REPORT_READERS, target="submission"),
    "reports:decide": page(None, frozenset({PO}), target="submission", ok_post=302),
    # imports
    "imports:upload": page(IMPORTERS, IMPORTERS),
    "imports:template": page(IMPORTERS, target="register_kind"),
    "imports:batch": page(IMPORTERS, target="batch"),
    "imports:progress": page(IMPORTERS, target="batch"),
    "imports:choose": page(None, IMPORTERS, target="batch", ok_post=302),
    "imports:commit": page(None, IMPORTERS, target="batch", ok_post=302),
    "imports:cancel": page(None, IMPORTERS, target="batch", ok_post=302),
    "imports:errors": page(IMPORTERS, target="batch"),
    # the API
    "api:me": api(EVERYONE),
    "api:unit_list": api(EVERYONE),
    "api:unit_detail": api(EVERYONE, target="unit"),
    "api:person_list": api(FILE_READERS, FILE_EDITORS),
    "api:person_detail": api(FILE_READERS, put=FILE_EDITORS, target=FILE, lookup_first=True),
    "api:person_sentences": api(OFFENCE_READERS, OFFENCE_READERS, target=FILE),
    "api:person_classifications": api(OFFENCE_READERS, OFFENCE_READERS, target=FILE),
    "api:person_expungement": api(OFFENCE_READERS, OFFENCE_READERS, target=FILE),
    "api:person_transfer": api(None, FILE_EDITORS, target=FILE),
    "api:reoffence_list": api(OFFENCE_READERS, OFFENCE_READERS),
    "api:reoffence_conclude": api(None, OFFENCE_READERS, target=FILE),
    "api:notice_list": api(FILE_READERS, FILE_READERS),
    "api:notice_bulk": api(None, IMPORTERS),
    "api:import_list": api(None, IMPORTERS, multipart=True),
    "api:import_detail": api(IMPORTERS, target="batch"),
    "api:import_commit": api(None, IMPORTERS, target="batch", ok_post=409),  # has error rows
    "api:activity_list": api(FILE_READERS, SUPPORT_RECORDERS),
    "api:loan_list": api(FILE_READERS, SUPPORT_RECORDERS),
    "api:employment_list": api(FILE_READERS, SUPPORT_RECORDERS),
    "api:worklist": api(FILE_READERS),
    "api:assessment_list": api(FILE_READERS, SUPPORT_RECORDERS),
    "api:outreach_list": api(FILE_READERS, FILE_READERS),
    "api:plan_list": api(FILE_READERS, SUPPORT_RECORDERS),
    "api:initiative_list": api(FILE_READERS, INITIATIVE_MANAGERS),
    "api:initiative_detail": api(FILE_READERS, put=INITIATIVE_MANAGERS, target="initiative"),
    "api:initiative_member_list": api(FILE_READERS, INITIATIVE_MANAGERS),
    "api:initiative_member_leave": api(None, INITIATIVE_MANAGERS, target="initiative"),
    "api:assignment_list": api(FILE_READERS, INITIATIVE_MANAGERS),
    "api:assignment_end": api(None, INITIATIVE_MANAGERS, target="initiative"),
    "api:partner_list": api(FILE_READERS, INITIATIVE_MANAGERS),
    "api:inspection_list": api(OVERSIGHT_READERS, frozenset({PO})),
    "api:report_indicators": api(FIGURE_READERS, target="report_unit", query=API_REPORT_QUERY),
    "api:report_recidivism": api(
        FIGURE_READERS, target="report_unit", query={"unit": "15865", "cohort": "2022"}
    ),
    "api:inspection_detail": api(OVERSIGHT_READERS, target="inspection"),
    "api:recommendation_follow_up": api(None, FOLLOWERS_UP, target="inspection"),
    "api:commendation_list": api(OVERSIGHT_READERS, COMMENDERS),
    "api_schema": api(EVERYONE),
    "api_docs": page(EVERYONE),
}

# ids of a file's own records, by URL argument
FILE_ARGUMENTS = {"person_id": "person", "notice_id": "notice", "loan_id": "loan"}
FILE_ARGUMENTS["reoffence_id"] = "reoffence"
FILE_ARGUMENTS["sentence_id"] = "sentence"
FILE_ARGUMENTS["request_id"] = "request"
ROUTES = {name: (route, callback) for route, name, callback in ALL_PATTERNS if name}


def is_api(name: str) -> bool:
    return name.startswith("api:") or name == "api_schema"


def role_of(actor: str) -> str | None:
    return None if actor == ANONYMOUS else ACTORS[actor][0]


def states_of(name: str) -> tuple[str, ...]:
    arguments = re.findall(r"<(?:\w+:)?(\w+)>", ROUTES[name][0])
    return FILE_STATES if set(arguments) & set(FILE_ARGUMENTS) else ("",)


def url_of(world: World, name: str, state: str) -> str:
    kwargs: dict[str, Any] = {}
    for argument in re.findall(r"<(?:\w+:)?(\w+)>", ROUTES[name][0]):
        if argument in FILE_ARGUMENTS:
            kwargs[argument] = world.files[state][FILE_ARGUMENTS[argument]]
        else:
            kwargs[argument] = world.ids[argument]
    return reverse(name, kwargs=kwargs)


def expected(name: str, actor: str, state: str, method: str) -> int:
    if name in PUBLIC:
        anonymous, signed_in = PUBLIC[name][method]
        return anonymous if actor == ANONYMOUS else signed_in
    row = MATRIX[name]
    if actor == ANONYMOUS:
        return 401 if is_api(name) else 302
    roles = getattr(row, method.lower())
    if roles is None:  # the view does not serve this method: refused as not allowed to
        return 405 if role_of(actor) in marked(row) else 403  # those its mark lets in
    visible = True
    if row.target is not None:
        key = f"{row.target}:{state}" if row.target in (FILE, SEALED) else row.target
        visible = actor in VISIBLE[key]
    if role_of(actor) not in roles:
        # refused; a view that looks the object up in the actor's scope before asking for
        # the permission of the method keeps one they may not see a 404
        return 404 if row.lookup_first and role_of(actor) in marked(row) and not visible else 403
    if not visible:
        return 404
    return row.ok_get if method == "GET" else row.ok_post  # PUT as POST


def marked(row: Row) -> frozenset[str]:
    if row.mark is not None:
        return row.mark
    return (row.get or NOBODY) | (row.post or NOBODY) | (row.put or NOBODY)


def body_text(response: Any) -> str:
    kind = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind:
        return xlsx_text(content)
    if "pdf" in kind:
        return pdf_text(content)
    if kind.startswith("image/"):
        return ""
    return content.decode("utf-8", errors="replace")


def leaked(actor: str, text: str) -> list[str]:
    role = role_of(actor)
    marks: tuple[str, ...] = ()
    if role in (IM, LO, NA):
        marks += OFFENCE_MARKS
    if role == NA:
        marks += PERSON_MARKS
    return [mark for mark in marks if mark in text]


@dataclass
class Cell:
    name: str
    state: str
    actor: str
    method: str
    variant: str  # "" or "xlsx"

    def label(self) -> str:
        where = f" [{self.state}]" if self.state else ""
        return f"{self.method} {self.name}{where}{' ?format=xlsx' if self.variant else ''}"


def cells(name: str) -> Iterator[Cell]:
    for state in states_of(name):
        for actor in (ANONYMOUS, *ACTORS):
            row = MATRIX.get(name)
            for method in ("GET", "POST", *(("PUT",) if row and row.put else ())):
                yield Cell(name, state, actor, method, "")
                if method == "GET" and name in MATRIX and MATRIX[name].xlsx:
                    yield Cell(name, state, actor, method, "xlsx")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[tuple[World, dict[str, Client]]]:  # type: ignore[no-untyped-def]
    """The world and one signed-in client per actor, built once for the module inside a
    transaction that is rolled back at its end."""
    # Each request is rolled back, but files are not in the database: a request that
    # drops a stored file (cancelling an import) must not take it from the next one.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(InMemoryStorage, "delete", lambda self, name: None)
        yield from _world(django_db_blocker)


def _world(django_db_blocker) -> Iterator[tuple[World, dict[str, Client]]]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        clients = {ANONYMOUS: Client()}
        for actor, user in built.users.items():
            clients[actor] = Client()
            sign_in(clients[actor], user)
        yield built, clients
        transaction.set_rollback(True)


def request(client: Client, url: str, cell: Cell, query: dict[str, str]) -> Any:
    """One request, undone afterwards: nothing it writes (not even a logout) reaches the
    next one."""
    cookies = copy.deepcopy(client.cookies)
    params = {**query, "format": "xlsx"} if cell.variant else query
    with transaction.atomic():
        if cell.method == "GET":
            response = client.get(url, params)
        elif cell.method == "PUT":
            response = client.put(url, data=json.dumps({}), content_type="application/json")
        elif is_api(cell.name) and not MATRIX[cell.name].multipart:
            response = client.post(url, data=json.dumps({}), content_type="application/json")
        else:
            response = client.post(url, {})
        body = body_text(response) if response.status_code == 200 else ""
        transaction.set_rollback(True)
    client.cookies = cookies
    return response, body


def named_urls() -> list[str]:
    return sorted(ROUTES)


def test_every_url_has_a_row():
    missing = [name for name in ROUTES if name not in MATRIX and name not in PUBLIC]
    assert missing == [], f"declare these URLs in MATRIX (test_matrix.py): {missing}"
    stale = [name for name in (*MATRIX, *PUBLIC) if name not in ROUTES]
    assert stale == [], f"these rows name URLs that no longer exist: {stale}"
    unnamed = [route for route, name, _callback in ALL_PATTERNS if not name]
    assert unnamed == [], f"name these URL patterns so the matrix can declare them: {unnamed}"


def test_every_api_operation_of_the_schema_has_a_row():
    """The schema's operations are the API's surface: each is a row with its method."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    by_path = {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route): name
        for name, (route, _callback) in ROUTES.items()
    }
    problems = []
    for path, operations in schema["paths"].items():
        name = by_path.get(path)
        if name is None or name not in MATRIX:
            problems.append(f"{path}: no row")
            continue
        for method in operations:
            if method.upper() not in ("GET", "POST", "PUT"):
                problems.append(f"{method.upper()} {path}: the matrix sends GET, POST, PUT")
            elif getattr(MATRIX[name], method) is None:
                problems.append(f"{method.upper()} {path}: the row says {name} has no {method}")
    assert problems == []


@pytest.mark.parametrize("name", named_urls())
def test_matrix(name, world, db):  # type: ignore[no-untyped-def]
    built, clients = world
    query = MATRIX[name].query if name in MATRIX else {}
    mismatches, leaks = [], []
    for cell in cells(name):
        url = url_of(built, name, cell.state)
        response, body = request(clients[cell.actor], url, cell, query)
        want = expected(name, cell.actor, cell.state, cell.method)
        if cell.variant and want == 200:
            assert "spreadsheetml" in response["Content-Type"], cell.label()
        if response.status_code != want:
            mismatches.append(f"{cell.label()} as {cell.actor}: {response.status_code}, not {want}")
        if found := leaked(cell.actor, body):
            leaks.append(f"{cell.label()} as {cell.actor} shows {found}")
    assert leaks == [], "\n".join(leaks)
    assert mismatches == [], "\n".join(mismatches)


def matrix_size() -> int:
    """How many cells the matrix checks (docs/security.md quotes it)."""
    return sum(1 for name in named_urls() for _cell in cells(name))
