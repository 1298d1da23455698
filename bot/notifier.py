"""The Telegram way out for the outbox sender: one message with a button that opens the
application, and every way it can end as an Outcome (the sender never sees an exception)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import (
    AiogramError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
)

from domain.notices import Channel
from handlers.callbacks import AppAction, AppCb, PlacesCb
from handlers.keyboards.common import one_button
from services.notifications.model import (
    Blocked,
    Delivered,
    Envelope,
    Outcome,
    Rejected,
    RetryAfter,
    Transient,
)


class TelegramDelivery:
    channel = Channel.TELEGRAM

    def __init__(self, bot: Bot, timeout: float = 30) -> None:
        self._bot = bot
        self._timeout = timeout

    async def deliver(self, envelope: Envelope) -> Outcome:
        markup = None
        if envelope.button and envelope.application_id is not None:
            target: AppCb | PlacesCb = AppCb(action=AppAction.OPEN, id=envelope.application_id)
            if envelope.opens_places:
                target = PlacesCb(app=envelope.application_id)
            markup = one_button(envelope.button, target)
        try:
            await self._bot.send_message(
                chat_id=int(envelope.address),
                text=envelope.text,
                reply_markup=markup,
                request_timeout=int(self._timeout),
            )
        except TelegramRetryAfter as error:
            return RetryAfter(float(error.retry_after))
        except TelegramForbiddenError as error:
            return Blocked(error.message)
        except (TelegramBadRequest, TelegramNotFound) as error:
            return Rejected(error.message)
        except (TimeoutError, AiogramError, OSError) as error:
            # Network errors, Telegram's 5xx, an unreadable answer: the next try may pass.
            return Transient(f"{type(error).__name__}: {error}")
        return Delivered()
