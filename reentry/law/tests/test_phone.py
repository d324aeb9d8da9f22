import pytest
from hypothesis import given
from hypothesis import strategies as st

from reentry.law.phone import OLD_MOBILE_PREFIXES, PhoneError, normalize_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912 345 678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("01662345678", "0362345678"),  # old Viettel 0166 → 036
        ("0120.123.4567", "0701234567"),  # old MobiFone 0120 → 070
        ("0199 123 4567", "0591234567"),  # old Gmobile
        ("02373 852 123", "02373852123"),  # Thanh Hóa landline
    ],
)
def test_phone_numbers_are_normalised(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "0112345678", "099912345678", "abc"])
def test_impossible_phone_numbers_are_refused(raw):
    with pytest.raises(PhoneError, match="không hợp lệ"):
        normalize_phone(raw)


@given(st.sampled_from(sorted(OLD_MOBILE_PREFIXES)), st.integers(0, 9_999_999))
def test_every_old_prefix_converts_to_a_ten_digit_mobile_and_is_stable(prefix, rest):
    converted = normalize_phone(f"{prefix}{rest:07d}")
    assert len(converted) == 10
    assert converted.startswith(OLD_MOBILE_PREFIXES[prefix])
    assert normalize_phone(converted) == converted


def test_old_eleven_digit_mobile_numbers_are_converted():
    from reentry.law.phone import normalize_phone

    assert normalize_phone("0162 123 4567") == "0321234567"


def test_a_number_typed_without_its_leading_zero_gets_it():
    from reentry.law.phone import normalize_phone

    assert normalize_phone("912 345 678") == "0912345678"
