"""Xóa án tích: a table of worked cases, each with the article it checks, and properties
that must hold for any facts (hypothesis)."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reentry.law.expungement import (
    AdditionalPenaltyFacts,
    CourtDecision,
    MainPenalty,
    NewOffence,
    OffenceFacts,
    SentenceFacts,
    Status,
    add_months,
    add_years,
    expungement_status,
)
from reentry.law.penal_code import CrimeCategory

D = datetime.date
TODAY = D(2026, 11, 25)
THEFT = OffenceFacts(173, CrimeCategory.LESS_SERIOUS)  # trộm cắp tài sản, Chương XVI
ROBBERY = OffenceFacts(168, CrimeCategory.VERY_SERIOUS)  # cướp tài sản
TRAFFIC = OffenceFacts(260, CrimeCategory.SERIOUS, negligent=True)  # giao thông, vô ý
MANSLAUGHTER = OffenceFacts(128, CrimeCategory.VERY_SERIOUS, negligent=True)
DRUGS = OffenceFacts(251, CrimeCategory.EXTREMELY_SERIOUS)  # mua bán trái phép ma túy
TREASON = OffenceFacts(108, CrimeCategory.EXTREMELY_SERIOUS)  # Chương XIII
WAR_CRIME = OffenceFacts(423, CrimeCategory.EXTREMELY_SERIOUS)  # Chương XXVI


JUDGED = D(2015, 3, 1)
LIGHT_JUDGED = D(2020, 1, 10)


def prison(months, released, *, judged=JUDGED, offences=(THEFT,), **extra):
    return SentenceFacts(
        judgment_date=judged,
        main_penalty=MainPenalty.PRISON,
        offences=offences,
        prison_months=months,
        main_completed_on=released,
        **extra,
    )


def light(penalty, completed, *, judged=LIGHT_JUDGED, offences=(THEFT,), **extra):
    return SentenceFacts(
        judgment_date=judged,
        main_penalty=penalty,
        offences=offences,
        main_completed_on=completed,
        **extra,
    )


QUAN_CHE = "probation"  # hình phạt bổ sung quản chế

# (case, sentences, keyword arguments, expected status, expected date, article checked)
CASES = [
    (
        "cảnh cáo: 1 năm",
        [light(MainPenalty.WARNING, D(2020, 1, 10))],
        {},
        Status.DUE,
        D(2021, 1, 10),
        "Điều 70 khoản 2 điểm a",
    ),
    (
        "phạt tiền: 1 năm từ khi nộp xong",
        [light(MainPenalty.FINE, D(2020, 6, 1))],
        {},
        Status.DUE,
        D(2021, 6, 1),
        "Điều 70 khoản 2 điểm a",
    ),
    (
        "cải tạo không giam giữ: 1 năm",
        [light(MainPenalty.NON_CUSTODIAL, D(2026, 1, 10))],
        {},
        Status.WAITING,
        D(2027, 1, 10),
        "Điều 70 khoản 2 điểm a",
    ),
    (
        "án treo: 1 năm từ khi hết thời gian thử thách",
        [light(MainPenalty.SUSPENDED, add_months(D(2020, 1, 10), 24))],
        {},
        Status.DUE,
        D(2023, 1, 10),
        "Điều 70 khoản 2 điểm a",
    ),
    (
        "tù 3 năm: 2 năm",
        [prison(36, D(2025, 3, 1))],
        {},
        Status.WAITING,
        D(2027, 3, 1),
        "Điều 70 khoản 2 điểm b",
    ),
    (
        "tù đúng 5 năm vẫn là 2 năm",
        [prison(60, D(2020, 3, 1))],
        {},
        Status.DUE,
        D(2022, 3, 1),
        "Điều 70 khoản 2 điểm b",
    ),
    (
        "tù 5 năm 1 tháng: 3 năm",
        [prison(61, D(2020, 4, 1))],
        {},
        Status.DUE,
        D(2023, 4, 1),
        "Điều 70 khoản 2 điểm c",
    ),
    (
        "tù 15 năm: 3 năm",
        [prison(180, D(2024, 3, 1), offences=(ROBBERY,))],
        {},
        Status.WAITING,
        D(2027, 3, 1),
        "Điều 70 khoản 2 điểm c",
    ),
    (
        "tù 20 năm: 5 năm",
        [prison(240, D(2022, 3, 1), offences=(DRUGS,))],
        {},
        Status.WAITING,
        D(2027, 3, 1),
        "Điều 70 khoản 2 điểm d",
    ),
    (
        "tù chung thân đã giảm: 5 năm",
        [
            SentenceFacts(
                judgment_date=D(2000, 1, 1),
                main_penalty=MainPenalty.LIFE,
                offences=(DRUGS,),
                main_completed_on=D(2020, 5, 2),
            )
        ],
        {},
        Status.DUE,
        D(2025, 5, 2),
        "Điều 70 khoản 2 điểm d",
    ),
    (
        "tử hình được ân giảm: 5 năm",
        [
            SentenceFacts(
                judgment_date=D(1999, 1, 1),
                main_penalty=MainPenalty.DEATH_COMMUTED,
                offences=(DRUGS,),
                main_completed_on=D(2024, 9, 2),
            )
        ],
        {},
        Status.WAITING,
        D(2029, 9, 2),
        "Điều 70 khoản 2 điểm d",
    ),
    (
        "căn cứ hình phạt đã tuyên (tù 6 năm, thực tế 4 năm nhờ giảm án): 3 năm",
        [prison(72, D(2023, 3, 1))],
        {},
        Status.DUE,
        D(2026, 3, 1),
        "Điều 73 khoản 1",
    ),
    (
        "quản chế kết thúc sau thời hạn: xóa khi hết quản chế",
        [
            prison(
                36,
                D(2023, 3, 1),
                additional=(AdditionalPenaltyFacts(QUAN_CHE, ends_on=D(2026, 3, 1)),),
            )
        ],
        {},
        Status.DUE,
        D(2026, 3, 1),
        "Điều 70 khoản 2 (đoạn cuối)",
    ),
    (
        "quản chế kết thúc trước thời hạn: không đổi",
        [
            prison(
                36,
                D(2023, 3, 1),
                additional=(AdditionalPenaltyFacts(QUAN_CHE, ends_on=D(2024, 3, 1)),),
            )
        ],
        {},
        Status.DUE,
        D(2025, 3, 1),
        "Điều 70 khoản 2",
    ),
    (
        "chưa nộp tiền phạt bổ sung: chưa đủ điều kiện",
        [prison(36, D(2023, 3, 1), additional=(AdditionalPenaltyFacts("fine"),))],
        {},
        Status.BLOCKED,
        None,
        "Điều 70 khoản 2",
    ),
    (
        "chưa bồi thường xong: chưa đủ điều kiện",
        [prison(36, D(2023, 3, 1), obligations_fulfilled=(None,))],
        {},
        Status.BLOCKED,
        None,
        "Điều 70 khoản 2",
    ),
    (
        "bồi thường xong sau thời hạn: xóa từ ngày bồi thường xong",
        [prison(36, D(2020, 3, 1), obligations_fulfilled=(D(2024, 8, 8),))],
        {},
        Status.DUE,
        D(2024, 8, 8),
        "Điều 70 khoản 2",
    ),
    (
        "phạm tội mới đang bị xử lý: chưa đủ điều kiện",
        [prison(36, D(2025, 3, 1))],
        {"new_offences": [NewOffence(D(2026, 5, 1))]},
        Status.BLOCKED,
        None,
        "Điều 70 khoản 2",
    ),
    (
        "tội mới bị đình chỉ: không ảnh hưởng",
        [prison(36, D(2025, 3, 1))],
        {"new_offences": [NewOffence(D(2026, 5, 1), dropped=True)]},
        Status.WAITING,
        D(2027, 3, 1),
        "Điều 70 khoản 2",
    ),
    (
        "bị kết án mới: tính lại từ bản án mới",
        [
            prison(36, D(2018, 3, 1)),
            prison(24, D(2025, 6, 1), judged=D(2023, 6, 1)),
        ],
        {},
        Status.WAITING,
        D(2027, 6, 1),
        "Điều 73 khoản 2",
    ),
    (
        "bản án cũ nặng hơn vẫn giữ thời hạn dài hơn khi tính lại",
        [
            prison(120, D(2020, 3, 1), offences=(ROBBERY,)),
            light(MainPenalty.FINE, D(2025, 2, 1), judged=D(2024, 12, 1)),
        ],
        {},
        Status.WAITING,
        D(2028, 2, 1),
        "Điều 73 khoản 2",
    ),
    (
        "tội vô ý nghiêm trọng: không có án tích",
        [prison(24, D(2021, 3, 1), offences=(TRAFFIC,))],
        {},
        Status.NO_RECORD,
        None,
        "Điều 69 khoản 2",
    ),
    (
        "tội rất nghiêm trọng do vô ý vẫn có án tích (người lớn)",
        [prison(84, D(2021, 3, 1), offences=(MANSLAUGHTER,))],
        {},
        Status.DUE,
        D(2024, 3, 1),
        "Điều 70 khoản 2 điểm c (Điều 69 khoản 2 chỉ miễn tội ít nghiêm trọng, nghiêm trọng)",
    ),
    (
        "miễn hình phạt: không có án tích",
        [light(MainPenalty.WARNING, D(2020, 1, 10), exempted_from_penalty=True)],
        {},
        Status.NO_RECORD,
        None,
        "Điều 69 khoản 2",
    ),
    (
        "phạm tội khi 15 tuổi: không có án tích",
        [prison(36, D(2020, 3, 1), offences=(ROBBERY,), age_at_offence=15)],
        {},
        Status.NO_RECORD,
        None,
        "Điều 107 khoản 1 điểm a",
    ),
    (
        "17 tuổi, tội nghiêm trọng cố ý: không có án tích",
        [
            prison(
                24,
                D(2020, 3, 1),
                offences=(OffenceFacts(173, CrimeCategory.SERIOUS),),
                age_at_offence=17,
            )
        ],
        {},
        Status.NO_RECORD,
        None,
        "Điều 107 khoản 1 điểm b",
    ),
    (
        "17 tuổi, tội đặc biệt nghiêm trọng: 3 năm",
        [prison(120, D(2024, 3, 1), offences=(DRUGS,), age_at_offence=17)],
        {},
        Status.WAITING,
        D(2027, 3, 1),
        "Điều 107 khoản 2",
    ),
    (
        "tội xâm phạm an ninh quốc gia: cần quyết định của Tòa án, 3 năm",
        [prison(48, D(2022, 3, 1), offences=(TREASON,))],
        {},
        Status.COURT_DECISION_NEEDED,
        D(2025, 3, 1),
        "Điều 71 khoản 2 điểm a",
    ),
    (
        "tội phạm chiến tranh, tù 10 năm: Tòa án, 5 năm",
        [prison(120, D(2022, 3, 1), offences=(WAR_CRIME,))],
        {},
        Status.COURT_DECISION_NEEDED,
        D(2027, 3, 1),
        "Điều 71 khoản 2 điểm b",
    ),
    (
        "tù 20 năm Chương XIII: Tòa án, 7 năm",
        [prison(240, D(2022, 3, 1), offences=(TREASON,))],
        {},
        Status.COURT_DECISION_NEEDED,
        D(2029, 3, 1),
        "Điều 71 khoản 2 điểm c",
    ),
    (
        "nhiều tội, có tội Chương XIII: cả án tích theo Điều 71",
        [prison(36, D(2022, 3, 1), offences=(THEFT, TREASON))],
        {},
        Status.COURT_DECISION_NEEDED,
        D(2025, 3, 1),
        "Điều 73 khoản 3",
    ),
    (
        "Tòa án bác đơn lần đầu: xin lại sau 1 năm",
        [prison(36, D(2020, 3, 1), offences=(TREASON,))],
        {"court_decisions": [CourtDecision(D(2024, 6, 1), granted=False)]},
        Status.COURT_DECISION_NEEDED,
        D(2025, 6, 1),
        "Điều 71 khoản 3",
    ),
    (
        "Tòa án bác đơn lần hai: xin lại sau 2 năm",
        [prison(36, D(2020, 3, 1), offences=(TREASON,))],
        {
            "court_decisions": [
                CourtDecision(D(2024, 6, 1), granted=False),
                CourtDecision(D(2025, 7, 1), granted=False),
            ]
        },
        Status.COURT_DECISION_NEEDED,
        D(2027, 7, 1),
        "Điều 71 khoản 3",
    ),
    (
        "Tòa án quyết định xóa án tích",
        [prison(36, D(2020, 3, 1), offences=(TREASON,))],
        {"court_decisions": [CourtDecision(D(2024, 6, 1), granted=True)]},
        Status.EXPUNGED,
        D(2024, 6, 1),
        "Điều 71",
    ),
    (
        "có phiếu lý lịch tư pháp: đã xóa án tích",
        [prison(36, D(2020, 3, 1))],
        {"certificate_on": D(2023, 1, 5)},
        Status.EXPUNGED,
        D(2023, 1, 5),
        "Điều 69 khoản 1",
    ),
    (
        "chưa chấp hành xong hình phạt chính",
        [prison(36, None)],
        {},
        Status.BLOCKED,
        None,
        "Điều 70 khoản 2",
    ),
    (
        "hết thời hiệu thi hành bản án: tính từ ngày hết thời hiệu",
        [light(MainPenalty.FINE, None, limitation_expired_on=D(2025, 1, 10))],
        {},
        Status.DUE,
        D(2026, 1, 10),
        "Điều 70 khoản 3",
    ),
    (
        "ra trại ngày 29/02: hết hạn ngày 28/02",
        [prison(24, D(2024, 2, 29))],
        {},
        Status.DUE,
        D(2026, 2, 28),
        "Bộ luật Dân sự Điều 148",
    ),
    (
        "dữ liệu mâu thuẫn: ra trại trước ngày tuyên án",
        [prison(24, D(2014, 1, 1))],
        {},
        Status.ERROR,
        None,
        "Điều 73",
    ),
]


@pytest.mark.parametrize(
    ("sentences", "kwargs", "status", "due", "article"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_worked_cases(sentences, kwargs, status, due, article):
    result = expungement_status(sentences, today=TODAY, **kwargs)
    assert result.status == status, result.reasons
    assert result.due_on == due
    assert result.reasons, "every answer says why"
    if status is not Status.ERROR:
        cited = " ".join(r.article for r in result.reasons)
        main = article.split(" (")[0].split(" khoản")[0]
        if not main.startswith("Bộ luật"):
            assert main in cited


def test_there_are_at_least_25_worked_cases():
    assert len(CASES) >= 25


def test_an_additional_penalty_not_yet_over_blocks_and_says_why():
    result = expungement_status(
        [prison(36, D(2025, 3, 1), additional=(AdditionalPenaltyFacts("residence_ban"),))],
        today=TODAY,
    )
    assert result.blocked_by == ("additional_penalty",)
    assert "hình phạt bổ sung" in result.reasons[-1].text


def test_the_court_may_expunge_early_after_a_third_of_the_period():
    result = expungement_status([prison(36, D(2023, 3, 1))], today=TODAY)  # 2 years
    assert result.court_early_on == D(2023, 3, 1) + (D(2025, 3, 1) - D(2023, 3, 1)) / 3


@pytest.mark.parametrize(
    "bad",
    [
        SentenceFacts(D(2020, 1, 1), MainPenalty.PRISON, (THEFT,), prison_months=None),
        SentenceFacts(D(2020, 1, 1), MainPenalty.FINE, ()),
        SentenceFacts(D(2020, 1, 1), MainPenalty.FINE, (OffenceFacts(12, CrimeCategory.SERIOUS),)),
        SentenceFacts(D(2020, 1, 1), MainPenalty.FINE, (THEFT,), age_at_offence=9),
        SentenceFacts(
            D(2020, 1, 1), MainPenalty.FINE, (THEFT,), limitation_expired_on=D(2019, 1, 1)
        ),
    ],
)
def test_contradictory_facts_give_an_error_never_a_date(bad):
    result = expungement_status([bad], today=TODAY)
    assert (result.status, result.due_on) == (Status.ERROR, None)


def test_a_file_without_a_sentence_says_so_not_that_its_data_contradict():
    result = expungement_status([], today=TODAY)
    assert (result.status, result.due_on) == (Status.NO_SENTENCE, None)
    assert "Chưa ghi bản án" in result.reasons[0].text


def test_dates_move_by_calendar_years_and_months():
    assert add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2025, 11, 30), 3) == D(2026, 2, 28)


# -- properties -------------------------------------------------------------------------

dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31))
months = st.integers(min_value=1, max_value=360)


def _rank(result):
    """Later is larger; a block (no date yet) is later than any date."""
    if result.status == Status.BLOCKED:
        return D.max
    return result.due_on


@settings(max_examples=200)
@given(released=dates, shorter=months, extra=st.integers(min_value=0, max_value=240))
def test_a_longer_sentence_never_gives_an_earlier_date(released, shorter, extra):
    judged = D(1999, 1, 1)
    a = expungement_status([prison(shorter, released, judged=judged)], today=TODAY)
    b = expungement_status([prison(shorter + extra, released, judged=judged)], today=TODAY)
    assert _rank(b) >= _rank(a)


@settings(max_examples=200)
@given(released=dates, length=months, committed=dates)
def test_a_new_offence_never_makes_the_date_earlier(released, length, committed):
    sentence = prison(length, released, judged=D(1999, 1, 1))
    before = expungement_status([sentence], today=TODAY)
    after = expungement_status([sentence], today=TODAY, new_offences=[NewOffence(committed)])
    assert _rank(after) >= _rank(before)


@settings(max_examples=200)
@given(released=dates, length=months, paid=st.one_of(st.none(), dates))
def test_meeting_an_obligation_never_makes_the_date_later(released, length, paid):
    unpaid = prison(length, released, judged=D(1999, 1, 1), obligations_fulfilled=(None,))
    done = prison(length, released, judged=D(1999, 1, 1), obligations_fulfilled=(paid,))
    assert _rank(expungement_status([done], today=TODAY)) <= _rank(
        expungement_status([unpaid], today=TODAY)
    )


@settings(max_examples=200)
@given(released=dates, length=months, later=st.integers(min_value=1, max_value=3000))
def test_a_new_conviction_never_makes_the_date_earlier(released, length, later):
    first = prison(length, released, judged=D(1999, 1, 1))
    second_release = released + datetime.timedelta(days=later)
    second = prison(6, second_release, judged=released)
    alone = expungement_status([first], today=TODAY)
    both = expungement_status([first, second], today=TODAY)
    assert _rank(both) >= _rank(alone)
    assert both.due_on is not None
    assert both.due_on > second_release
