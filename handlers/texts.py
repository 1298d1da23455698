"""Words the chat uses in many places: statuses, benefits, dates, deadlines, positions."""

from __future__ import annotations

from datetime import datetime

from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _

from services.clock import to_almaty
from services.dto import Position
from services.eds import Person
from services.enums import ApplicationStatus, Benefit, KindergartenKind, Language, ReferralStatus
from services.journal import Deadline, HistoryEntry


def when(moment: datetime) -> str:
    """Dates and times in Asia/Almaty, as `27.03.2026 23:59` (GLOSSARY)."""
    return to_almaty(moment).strftime("%d.%m.%Y %H:%M")


def in_chat_language(i18n: I18n, kk: str, ru: str) -> str:
    """A name the data holds in both languages (kindergartens, districts, addresses)."""
    return kk if i18n.current_locale == "kk" else ru


def day(moment: datetime) -> str:
    return to_almaty(moment).strftime("%d.%m.%Y")


def status_name(status: ApplicationStatus) -> str:
    return {
        ApplicationStatus.IN_QUEUE: _("In queue"),
        ApplicationStatus.NOTIFIED: _("Notification sent"),
        ApplicationStatus.REFERRAL_ISSUED: _("Referral issued"),
        ApplicationStatus.ENROLLED: _("Enrolled"),
        ApplicationStatus.STOP_LISTED: _("Stop-listed"),
        ApplicationStatus.REMOVED: _("Removed from the queue"),
    }[status]


def referral_status_name(status: ReferralStatus) -> str:
    return {
        ReferralStatus.ACTIVE: _("valid"),
        ReferralStatus.ENROLLED: _("used: the child was admitted"),
        ReferralStatus.LAPSED: _("cancelled: the child did not arrive in time"),
        ReferralStatus.REVOKED: _("revoked by the applicant"),
    }[status]


def benefit_name(benefit: Benefit) -> str:
    return {
        Benefit.OUT_OF_TURN: _("out-of-turn"),
        Benefit.FIRST: _("first-priority"),
        Benefit.NONE: _("no benefit"),
    }[benefit]


def language_name(language: Language | str) -> str:
    return {"kk": _("Kazakh"), "ru": _("Russian")}[str(language)]


def kind_name(kind: KindergartenKind) -> str:
    return {
        KindergartenKind.ORDINARY: _("state kindergarten"),
        KindergartenKind.SANATORIUM: _("sanatorium kindergarten"),
    }[kind]


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
    template = {
        "offer": _("Choose a kindergarten by {date} ({left}); then the place becomes free choice."),
        "arrival": _("Bring the child to the kindergarten by {date} ({left})."),
        "revocation": _("You may revoke the referral until {date} ({left})."),
        "stop_list": _("On the stop-list until {date} ({left})."),
        "documents": _("Benefit documents issued no later than {date} ({left})."),
    }[deadline.rule]
    return template.format(date=when(deadline.at), left=left)


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


def history_line(entry: HistoryEntry) -> str:
    actor = {
        "parent": _("you"),
        "staff": _("the kindergarten"),
        "administrator": _("the education department"),
        "scheduler": _("automatically"),
    }.get(entry.actor, entry.actor)
    if entry.to_state in {s.value for s in ApplicationStatus}:
        change = status_name(ApplicationStatus(entry.to_state))
    else:
        change = {
            "referral_extended": _("referral extended"),
            "attached": _("attached to your IIN"),
            "reservation_moved": _("the reserved place changed"),
            "documents": _("benefit documents recorded"),
        }.get(entry.action, entry.action)
    return _("{date}: {change} ({actor})").format(date=when(entry.at), change=change, actor=actor)


def person_text(person: Person) -> str:
    return _("Key owner: {name}\nIIN: {iin}\nCertificate valid until {until}").format(
        name=person.full_name, iin=person.masked_iin, until=day(person.valid_until)
    )
