"""Every refusal of a service, as a sentence in the reader's language that names the rule and
what to do next (the errors router sends it: handlers/errors.py).

This module is long because it is one table: every refusal's sentence in one place, where a
translator and a reviewer see them side by side."""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiogram.utils.i18n import gettext as _

from domain.enums import ApplicationStatus
from handlers.texts import day, status_name, when
from services.errors import DomainError

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


def _invalid_command(error: DomainError) -> str:
    params = error.params
    problem = str(params.get("problem"))
    for table in (_staff_problems, _admin_problems):
        text = table(params).get(problem)
        if text is not None:
            return text()
    return _("This command is not written correctly.")


def _staff_problems(params: dict[str, object]) -> dict[str, Callable[[], str]]:
    return {
        "referral_missing": lambda: _(
            "Add the referral's number or the code from its QR, e.g. /arrived 2026-000123."
        ),
        "iin_missing": lambda: _("Add the child's IIN, e.g. /discharged 200101500017."),
        "documents_usage": lambda: _(
            "Write the referral's number and yes or no, e.g. /documents 2026-000123 yes."
        ),
        "user_id_not_a_number": lambda: _(
            "«{value}» is not a Telegram ID: the person learns theirs with /id."
        ).format(value=params.get("value", "")),
        "grant_usage": lambda: _(
            "Write /grant ID admin DISTRICT [DISTRICT…] or /grant ID staff KINDERGARTEN."
        ),
    }


def _admin_problems(params: dict[str, object]) -> dict[str, Callable[[], str]]:
    return {
        "count_not_a_number": lambda: _("«{value}» is not a number of places.").format(
            value=params.get("value", "")
        ),
        "count_out_of_range": lambda: _("The number of places must be from 1 to {maximum}.").format(
            maximum=params.get("maximum", "")
        ),
        "group_year_out_of_range": lambda: _(
            "Group year {value} is not a preschool group year now."
        ).format(value=params.get("value", "")),
        "language_not_taught": lambda: _("The kindergarten has no groups in this language."),
        "no_such_application": lambda: _(
            "No application has the number or the child's IIN «{value}»."
        ).format(value=params.get("value", "")),
        "query_missing": lambda: _(
            "Add the application's number or the child's IIN, e.g. /find 2026-000123."
        ),
        "export_too_large": lambda: _(
            "{rows} applications are too many for one file; export one district at a time: "
            "/export DISTRICT."
        ).format(rows=params.get("rows", "")),
        "broadcast_empty": lambda: _("The message is empty."),
        "broadcast_too_long": lambda: _(
            "The message has {length} characters; at most {maximum} fit."
        ).format(length=params.get("length", ""), maximum=params.get("maximum", "")),
        "unknown_csv": lambda: _(
            "This CSV is none of the import files: its header must be the columns of districts, "
            "kindergartens, places, children or applications (see /staff)."
        ),
        "file_too_large": lambda: _("The file is larger than {maximum} MB.").format(
            maximum=params.get("maximum", "")
        ),
        "row_out_of_scope": lambda: _(
            "Line {line}: «{value}» is outside your districts; nothing was imported."
        ).format(line=params.get("line", ""), value=params.get("value", "")),
    }


def _wrong_state(error: DomainError) -> str:
    value = str(error.params.get("status", ""))
    if value in {s.value for s in ApplicationStatus}:
        value = status_name(ApplicationStatus(value))
    return _("This cannot be done now: the application's status is «{status}».").format(
        status=value
    )


def day_of(value: object) -> str:
    return value.strftime("%d.%m.%Y") if hasattr(value, "strftime") else str(value)


_MESSAGES: dict[str, Callable[[DomainError], str]] = {
    "application_not_found": lambda e: _("This application is not in your journal."),
    "not_your_application": lambda e: _("This application is not in your journal."),
    "referral_not_found": lambda e: _("There is no such referral."),
    "not_eligible": _not_eligible,
    "alerts_while_waiting": lambda e: _(
        "Free-choice alerts are for an application that waits in the queue."
    ),
    "not_in_your_queue": lambda e: _("This kindergarten is not in your application's queue."),
    "too_many_kindergartens": lambda e: _(
        "Up to {maximum} kindergartens: switch one off first, or choose every kindergarten."
    ).format(maximum=e.params["maximum"]),
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
    "no_role": lambda e: _(
        "I did not understand that. Please use the menu buttons below, or /help."
    ),
    "out_of_scope": lambda e: _(
        "This is outside the districts or the kindergarten you are responsible for."
    ),
    "unknown_district": lambda e: _("There is no district with the code «{value}».").format(
        value=e.params.get("value", "")
    ),
    "unknown_kindergarten": lambda e: _("There is no kindergarten with the code «{value}».").format(
        value=e.params.get("value", "")
    ),
    "kindergarten_not_found": lambda e: _("There is no such kindergarten."),
    "invalid_command": _invalid_command,
    "reason_required": lambda e: _(
        "Please write the reason in a few words: it is kept in the audit log."
    ),
    "wrong_application_state": _wrong_state,
    "wrong_kindergarten": lambda e: _("This referral or child belongs to another kindergarten."),
    "child_not_enrolled": lambda e: _("This child is not recorded as attending a kindergarten."),
    "documents_not_required": lambda e: _(
        "This referral was not obtained under a benefit: no documents are required."
    ),
    "invalid_iin": lambda e: _("«{value}» is not a valid IIN.").format(
        value=e.params.get("value", "")
    ),
    "too_many_attempts": lambda e: _("Too many wrong passwords. Try again after {time}.").format(
        time=when(e.params["until"])
    ),
    "too_many_signatures": lambda e: _(
        "Too many signatures were refused. Try again after {time}."
    ).format(time=when(e.params["until"])),
    "signing_request_unknown": lambda e: _("There is no such signing link."),
    "signing_request_closed": lambda e: _(
        "This link was used, cancelled or has expired: each link works once, for a few minutes."
    ),
    "wrong_signing_token": lambda e: _("The signing link is not valid. Open it again."),
    "not_a_signature": lambda e: _("eGov Mobile sent no signature. Please sign again."),
    "relay_unavailable": lambda e: _(
        "Signing in eGov Mobile is not reachable right now. Please try again in a few minutes."
    ),
}


def describe(error: DomainError) -> str:
    message = _MESSAGES.get(error.code)
    if message is None:
        log.warning("no chat text for %s", error.code)
        return _("This cannot be done now.")
    return message(error)
