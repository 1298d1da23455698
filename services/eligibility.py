"""R5: may this application be offered or obtain a place now? Pure rules, no storage."""

from __future__ import annotations

from datetime import date

from domain.dto import ApplicationRow
from domain.enums import ApplicationStatus, KindergartenKind
from services.errors import NotEligible, StopListed
from services.iin import age_in_full_years

MINIMUM_AGE_YEARS = 2  # R5 (a), ordinary kindergartens only


def born_on_or_before_for_age(today: date, years: int = MINIMUM_AGE_YEARS) -> date:
    """The latest birth date of a child who is at least `years` full years old today."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February: a child born that day is 2 on 1 March
        return today.replace(year=today.year - years, day=28)


def second_birthday(born: date) -> date:
    try:
        return born.replace(year=born.year + MINIMUM_AGE_YEARS)
    except ValueError:
        return date(born.year + MINIMUM_AGE_YEARS, 3, 1)


def check_may_obtain(
    application: ApplicationRow,
    *,
    today: date,
    child_enrolled: bool,
    child_has_other_referral: bool,
) -> None:
    """Raises the reason this application cannot obtain a referral now (R5, R12, R16)."""
    status = application.status
    if status is ApplicationStatus.STOP_LISTED:
        assert application.stop_listed_until is not None
        raise StopListed(application.stop_listed_until)
    if status is ApplicationStatus.REFERRAL_ISSUED or child_has_other_referral:
        raise NotEligible("has_referral")
    if status in (ApplicationStatus.ENROLLED, ApplicationStatus.REMOVED):
        raise NotEligible(status.value)
    if application.kind is KindergartenKind.ORDINARY and (
        age_in_full_years(application.child_birth_date, today) < MINIMUM_AGE_YEARS
    ):
        raise NotEligible("too_young", from_date=second_birthday(application.child_birth_date))
    if application.kind is KindergartenKind.SANATORIUM and child_enrolled:
        raise NotEligible("enrolled_elsewhere")  # R16
