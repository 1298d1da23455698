"""The chat learns at once how an eGov Mobile request ended, in the request's language: the
offer's message is edited (no more buttons, or a new-link button once it expired), and then
- a login: the key's owner and «Кіру / Войти», exactly as after a key file;
- a referral: it is issued, with the PDF, exactly as after signing with a key file;
- a refusal: why, in plain words (an expired key, another person's key, GOST…)."""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from domain.signing import SigningRequestRow
from handlers.auth import login_confirmation
from handlers.keyboards.egov import NEW_LINK, renew_keyboard
from handlers.keyboards.referral import issued_keyboard
from handlers.refusals import describe
from handlers.sign import issued_text
from services.documents import DocumentService
from services.egov import Declined, NotIssued, Outcome, ReferralSigned, Refused, SignedIn

log = logging.getLogger(__name__)


class EgovChat:
    def __init__(
        self, bot: Bot, storage: BaseStorage, i18n: I18n, documents: DocumentService
    ) -> None:
        self._bot = bot
        self._storage = storage
        self._i18n = i18n
        self._documents = documents
        self._tasks: set[asyncio.Task[None]] = set()

    def tell_soon(self, outcome: Outcome) -> None:
        """In the background: the phone gets its answer without waiting for Telegram."""
        task = asyncio.create_task(self.tell(outcome))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def settled(self) -> None:
        """Every message on its way has gone (tests; a graceful stop)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def tell(self, outcome: Outcome, *, same_link: bool = True) -> None:
        """`same_link`: a refused signature may be sent again with the same link (direct); the
        relay's links work once, so there a new one is offered instead."""
        request = outcome.request
        try:
            with self._i18n.context(), self._i18n.use_locale(request.locale):
                if isinstance(outcome, Refused) and not same_link:
                    await self._spent(outcome)
                else:
                    await self._tell(outcome)
        except TelegramAPIError as error:  # the chat is gone or blocked: nothing more to say
            log.warning("the chat of a signing request was not told: %s", error)

    async def _tell(self, outcome: Outcome) -> None:
        request, chat = outcome.request, outcome.request.telegram_user_id
        if isinstance(outcome, SignedIn):
            await self._ended(request, _("Signed in eGov Mobile."))
            state = FSMContext(self._storage, StorageKey(self._bot.id, chat, chat))
            text, keyboard = await login_confirmation(state, outcome.person)
            await self._bot.send_message(chat, text, reply_markup=keyboard)
        elif isinstance(outcome, ReferralSigned):
            await self._ended(request, _("Signed in eGov Mobile."))
            await self._issued(outcome)
        elif isinstance(outcome, NotIssued):
            await self._ended(request, _("Signed in eGov Mobile."))
            await self._bot.send_message(chat, describe(outcome.reason))
        elif isinstance(outcome, Declined):
            await self._ended(request, _("Declined in eGov Mobile."))
        elif isinstance(outcome, Refused):
            await self._bot.send_message(
                chat,
                describe(outcome.reason)
                + "\n"
                + _("Sign again in eGov Mobile with the link above, or press «Cancel»."),
            )

    async def _spent(self, outcome: Refused) -> None:
        request = outcome.request
        await self._ended(
            request,
            _("The link has expired. Press «{button}» for a new one.").format(button=_(NEW_LINK)),
            renew_keyboard(request.id),
        )
        await self._bot.send_message(request.telegram_user_id, describe(outcome.reason))

    async def _issued(self, outcome: ReferralSigned) -> None:
        issued, chat = outcome.issued, outcome.request.telegram_user_id
        await self._bot.send_message(
            chat,
            issued_text(issued, self._i18n),
            reply_markup=issued_keyboard(issued.referral.id, issued.referral.application_id),
        )
        parent = str(outcome.request.details["parent_iin"])
        document = await self._documents.pdf(parent, issued.referral.id)
        await self._bot.send_document(
            chat,
            BufferedInputFile(document.pdf, filename=document.file_name),
            caption=_("The referral in Kazakh and Russian, with a QR code to check it."),
        )

    async def expired(self, requests: list[SigningRequestRow]) -> None:
        """Each expired request's message offers a new link with one tap."""
        for request in requests:
            with self._i18n.context(), self._i18n.use_locale(request.locale):
                text = _("The link has expired. Press «{button}» for a new one.").format(
                    button=_(NEW_LINK)
                )
                with suppress(TelegramAPIError):
                    await self._ended(request, text, renew_keyboard(request.id))

    async def _ended(
        self, request: SigningRequestRow, caption: str, markup: InlineKeyboardMarkup | None = None
    ) -> None:
        if request.chat_message_id is None:
            return
        with suppress(TelegramAPIError):  # a message too old to edit keeps its old caption
            await self._bot.edit_message_caption(
                chat_id=request.telegram_user_id,
                message_id=request.chat_message_id,
                caption=caption,
                reply_markup=markup,
            )
