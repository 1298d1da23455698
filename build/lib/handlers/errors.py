"""Every refusal a handler lets through is answered here, in the reader's language: the
handlers call a service and render its answer, and a DomainError the service raises comes to
this router (aiogram's error event). Anything unexpected gets an apology, never a traceback.
The button that caused it has been answered already (bot/middlewares.py, AnswerEveryButton)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import ExceptionTypeFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import ErrorEvent, Message
from aiogram.utils.i18n import gettext as _

from handlers.refusals import describe
from handlers.states import Login, Signing
from services.eds.errors import EdsError, TooManyAttempts, WrongPassword
from services.errors import DomainError, SignerIsNotApplicant

log = logging.getLogger(__name__)

# A key refused at its password step (expired, revoked, the wrong kind, another person's…) is no
# use with another password: the step goes back to asking for a key file. A wrong password, or
# too many of them, stays where it is.
ANOTHER_KEY_FILE: dict[str | None, State] = {
    Login.password.state: Login.key_file,
    Signing.password.state: Signing.key_file,
}


class DeliverAgain(Exception):
    """A failure that Telegram should deliver again: the webhook answers 500 (bot/ledger.py
    decides, counting the attempts)."""


def router() -> Router:
    router = Router(name=__name__)
    router.errors.register(deliver_again, ExceptionTypeFilter(DeliverAgain))
    router.errors.register(refused, ExceptionTypeFilter(DomainError))
    router.errors.register(unexpected)
    return router


async def deliver_again(event: ErrorEvent) -> None:
    raise event.exception


async def refused(event: ErrorEvent, state: FSMContext | None = None) -> None:
    error = event.exception
    assert isinstance(error, DomainError)
    text = describe(error)
    if (
        isinstance(error, EdsError | SignerIsNotApplicant)
        and not isinstance(error, WrongPassword | TooManyAttempts)
        and state is not None
        and (step := ANOTHER_KEY_FILE.get(await state.get_state())) is not None
    ):
        await state.set_state(step)
        text += "\n" + _("Send another key file, or /cancel.")
    await _reply(event, text)


async def unexpected(
    event: ErrorEvent, unavailable: Callable[[BaseException], bool] = lambda error: False
) -> None:
    """`unavailable` (built in bot/__main__): is it the database or Redis out of reach?"""
    if unavailable(event.exception):
        log.warning("update %s: storage unavailable (%s)", event.update.update_id, event.exception)
        await _reply(event, _("The service is temporarily unavailable. Try again in a minute."))
        return
    log.exception("update %s failed", event.update.update_id, exc_info=event.exception)
    await _reply(
        event,
        _("Something went wrong on our side. Please try again; if it repeats, /start again."),
    )


async def _reply(event: ErrorEvent, text: str) -> None:
    update = event.update
    target = update.message or (update.callback_query.message if update.callback_query else None)
    if isinstance(target, Message):
        with suppress(TelegramAPIError):  # the chat may be gone; nothing more to say then
            await target.answer(text)
