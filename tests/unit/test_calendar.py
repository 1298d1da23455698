"""Working days and the deadlines of R8, R12, R14, R15, R17 (RULES.md, time section)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from services.calendar import (
    Correction,
    CorrectionKind,
    CorrectionsFileError,
    WorkCalendar,
    append_correction,
    load_corrections,
    read_corrections,
)
from tests.fakes.clock import almaty


def working_days_of(calendar: WorkCalendar, year: int, month: int | None = None) -> int:
    start = date(year, month or 1, 1)
    if month is None:
        end = date(year, 12, 31)
    else:
        end = (date(year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return calendar.working_days_in(start, end)


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [(2025, None, 246), (2025, 1, 20), (2026, 1, 19), (2026, 5, 17)],
)
def test_official_working_day_counts(
    calendar: WorkCalendar, year: int, month: int | None, expected: int
) -> None:
    assert working_days_of(calendar, year, month) == expected


def test_sunday_5_january_2025_was_a_working_day(calendar: WorkCalendar) -> None:
    assert calendar.is_working_day(date(2025, 1, 5))
    assert not calendar.is_working_day(date(2025, 1, 3))  # the Friday it was transferred to


def test_a_deadline_across_nauryz_skips_the_holidays_and_their_transfers(
    calendar: WorkCalendar,
) -> None:
    # 2026: Nauryz 21–23 March (Sat–Mon), transferred days off 24 and 25 March.
    # An offer made on Friday 20 March: working days after it are 26, 27 and 30 March (R8).
    assert calendar.offer_expires_at(almaty(2026, 3, 20, 15, 0)) == almaty(2026, 3, 30, 23, 59, 59)
    # A referral issued on Thursday 19 March: 5 working days are 20, 26, 27, 30, 31 March (R12).
    assert calendar.referral_lapses_at(almaty(2026, 3, 19, 11, 0)) == almaty(
        2026, 3, 31, 23, 59, 59
    )


def test_the_event_day_itself_is_not_counted(calendar: WorkCalendar) -> None:
    # Monday 6 April 2026 at 00:01 or at 23:59: the 3 working days are 7, 8, 9 April.
    assert calendar.offer_expires_at(almaty(2026, 4, 6, 0, 1)) == almaty(2026, 4, 9, 23, 59, 59)
    assert calendar.offer_expires_at(almaty(2026, 4, 6, 23, 59)) == almaty(2026, 4, 9, 23, 59, 59)


def test_the_day_is_the_almaty_day_not_the_utc_day(calendar: WorkCalendar) -> None:
    # 02:00 Almaty on Tuesday is still Monday in UTC; the Almaty day counts.
    tuesday_early = almaty(2026, 4, 7, 2, 0)
    assert calendar.offer_expires_at(tuesday_early) == almaty(2026, 4, 10, 23, 59, 59)


def test_stop_list_is_ten_working_days(calendar: WorkCalendar) -> None:
    # R12: a lapse on Friday 1 May 2026 (a holiday). Working days after it: 4, 5, 6, 8, 12, 13,
    # 14, 15, 18, 19 May; the 7th (Defender's Day) and the 11th (Victory Day observed) are off.
    until = calendar.stop_listed_until(almaty(2026, 5, 1, 23, 59, 59))
    assert until == almaty(2026, 5, 19, 23, 59, 59)
    assert calendar.working_days_in(date(2026, 5, 2), date(2026, 5, 19)) == 10


def test_extension_counts_calendar_days(calendar: WorkCalendar) -> None:
    # R14: 30 calendar days, holidays included.
    deadline = almaty(2026, 3, 13, 23, 59, 59)
    assert calendar.extended_lapse(deadline, 30) == almaty(2026, 4, 12, 23, 59, 59)


def test_revocation_window_is_24_hours(calendar: WorkCalendar) -> None:
    # R15: exactly 24 hours, whatever the day.
    assert calendar.revocable_until(almaty(2026, 3, 20, 17, 30)) == almaty(2026, 3, 21, 17, 30)


def test_documents_are_due_within_ten_calendar_days(calendar: WorkCalendar) -> None:
    # R17: requested on 20 March 2026 → documents dated up to the end of 30 March.
    assert calendar.documents_due_at(almaty(2026, 3, 20, 17, 30)) == almaty(2026, 3, 30, 23, 59, 59)


def test_reminder_one_working_day_before_falls_on_the_last_working_day(
    calendar: WorkCalendar,
) -> None:
    assert calendar.reminder_before(almaty(2026, 3, 30, 23, 59, 59)) == almaty(2026, 3, 30, 9, 0)
    # an extended deadline on a Sunday: the last working day before it is the Friday
    assert calendar.reminder_before(almaty(2026, 4, 12, 23, 59, 59)) == almaty(2026, 4, 10, 9, 0)
    assert calendar.reminder_before(almaty(2026, 3, 30, 23, 59, 59), working_days=2) == almaty(
        2026, 3, 27, 9, 0
    )


def test_working_days_left_are_the_whole_days_after_today(calendar: WorkCalendar) -> None:
    # R8 window opened on Monday 6 April 2026: Tuesday, Wednesday, Thursday
    deadline = almaty(2026, 4, 9, 23, 59, 59)
    assert calendar.working_days_left(almaty(2026, 4, 6, 10, 0), deadline) == 3
    assert calendar.working_days_left(almaty(2026, 4, 7, 10, 0), deadline) == 2
    assert calendar.working_days_left(almaty(2026, 4, 9, 23, 0), deadline) == 0  # the last day
    assert calendar.working_days_left(almaty(2026, 4, 10, 0, 0), deadline) == 0
    # a weekend in between does not count: Friday 10 April → Tuesday 14 April
    assert (
        calendar.working_days_left(almaty(2026, 4, 10, 9, 0), almaty(2026, 4, 14, 23, 59, 59)) == 2
    )


def test_corrections_override_the_library(tmp_path: Path) -> None:
    path = tmp_path / "corrections.csv"
    append_correction(
        path, Correction(date(2026, 12, 31), CorrectionKind.DAY_OFF, "Government decree")
    )
    append_correction(path, Correction(date(2026, 12, 26), CorrectionKind.WORKING_DAY, "transfer"))
    corrected = WorkCalendar(load_corrections(path))
    plain = WorkCalendar()
    assert plain.is_working_day(date(2026, 12, 31)) and not corrected.is_working_day(
        date(2026, 12, 31)
    )
    assert not plain.is_working_day(date(2026, 12, 26)) and corrected.is_working_day(
        date(2026, 12, 26)
    )
    # a deadline moves with the corrections: from Wed 30 Dec, 3 working days are 31 Dec, 5 and
    # 6 Jan (1–4 Jan are New Year and its transfer); with 31 Dec off they are 5, 6 and 8 Jan
    # (7 Jan is Orthodox Christmas).
    assert plain.offer_expires_at(almaty(2026, 12, 30, 12)) == almaty(2027, 1, 6, 23, 59, 59)
    assert corrected.offer_expires_at(almaty(2026, 12, 30, 12)) == almaty(2027, 1, 8, 23, 59, 59)
    # the file stays sorted and readable, and a day given twice keeps the last word
    append_correction(
        path, Correction(date(2026, 12, 31), CorrectionKind.WORKING_DAY, "decree revoked")
    )
    assert path.read_text().splitlines() == [
        "date,kind,note",
        "2026-12-26,working_day,transfer",
        "2026-12-31,working_day,decree revoked",
    ]


def test_a_broken_corrections_file_is_refused_with_its_line() -> None:
    with pytest.raises(CorrectionsFileError, match="row 2"):
        read_corrections("date,kind,note\n2026-13-01,day_off,x\n", "c.csv")
    with pytest.raises(CorrectionsFileError, match="row 2"):
        read_corrections("date,kind,note\n2026-12-01,holiday,x\n", "c.csv")
