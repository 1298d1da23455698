from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from services.errors import InvalidIin
from services.iin import age_in_full_years, check_digit, is_valid_iin, make_iin, mask_iin, parse_iin

PUBLIC_SAMPLES = ["871008401427", "760212350620", "800416300257", "680503450037", "061211600012"]


@pytest.mark.parametrize("value", PUBLIC_SAMPLES)
def test_public_samples_are_valid(value: str) -> None:
    assert is_valid_iin(value)


def test_birth_date_century_and_sex_come_from_the_iin() -> None:
    assert parse_iin("871008401427").birth_date == date(1987, 10, 8)
    assert parse_iin("061211600012").birth_date == date(2006, 12, 11)
    assert parse_iin("061211600012").male is False
    assert parse_iin("760212350620").male is True


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("87100840142", "not_12_digits"),
        ("8710084014277", "not_12_digits"),
        ("87100840142a", "not_12_digits"),
        ("８７１００８４０１４２７", "not_12_digits"),  # full-width digits are not ASCII digits
        ("871008001427", "century_digit"),
        ("871008701427", "century_digit"),
        ("871308401427", "birth_date"),
        ("870230401427", "birth_date"),
        ("871008401428", "checksum"),
    ],
)
def test_invalid_iins_say_why(value: str, reason: str) -> None:
    with pytest.raises(InvalidIin) as caught:
        parse_iin(value)
    assert caught.value.reason == reason


def test_the_nca_test_iin_is_not_a_real_iin() -> None:
    # NCA's test keys carry 123456789011 (testdata/nca/README.md): its 7th digit names no century.
    with pytest.raises(InvalidIin) as caught:
        parse_iin("123456789011", verify_checksum=False)
    assert caught.value.reason == "century_digit"


def test_second_weights_are_used_when_the_first_sum_gives_ten() -> None:
    # 11 digits whose first weighted sum is 10 mod 11: the check digit comes from weights 3..11,1,2
    first = "00000000010"  # weights 1..11 → 10·1 = 10
    second_sum = (
        sum(int(d) * w for d, w in zip(first, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), strict=True))
        % 11
    )
    assert second_sum == 1
    assert check_digit(first) == 1


def test_a_number_whose_both_sums_give_ten_is_never_valid() -> None:
    assert check_digit("00000000281") is None
    assert not any(is_valid_iin(f"00000000281{d}") for d in "0123456789")


@given(
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    male=st.booleans(),
    serial=st.integers(min_value=0, max_value=9999),
)
def test_made_iins_parse_back_and_any_other_check_digit_fails(
    born: date, male: bool, serial: int
) -> None:
    iin = make_iin(born, male=male, serial=serial)
    assume(iin is not None)  # about 1 in 121 serials has no check digit at all
    assert iin is not None
    parsed = parse_iin(iin)
    assert (parsed.birth_date, parsed.male) == (born, male)
    for digit in "0123456789":
        if digit != iin[-1]:
            assert not is_valid_iin(iin[:-1] + digit)


@pytest.mark.parametrize(
    ("born", "on", "years"),
    [
        (date(2022, 3, 1), date(2024, 2, 29), 1),
        (date(2022, 3, 1), date(2024, 3, 1), 2),
        (date(2020, 2, 29), date(2022, 2, 28), 1),
        (date(2020, 2, 29), date(2022, 3, 1), 2),
    ],
)
def test_age_in_full_years(born: date, on: date, years: int) -> None:
    assert age_in_full_years(born, on) == years


def test_masked_iin_shows_four_and_two_digits() -> None:
    assert mask_iin("220312501297") == "2203******97"
    assert parse_iin("871008401427").masked() == "8710******27"
