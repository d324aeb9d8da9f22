from __future__ import annotations

import datetime

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
