"""The small world the authorization matrix runs in (``test_matrix.py``).

Two provinces: Thanh Hóa (``38``) with Xã Hoằng Hóa (``15865``, the "own" commune) and
Xã Hoằng Tiến next to it (``15880``, the sibling); Hải Phòng (``31``) with Phường Ngô
Quyền (``11341``), another province. Three files, all first registered in the own
commune: one normal, one sealed (expunged), one transferred away to the sibling commune;
each with a release notice, a loan and a reoffence, so every URL that names one of those
has something to name. Around them: an initiative of the own commune helping the normal
file (with a member who has an account), a partner, an inspection with a recommendation,
a commendation, a period report sent, and an import batch.

Everything is written through the services, as an officer would, so the matrix checks the
real state the application produces. The markers (a judgment number, an offence name, an
identity number) are unique strings the field-level checks look for in every response.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from reentry.accounts.models import User
from reentry.accounts.roles import Role
from reentry.accounts.tests.factories import UserFactory
from reentry.geography.models import AdminUnit

OWN, SIBLING, OTHER = "15865", "15880", "11341"
PROVINCE, OTHER_PROVINCE, NATION = "38", "31", "VN"

# Offence details: what initiative members, labour officers and national analysts must
# never receive, in any format.
JUDGMENT_MARK = "977/2019/HS-ST"
OFFENCE_MARK = "Trộm cắp tài sản của hợp tác xã Quyết Thắng"
COURT_MARK = "Tòa án nhân dân huyện Hoằng Hóa phiên 977"
OFFENCE_MARKS = (JUDGMENT_MARK, OFFENCE_MARK, COURT_MARK)
# Personal data: what a national analyst must never receive.
NAME_MARK = "Tạ Đình Khiêm"
CCCD_MARK = "038085009911"
PERSON_MARKS = (NAME_MARK, CCCD_MARK)

# (role, unit code) of each actor; the name says where they sit relative to the files,
# which were all registered in the own commune.
ACTORS: dict[str, tuple[str, str]] = {
    "commune_officer@own": (Role.COMMUNE_OFFICER, OWN),
    "commune_officer@sibling": (Role.COMMUNE_OFFICER, SIBLING),
    "commune_officer@other_province": (Role.COMMUNE_OFFICER, OTHER),
    "commune_committee@own": (Role.COMMUNE_COMMITTEE, OWN),
    "commune_committee@sibling": (Role.COMMUNE_COMMITTEE, SIBLING),
    "initiative_member@own": (Role.INITIATIVE_MEMBER, OWN),  # helps the normal file
    "initiative_member@own_unassigned": (Role.INITIATIVE_MEMBER, OWN),
    "labour_officer@own": (Role.LABOUR_OFFICER, OWN),
    "labour_officer@parent": (Role.LABOUR_OFFICER, PROVINCE),
    "province_officer@parent": (Role.PROVINCE_OFFICER, PROVINCE),
    "province_officer@other_province": (Role.PROVINCE_OFFICER, OTHER_PROVINCE),
    "national_analyst@nation": (Role.NATIONAL_ANALYST, NATION),
    "sysadmin@nation": (Role.SYSADMIN, NATION),
    "sysadmin@parent": (Role.SYSADMIN, PROVINCE),
}
ANONYMOUS = "anonymous"
FILE_STATES = ("normal", "sealed", "transferred")


@dataclass
class World:
    users: dict[str, User] = field(default_factory=dict)
    # per file state: {"person": pk, "notice": pk, "sentence": pk, "loan": pk, "reoffence": pk,
    # "request": pk}
    files: dict[str, dict[str, int]] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)  # the other objects, by URL argument


def _sentence() -> Any:
    from reentry.persons.services import OffenceData, SentenceData

    return SentenceData(
        judgment_number=JUDGMENT_MARK,
        judgment_date=datetime.date(2019, 6, 20),
        court=COURT_MARK,
        main_penalty="prison",
        prison_months=36,
        offences=[OffenceData(article=173, name=OFFENCE_MARK, category="serious")],
        prison_facility="Trại giam Thanh Phong",
        release_date=datetime.date(2022, 6, 19),
        release_type="completed",
        age_at_offence=33,
    )


def _file(officer: User, name: str, national_id: str, gender: str = "male") -> dict[str, Any]:
    from reentry.outcomes.services import reoffence_record
    from reentry.persons.services import (
        person_photo_set,
        person_register,
        release_notice_record,
        sentence_add,
    )
    from reentry.persons.tests.factories import person_data
    from reentry.support.services import LoanData, loan_record

    person = person_register(
        actor=officer,
        data=person_data(full_name=name, national_id=national_id, gender=gender),
        confirm_possible_duplicate=True,
    )
    sentence = sentence_add(actor=officer, person=person, data=_sentence())
    notice = release_notice_record(
        actor=officer,
        person=person,
        facility="Trại giam Thanh Phong",
        received_on=datetime.date(2026, 2, 13),
        intended_address="Thôn 3",
        expected_release_on=datetime.date(2026, 3, 2),
        release_type="completed",
    )
    loan = loan_record(
        actor=officer,
        person=person,
        data=LoanData(
            lender="vbsp",
            amount_vnd=50_000_000,
            term_months=60,
            purpose="Chăn nuôi",
            applied_on=datetime.date(2026, 1, 5),
        ),
    )
    reoffence = reoffence_record(
        actor=officer, person=person, committed_on=datetime.date(2026, 4, 1), charge="Đánh bạc"
    )
    person_photo_set(actor=officer, person=person, photo=_png())
    from reentry.privacy.services import subject_request_record

    request = subject_request_record(
        actor=officer,
        person=person,
        kind="access",
        received_on=datetime.date(2026, 5, 4),
        requester="Chính người đó",
        channel="in_person",
        details="Xin bản sao dữ liệu",
    )
    person.refresh_from_db()
    return {
        "person": person,
        "notice": notice.pk,
        "sentence": sentence.pk,
        "loan": loan.pk,
        "reoffence": reoffence.pk,
        "request": request.pk,
    }


def _png() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return SimpleUploadedFile("anh.png", buffer.getvalue(), content_type="image/png")


def _register_sheet() -> bytes:
    """A register sheet with one row in error, so the batch has an error-rows file."""
    from reentry.imports.tests.sheets import xlsx

    return xlsx("register", [{"full_name": "Ngô Văn Tư", "national_id": "12345"}])


def build_world() -> World:
    from reentry.initiatives.services import (
        initiative_create,
        member_add,
        partner_create,
        person_assign,
    )
    from reentry.oversight.services import RecommendationData, inspection_record
    from reentry.persons.services import person_transfer
    from reentry.persons.tests.factories import sealed
    from reentry.reports.periods import period_of
    from reentry.reports.signoff import submission_create

    units = {u.code: u for u in AdminUnit.objects.current().filter(code__in=_codes())}
    world = World()
    for name, (role, code) in ACTORS.items():
        world.users[name] = UserFactory(
            username=name.replace("@", ".").replace("_", "-"), role=role, scope_unit=units[code]
        )
    officer = world.users["commune_officer@own"]
    today = timezone.localdate()

    normal = _file(officer, NAME_MARK, CCCD_MARK)
    to_seal = _file(officer, "Lê Thị Mai", "038185007766", "female")
    to_move = _file(officer, "Hoàng Văn Sơn", "038085005544")
    sealed(officer, to_seal["person"])
    person_transfer(
        actor=officer,
        person=to_move["person"],
        to_commune_code=SIBLING,
        moved_on=today,
        reason="Chuyển về sống cùng gia đình",
        expected_version=to_move["person"].version,
    )
    for state, made in (("normal", normal), ("sealed", to_seal), ("transferred", to_move)):
        world.files[state] = {**made, "person": made["person"].pk}

    initiative = initiative_create(
        actor=officer,
        name="Tổ 3/1 thôn 3",
        template="to_3_1",
        level="commune",
        commune_codes=[OWN],
        launched_on=datetime.date(2024, 5, 1),
    )
    member = member_add(
        actor=officer,
        initiative=initiative,
        full_name="Lê Thị Hoa",
        organisation="womens_union",
        joined_on=datetime.date(2024, 5, 1),
        username=world.users["initiative_member@own"].username,
    )
    assignment = person_assign(
        actor=officer,
        initiative=initiative,
        person=normal["person"],
        started_on=datetime.date(2025, 1, 1),
    )
    partner = partner_create(
        actor=world.users["province_officer@parent"],
        name="Xưởng may Hoằng Hóa",
        kind="business",
        offers_jobs=True,
        offers_training=False,
        commune_code=OWN,
    )
    inspection = inspection_record(
        actor=world.users["province_officer@parent"],
        commune_code=OWN,
        inspected_on=today - datetime.timedelta(days=20),
        team="Đoàn kiểm tra liên ngành Ban Chỉ đạo 138 tỉnh",
        findings="Xã đã lập đủ hồ sơ.",
        recommendations=[
            RecommendationData(
                "Rà soát nhu cầu vay vốn", "Công an xã", today + datetime.timedelta(days=5)
            )
        ],
    )
    submission = submission_create(
        actor=world.users["commune_committee@own"],
        unit_code=OWN,
        period=period_of("quarter", today.year - 1, 4),
    )
    from reentry.imports.services import batch_upload

    batch = batch_upload(
        actor=officer,
        kind_code="register",
        unit_code=OWN,
        data=_register_sheet(),
        filename="so.xlsx",
    )
    from reentry.accounts.services import api_token_issue

    token, _key = api_token_issue(actor=officer, username=officer.username)
    world.ids = {
        "token_id": token.pk,
        "initiative_id": initiative.pk,
        "member_id": member.pk,
        "assignment_id": assignment.pk,
        "partner_id": partner.pk,
        "inspection_id": inspection.pk,
        "recommendation_id": inspection.recommendations.get().pk,
        "pk": submission.pk,
        "batch_id": batch.pk,
        "code": OWN,
        "kind": "register",
    }
    return world


def sign_in(client: Any, user: User) -> None:
    """Sign ``user`` in on ``client`` as if they had passed both factors (what the autouse
    fixture of ``reentry/conftest.py`` does for function-scoped tests)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user, "django.contrib.auth.backends.ModelBackend")
    device, _made = TOTPDevice.objects.get_or_create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def _codes() -> set[str]:
    return {OWN, SIBLING, OTHER, PROVINCE, OTHER_PROVINCE, NATION}


def xlsx_text(content: bytes) -> str:
    """Every string of a workbook, for the field-level checks."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    cells = [str(v) for s in book.worksheets for row in s.iter_rows(values_only=True) for v in row]
    return "\n".join(c for c in cells if c != "None")


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
