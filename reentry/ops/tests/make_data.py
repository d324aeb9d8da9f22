"""Fill a fresh database (its units loaded) through the normal services, for the backup round
trip: run as ``python make_data.py`` with DJANGO_SETTINGS_MODULE and DATABASE_URL set."""

import io

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image  # noqa: E402

from reentry.accounts.roles import Role  # noqa: E402
from reentry.accounts.services import user_create  # noqa: E402
from reentry.imports.kinds import KINDS  # noqa: E402
from reentry.imports.services import batch_upload  # noqa: E402
from reentry.imports.workbooks import template_xlsx  # noqa: E402
from reentry.persons.services import person_photo_set  # noqa: E402
from reentry.persons.tests.factories import registered  # noqa: E402

officer = user_create(
    actor=None,
    username="ca.thu",
    role=Role.COMMUNE_OFFICER,
    unit_code="15865",
    password="Mat-khau-thu-2026",
    full_name="Nguyễn Thị Thu",
)
people = [registered(officer, name) for name in ("Lê Văn Tâm", "Trần Thị Hạnh", "Đỗ Đức Ánh")]
buffer = io.BytesIO()
Image.new("RGB", (30, 40), (120, 30, 200)).save(buffer, format="PNG")
person_photo_set(
    actor=officer,
    person=people[0],
    photo=SimpleUploadedFile("anh.png", buffer.getvalue(), content_type="image/png"),
)
batch_upload(
    actor=officer,
    kind_code="register",
    unit_code="15865",
    data=template_xlsx(KINDS["register"]),
    filename="danh-sach.xlsx",
)
print("ok")
