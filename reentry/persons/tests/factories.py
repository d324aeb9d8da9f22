from __future__ import annotations

import datetime
from typing import Any

from reentry.persons.services import OffenceData, PersonData, SentenceData


def person_data(**overrides: object) -> PersonData:
    values: dict[str, object] = {
        "full_name": "Nguyễn Văn Hùng",
        "gender": "male",
        "commune_code": "15865",
        "address_text": "Thôn 3, Xã Hoằng Hóa, Thanh Hóa",
        "date_of_birth": datetime.date(1985, 3, 12),
        "national_id": "038085001234",
        "phone": "0912 345 678",
    }
    values.update(overrides)
    return PersonData(**values)  # type: ignore[arg-type]


def sentence_data(**overrides: object) -> SentenceData:
    values: dict[str, object] = {
        "judgment_number": "45/2019/HS-ST",
        "judgment_date": datetime.date(2019, 6, 20),
        "court": "Tòa án nhân dân huyện Hoằng Hóa",
        "main_penalty": "prison",
        "prison_months": 36,
        "offences": [OffenceData(article=173, name="Trộm cắp tài sản", category="serious")],
        "prison_facility": "Trại giam Thanh Phong",
        "release_date": datetime.date(2022, 6, 19),
        "release_type": "completed",
        "age_at_offence": 33,
    }
    values.update(overrides)
    return SentenceData(**values)  # type: ignore[arg-type]


def registered(actor: Any, full_name: str, *, sentence: bool = True, **overrides: Any) -> Any:
    """A file registered by ``actor`` (no identity number unless given), with the default
    sentence (Điều 173 Trộm cắp tài sản, 45/2019/HS-ST) unless ``sentence`` is False."""
    from reentry.persons.services import person_register, sentence_add

    person = person_register(
        actor=actor,
        data=person_data(full_name=full_name, **{"national_id": "", **overrides}),
        confirm_possible_duplicate=True,
    )
    if sentence:
        sentence_add(actor=actor, person=person, data=sentence_data())
    person.refresh_from_db()
    return person


def sealed(actor: Any, person: Any) -> Any:
    """The file after the criminal-record certificate arrived: expunged, sealed."""
    from django.utils import timezone

    from reentry.outcomes.services import expungement_record_add

    expungement_record_add(
        actor=actor,
        person=person,
        kind="certificate",
        number="812/2026/LLTP",
        issued_by="Sở Tư pháp tỉnh Thanh Hóa",
        issued_on=timezone.localdate(),
    )
    person.refresh_from_db()
    assert person.sealed_at is not None
    return person
