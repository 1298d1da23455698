"""The notifications a state change causes (RULES.md reminders), written to the outbox in the
same transaction as the change, each with a key that makes it happen at most once.

A reminder is an outbox row like any other whose `due_at` lies ahead: the row is the schedule,
so a restart, a second instance or a long downtime cannot lose or repeat it. Whether a reminder
still makes sense (the offer still open, the same deadline) is decided when it is due."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from domain.notices import Channel, Notice, NoticeEvent
from services.calendar import WorkCalendar

REVOCATION_REMINDER_LEAD = timedelta(hours=2)  # RULES.md: 2 hours before the R15 window closes


# The parent is in the chat when the referral is issued and sees it there at once; the e-mail
# is their receipt. Everything else goes to every channel the parent gave (R6).
# A free-choice place goes to whoever takes it first (R8): an e-mail would come too late to
# matter, so its alert is the chat's only.
_CHANNELS_OF = {
    NoticeEvent.REFERRAL_ISSUED: frozenset({Channel.EMAIL}),
    NoticeEvent.FREE_CHOICE: frozenset({Channel.TELEGRAM}),
}


def channels_of(event: NoticeEvent) -> frozenset[Channel]:
    return _CHANNELS_OF.get(event, frozenset(Channel))


class Outbox(Protocol):
    """Where addressed notices are written: the unit of work's outbox, in its transaction."""

    async def add_many(self, addressed: Sequence[tuple[Notice, Channel]]) -> None: ...


class Postbox:
    """Addresses notices: each goes to the channels its event calls for (`channels_of`) that this
    deployment has (e-mail only with an SMTP server), one outbox row per channel."""

    def __init__(self, channels: frozenset[Channel]) -> None:
        self.channels = channels

    def addressed(self, notices: Sequence[Notice]) -> list[tuple[Notice, Channel]]:
        return [
            (notice, channel)
            for notice in notices
            for channel in sorted(channels_of(notice.event) & self.channels)
        ]

    async def post(self, outbox: Outbox, notices: Sequence[Notice]) -> None:
        await outbox.add_many(self.addressed(notices))


def _stamp(moment: datetime) -> str:
    return f"{moment:%Y%m%dT%H%M%S}"


def _reminder(
    application_id: int,
    event: NoticeEvent,
    now: datetime,
    due_at: datetime,
    deadline: datetime,
    **payload: Any,
) -> list[Notice]:
    # A reminder whose moment has already passed (a window that opened on its own last day)
    # would only repeat what the parent has just been told.
    if due_at <= now or deadline <= now:
        return []
    occasion = f"{payload.get('referral', '')}@{_stamp(deadline)}"
    payload = {**payload, "deadline": deadline.isoformat()}
    return [Notice(application_id, event, occasion, now, payload, due_at=due_at)]


def turn_notices(
    application_id: int, place_id: int, now: datetime, expires_at: datetime, calendar: WorkCalendar
) -> list[Notice]:
    """R6 turn arrived, and the R8 reminder one working day before the window ends."""
    deadline = {"deadline": expires_at.isoformat()}
    return [
        Notice(
            application_id, NoticeEvent.TURN_ARRIVED, f"{place_id}:{_stamp(now)}", now, deadline
        ),
        *_reminder(
            application_id,
            NoticeEvent.OFFER_ENDING,
            now,
            calendar.reminder_before(expires_at),
            expires_at,
        ),
    ]


def referral_notices(
    application_id: int,
    number: str,
    now: datetime,
    *,
    lapses_at: datetime,
    revocable_until: datetime,
    documents_due_at: datetime | None,
    calendar: WorkCalendar,
) -> list[Notice]:
    """The receipt, and the reminders of R12, R15 and (benefit holders) R17."""
    notices = [
        Notice(application_id, NoticeEvent.REFERRAL_ISSUED, number, now, {"referral": number}),
        *arrival_reminder(application_id, number, now, lapses_at, calendar),
        *_reminder(
            application_id,
            NoticeEvent.REVOCATION_ENDING,
            now,
            revocable_until - REVOCATION_REMINDER_LEAD,
            revocable_until,
            referral=number,
        ),
    ]
    if documents_due_at is not None:
        # The documents are shown on arrival, so the reminder comes before whichever is first.
        first = min(documents_due_at, lapses_at)
        notices += _reminder(
            application_id,
            NoticeEvent.DOCUMENTS_REMINDER,
            now,
            calendar.reminder_before(first),
            documents_due_at,
            referral=number,
        )
    return notices


def arrival_reminder(
    application_id: int, number: str, now: datetime, lapses_at: datetime, calendar: WorkCalendar
) -> list[Notice]:
    """R12 one working day before the deadline; an R14 extension schedules a new one (the old
    one names the old deadline and is dropped when it comes due)."""
    return _reminder(
        application_id,
        NoticeEvent.ARRIVAL_ENDING,
        now,
        calendar.reminder_before(lapses_at),
        lapses_at,
        referral=number,
    )


def free_choice_notices(
    subscribers: Sequence[tuple[int, str]],
    place_id: int,
    kindergarten: tuple[str, str],
    now: datetime,
    shuffle: Callable[[list[Notice]], None],
) -> list[Notice]:
    """R8's free-choice place, announced to every parent who asked for it (one alert per place
    and parent, whichever of their applications asked), all at once and in a random order: the
    outbox sends in the order it was written, and the place goes to whoever takes it first."""
    seen: set[str] = set()
    notices = []
    for application_id, parent_iin in subscribers:
        if parent_iin in seen:
            continue
        seen.add(parent_iin)
        notices.append(
            Notice(
                application_id,
                NoticeEvent.FREE_CHOICE,
                str(place_id),
                now,
                {"kindergarten_kk": kindergarten[0], "kindergarten_ru": kindergarten[1]},
            )
        )
    shuffle(notices)
    return notices
