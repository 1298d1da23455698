"""R1, R2: who is logged in, in which language, with which e-mail and phone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from domain.dto import IdentityRecord
from services.clock import Clock
from services.eds import Person
from services.errors import InvalidEmail, NotLoggedIn, NotOwnContact
from storage.uow import UnitOfWorkFactory

# Deliberately simple: one @, a dot in the domain, no spaces; the mail server has the last word.
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
)
MAX_EMAIL_LENGTH = 254


@dataclass(frozen=True, slots=True)
class Account:
    telegram_user_id: int
    iin: str
    full_name: str
    email: str | None
    phone: str | None
    expires_at: datetime

    @property
    def needs_contacts(self) -> bool:
        """R2: the first login asks for an e-mail address and a phone number."""
        return self.email is None or self.phone is None


def normalize_email(text: str) -> str:
    email = text.strip()
    if len(email) > MAX_EMAIL_LENGTH or not _EMAIL.match(email):
        raise InvalidEmail(value=email[:60])
    return email.lower()


def normalize_phone(text: str) -> str:
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) == 11 and digits.startswith("8"):
        digits = "7" + digits[1:]  # the Kazakh domestic prefix
    return f"+{digits}"


@dataclass(frozen=True, slots=True)
class Identity:
    """Who sent an update: the chat's language and the logged-in parent, if any."""

    locale: str | None
    account: Account | None


class IdentityChanges(Protocol):
    """Told after every write that changes what `identify` reads: for this Telegram user, and,
    with `iin`, for every chat logged in as that parent (their name and contacts are shared)."""

    async def identity_changed(self, telegram_user_id: int, iin: str | None) -> None: ...


class AccountService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, session_ttl: timedelta) -> None:
        self._uow = uow
        self._clock = clock
        self._ttl = session_ttl
        self._watchers: list[IdentityChanges] = []

    def watch(self, watcher: IdentityChanges) -> None:
        """A cache of identities (bot/identities.py) learns of every change made here."""
        self._watchers.append(watcher)

    async def identity_record(self, telegram_user_id: int) -> IdentityRecord:
        """A glance: asked on every update that no cache answers."""
        async with self._uow.glance() as glances:
            return await glances.identity(telegram_user_id)

    def identity(self, telegram_user_id: int, record: IdentityRecord) -> Identity:
        """R1: the session counts only until it expires, by the clock at this moment."""
        expired = record.expires_at is None or record.expires_at <= self._clock.now()
        if record.iin is None or expired or record.full_name is None:
            return Identity(record.locale, None)
        assert record.expires_at is not None
        account = Account(
            telegram_user_id,
            record.iin,
            record.full_name,
            record.email,
            record.phone,
            record.expires_at,
        )
        return Identity(record.locale, account)

    async def identify(self, telegram_user_id: int) -> Identity:
        return self.identity(telegram_user_id, await self.identity_record(telegram_user_id))

    async def _forget(self, telegram_user_id: int, iin: str | None = None) -> None:
        for watcher in self._watchers:
            await watcher.identity_changed(telegram_user_id, iin)

    async def chats_of(self, iin: str) -> list[int]:
        """The Telegram users logged in as this parent now (their identities share its name and
        contacts)."""
        async with self._uow.read() as uow:
            return await uow.login_sessions.telegram_users_of(iin, self._clock.now())

    async def locale(self, telegram_user_id: int) -> str | None:
        async with self._uow.read() as uow:
            user = await uow.telegram_users.get(telegram_user_id)
            return user.locale if user else None

    async def set_locale(self, telegram_user_id: int, locale: str) -> None:
        async with self._uow() as uow:
            await uow.telegram_users.ensure(telegram_user_id, self._clock.now())
            await uow.telegram_users.set_locale(telegram_user_id, locale)
            await uow.commit()
        await self._forget(telegram_user_id)

    async def set_reachable(self, telegram_user_id: int, reachable: bool) -> None:
        """Telegram says the user blocked or unblocked the bot: notifications stop or resume
        (the sender also learns it from a 403, but only when it tries)."""
        now = self._clock.now()
        async with self._uow() as uow:
            await uow.telegram_users.ensure(telegram_user_id, now)
            await uow.telegram_users.mark_blocked(telegram_user_id, None if reachable else now)
            await uow.commit()
        await self._forget(telegram_user_id)

    async def log_in(self, telegram_user_id: int, person: Person) -> Account:
        """R1: after «Кіру» / «Войти»: the parent's session starts (and their account, the first
        time)."""
        now = self._clock.now()
        async with self._uow() as uow:
            await uow.telegram_users.ensure(telegram_user_id, now)
            await uow.parents.upsert_name(person.iin, person.full_name, now)
            await uow.login_sessions.start(
                telegram_user_id, person.iin, person.certificate_serial, now, now + self._ttl
            )
            await uow.telegram_users.link_parent(telegram_user_id, person.iin)
            await uow.commit()
        await self._forget(telegram_user_id, person.iin)
        return await self.require(telegram_user_id)

    async def current(self, telegram_user_id: int) -> Account | None:
        now = self._clock.now()
        async with self._uow.read() as uow:
            session = await uow.login_sessions.get(telegram_user_id)
            if session is None or session.expires_at <= now:
                return None
            parent = await uow.parents.get(session.iin)
            if parent is None:
                return None
            return Account(
                telegram_user_id=telegram_user_id,
                iin=parent.iin,
                full_name=parent.full_name,
                email=parent.email,
                phone=parent.phone,
                expires_at=session.expires_at,
            )

    async def require(self, telegram_user_id: int) -> Account:
        account = await self.current(telegram_user_id)
        if account is None:
            raise NotLoggedIn()
        return account

    async def set_email(self, telegram_user_id: int, text: str) -> Account:
        email = normalize_email(text)
        account = await self.require(telegram_user_id)
        async with self._uow() as uow:
            await uow.parents.set_contact(account.iin, self._clock.now(), email=email)
            await uow.commit()
        await self._forget(telegram_user_id, account.iin)
        return await self.require(telegram_user_id)

    async def set_phone(
        self, telegram_user_id: int, phone_number: str, contact_user_id: int | None
    ) -> Account:
        """R2: only the parent's own contact, shared with Telegram's button."""
        if contact_user_id != telegram_user_id:
            raise NotOwnContact()
        account = await self.require(telegram_user_id)
        async with self._uow() as uow:
            await uow.parents.set_contact(
                account.iin, self._clock.now(), phone=normalize_phone(phone_number)
            )
            await uow.commit()
        await self._forget(telegram_user_id, account.iin)
        return await self.require(telegram_user_id)

    async def log_out(self, telegram_user_id: int) -> None:
        async with self._uow() as uow:
            await uow.login_sessions.end(telegram_user_id)
            # Logging out also stops the notifications to this chat (a shared phone).
            await uow.telegram_users.unlink_parent(telegram_user_id)
            await uow.commit()
        await self._forget(telegram_user_id)
