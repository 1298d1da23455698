"""Working days of Kazakhstan, in Asia/Almaty, and the deadlines of the rules.

A working day is Monday–Friday that is not a public holiday, plus any weekend day a transfer
decree makes a working day, minus any weekday it makes a day off (the `holidays` package knows
the decrees it knows; a corrections file adds the ones it does not). "N working days after an
event" ends at 23:59:59 of the N-th working day after the event's own (Almaty) day.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path

import holidays

from services.clock import ALMATY, to_almaty

OFFER_WINDOW_WORKING_DAYS = 3  # R8
ARRIVAL_WORKING_DAYS = 5  # R12
STOP_LIST_WORKING_DAYS = 10  # R12
REVOCATION_WINDOW = timedelta(hours=24)  # R15
DOCUMENTS_CALENDAR_DAYS = 10  # R17

_END_OF_DAY = time(23, 59, 59)
REMINDER_TIME = time(9, 0)


class CorrectionKind(StrEnum):
    DAY_OFF = "day_off"
    WORKING_DAY = "working_day"


@dataclass(frozen=True, slots=True)
class Correction:
    day: date
    kind: CorrectionKind
    note: str


class CorrectionsFileError(ValueError):
    pass


def read_corrections(text: str, source: str = "corrections") -> list[Correction]:
    """`date,kind,note` lines; `#` starts a comment line."""
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    result: list[Correction] = []
    for number, row in enumerate(csv.reader(rows), start=1):
        if number == 1 and row and row[0] == "date":
            continue
        if len(row) < 2:
            raise CorrectionsFileError(f"{source}: row {number}: expected date,kind,note")
        try:
            day = date.fromisoformat(row[0].strip())
            kind = CorrectionKind(row[1].strip())
        except ValueError as exc:
            raise CorrectionsFileError(f"{source}: row {number}: {exc}") from None
        result.append(Correction(day, kind, row[2].strip() if len(row) > 2 else ""))
    return result


def load_corrections(path: Path | None) -> list[Correction]:
    if path is None or not path.exists():
        return []
    return read_corrections(path.read_text(encoding="utf-8"), str(path))


def append_correction(path: Path, correction: Correction) -> None:
    """Adds (or replaces) one day's correction, keeping the file sorted and readable."""
    existing = {c.day: c for c in load_corrections(path)}
    existing[correction.day] = correction
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["date", "kind", "note"])
    for item in sorted(existing.values(), key=lambda c: c.day):
        writer.writerow([item.day.isoformat(), item.kind.value, item.note])
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(buffer.getvalue(), encoding="utf-8")
    temporary.replace(path)


class WorkCalendar:
    def __init__(self, corrections: Iterable[Correction] = ()) -> None:
        self._holidays = holidays.country_holidays("KZ")
        self._corrections: Mapping[date, CorrectionKind] = {c.day: c.kind for c in corrections}
        # The calendar never changes after construction and a sweep asks about the same few days
        # thousands of times, so the answers are memoised per instance.
        self._working: dict[date, bool] = {}
        self._nth_after: dict[tuple[date, int], date] = {}

    def is_working_day(self, day: date) -> bool:
        known = self._working.get(day)
        if known is None:
            correction = self._corrections.get(day)
            if correction is not None:
                known = correction is CorrectionKind.WORKING_DAY
            else:
                known = bool(self._holidays.is_working_day(day))
            self._working[day] = known
        return known

    def holiday_name(self, day: date) -> str | None:
        name = self._holidays.get(day)
        return str(name) if name else None

    def nth_working_day_after(self, day: date, n: int) -> date:
        if n < 1:
            raise ValueError("n must be at least 1")
        known = self._nth_after.get((day, n))
        if known is None:
            known = day
            found = 0
            while found < n:
                known += timedelta(days=1)
                found += self.is_working_day(known)
            self._nth_after[(day, n)] = known
        return known

    def working_days_in(self, start: date, end: date) -> int:
        """Working days in [start, end], both included."""
        count = 0
        current = start
        while current <= end:
            count += self.is_working_day(current)
            current += timedelta(days=1)
        return count

    def end_of_working_days(self, event: datetime, n: int) -> datetime:
        """23:59:59 Almaty of the N-th working day after the event's own day."""
        deadline_day = self.nth_working_day_after(to_almaty(event).date(), n)
        return datetime.combine(deadline_day, _END_OF_DAY, tzinfo=ALMATY)

    def working_days_left(self, now: datetime, deadline: datetime) -> int:
        """Whole working days after today until the deadline's day (0 on its last day): on the
        day a 3-working-day window opens, 3 are left, as the rule says."""
        if now > deadline:
            return 0
        return self.working_days_in(
            to_almaty(now).date() + timedelta(days=1), to_almaty(deadline).date()
        )

    # --- the deadlines of the rules --------------------------------------------------------------
    def offer_expires_at(self, notified_at: datetime) -> datetime:
        """R8: the turn's window ends after 3 working days."""
        return self.end_of_working_days(notified_at, OFFER_WINDOW_WORKING_DAYS)

    def referral_lapses_at(self, issued_at: datetime) -> datetime:
        """R12: the child must arrive within 5 working days of the referral."""
        return self.end_of_working_days(issued_at, ARRIVAL_WORKING_DAYS)

    def stop_listed_until(self, lapsed_at: datetime) -> datetime:
        """R12: 10 working days on the stop-list after a lapse."""
        return self.end_of_working_days(lapsed_at, STOP_LIST_WORKING_DAYS)

    @staticmethod
    def extended_lapse(lapses_at: datetime, days: int) -> datetime:
        """R14: an extension adds calendar days to the current deadline."""
        return lapses_at + timedelta(days=days)

    @staticmethod
    def revocable_until(issued_at: datetime) -> datetime:
        """R15: the applicant may revoke within 24 hours of issue."""
        return issued_at + REVOCATION_WINDOW

    @staticmethod
    def documents_due_at(requested_at: datetime) -> datetime:
        """R17: benefit documents dated no later than 10 calendar days after the request day."""
        day = to_almaty(requested_at).date() + timedelta(days=DOCUMENTS_CALENDAR_DAYS)
        return datetime.combine(day, _END_OF_DAY, tzinfo=ALMATY)

    def reminder_before(self, deadline: datetime, working_days: int = 1) -> datetime:
        """When to say "N working day(s) left": 09:00 Almaty of the N-th working day counted
        back from the deadline's day (the deadline's own day is the first)."""
        day = to_almaty(deadline).date()
        counted = 0
        while True:
            if self.is_working_day(day):
                counted += 1
                if counted == working_days:
                    return datetime.combine(day, REMINDER_TIME, tzinfo=ALMATY)
            day -= timedelta(days=1)
