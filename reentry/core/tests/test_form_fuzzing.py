"""Every form of ``reentry/*/forms.py`` fed hostile input (hypothesis, docs/fuzzing.md).

Each field gets random text (any code point but surrogates), huge values, odd Unicode
(combining marks, right-to-left and zero-width marks, lone control characters, NUL), HTML
and script payloads, impossible dates and numbers, or what an officer would type (one of its
choices, a real date, a number in range), a share of the fields hostile in each example so
the form's own ``clean`` is reached too; some fields are left out. ``is_valid()`` must return, never
raise; every error message must be a string; a bound form must render; and a valid form's
output methods (``to_data()``, ``needs()``, ``period()``…, what the views call next) must
return or refuse as a service does (``DomainError``, which the views show on the form).
``test_every_form_is_fuzzed`` fails when a form is added without a row in ``FORMS``.
"""

from __future__ import annotations

import importlib
import inspect
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reentry.core.errors import DomainError, ValidationFailed
from reentry.core.tests.fuzzing import RUN, examples

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
NASTY = [
    "",
    " ",
    "\x00",
    "Nguyễn\x00Văn",
    "\t\r\n",
    "\x1b[31m\x07\x08\x7f",
    "\u0085\u2028\u2029",
    "\u202eđảo chiều\u202c",
    "\u200f\u200e\u061c",
    "\u200b\u200c\u200d\ufeff",
    "e" + "\u0301" * 300,
    "Nguye\u0302\u0303n Va\u0306n A",  # decomposed Vietnamese
    "\U0010ffff\ufffe\uffff",
    "😀" * 60,
    PAYLOAD,
    "{{ 7|add:7 }}{% debug %}",
    "%s%n%x",
    "' OR 1=1 --",
    "../../etc/passwd",
    "9" * 400,
    "-" + "9" * 5000,  # past Python's int() digit limit
    "1e309",
    "NaN",
    "-inf",
    "-0",
    "0x1F",
    "\uff11\uff12\uff13",  # full-width digits
    "٣٤",  # Arabic-Indic digits
    "²³",
    "31/02/2025",
    "29/02/2023",
    "00/00/0000",
    "01/01/0001",
    "31/12/9999",
    "1/1/" + "9" * 30,
    "2025-13-45",
    "a" * 100_000,
]
hostile = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=60),
    st.text(st.characters(codec="ascii"), max_size=20),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)

UNITS = [("15865", "Xã Hoằng Hóa"), ("15880", "Xã Hoằng Tiến"), ("38", "Thanh Hóa")]


def _login_form(**kwargs: Any) -> Any:
    from reentry.accounts.forms import LoginForm

    return LoginForm(RequestFactory().post("/accounts/login/"), **kwargs)


def _upload_form(**kwargs: Any) -> Any:
    from reentry.imports.forms import UploadForm
    from reentry.imports.kinds import KINDS

    return UploadForm(kinds=[(k, str(v.label)) for k, v in KINDS.items()], units=UNITS, **kwargs)


def _audit_filter_form(**kwargs: Any) -> Any:
    """The audit trail's filters, for a province officer (a unit code is looked up in the
    province)."""
    from reentry.accounts.models import User
    from reentry.audit.forms import AuditFilterForm
    from reentry.geography.models import AdminUnit

    reader = User.objects.filter(username="fuzz.tinh").first() or User.objects.create(
        username="fuzz.tinh",
        role="province_officer",
        scope_unit=AdminUnit.objects.current().get(code="38"),
    )
    return AuditFilterForm(actor=reader, **kwargs)


def _with(name: str, **arguments: Any) -> Callable[..., Any]:
    """A form built with the constructor arguments its view gives it."""

    def build(**kwargs: Any) -> Any:
        module, cls = name.rsplit(".", 1)
        return getattr(importlib.import_module(module), cls)(**arguments, **kwargs)

    return build


def _a_file(**kwargs: Any) -> Any:
    """A file as the pages of one give it to their forms (not saved: names are enough)."""
    import datetime

    from reentry.geography.models import AdminUnit
    from reentry.persons.models import Person, Sentence

    commune = AdminUnit(code="15865", name="Xã Hoằng Hóa", kind="commune")
    person = Person(pk=7, full_name="Lê Văn Tám", commune=commune, birth_year=1985)
    sentence = Sentence(
        pk=9,
        person=person,
        judgment_number="45/2019/HS-ST",
        judgment_date=datetime.date(2019, 6, 20),
    )
    return {"person": person, "commune": commune, "sentence": sentence}[kwargs["what"]]


