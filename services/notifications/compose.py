"""From a claimed outbox row to the words a parent reads, in their language — or the reason it
is not sent: a reminder whose deadline moved or passed, an offer already used, no address.

The words are rendered when the notice goes out, from the facts as they are then, so a parent
never reads about a deadline that no longer holds."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.enums import WAITING_STATUSES, ApplicationStatus, DocumentsStatus
from domain.notices import Channel, NoticeEvent
from domain.outbox import Claimed, Facts
from services.clock import to_almaty
from services.notifications.model import Envelope
from services.texts import N_, Translator

LOCALES = ("kk", "ru")

SUBJECTS = {
    NoticeEvent.TURN_ARRIVED: N_("Your turn has come"),
    NoticeEvent.OFFER_ENDING: N_("The time to choose a kindergarten is ending"),
    NoticeEvent.REFERRAL_ISSUED: N_("The referral is issued"),
    NoticeEvent.ARRIVAL_ENDING: N_("The referral lapses soon"),
    NoticeEvent.REVOCATION_ENDING: N_("The referral can be revoked for 2 more hours"),
    NoticeEvent.DOCUMENTS_REMINDER: N_("Documents confirming the benefit"),
    NoticeEvent.REFERRAL_LAPSED: N_("The referral is cancelled"),
    NoticeEvent.STOP_LIST_OVER: N_("The stop-list is over"),
    NoticeEvent.REMOVED: N_("The application is removed from the queue"),
    NoticeEvent.BROADCAST: N_("A message from the education department"),
    NoticeEvent.FREE_CHOICE: N_("A free-choice place"),
}

BODIES = {
    NoticeEvent.FREE_CHOICE: N_(
        "Application No. {number} ({child}): a place for your group year in {kindergarten} is "
        "now open to free choice. It goes to whoever takes it first: the free places are under "
        "the button."
    ),
    NoticeEvent.TURN_ARRIVED: N_(
        "Application No. {number} ({child}): your turn has come, a place in a kindergarten is "
        "waiting for you. Choose a kindergarten by {deadline}; after that the place goes to free "
        "choice, and the application keeps its place in the queue."
    ),
    NoticeEvent.OFFER_ENDING: N_(
        "Application No. {number} ({child}): the time to choose a kindergarten ends at "
        "{deadline}. After that the place offered to you goes to free choice."
    ),
    NoticeEvent.REFERRAL_ISSUED: N_(
        "Application No. {number} ({child}): the referral No. {referral} is issued: "
        "{kindergarten}. Bring the child to the kindergarten by {deadline}."
    ),
    NoticeEvent.ARRIVAL_ENDING: N_(
        "Application No. {number} ({child}): if the child does not come to the kindergarten "
        "({kindergarten}) by {deadline}, the referral No. {referral} is cancelled and the "
        "application is stop-listed for 10 working days."
    ),
    NoticeEvent.REVOCATION_ENDING: N_(
        "Application No. {number} ({child}): you may revoke the referral No. {referral} until "
        "{deadline}; after that it can no longer be revoked."
    ),
    NoticeEvent.DOCUMENTS_REMINDER: N_(
        "Application No. {number} ({child}): the referral was obtained under a benefit. Bring "
        "documents confirming it, issued no later than {day}, to the kindergarten "
        "({kindergarten})."
    ),
    NoticeEvent.REFERRAL_LAPSED: N_(
        "Application No. {number} ({child}): the referral No. {referral} is cancelled, because "
        "the child did not come to the kindergarten within 5 working days. The application is "
        "stop-listed until {until}: no referral can be obtained before then."
    ),
    NoticeEvent.STOP_LIST_OVER: N_(
        "Application No. {number} ({child}): the stop-list is over and the application is back "
        "in the queue. A referral can be obtained again when free places appear."
    ),
    NoticeEvent.REMOVED: N_(
        "Application No. {number} ({child}): the referral No. {referral} is cancelled. It is "
        "the second time the child did not come, so the application is removed from the queue."
    ),
}
EXTENSION_HINT = N_(
    "You may extend the referral once, by up to 30 days, in the application's card."
)
OPEN_BUTTON = N_("Open the application")
PLACES_BUTTON = N_("Free places")


def _when(moment: datetime) -> str:
    return to_almaty(moment).strftime("%d.%m.%Y %H:%M")


def _day(moment: datetime) -> str:
    return to_almaty(moment).strftime("%d.%m.%Y")


def _deadline(claimed: Claimed) -> datetime | None:
    value = claimed.payload.get("deadline")
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def stale_reason(claimed: Claimed, facts: Facts, now: datetime) -> str | None:
    """Why a notice no longer holds, or None when it does."""
    deadline = _deadline(claimed)
    reason = _no_longer_true(claimed, facts, deadline)
    if reason is None and deadline is not None and deadline <= now:
        return "its deadline has passed"
    return reason


def _no_longer_true(claimed: Claimed, facts: Facts, deadline: datetime | None) -> str | None:
    event = claimed.event
    same_referral = facts.referral_number == claimed.payload.get("referral")
    if event is NoticeEvent.FREE_CHOICE and facts.status not in WAITING_STATUSES:
        return "the application no longer waits in the queue"
    if event in (NoticeEvent.TURN_ARRIVED, NoticeEvent.OFFER_ENDING):
        if facts.status is not ApplicationStatus.NOTIFIED or facts.offer_expires_at != deadline:
            return "the offer is no longer open"
    elif event is NoticeEvent.ARRIVAL_ENDING:
        if not same_referral or facts.referral_lapses_at != deadline:
            return "the referral is closed or its deadline moved"
    elif event is NoticeEvent.REVOCATION_ENDING:
        if not same_referral:
            return "the referral is closed"
    elif event is NoticeEvent.DOCUMENTS_REMINDER and (
        not same_referral or facts.documents_status is not DocumentsStatus.PENDING
    ):
        return "the documents are recorded or the referral is closed"
    return None


def _params(claimed: Claimed, facts: Facts, locale: str) -> dict[str, Any]:
    payload = claimed.payload
    deadline = _deadline(claimed)
    if claimed.event is NoticeEvent.REFERRAL_ISSUED and facts.referral_lapses_at is not None:
        deadline = facts.referral_lapses_at
    until = payload.get("stop_listed_until")
    kindergarten = facts.kindergarten_kk if locale == "kk" else facts.kindergarten_ru
    if claimed.event is NoticeEvent.FREE_CHOICE:
        kindergarten = str(claimed.payload.get(f"kindergarten_{locale}", ""))
    return {
        "number": facts.number,
        "child": facts.child_name,
        "referral": payload.get("referral", ""),
        "kindergarten": kindergarten or "",
        "deadline": _when(deadline) if deadline else "",
        "day": _day(deadline) if deadline else "",
        "until": _when(datetime.fromisoformat(until)) if isinstance(until, str) else "",
    }


def _words(claimed: Claimed, facts: Facts, locale: str, t: Translator) -> tuple[str, str]:
    subject = t.translate(locale, SUBJECTS[claimed.event])
    if claimed.event is NoticeEvent.BROADCAST:
        # Who speaks heads the message: in a chat there is no subject line to say it.
        text = str(claimed.payload.get(locale) or claimed.payload.get("text", ""))
        return subject, f"{subject}\n\n{text}"
    body = t.translate(locale, BODIES[claimed.event], **_params(claimed, facts, locale))
    if claimed.event is NoticeEvent.ARRIVAL_ENDING and not facts.referral_extended:
        body += "\n" + t.translate(locale, EXTENSION_HINT)
    return subject, body


def compose(claimed: Claimed, facts: Facts, translator: Translator) -> Envelope | str:
    """The message on the claimed row's channel, or why there is nobody to send it to."""
    if claimed.channel is Channel.TELEGRAM:
        if facts.chat_id is None:
            return "the parent has no chat with the bot"
        if facts.chat_blocked:
            return "the parent blocked the bot"
        locale = facts.locale if facts.locale in LOCALES else LOCALES[0]
        subject, text = _words(claimed, facts, locale, translator)
        opens_places = claimed.event is NoticeEvent.FREE_CHOICE
        label = PLACES_BUTTON if opens_places else OPEN_BUTTON
        button = translator.translate(locale, label) if claimed.application_id else None
        address = str(facts.chat_id)
    else:
        if not facts.email:
            return "the parent gave no e-mail address"
        # Without a chosen language the e-mail says it in both (Kazakh first, as the portal).
        locales = (facts.locale,) if facts.locale in LOCALES else LOCALES
        parts = [_words(claimed, facts, lo, translator) for lo in locales]
        subject = " / ".join(s for s, _ in parts)
        text = "\n\n".join(b for _, b in parts)
        button, address, opens_places = None, facts.email, False
    return Envelope(
        outbox_id=claimed.id,
        channel=claimed.channel,
        address=address,
        subject=subject,
        text=text,
        application_id=claimed.application_id,
        button=button,
        attempts=claimed.attempts,
        opens_places=opens_places,
    )
