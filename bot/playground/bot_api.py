"""A Bot API of our own, on 127.0.0.1 (aiohttp): `/bot{token}/{method}` and
`/file/bot{token}/{path}` for every method the bot uses, with Telegram's limits and error
descriptions (telegram_rules.py); an unknown method is a 404, never a silent true. The
playground's page talks to the bot through it, and the end-to-end tests run the bot as a process
against it. Everything the bot calls is recorded as a Call, and `wait_for` waits for one —
events, never time."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web

from bot.playground.calls import Call, StoredFile, call_parameters
from bot.playground.files import file_info, location, send_file
from bot.playground.menus import command_menu
from bot.playground.messages import BOT, Messages
from bot.playground.telegram_rules import (
    MAX_BOT_UPLOAD,
    Refused,
    check_markup,
    check_text,
)

# Methods that change nothing a chat shows: Telegram answers them with true.
SETTINGS = {
    "setMyCommands",
    "deleteMyCommands",
    "setMyDescription",
    "setMyShortDescription",
    "setChatMenuButton",
    "setWebhook",
    "deleteWebhook",
}


class BotApi:
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.stored: dict[str, StoredFile] = {}
        self.messages = Messages()
        self._updates: list[dict[str, Any]] = []
        self._query_chats: dict[str, int] = {}  # a callback query's id: whose chat it came from
        self._update_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        # A hook that may answer a call instead (a test of delivery under Telegram's limits).
        self.intercept: Callable[[str, dict[str, Any]], dict[str, Any] | None] | None = None
        # Set, updates go through the webhook instead of getUpdates.
        self.webhook: Callable[[dict[str, Any]], None] | None = None

    @property
    def files(self) -> dict[str, bytes]:
        return {file_id: stored.data for file_id, stored in self.stored.items()}

    # --- the person's side ----------------------------------------------------------------------
    async def push(self, update: dict[str, Any]) -> int:
        """An update from a person; returns its update_id."""
        update = {"update_id": next(self._update_ids), **update}
        message = update.get("message")
        if isinstance(message, dict):  # the bot may delete it (a password) or reply to it
            self.messages.record(message)
        query = update.get("callback_query")
        if isinstance(query, dict):
            self._query_chats[str(query["id"])] = int(query["from"]["id"])
        if self.webhook is not None:
            self.webhook(update)
            return int(update["update_id"])
        async with self._changed:
            self._updates.append(update)
            self._changed.notify_all()
        return int(update["update_id"])

    async def wait_for(
        self, predicate: Callable[[Call], bool], *, after: int = 0, timeout: float = 30
    ) -> Call:
        """The first call (from index `after`) that satisfies `predicate`, as soon as it is made.
        The timeout only turns a hang into a failure that shows what the bot did instead."""
        try:
            async with asyncio.timeout(timeout), self._changed:
                while True:
                    for call in self.calls[after:]:
                        if predicate(call):
                            return call
                    await self._changed.wait()
        except TimeoutError:
            seen = [
                f"{c.method}: {c.text[:200]}"
                for c in self.calls[after:]
                if c.method != "getUpdates"
            ]
            raise AssertionError(f"the expected call never came; the bot did: {seen}") from None

    async def wait_for_calls(self, method: str, times: int, *, timeout: float = 60) -> None:
        """Until the bot has made `times` calls of `method` (each instance's setWebhook)."""

        def made() -> int:
            return sum(call.method == method for call in self.calls)

        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(lambda: made() >= times)
        except TimeoutError:
            raise AssertionError(f"{made()} of {times} {method} calls came") from None

    async def changed(self, since: int, timeout: float) -> int:
        """The chats' version once it is past `since`, or as it is after `timeout` seconds (the
        page's long polling)."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(lambda: self.messages.version > since)
        return self.messages.version

    def commands(self, chat_id: int, language_code: str) -> list[dict[str, str]]:
        return command_menu(self.calls, chat_id, language_code)

    def upload(self, data: bytes, name: str = "file") -> str:
        """A file a person sends: its file_id."""
        file_id = f"doc{self.messages.next_id()}"
        self.stored[file_id] = StoredFile(data, name)
        return file_id

    # --- the HTTP side --------------------------------------------------------------------------
    def application(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BOT_UPLOAD + 1024 * 1024)
        self.install(app)
        return app

    def install(self, app: web.Application) -> None:
        app.router.add_post("/bot{token}/{method}", self._method)
        app.router.add_get("/bot{token}/{method}", self._method)
        app.router.add_get("/file/bot{token}/{path}", self._file)

    async def _file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        stored = self.stored.get(request.match_info["path"])
        if stored is None:
            return web.Response(status=404)
        return web.Response(body=stored.data)

    async def _method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _answer(Refused("Unauthorized", 401).answer())
        method = request.match_info["method"]
        params, files = await call_parameters(request)
        if method == "getUpdates":
            return _answer({"ok": True, "result": await self._get_updates(params)})
        if self.intercept is not None:
            answer = self.intercept(method, params)
            if answer is not None:
                return _answer(answer)
        try:
            result = self._result(method, params, files)
        except Refused as refused:
            return _answer(refused.answer())
        async with self._changed:
            self.calls.append(Call(method, params, files, result))
            self._changed.notify_all()
        return _answer({"ok": True, "result": result})

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        async with self._changed:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self.calls.append(Call("getUpdates", params))
            self._changed.notify_all()
            while not self._updates and time.monotonic() < deadline:
                try:
                    async with asyncio.timeout(max(0.0, deadline - time.monotonic())):
                        await self._changed.wait()
                except TimeoutError:
                    break
            return list(self._updates)

    # --- what each method does ------------------------------------------------------------------
    def _result(self, method: str, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        if method in SETTINGS:
            return True
        table: dict[str, Callable[[], Any]] = {
            "getMe": lambda: BOT,
            "answerCallbackQuery": lambda: self._answer_query(params),
            "sendMessage": lambda: self.messages.new(params, text=check_text(params.get("text"))),
            "editMessageText": lambda: self.messages.edit(
                params, text=check_text(params.get("text"))
            ),
            "editMessageCaption": lambda: self.messages.edit(
                params, caption=check_text(params.get("caption"), caption=True)
            ),
            "editMessageReplyMarkup": lambda: self.messages.edit(params),
            "sendLocation": lambda: self.messages.new(params, location=location(params)),
            "sendVenue": lambda: self.messages.new(
                params,
                location=location(params),
                venue={
                    "location": location(params),
                    "title": str(params.get("title") or ""),
                    "address": str(params.get("address") or ""),
                },
            ),
            "sendPhoto": lambda: send_file(self, method, params, files),
            "sendDocument": lambda: send_file(self, method, params, files),
            "getFile": lambda: file_info(self.stored, str(params.get("file_id"))),
            "deleteMessage": lambda: self.messages.delete(params, [params.get("message_id")]),
            "deleteMessages": lambda: self.messages.delete(params, params.get("message_ids") or []),
        }
        doing = table.get(method)
        if doing is None:
            raise Refused("Not Found", 404)
        check_markup(params.get("reply_markup"))
        return doing()

    def _answer_query(self, params: dict[str, Any]) -> bool:
        chat_id = self._query_chats.pop(str(params.get("callback_query_id")), None)
        text = str(params.get("text") or "")
        if chat_id is not None and text:
            self.messages.alert(chat_id, text, bool(params.get("show_alert")))
        return True


def _answer(body: dict[str, Any]) -> web.Response:
    return web.json_response(body, status=int(body.get("error_code", 200)))


@asynccontextmanager
async def serving(api: BotApi, port: int = 0, host: str = "127.0.0.1") -> AsyncIterator[str]:
    runner = web.AppRunner(api.application(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    bound = runner.addresses[0][1]
    try:
        yield f"http://{host}:{bound}"
    finally:
        await runner.cleanup()
