"""The playground's time: the real time, moved forward by the time panel one working day at a
time, so that a visitor can watch the reminders, the R8 free choice, the R12 lapse and the
stop-list happen. It is the Clock every service is given; the real clock is never touched. The
offset is kept in a file beside the playground's database, whose dates it explains: a restart
goes on at the same moment."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from services.calendar import WorkCalendar
from services.clock import ALMATY, Clock, SystemClock, to_almaty

MORNING = time(10, 0)  # after the 09:00 reminders (RULES.md) of the day it moves to


class PlaygroundClock:
    def __init__(self, offset_file: Path, real: Clock | None = None) -> None:
        self._real = real or SystemClock()
        self._file = offset_file
        self._offset = timedelta(0)
        if offset_file.exists():
            try:
                self._offset = timedelta(seconds=float(offset_file.read_text().strip()))
            except ValueError:  # a file someone edited: start from the real time
                self._offset = timedelta(0)

    def now(self) -> datetime:
        return self._real.now() + self._offset

    @property
    def moved_by(self) -> timedelta:
        return self._offset

    def move_to(self, moment: datetime) -> None:
        """Forward only: the data's dates never lie in the future of a later visit."""
        ahead = moment - self.now()
        if ahead > timedelta(0):
            self._offset += ahead
            self._file.parent.mkdir(parents=True, exist_ok=True)
            self._file.write_text(f"{self._offset.total_seconds():.3f}\n")

    def next_working_day(self, calendar: WorkCalendar) -> datetime:
        """10:00 Almaty of the working day after today."""
        today = to_almaty(self.now()).date()
        day = calendar.nth_working_day_after(today, 1)
        return datetime.combine(day, MORNING, tzinfo=ALMATY)
