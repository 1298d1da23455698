"""Words the chat uses in many places: statuses, benefits, dates, deadlines, positions."""

from __future__ import annotations

from datetime import datetime

from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _

from domain.dto import Position
from domain.enums import ApplicationStatus, Benefit, KindergartenKind, Language, ReferralStatus
from services.cards import Deadline, HistoryEntry
from services.clock import to_almaty
from services.eds import Person
from services.forecast import Forecast, NotEnoughData
from services.moves import Move
from services.texts import N_

# Only the chosen name is translated: the card asks for several on every update.
_STATUS_NAMES: dict[ApplicationStatus, str] = {
    ApplicationStatus.IN_QUEUE: N_("In queue"),
    ApplicationStatus.NOTIFIED: N_("Notification sent"),
    ApplicationStatus.REFERRAL_ISSUED: N_("Referral issued"),
    ApplicationStatus.ENROLLED: N_("Enrolled"),
    ApplicationStatus.STOP_LISTED: N_("Stop-listed"),
    ApplicationStatus.REMOVED: N_("Removed from the queue"),
}

_REFERRAL_STATUS_NAMES: dict[ReferralStatus, str] = {
    ReferralStatus.ACTIVE: N_("valid"),
    ReferralStatus.ENROLLED: N_("used: the child was admitted"),
    ReferralStatus.LAPSED: N_("cancelled: the child did not arrive in time"),
    ReferralStatus.REVOKED: N_("revoked by the applicant"),
}

_BENEFIT_NAMES: dict[Benefit, str] = {
    Benefit.OUT_OF_TURN: N_("out-of-turn"),
    Benefit.FIRST: N_("first-priority"),
    Benefit.NONE: N_("no benefit"),
}

_LANGUAGE_NAMES = {"kk": N_("Kazakh"), "ru": N_("Russian")}

_KIND_NAMES: dict[KindergartenKind, str] = {
    KindergartenKind.ORDINARY: N_("state kindergarten"),
    KindergartenKind.SANATORIUM: N_("sanatorium kindergarten"),
}


_DEADLINES = {
    "offer": N_("Choose a kindergarten by {date} ({left}); then the place becomes free choice."),
    "arrival": N_("Bring the child to the kindergarten by {date} ({left})."),
    "revocation": N_("You may revoke the referral until {date} ({left})."),
    "stop_list": N_("On the stop-list until {date} ({left})."),
    "documents": N_("Benefit documents issued no later than {date} ({left})."),
}

_ACTORS = {
    "parent": N_("you"),
    "staff": N_("the kindergarten"),
    "administrator": N_("the education department"),
    "scheduler": N_("automatically"),
}
_STATUS_VALUES = frozenset(status.value for status in ApplicationStatus)
_ACTIONS = {
    "referral_extended": N_("referral extended"),
    "attached": N_("attached to your IIN"),
    "reservation_moved": N_("the reserved place changed"),
    "documents": N_("benefit documents recorded"),
}


def when(moment: datetime) -> str:
    """Dates and times in Asia/Almaty, as `27.03.2026 23:59` (GLOSSARY)."""
    return to_almaty(moment).strftime("%d.%m.%Y %H:%M")


def clock_time(moment: datetime) -> str:
    """An Almaty time of day, as `16:21`."""
    return to_almaty(moment).strftime("%H:%M")


def in_chat_language(i18n: I18n, kk: str, ru: str) -> str:
    """A name the data holds in both languages (kindergartens, districts, addresses)."""
    return kk if i18n.current_locale == "kk" else ru


def day(moment: datetime) -> str:
    return to_almaty(moment).strftime("%d.%m.%Y")


def status_name(status: ApplicationStatus) -> str:
    return _(_STATUS_NAMES[status])


def referral_status_name(status: ReferralStatus) -> str:
    return _(_REFERRAL_STATUS_NAMES[status])


def benefit_name(benefit: Benefit) -> str:
    return _(_BENEFIT_NAMES[benefit])


