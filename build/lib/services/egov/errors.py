"""Why eGov Mobile's calls are refused. The web app turns them into HTTP answers (404, 410, 401,
403); the ones that reach a person carry a sentence in their language (handlers/refusals.py)."""

from __future__ import annotations

from services.errors import DomainError


class SigningRequestUnknown(DomainError):
    """No such request (or not this chat's): nothing is said about which."""

    code = "signing_request_unknown"


class SigningRequestClosed(DomainError):
    """Used, cancelled or expired: a link works once, until its time."""

    code = "signing_request_closed"

    def __init__(self, status: str) -> None:
        super().__init__(status=status)
        self.status = status


class WrongSigningToken(DomainError):
    code = "wrong_signing_token"


class NotASignature(DomainError):
    """The app's answer carries no CMS we can read (a junk body)."""

    code = "not_a_signature"
