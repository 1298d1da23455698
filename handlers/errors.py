"""Every refusal a handler lets through is answered here, in the reader's language: the
handlers call a service and render its answer, and a DomainError the service raises comes to
this router (aiogram's error event). Anything unexpected gets an apology, never a traceback.
The button that caused it has been answered already (bot/middlewares.py, AnswerEveryButton)."""

from __future__ import annotations

import logging
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


def router() -> Router:
    router = Router(name=__name__)
    router.errors.register(refused, ExceptionTypeFilter(DomainError))
    router.errors.register(unexpected)
    return router


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


async def unexpected(event: ErrorEvent) -> None:
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