def _with_file(name: str, **arguments: str) -> Callable[..., Any]:
    """A form built with the file, its commune or its sentence, as its view gives them."""

    def build(**kwargs: Any) -> Any:
        module, cls = name.rsplit(".", 1)
        given = {key: _a_file(what=what) for key, what in arguments.items()}
        if cls == "TransferForm":
            given["communes"] = [_a_file(what="commune")]
        if cls == "ExpungementRecordForm":
            given["openers"] = ["cán bộ cấp tỉnh"]
        if cls == "AssignForm":
            given["candidates"] = [_a_file(what="person")]
        return getattr(importlib.import_module(module), cls)(**given, **kwargs)

    return build


# every form class, with how to build it (None: the class takes only the form's arguments)
FORMS: dict[str, Callable[..., Any] | None] = {
    "reentry.access.forms.EmergencyAccessForm": None,
    "reentry.audit.forms.AuditFilterForm": _audit_filter_form,
    "reentry.accounts.forms.LoginForm": _login_form,
    "reentry.accounts.forms.TwoFactorCodeForm": None,
    "reentry.accounts.forms.UsernameForm": None,
    "reentry.imports.forms.UploadForm": _upload_form,
    "reentry.initiatives.forms.InitiativeForm": None,
    "reentry.initiatives.forms.InitiativeEditForm": None,
    "reentry.initiatives.forms.MemberForm": None,
    "reentry.initiatives.forms.AssignForm": _with_file("reentry.initiatives.forms.AssignForm"),
    "reentry.initiatives.forms.PartnerForm": None,
    "reentry.initiatives.forms.EndForm": None,
    "reentry.outcomes.forms.ClassificationForm": None,
    "reentry.outcomes.forms.ReoffenceForm": None,
    "reentry.outcomes.forms.ReoffenceConcludeForm": _with(
        "reentry.outcomes.forms.ReoffenceConcludeForm",
        sentences=[(1, "977/2019/HS-ST"), (2, "12/2024/HS-PT")],
    ),
    "reentry.outcomes.forms.ExpungementRecordForm": _with_file(
        "reentry.outcomes.forms.ExpungementRecordForm", person="person"
    ),
    "reentry.outcomes.forms.SealedSearchForm": None,
    "reentry.outcomes.forms.SealedOpenForm": None,
    "reentry.outreach.forms.OutreachForm": None,
    "reentry.oversight.forms.InspectionForm": None,
    "reentry.oversight.forms.FollowUpForm": None,
    "reentry.oversight.forms.CommendationEntryForm": _with(
        "reentry.oversight.forms.CommendationEntryForm",
        initiatives=[(1, "Tổ 3/1 thôn 3")],
        members=[(2, "Lê Thị Hoa")],
        partners=[(3, "Xưởng may Hoằng Hóa")],
    ),
    "reentry.persons.forms.PersonForm": None,
    "reentry.persons.forms.PersonCreateForm": None,
    "reentry.persons.forms.PersonEditForm": None,
    "reentry.persons.forms.ConfirmedForm": None,
    "reentry.persons.forms.TransferForm": _with_file(
        "reentry.persons.forms.TransferForm", person="person"
    ),
    "reentry.persons.forms.NoticeForm": None,
    "reentry.persons.forms.IntakeForm": None,
    "reentry.persons.forms.SentenceForm": None,
    "reentry.persons.forms.PersonFilterForm": None,
    "reentry.persons.forms.MergeForm": _with_file("reentry.persons.forms.MergeForm", keep="person"),
    "reentry.persons.forms.SentenceCorrectForm": None,
    "reentry.persons.forms.SentenceDeleteForm": _with_file(
        "reentry.persons.forms.SentenceDeleteForm", sentence="sentence"
    ),
    "reentry.persons.forms.StatusForm": None,
    "reentry.persons.forms.PhotoForm": None,
    "reentry.privacy.forms.SubjectRequestForm": None,
    "reentry.privacy.forms.SubjectAnswerForm": None,
    "reentry.reports.forms.ReportForm": _with("reentry.reports.forms.ReportForm", units=UNITS),
    "reentry.reports.forms.CohortForm": _with("reentry.reports.forms.CohortForm", units=UNITS),
    "reentry.reports.forms.DashboardForm": _with(
        "reentry.reports.forms.DashboardForm", units=UNITS
    ),
    "reentry.reports.forms.TargetForm": _with("reentry.reports.forms.TargetForm", units=UNITS),
    "reentry.reports.forms.SubmissionPeriodForm": None,
    "reentry.reports.forms.SubmitForm": None,
    "reentry.reports.forms.DecisionForm": None,
    "reentry.support.forms.ActivityForm": None,
    "reentry.support.forms.LoanForm": None,
    "reentry.support.forms.EmploymentForm": _with(
        "reentry.support.forms.EmploymentForm", partners=[(3, "Xưởng may Hoằng Hóa")]
    ),
    "reentry.support.forms.AssessmentForm": None,
    "reentry.support.forms.LoanStatusForm": None,
    "reentry.support.forms.PlanForm": None,
    "reentry.support.forms.ActivityFilterForm": None,
    "reentry.support.forms.LoanFilterForm": None,
}
# what the views call on a valid form, where the form has it
AFTER_VALID = ("to_data", "needs", "goals", "recommendations", "service_values", "period")
AFTER_VALID += ("filters",)


