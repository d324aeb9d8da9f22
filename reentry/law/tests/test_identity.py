import pytest
from hypothesis import given
from hypothesis import strategies as st

from reentry.law.identity import (
    CCCD_PROVINCE_CODES,
    Gender,
    IdentityError,
    check_cccd_matches,
    parse_cccd,
    parse_cmnd,
)


def test_sixty_three_birth_registration_provinces():
    assert len(CCCD_PROVINCE_CODES) == 63
    assert {"001", "038", "096"} <= CCCD_PROVINCE_CODES


@pytest.mark.parametrize(
    ("number", "gender", "year"),
    [
        ("038085001234", Gender.MALE, 1985),  # Thanh Hóa, man born 1985
        ("031 190 123 456", Gender.FEMALE, 1990),  # spaces are ignored
        ("001203000001", Gender.MALE, 2003),  # 21st century man
        ("068305999999", Gender.FEMALE, 2005),  # 21st century woman
    ],
)
def test_valid_cccd_reads_province_gender_and_year(number, gender, year):
    cccd = parse_cccd(number)
    assert (cccd.gender, cccd.birth_year) == (gender, year)
    assert check_cccd_matches(cccd, gender=gender, birth_year=year) == []


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("03808500123", "đúng 12 chữ số"),
        ("0380850012345", "đúng 12 chữ số"),
        ("003085001234", "không phải mã tỉnh"),  # 003 is not a province code
        ("099085001234", "không phải mã tỉnh"),
        ("", "đúng 12 chữ số"),
    ],
)
def test_invalid_cccd_is_refused_with_a_reason(number, message):
    with pytest.raises(IdentityError, match=message):
        parse_cccd(number)


def test_mismatched_gender_and_year_are_reported():
    cccd = parse_cccd("038085001234")
    problems = check_cccd_matches(cccd, gender=Gender.FEMALE, birth_year=1986)
    assert len(problems) == 2
    assert "giới tính nữ" in problems[0]
    assert "1985" in problems[1]


def test_legacy_cmnd_has_nine_digits():
    assert parse_cmnd("172 345 678") == "172345678"
    with pytest.raises(IdentityError, match="9 chữ số"):
        parse_cmnd("1723456789")


@given(
    st.sampled_from(sorted(CCCD_PROVINCE_CODES)),
    st.sampled_from(list(Gender)),
    st.integers(min_value=1900, max_value=2099),
    st.integers(min_value=0, max_value=999999),
)
def test_any_well_formed_cccd_round_trips(province, gender, year, serial):
    century_digit = (year // 100 - 19) * 2 + (1 if gender == Gender.FEMALE else 0)
    number = f"{province}{century_digit}{year % 100:02d}{serial:06d}"
    cccd = parse_cccd(number)
    assert (cccd.province_code, cccd.gender, cccd.birth_year) == (province, gender, year)


def test_letters_or_full_width_digits_are_not_a_number():
    from reentry.law.identity import clean_number

    assert clean_number("038 085.012-345") == "038085012345"
    assert clean_number("03808501234\uff15") == ""  # a full-width 5
    assert clean_number("O38085012345") == ""