def language_name(language: Language | str) -> str:
    return _(_LANGUAGE_NAMES[str(language)])


def kind_name(kind: KindergartenKind) -> str:
    return _(_KIND_NAMES[kind])


def working_days_left(n: int) -> str:
    if n == 0:
        return _("the last day")
    return ngettext("{n} working day left", "{n} working days left", n).format(n=n)


def days_left(n: int) -> str:
    return ngettext("{n} day left", "{n} days left", n).format(n=n)


def hours_left(n: int) -> str:
    return ngettext("{n} hour left", "{n} hours left", n).format(n=n)


def deadline_line(deadline: Deadline) -> str:
    if deadline.working_days_left is not None:
        left = working_days_left(deadline.working_days_left)
    elif deadline.hours_left is not None:
        left = hours_left(deadline.hours_left)
    else:
        left = days_left(deadline.days_left or 0)
    return _(_DEADLINES[deadline.rule]).format(date=when(deadline.at), left=left)


def position_text(position: Position) -> str:
    ahead = position.ahead
    return _(
        "Place in the queue: {position}. Ahead: {out_of_turn} out-of-turn, {first} first-priority, "
        "{none} without a benefit."
    ).format(
        position=position.position,
        out_of_turn=ahead.out_of_turn,
        first=ahead.first,
        none=ahead.none,
    )


def decimal(value: float, digits: int = 1) -> str:
    """«2,4»: a decimal comma, as both Kazakh and Russian write it."""
    return f"{value:.{digits}f}".replace(".", ",")


def forecast_lines(forecast: Forecast | NotEnoughData) -> list[str]:
    """A range, never a date, and what it rests on (services/forecast.py)."""
    if isinstance(forecast, NotEnoughData):
        return [_("Not enough data for a forecast.")]
    if forecast.soonest == forecast.latest:
        estimate = ngettext(
            "Forecast: about {n} month.", "Forecast: about {n} months.", forecast.latest
        ).format(n=forecast.latest)
    else:
        estimate = ngettext(
            "Forecast: {soonest}–{latest} month.",
            "Forecast: {soonest}–{latest} months.",
            forecast.latest,
        ).format(soonest=forecast.soonest, latest=forecast.latest)
    basis = _(
        "It rests on the places given in this queue and group year over the last 12 months "
        "({per_month} a month on average) and on the applications ahead: {ahead}."
    ).format(per_month=decimal(forecast.per_month), ahead=forecast.ahead)
    return [estimate, basis]


def move_line(move: Move) -> str:
    """Why the place changed since the parent last saw it (services/moves.py)."""
    return _(
        "Your place changed: {before} → {after} (since {date}). Places given to applications "
        "ahead: {given}; applications ahead that left the queue: {left}; out-of-turn or "
        "first-priority applications added ahead: {added}."
    ).format(
        before=move.before,
        after=move.after,
        date=when(move.since),
        given=move.given,
        left=move.left,
        added=move.added,
    )


def history_line(entry: HistoryEntry) -> str:
    actor = _(_ACTORS[entry.actor]) if entry.actor in _ACTORS else entry.actor
    if entry.to_state in _STATUS_VALUES:
        change = status_name(ApplicationStatus(entry.to_state))
    elif entry.action in _ACTIONS:
        change = _(_ACTIONS[entry.action])
    else:
        change = entry.action
    return _("{date}: {change} ({actor})").format(date=when(entry.at), change=change, actor=actor)


def person_text(person: Person) -> str:
    return _("Key owner: {name}\nIIN: {iin}\nCertificate valid until {until}").format(
        name=person.full_name, iin=person.masked_iin, until=day(person.valid_until)
    )


def benefit_line(documents_due_at: datetime) -> str:
    """R17, told before signing."""
    return _(
        "You apply under a benefit: at the kindergarten you will need documents confirming it, "
        "issued no later than {date}."
    ).format(date=day(documents_due_at))
