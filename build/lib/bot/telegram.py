"""Telegram out of reach — at start, or later — is a state, not a crash: the bot retries with
a growing pause, says so once when the state changes (not at every retry), and /readyz tells an
orchestrator meanwhile."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError, TelegramServerError
from aiogram.types import User

log = logging.getLogger(__name__)

FIRST_PAUSE = 1.0
LONGEST_PAUSE = 60.0
UNREACHABLE = (TelegramNetworkError, TelegramServerError, OSError, asyncio.TimeoutError)


class TelegramState:
    """Whether Telegram answered, as the last call found it; one log line per change."""

    def __init__(self) -> None:
        self.reached_once = False
        self.reachable: bool | None = None

    def answered(self) -> None:
        if self.reachable is False:
            log.warning("Telegram is reachable again")
        self.reachable = True
        self.reached_once = True

    def failed(self, error: BaseException) -> None:
        if self.reachable is not False:
            log.warning("Telegram is not reachable (%s); retrying", type(error).__name__)
        self.reachable = False


async def until_reached(
    call: Callable[[], Awaitable[object]],
    state: TelegramState,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """Calls until Telegram answers, pausing 1, 2, 4 … 60 s between tries."""
    pause = FIRST_PAUSE
    while True:
        try:
            await call()
        except UNREACHABLE as error:
            state.failed(error)
            await sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE)
        else:
            state.answered()
            return


async def reach(bot: Bot, state: TelegramState) -> User:
    me: list[User] = []

    async def get_me() -> None:
        me.append(await bot.get_me())

    await until_reached(get_me, state)
    return me[0]


class PollingLog(logging.Filter):
    """aiogram's long polling retries by itself, and logs every retry (an error and a warning
    each second or minute while Telegram is away): its lines become the state's, one per change."""

    def __init__(self, state: TelegramState) -> None:
        super().__init__()
        self._state = state

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if message.startswith("Failed to fetch updates"):
            self._state.failed(ConnectionError(record.getMessage()))
            return False
        if message.startswith("Sleep for"):
            return False
        if message.startswith("Connection established"):
            self._state.answered()
            return False
        return True
