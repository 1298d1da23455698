"""R1 and R10 in eGov Mobile, the chat's side: a parent's one-time signing request is opened
(a login challenge, or the referral request once R5 allows the choice), its message remembered,
cancelled, renewed after it ended, expired when its time ran out."""

from __future__ import annotations

import secrets
from typing import Any

from domain.enums import Language
from domain.signing import SigningPurpose, SigningRequestRow, SigningStatus
from services.clock import Clock
from services.egov.content import login_challenge
from services.egov.errors import SigningRequestClosed, SigningRequestUnknown
from services.egov.outcomes import LIFETIME, token_hash
from services.metering import Meter, NoMeter
from services.referrals import ReferralRequests
from storage.uow import UnitOfWorkFactory


class EgovRequests:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        requests: ReferralRequests,
        meter: Meter | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._requests = requests
        self._meter = meter or NoMeter()

    async def open_login(self, telegram_user_id: int, locale: str, bot: str) -> SigningRequestRow:
        """R1: a challenge with the time and the bot's name, 5 minutes to sign it."""
        now = self._clock.now()
        content = login_challenge(bot, now)
        return await self._open(
            telegram_user_id, locale, SigningPurpose.LOGIN, content, {"bot": bot}
        )

    async def open_referral(
        self,
        telegram_user_id: int,
        locale: str,
        *,
        parent_iin: str,
        application_id: int,
        kindergarten_id: int,
        language: Language,
    ) -> SigningRequestRow:
        """R10: the same canonical request key-file signing signs, 15 minutes to sign it; its
        choice is checked first (R5), as the key-file path checks it."""
        prepared = await self._requests.prepare(
            application_id=application_id,
            kindergarten_id=kindergarten_id,
            language=language,
            parent_iin=parent_iin,
        )
        view = prepared.view
        details = {
            "application_id": application_id,
            "kindergarten_id": kindergarten_id,
            "language": language.value,
            "parent_iin": parent_iin,
            "number": view.application_number,
            "child": view.child_name,
            "kindergarten": [view.kindergarten_kk, view.kindergarten_ru],
            "group_year": view.group_year,
            "documents_due_at": (
                view.documents_due_at.isoformat() if view.documents_due_at else None
            ),
        }
        content = prepared.request.canonical_bytes()
        return await self._open(telegram_user_id, locale, SigningPurpose.REFERRAL, content, details)

    async def _open(
        self,
        telegram_user_id: int,
        locale: str,
        purpose: SigningPurpose,
        content: bytes,
        details: dict[str, Any],
    ) -> SigningRequestRow:
        now = self._clock.now()
        row = SigningRequestRow(
            id=secrets.token_urlsafe(24),
            purpose=purpose,
            telegram_user_id=telegram_user_id,
            locale=locale,
            content=content,
            details=details,
            status=SigningStatus.PENDING,
            chat_message_id=None,
            created_at=now,
            expires_at=now + LIFETIME[purpose],
            finished_at=None,
            outcome=None,
        )
        async with self._uow() as uow:
            # No token works until API №1 hands one out.
            await uow.signing_requests.add(row, token_hash(secrets.token_urlsafe(32)))
            await uow.commit()
        return row

    async def remember_message(self, request_id: str, message_id: int) -> None:
        """The chat's message that offers the request: edited when the request ends."""
        async with self._uow() as uow:
            await uow.signing_requests.set_message(request_id, message_id)
            await uow.commit()

    async def cancel(self, request_id: str, telegram_user_id: int) -> SigningRequestRow:
        """«Болдырмау / Отмена» under the request's message in the chat."""
        row = await self.own(request_id, telegram_user_id)
        await self._close(row, SigningStatus.PENDING, SigningStatus.CANCELLED, "cancelled")
        self._meter.signing_ended(row.purpose.value, "cancelled")
        return row

    async def own(self, request_id: str, telegram_user_id: int) -> SigningRequestRow:
        """The request, if it is this chat's (another chat's is refused as unknown)."""
        async with self._uow.read() as uow:
            row = await uow.signing_requests.get(request_id)
        if row is None or row.telegram_user_id != telegram_user_id:
            raise SigningRequestUnknown()
        return row

    async def renew(self, request_id: str, telegram_user_id: int) -> SigningRequestRow:
        """A new request for what an ended one offered (one tap under an expired link)."""
        old = await self.own(request_id, telegram_user_id)
        if old.purpose is SigningPurpose.LOGIN:
            return await self.open_login(telegram_user_id, old.locale, str(old.details["bot"]))
        details = old.details
        return await self.open_referral(
            telegram_user_id,
            old.locale,
            parent_iin=str(details["parent_iin"]),
            application_id=int(details["application_id"]),
            kindergarten_id=int(details["kindergarten_id"]),
            language=Language(details["language"]),
        )

    async def expire_due(self, limit: int = 500) -> list[SigningRequestRow]:
        """Open requests whose time ran out become expired; their messages are edited."""
        now = self._clock.now()
        expired = []
        async with self._uow() as uow:
            for row in await uow.signing_requests.due(now, limit):
                if await uow.signing_requests.move(
                    row.id,
                    expected=(row.status,),
                    to=SigningStatus.EXPIRED,
                    finished_at=now,
                    outcome="expired",
                ):
                    expired.append(row)
            await uow.commit()
        for row in expired:
            self._meter.signing_ended(row.purpose.value, "expired")
        return expired

    async def give_up(self, request_id: str, why: str) -> None:
        """A relayed request whose one-time link is spent (refused, or SIGEX gave up): closed,
        so the chat can offer a new link."""
        async with self._uow() as uow:
            await uow.signing_requests.move(
                request_id,
                expected=(SigningStatus.PENDING,),
                to=SigningStatus.CANCELLED,
                finished_at=self._clock.now(),
                outcome=why[:64],
            )
            await uow.commit()

    async def _close(
        self, row: SigningRequestRow, expected: SigningStatus, to: SigningStatus, outcome: str
    ) -> None:
        async with self._uow() as uow:
            moved = await uow.signing_requests.move(
                row.id,
                expected=(expected,),
                to=to,
                finished_at=self._clock.now(),
                outcome=outcome,
            )
            await uow.commit()
        if not moved:
            raise SigningRequestClosed(to.value)
