"""Demo initiatives: a Tổ 3/1 in Xã Hoằng Hóa whose member account is ``mohinh.hoanghoa``,
a 5+1 in Phường Ngô Quyền, and a business initiative spanning several Hoằng communes;
members from the mass organisations and people assigned to them. Through the services."""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from reentry.accounts.selectors import user_get_by_username
from reentry.initiatives.models import Initiative
from reentry.initiatives.services import (
    initiative_create,
    member_add,
    partner_create,
    person_assign,
)
from reentry.persons.models import Person

PLANS = [
    (
        "ca.hoanghoa",
        "Tổ 3/1 thôn 3, xã Hoằng Hóa",
        "to_3_1",
        ["15865"],
        [
            ("Lê Thị Hoa", "womens_union", "mohinh.hoanghoa"),
            ("Nguyễn Văn Tâm", "police", ""),
            ("Trần Văn Lộc", "veterans", ""),
        ],
    ),
    (
        "ca.ngoquyen",
        "Mô hình 5+1 phường Ngô Quyền",
        "five_plus_one",
        ["11341"],
        [
            ("Phạm Thị Lan", "womens_union", ""),
            ("Đỗ Văn Quân", "youth_union", ""),
            ("Vũ Văn Hải", "front", ""),
        ],
    ),
    (
        "tinh.thanhhoa",
        "Doanh nghiệp đồng hành tái hòa nhập Hoằng Hóa",
        "business",
        ["15865", "15880", "15889"],
        [("Công ty May Hoằng Hóa", "business", "")],
    ),
]


@transaction.atomic
def seed_initiatives(*, seed: int) -> int:
    """Create the demo initiatives once; returns how many were created."""
    if Initiative.objects.exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data
    created = 0
    for username, name, template, communes, members in PLANS:
        actor = user_get_by_username(username)
        initiative = initiative_create(
            actor=actor,
            name=name,
            template=template,
            level="commune",
            commune_codes=communes,
            launched_on=datetime.date(2023, 3, 15),
        )
        for full_name, organisation, account in members:
            member_add(
                actor=actor,
                initiative=initiative,
                # a member with an account is the account's holder
                full_name=user_get_by_username(account).full_name if account else full_name,
                organisation=organisation,
                username=account,
                joined_on=datetime.date(2023, 3, 15),
            )
        people = list(
            Person.objects.filter(commune__code__in=communes, status="managed").order_by("id")[:40]
        )
        for person in rng.sample(people, k=min(len(people), 8)):
            person_assign(
                actor=actor,
                initiative=initiative,
                person=person,
                started_on=datetime.date(2024, 1, 2),
            )
        created += 1
    officer = user_get_by_username("ca.hoanghoa")
    partner_create(
        actor=officer,
        name="Công ty May Hoằng Hóa",
        kind="business",
        offers_jobs=True,
        offers_training=True,
        commune_code="15865",
        contact="0237 3865 000",
    )
    partner_create(
        actor=officer,
        name="Trung tâm Giáo dục nghề nghiệp Hoằng Hóa",
        kind="training_centre",
        offers_jobs=False,
        offers_training=True,
    )
    return created


OUTREACH = [
    (
        "ca.hoanghoa",
        ["15865"],
        "conference",
        "Hội nghị tuyên truyền Luật Thi hành án hình sự",
        180,
        200,
    ),
    ("ca.hoanghoa", ["15865"], "loudspeaker", "Phát thanh về chính sách vay vốn QĐ 22/2023", 0, 0),
    (
        "ubnd.hoanghoa",
        ["15865"],
        "leaflets",
        "Phát tờ rơi hỗ trợ người chấp hành xong án phạt tù",
        0,
        2500,
    ),
    ("ca.ngoquyen", ["11341"], "periodic_meeting", "Sinh hoạt định kỳ tổ dân phố", 95, 60),
    ("ca.namda", ["24697"], "conference", "Hội nghị tái hòa nhập cộng đồng tại bon", 120, 150),
]


@transaction.atomic
def seed_outreach(*, seed: int) -> int:
    from reentry.outreach.models import OutreachEvent
    from reentry.outreach.services import outreach_event_record

    if OutreachEvent.objects.exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data
    for username, communes, kind, title, participants, materials in OUTREACH:
        outreach_event_record(
            actor=user_get_by_username(username),
            held_on=datetime.date(2026, rng.randint(1, 10), rng.randint(1, 28)),
            kind=kind,
            title=title,
            commune_codes=communes,
            participants=participants,
            materials=materials,
        )
    return len(OUTREACH)
