"""The bot as a separate process (`python -m bot run`) against our fake Bot API, and Telegram
users who talk to it through that API."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.eds.demo_pki import CA_FILE, CRL_FILE
from tests.fakes.bot_api import Call, FakeBotApi, serving

TOKEN = "4242:E2E-TEST-TOKEN"
_message_ids = itertools.count(1)


def environment(folder: Path, api_url: str = "", **overrides: str) -> dict[str, str]:
    keys = folder / "keys"
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'bot.db'}",
        "CALENDAR_CORRECTIONS_FILE": str(folder / "corrections.csv"),
        "EDS_TRUST_ANCHORS": str(keys / CA_FILE),
        "EDS_CRL_FILES": str(keys / CRL_FILE),
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api_url,
        "LOG_LEVEL": "INFO",
        "WEB_PORT": "0",  # every process serves /healthz: several of them side by side
    } | overrides


async def cli(folder: Path, *argv: str, **overrides: str) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *argv,
        cwd=folder,
        env=environment(folder, **overrides),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    assert process.returncode == 0, output.decode()
    return output.decode()


@asynccontextmanager
async def running_bot(folder: Path, **overrides: str) -> AsyncIterator[FakeBotApi]:
    async with running_processes(folder, ["run"], **overrides) as api:
        await api.wait_for(lambda call: call.method == "getUpdates", timeout=60)
        yield api


@dataclass
class Started:
    """One `python -m bot …` process; what it printed is in its log file."""

    process: asyncio.subprocess.Process
    log_path: Path
    log: Any

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def stopped(self, signal_number: int = signal.SIGINT, within: float = 20) -> int:
        """Sends the signal (if it still runs) and waits for its exit code."""
        if self.process.returncode is None:
            self.process.send_signal(signal_number)
        try:
            async with asyncio.timeout(within):
                return await self.process.wait()
        except TimeoutError:
            self.process.kill()
            return await self.process.wait()


@dataclass
class Fleet:
    """Processes of the bot started against one fake Bot API, all stopped at the end."""

    folder: Path
    api: FakeBotApi
    api_url: str
    started: list[Started]

    async def start(self, command: str, **overrides: str) -> Started:
        log_path = self.folder / f"bot{len(self.started)}.log"
        log = log_path.open("wb")
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            command,
            cwd=self.folder,
            env=environment(self.folder, self.api_url, **overrides),
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
        started = Started(process, log_path, log)
        self.started.append(started)
        return started


@asynccontextmanager
async def fleet(folder: Path) -> AsyncIterator[Fleet]:
    api = FakeBotApi(TOKEN)
    async with serving(api) as url:
        ships = Fleet(folder, api, url, [])
        try:
            yield ships
        finally:
            for started in ships.started:
                if started.process.returncode is None:
                    started.process.send_signal(signal.SIGINT)
            for started in ships.started:
                await started.stopped()
                started.log.close()


@asynccontextmanager
async def running_processes(
    folder: Path, commands: list[str], **overrides: str
) -> AsyncIterator[FakeBotApi]:
    """`python -m bot <command>` for each command, all against one fake Bot API."""
    async with fleet(folder) as ships:
        for command in commands:
            await ships.start(command, **overrides)
        yield ships.api


@dataclass
class TelegramUser:
    api: FakeBotApi
    id: int
    first_name: str
    language_code: str

    def _user(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "is_bot": False,
            "first_name": self.first_name,
            "language_code": self.language_code,
        }

    def _message(self, **fields: Any) -> dict[str, Any]:
        return {
            "message_id": next(_message_ids),
            "date": int(time.time()),
            "chat": {"id": self.id, "type": "private"},
            "from": self._user(),
            **fields,
        }

    def _answer(self, expect: str) -> Any:
        def matches(call: Call) -> bool:
            return (
                call.chat_id == self.id
                and call.method in ("sendMessage", "editMessageText")
                and expect in call.text
            )

        return matches

    async def _push(self, update: dict[str, Any], expect: str | Callable[[Call], bool]) -> Call:
        start = len(self.api.calls)
        await self.api.push(update)
        matches = self._answer(expect) if isinstance(expect, str) else expect
        return await self.api.wait_for(matches, after=start)

    def photo(self) -> Callable[[Call], bool]:
        """The next photo sent to this user (eGov Mobile's offer: its QR code and buttons)."""
        return lambda call: call.chat_id == self.id and call.method == "sendPhoto"

    async def say(self, text: str, expect: str | Callable[[Call], bool]) -> Call:
        return await self._push({"message": self._message(text=text)}, expect)

    async def say_secret(self, text: str, expect: str) -> tuple[Call, int]:
        message = self._message(text=text)
        return await self._push({"message": message}, expect), message["message_id"]

    async def send_file(self, data: bytes, name: str, expect: str) -> Call:
        file_id = self.api.upload(data)
        document = {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_name": name,
            "file_size": len(data),
        }
        return await self._push({"message": self._message(document=document)}, expect)

    async def share_contact(self, phone: str, expect: str) -> Call:
        contact = {"phone_number": phone, "first_name": self.first_name, "user_id": self.id}
        return await self._push({"message": self._message(contact=contact)}, expect)

    async def press(self, on: Call, data: str, expect: str | Callable[[Call], bool]) -> Call:
        message = {
            "message_id": on.result["message_id"] if isinstance(on.result, dict) else 1,
            "date": int(time.time()),
            "chat": {"id": self.id, "type": "private"},
            "from": {"id": 4242, "is_bot": True, "first_name": "bot"},
            "text": on.text or "…",
        }
        query = {
            "id": str(next(_message_ids)),
            "from": self._user(),
            "chat_instance": "e2e",
            "data": data,
            "message": message,
        }
        return await self._push({"callback_query": query}, expect)

    async def press_for_document(self, on: Call, data: str) -> Call:
        start = len(self.api.calls)
        message = {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": self.id, "type": "private"},
            "from": {"id": 4242, "is_bot": True, "first_name": "bot"},
            "text": on.text,
        }
        query = {
            "id": str(next(_message_ids)),
            "from": self._user(),
            "chat_instance": "e2e",
            "data": data,
            "message": message,
        }
        await self.api.push({"callback_query": query})
        return await self.api.wait_for(
            lambda c: c.chat_id == self.id and c.method == "sendDocument", after=start
        )


async def imported(url: str, files: dict[str, str]) -> None:
    """The data a test starts from, imported in the test's own process (as `python -m bot
    import KIND FILE` would, without a process per file): migrated, then each CSV in order."""
    from bot.wiring import build_services
    from services.calendar import WorkCalendar
    from services.clock import SystemClock
    from services.imports import TextSource
    from storage.db import create_database
    from storage.migrate import upgrade
    from tests.scenario import ADMIN

    database = create_database(url)
    try:
        await upgrade(database)
        services = build_services(database, SystemClock(), WorkCalendar())
        for kind, text in files.items():
            await services.imports.run(kind, TextSource(f"{kind}.csv", text), ADMIN)
    finally:
        await database.dispose()
