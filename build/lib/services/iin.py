"""The Kazakhstan individual identification number (ЖСН / ИИН).

Layout: YYMMDD (birth date), one digit for century and sex, four serial digits, one check digit.
Century/sex digit: 1/2 → 1800s, 3/4 → 1900s, 5/6 → 2000s (odd = male, even = female).
Check digit: weighted sum with weights 1..11 mod 11; if that gives 10, weights 3..11,1,2;
if that gives 10 again the number is invalid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import mul

from services.errors import InvalidIin

_CENTURY = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}
_WEIGHTS_1 = tuple(range(1, 12))
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


@dataclass(frozen=True, slots=True)
class Iin:
    value: str
    birth_date: date
    male: bool

    def masked(self) -> str:
        """`2203******97`: what the chat shows; the full IIN is only in the referral document."""
        return f"{self.value[:4]}******{self.value[-2:]}"


def check_digit(first_eleven: str) -> int | None:
    digits = [ord(c) - 48 for c in first_eleven]
    check = sum(map(mul, digits, _WEIGHTS_1)) % 11
    if check == 10:
        check = sum(map(mul, digits, _WEIGHTS_2)) % 11
    return None if check == 10 else check


def parse_iin(raw: str, *, verify_checksum: bool = True) -> Iin:
    return _parse(raw.strip(), verify_checksum)


@lru_cache(maxsize=65_536)  # an import names the same parents on many lines
def _parse(value: str, verify_checksum: bool) -> Iin:
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        raise InvalidIin(value, "not_12_digits")
    century = _CENTURY.get(value[6])
    if century is None:
        raise InvalidIin(value, "century_digit")
    try:
        born = date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        raise InvalidIin(value, "birth_date") from None
    if verify_checksum and check_digit(value[:11]) != int(value[11]):
        raise InvalidIin(value, "checksum")
    return Iin(value=value, birth_date=born, male=value[6] in "135")


def is_valid_iin(raw: str) -> bool:
    try:
        parse_iin(raw)
    except InvalidIin:
        return False
    return True


def mask_iin(value: str) -> str:
    return f"{value[:4]}******{value[-2:]}" if len(value) == 12 else "************"


def age_in_full_years(born: date, on: date) -> int:
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def make_iin(born: date, *, male: bool, serial: int) -> str | None:
    """Builds a checksum-valid IIN (demo data, tests); None when this serial has no check digit."""
    century_digit = {1800: 1, 1900: 3, 2000: 5}[born.year // 100 * 100]
    if not male:
        century_digit += 1
    first = f"{born:%y%m%d}{century_digit}{serial:04d}"
    check = check_digit(first)
    return None if check is None else f"{first}{check}"