def discovered_forms() -> set[str]:
    """Every Form class defined in a ``forms.py`` of the project's apps."""
    found = set()
    for path in sorted(Path(__file__).resolve().parents[2].glob("*/forms.py")):
        module = importlib.import_module(f"reentry.{path.parent.name}.forms")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.add(f"{module.__name__}.{name}")
    return found


def test_every_form_is_fuzzed():
    found = discovered_forms()
    assert found - set(FORMS) == set(), "add these forms to FORMS (test_form_fuzzing.py)"
    assert set(FORMS) - found == set(), "these forms no longer exist"


def build(name: str, **kwargs: Any) -> Any:
    builder = FORMS[name]
    if builder is not None:
        return builder(**kwargs)
    module, cls = name.rsplit(".", 1)
    return getattr(importlib.import_module(module), cls)(**kwargs)


def _choices(field: forms.Field) -> list[str]:
    values = []
    for value, label in getattr(field, "choices", None) or []:
        if isinstance(label, list | tuple):  # an <optgroup>
            values += [str(v) for v, _label in label]
        else:
            values.append(str(value))
    return values


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _plausible(field: forms.Field) -> st.SearchStrategy[Any]:
    """What an officer would type in the field, so the rest of the form is reached."""
    choices = _choices(field)
    if choices:
        return st.sampled_from(choices)
    if isinstance(field, forms.DateField):
        return st.dates(date(1950, 1, 1), date(2030, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y"))
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        low = field.min_value if field.min_value is not None else 0
        high = field.max_value if field.max_value is not None else 10**9
        return st.integers(int(low), int(high)).map(str)
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", ""])
    if isinstance(field, forms.EmailField):
        return st.emails()
    size = min(getattr(field, "max_length", None) or 40, 40)
    return st.one_of(
        st.text("abcdeđêôơưăâ ABCĐ", min_size=1, max_size=size),
        st.from_regex(r"\A0[0-9]{11}\Z"),  # an identity number's shape
        st.from_regex(r"\A[0-9]{5}\Z"),  # a commune's code
    )


def _value(draw: Any, field: forms.Field, hostile_share: int) -> Any:
    """A plausible value, or (``hostile_share`` times in 10) a hostile one."""
    value = draw(_plausible(field) if draw(st.integers(0, 9)) >= hostile_share else hostile)
    if isinstance(field, forms.MultipleChoiceField):
        value = [value, *draw(st.lists(st.sampled_from(_choices(field) or [""]), max_size=3))]
    return value


def _file(draw: Any) -> SimpleUploadedFile:
    name = draw(st.sampled_from(["a.png", "a.jpg", "so.xlsx", "so.csv", PAYLOAD, "\x00.png"]))
    content = draw(st.sampled_from([b"", _png(), b"%PDF-1.4", b"PK\x03\x04"]) | st.binary())
    return SimpleUploadedFile(name, content)


def _call(method: Callable[[], Any]) -> None:
    """An output method returns, or refuses as the services do (``period()`` of a month
    13), with string messages the view shows on the form."""
    messages: list[object] = []
    try:
        method()
    except ValidationFailed as exc:
        messages = [m for ms in exc.errors.values() for m in ms]
    except DomainError as exc:
        messages = [exc.message]
    assert all(isinstance(m, str) for m in messages), messages


@pytest.mark.parametrize("name", sorted(FORMS))
def test_form_never_raises_on_hostile_input(name, db):  # type: ignore[no-untyped-def]
    fields = build(name).fields

    @settings(
        max_examples=examples(20),
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def fuzz(data: Any) -> None:
        RUN["forms"] += 1
        values: dict[str, Any] = {}
        files: dict[str, Any] = {}
        hostile_share = data.draw(st.integers(1, 10))  # how many fields in 10 get hostile
        for field_name, field in fields.items():
            if data.draw(st.integers(0, 9)) == 0:
                continue  # left out
            if isinstance(field, forms.FileField):
                files[field_name] = _file(data.draw)
            else:
                values[field_name] = _value(data.draw, field, hostile_share)
        form = build(name, data=values, files=files)
        valid = form.is_valid()
        for field_name, messages in form.errors.items():
            assert all(isinstance(m, str) for m in messages), (field_name, messages)
        form.render()
        if valid:
            for method in AFTER_VALID:
                if callable(getattr(form, method, None)):
                    _call(getattr(form, method))

    fuzz()
