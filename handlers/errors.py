"""Every refusal of a service, as a sentence in the parent's language that names the rule and
what to do next; and the last resort for anything unexpected: no traceback reaches a parent."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent
from aiogram.utils.i18n import gettext as _

from handlers.texts import day, when
from services.errors import DomainError

router = Router(name=__name__)
log = logging.getLogger(__name__)


def _not_eligible(error: DomainError) -> str:
    reason = error.params.get("reason")
    return {
        "too_young": lambda: _(
            "Choosing a state kindergarten opens when the child is 2 full years old: from {date}."
        ).format(date=day_of(error.params.get("from_date"))),
        "has_referral": lambda: _("This application already has a referral."),
        "enrolled": lambda: _("The child is already enrolled by this application."),
        "removed": lambda: _("The application was removed from the queue."),
        "enrolled_elsewhere": lambda: _(
            "The child is enrolled in a preschool organisation. A sanatorium referral is possible "
            "after that organisation records the discharge."
        ),
        "no_turn": lambda: _(
            "Your turn has not come yet and there are no free-choice places for your group year. "
            "We will tell you when your turn comes."
        ),
        "no_free_places": lambda: _("There are no free places you can take right now."),
    }.get(
        str(reason), lambda: _("Choosing a kindergarten is not possible for this application now.")
    )()


def day_of(value: object) -> str:
    return value.strftime("%d.%m.%Y") if hasattr(value, "strftime") else str(value)


_MESSAGES: dict[str, Callable[[DomainError], str]] = {
    "application_not_found": lambda e: _("This application is not in your journal."),
    "not_your_application": lambda e: _("This application is not in your journal."),
    "referral_not_found": lambda e: _("There is no such referral."),
    "not_eligible": _not_eligible,
    "place_no_longer_free": lambda e: _(
        "Somebody has just taken this place. Here are the places that are free now."
    ),
    "stop_listed": lambda e: _(
        "The application is on the stop-list for 10 working days, until {date}: no referral can be "
        "obtained until then."
    ).format(date=when(e.params["until"])),
    "signer_is_not_applicant": lambda e: _(
        "The referral must be signed with the applicant's own key."
    ),
    "referral_not_active": lambda e: _("The referral is no longer valid."),
    "revocation_window_closed": lambda e: _(
        "A referral can be revoked only within 24 hours of its issue; that time ended at {date}."
    ).format(date=when(e.params["closed_at"])),
    "already_extended": lambda e: _("The referral can be extended only once, and it already was."),
    "extension_out_of_range": lambda e: _("Choose from 1 to {maximum} calendar days.").format(
        maximum=e.params["maximum"]
    ),
    "referral_lapsed": lambda e: _("The referral has already lapsed and cannot be extended."),
    "signature_does_not_match": lambda e: _(
        "The signature does not match the request. Please sign again."
    ),
    "choice_not_available": lambda e: _(
        "This kindergarten is not among the places open to this application."
    ),
    "not_logged_in": lambda e: _("Please log in with your EDS key first."),
    "invalid_email": lambda e: _(
        "This does not look like an e-mail address. Example: aigul@mail.kz"
    ),
    "not_own_contact": lambda e: _("Please share your own phone number with the button below."),
    "application_not_attachable": lambda e: _(
        "No application with this number names you as the child's parent. Check the number, or ask "
        "the education department to add your IIN to the child's record."
    ),
    "key_too_large": lambda e: _("This file is too large for an EDS key (more than 64 KB)."),
    "not_pkcs12": lambda e: _(
        "This is not an EDS key file. Send the .p12 file from your key storage."
    ),
    "wrong_password": lambda e: _("The password is wrong. Send it again."),
    "gost_key": lambda e: _(
        "This is a GOST key. Please send the RSA key file: its name starts with AUTH_RSA256 "
        "(login) "
        "or RSA256 (signing)."
    ),
    "no_private_key": lambda e: _("The file has no private key. Send the key file itself."),
    "unsupported_key": lambda e: _(
        "This key type is not supported. Please send your RSA key file."
    ),
    "certificate_expired": lambda e: _(
        "The key's certificate expired on {date}. Please get a new key from NCA."
    ).format(date=day(e.params["not_after"])),
    "certificate_not_yet_valid": lambda e: _(
        "The key's certificate is valid only from {date}."
    ).format(date=day(e.params["not_before"])),
    "untrusted_certificate": lambda e: _(
        "The key was not issued by the National Certification Authority."
    ),
    "certificate_revoked": lambda e: _(
        "The key was revoked on {date}. Please get a new key from NCA."
    ).format(date=day(e.params["revoked_at"])),
    "revocation_unknown": lambda e: _(
        "We cannot check the key's revocation right now. Please try again later."
    ),
    "wrong_key_purpose": lambda e: (
        _("This is a signing key. To log in, send the key whose name starts with AUTH_RSA256.")
        if e.params.get("expected") == "auth"
        else _(
            "This is a login key. To sign, send the key whose name starts with RSA256 (without "
            "AUTH)."
        )
    ),
    "company_key": lambda e: _("This is an organisation's key. Please use your personal key."),
    "no_iin_in_certificate": lambda e: _("The key's certificate has no valid IIN."),
    "proof_failed": lambda e: _("The key does not match its certificate."),
    "signature_invalid": lambda e: _("The signature is not valid."),
    "unsupported_algorithm": lambda e: _("This signature algorithm (GOST) is not supported."),
    "too_many_attempts": lambda e: _("Too many wrong passwords. Try again after {time}.").format(
        time=when(e.params["until"])
    ),
}


def describe(error: DomainError) -> str:
    message = _MESSAGES.get(error.code)
    if message is None:
        log.warning("no chat text for %s", error.code)
        return _("This cannot be done now.")
    return message(error)


@router.errors()
async def unexpected(event: ErrorEvent) -> bool:
    """The last resort: a refusal the handler did not expect, or a fault."""
    update = event.update
    target = update.message or (update.callback_query.message if update.callback_query else None)
    if isinstance(event.exception, DomainError):
        text = describe(event.exception)
    else:
        log.exception("update %s failed", update.update_id, exc_info=event.exception)
        text = _("Something went wrong on our side. Please try again; if it repeats, /start again.")
    with suppress(TelegramAPIError):  # the handler may have answered the button already
        if update.callback_query is not None:
            await update.callback_query.answer()
    if target is not None and hasattr(target, "answer"):
        await target.answer(text)
    return True
