"""Writes of the access app: emergency access to one file outside the actor's scope."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reentry.audit import events
from reentry.core.errors import DomainError, NotFoundError, ValidationFailed

from .models import EmergencyAccess
from .permissions import Permission
from .policies import has_permission

if TYPE_CHECKING:
    from reentry.accounts.models import User
    from reentry.persons.models import Person

MIN_REASON_CHARS = 20


@transaction.atomic
def emergency_access_open(*, actor: User, person_id: int, reason: str) -> EmergencyAccess:
    """Open file ``person_id`` to ``actor`` for ``EMERGENCY_ACCESS_MINUTES``: a province
    officer, a file outside their scope (inside it they need nothing), never a sealed or
    merged file (a sealed file is opened through its own page, ``docs/outcomes.md``)."""
    from reentry.persons.models import Person

    from .scoping import persons_visible_to
    from .selectors import emergency_files

    if not has_permission(actor, Permission.PERSON_EMERGENCY_OPEN):
        raise DomainError(_("Bạn không được mở hồ sơ ngoài phạm vi."))
    reason = " ".join(reason.split())
    if len(reason) < MIN_REASON_CHARS:
        raise ValidationFailed(
            {
                "reason": [
                    _(
                        "Ghi rõ lý do (ít nhất %(n)d ký tự): vụ việc, văn bản yêu cầu, "
                        "người yêu cầu."
                    )
                    % {"n": MIN_REASON_CHARS}
                ]
            }
        )
    person: Person | None = emergency_files().filter(pk=person_id).first()
    if person is None:
        raise NotFoundError(_("Không tìm thấy hồ sơ số %(id)s.") % {"id": person_id})
    if persons_visible_to(actor, Person.objects.filter(pk=person.pk)).exists():
        raise ValidationFailed(
            {"person_id": [_("Hồ sơ này thuộc phạm vi của bạn: mở như thường lệ.")]}
        )
    now = timezone.now()
    grant = EmergencyAccess.objects.create(
        user=actor,
        person=person,
        reason=reason,
        opened_at=now,
        expires_at=now + datetime.timedelta(minutes=settings.EMERGENCY_ACCESS_MINUTES),
        unit_path=person.commune_path,
    )
    events.emergency_opened(actor=actor, grant=grant)
    return grant
