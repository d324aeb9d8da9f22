"""Deterministic demo data: the same ``seed`` always gives the same users and names.

The places are those the seed articles speak of, under their 2025 names: Thanh Hóa with Xã
Hoằng Hóa and neighbouring Hoằng communes, Hải Phòng with Phường Ngô Quyền and Phường Gia
Viên, Lâm Đồng with Xã Nam Đà and Xã Krông Nô. Everything is written through the same
services the pages use. Later issues extend ``seed_demo`` with their own records.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from reentry.accounts.models import User
from reentry.accounts.roles import Role
from reentry.accounts.selectors import user_exists, user_get_by_username, user_is_demo
from reentry.accounts.services import user_create
from reentry.accounts.two_factor import demo_device_ensure, has_two_factor

from .names import full_name as full_name_of

DEMO_PASSWORD = "TaiHoaNhap@2026"  # noqa: S105 - printed for the demo on purpose

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE_NAMES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Thu", "Xuân"]
GIVEN_NAMES = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Hương",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quân",
    "Sơn",
    "Thảo",
    "Tuấn",
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    unit_code: str


DEMO_USERS: tuple[DemoUser, ...] = (
    # Thanh Hóa (38): Xã Hoằng Hóa and its neighbours
    DemoUser("tinh.thanhhoa", Role.PROVINCE_OFFICER, "38"),
    DemoUser("ca.hoanghoa", Role.COMMUNE_OFFICER, "15865"),
    DemoUser("ubnd.hoanghoa", Role.COMMUNE_COMMITTEE, "15865"),
    DemoUser("mohinh.hoanghoa", Role.INITIATIVE_MEMBER, "15865"),
    DemoUser("laodong.hoanghoa", Role.LABOUR_OFFICER, "15865"),
    DemoUser("ca.hoanggiang", Role.COMMUNE_OFFICER, "15880"),
    DemoUser("ca.hoangphu", Role.COMMUNE_OFFICER, "15889"),
    DemoUser("ca.hoangson", Role.COMMUNE_OFFICER, "15910"),
    DemoUser("ca.hoangloc", Role.COMMUNE_OFFICER, "15961"),
    # Hải Phòng (31)
    DemoUser("tinh.haiphong", Role.PROVINCE_OFFICER, "31"),
    DemoUser("ca.ngoquyen", Role.COMMUNE_OFFICER, "11341"),
    DemoUser("ubnd.ngoquyen", Role.COMMUNE_COMMITTEE, "11341"),
    DemoUser("ca.giavien", Role.COMMUNE_OFFICER, "11359"),
    # Lâm Đồng (68)
    DemoUser("tinh.lamdong", Role.PROVINCE_OFFICER, "68"),
    DemoUser("ca.namda", Role.COMMUNE_OFFICER, "24697"),
    DemoUser("ca.krongno", Role.COMMUNE_OFFICER, "24688"),
    DemoUser("laodong.lamdong", Role.LABOUR_OFFICER, "68"),
    # Nation
    DemoUser("phantich.quocgia", Role.NATIONAL_ANALYST, "VN"),
    DemoUser("quantri", Role.SYSADMIN, "VN"),
)


def demo_full_name(rng: random.Random) -> str:
    middle = rng.choice(MIDDLE_NAMES)
    family = rng.choice(FAMILY_NAMES)
    return full_name_of(family, middle, rng.choice(GIVEN_NAMES), male=middle != "Thị")


@dataclass
class SeedResult:
    created: list[User]
    existing: list[User]


def plan_demo_users(*, seed: int) -> list[tuple[DemoUser, str]]:
    """Each demo user with the full name the seed gives them (pure, deterministic)."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    return [(spec, demo_full_name(rng)) for spec in DEMO_USERS]


@transaction.atomic
def seed_demo(*, seed: int = 2026) -> SeedResult:
    """Create the demo users that do not exist yet; existing ones are left as they are."""
    result = SeedResult(created=[], existing=[])
    for spec, full_name in plan_demo_users(seed=seed):
        if user_exists(spec.username):
            result.existing.append(user_get_by_username(spec.username))
            continue
        result.created.append(
            user_create(
                actor=None,
                username=spec.username,
                role=spec.role,
                unit_code=spec.unit_code,
                password=DEMO_PASSWORD,
                full_name=full_name,
                via="seed_demo",
            )
        )
    # every demo account has the demo's authenticator (a secret derived from its username);
    # one made by an older seed_demo gets it too, unless it enrolled an app of its own
    for user in result.created:
        demo_device_ensure(user=user)
    for user in result.existing:
        if user_is_demo(user) and not has_two_factor(user):
            demo_device_ensure(user=user)
    return result
