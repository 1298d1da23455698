"""A Bot API server of our own (aiohttp, 127.0.0.1) for end-to-end tests: the bot runs as a real
process against it, long-polls it for updates, and everything the bot does is recorded. Tests
wait for the bot's calls (events), never for time."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT = {"id": 4242, "is_bot": True, "first_name": "Балабақша", "username": "kindergarten_e2e_bot"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    result: Any = None
    at: float = field(default_factory=time.monotonic)  # when the bot made it

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def buttons(self) -> list[tuple[str, str]]:
        markup = self.params.get("reply_markup")
        if not isinstance(markup, dict):
            return []
        if "inline_keyboard" in markup:
            return [
                (b["text"], b.get("callback_data", ""))
                for row in markup["inline_keyboard"]
                for b in row
            ]
        return [
            (b["text"] if isinstance(b, dict) else b, "")
            for row in markup.get("keyboard", [])
            for b in row
        ]

    def button(self, label: str) -> str:
        found = [data for text, data in self.buttons if label in text]
        assert found, f"no button {label!r} in {self.buttons}"
        return found[-1]

    @property
    def urls(self) -> list[tuple[str, str]]:
        """The URL buttons: (label, url)."""
        markup = self.params.get("reply_markup")
        if not isinstance(markup, dict):
            return []
        rows = markup.get("inline_keyboard", [])
        return [(b["text"], b["url"]) for row in rows for b in row if b.get("url")]


class FakeBotApi:
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.files: dict[str, bytes] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(100_000)
        self._changed = asyncio.Condition()
        # Hooks for tests of delivery under limits: a function that may answer instead.
        self.intercept: Callable[[str, dict[str, Any]], dict[str, Any] | None] | None = None
        # Set, updates go through the webhook (tests/fakes/webhook_delivery.py), not getUpdates.
        self.webhook: Callable[[dict[str, Any]], None] | None = None

    # --- what a test does -----------------------------------------------------------------------
    async def push(self, update: dict[str, Any]) -> None:
        update = {"update_id": next(self._update_ids), **update}
        if self.webhook is not None:
            self.webhook(update)
            return
        async with self._changed:
            self._updates.append(update)
            self._changed.notify_all()

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

    def upload(self, data: bytes) -> str:
        file_id = f"doc{next(self._message_ids)}"
        self.files[file_id] = data
        return file_id

    # --- the HTTP side --------------------------------------------------------------------------
    def application(self) -> web.Application:
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._method)
        app.router.add_get("/file/bot{token}/{path}", self._file)
        return app

    async def _file(self, request: web.Request) -> web.Response:
        data = self.files.get(request.match_info["path"])
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data)

    async def _method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                files[key] = value.file.read()
                params[key] = value.filename
            else:
                params[key] = _decoded(str(value))
        for key, value in list(params.items()):  # a file sent as "attach://<field>"
            if isinstance(value, str) and value.startswith("attach://") and value[9:] in files:
                files[key] = files[value[9:]]
        if method == "getUpdates":
            return web.json_response({"ok": True, "result": await self._get_updates(params)})
        if self.intercept is not None:
            answer = self.intercept(method, params)
            if answer is not None:
                return web.json_response(answer, status=int(answer.get("error_code", 200)))
        result = self._result(method, params, files)
        async with self._changed:
            self.calls.append(Call(method, params, files, result))
            self._changed.notify_all()
        return web.json_response({"ok": True, "result": result})

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

    def _message(self, params: dict[str, Any], **fields: Any) -> dict[str, Any]:
        chat_id = int(params.get("chat_id") or 0)
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT,
            **fields,
        }
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        return message

    def _result(self, method: str, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        if method == "getMe":
            return BOT
        if method in ("sendMessage", "editMessageText"):
            return self._message(params, text=params.get("text", ""))
        if method == "sendPhoto":
            file_id = self.upload(files.get("photo", b""))
            size = {"file_id": file_id, "file_unique_id": file_id, "width": 1, "height": 1}
            return self._message(params, photo=[size], caption=params.get("caption", ""))
        if method == "editMessageCaption":
            return self._message(params, caption=params.get("caption", ""))
        if method == "sendDocument":
            file_id = self.upload(files.get("document", b""))
            return self._message(
                params,
                document={
                    "file_id": file_id,
                    "file_unique_id": file_id,
                    "file_name": params.get("document"),
                },
            )
        if method == "getFile":
            file_id = str(params["file_id"])
            return {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_size": len(self.files.get(file_id, b"")),
                "file_path": file_id,
            }
        return True


def _decoded(value: str) -> Any:
    if value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


@asynccontextmanager
async def serving(api: FakeBotApi, port: int = 0) -> AsyncIterator[str]:
    runner = web.AppRunner(api.application())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
