"""The e-mail way out for the outbox sender (R6: "e-mail and phone"), over SMTP with aiosmtplib.

`SMTP_URL` is `smtp://[user:password@]host[:port]` (STARTTLS when the server offers it) or
`smtps://…` (TLS from the first byte); `SMTP_FROM` is the sender address."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

import aiosmtplib

from domain.notices import Channel
from services.notifications.model import Delivered, Envelope, Outcome, Rejected, Transient


class SmtpUrlError(ValueError):
    pass


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    username: str | None
    password: str | None
    implicit_tls: bool

    @classmethod
    def parse(cls, url: str) -> SmtpServer:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise SmtpUrlError(
                "SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465"
            )
        implicit = parts.scheme == "smtps"
        return cls(
            host=parts.hostname,
            port=parts.port or (465 if implicit else 25),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            implicit_tls=implicit,
        )


class EmailDelivery:
    channel = Channel.EMAIL

    def __init__(self, server: SmtpServer, sender: str, timeout: float = 30) -> None:
        self._server = server
        self._sender = sender
        self._timeout = timeout

    def message(self, envelope: Envelope) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = envelope.address
        message["Subject"] = envelope.subject
        # The outbox row's id: a mail server or a reader can tell a resend from a new message.
        message["Message-ID"] = f"<outbox-{envelope.outbox_id}@{self._sender.split('@')[-1]}>"
        message.set_content(envelope.text)
        return message

    async def deliver(self, envelope: Envelope) -> Outcome:
        server = self._server
        try:
            await aiosmtplib.send(
                self.message(envelope),
                hostname=server.host,
                port=server.port,
                username=server.username,
                password=server.password,
                use_tls=server.implicit_tls,
                timeout=self._timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as error:
            return Rejected(f"recipient refused: {error}")
        except aiosmtplib.SMTPResponseException as error:
            if 500 <= error.code < 600:  # permanent (RFC 5321); 4xx is "try again later"
                return Rejected(f"{error.code} {error.message}")
            return Transient(f"{error.code} {error.message}")
        except (TimeoutError, aiosmtplib.SMTPException, OSError) as error:
            return Transient(f"{type(error).__name__}: {error}")
        return Delivered()
