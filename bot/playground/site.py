"""The playground's page and the JSON it talks to: the persons, each person's chat (long
polling), what they send (text, a button pressed, a document, their phone number), the files
the bot sent and the demo key files. A person's actions become Telegram updates pushed into
the Bot API stand-in, which the bot reads by long polling as it would Telegram's."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import BodyPartReader, web

from bot.playground.bot_api import BotApi
from bot.playground.chat_view import chat_view
from bot.playground.persons import BY_KEY, PERSONS, Person, bot_message
from bot.playground.seed import Seeded
from bot.playground.telegram_rules import MAX_BOT_DOWNLOAD
from services.eds.demo_pki import DEMO_PASSWORD

HERE = {"latitude": 43.2383, "longitude": 76.9456}  # Abay Avenue and Dostyk, Almaty
LONG_POLL = 25.0  # seconds the page's request for news waits
MAX_TEXT = 4096
KEY_NAME = re.compile(r"(AUTH_)?RSA256_\d{12}\.p12")
STATIC = {"/": "index.html", "/playground.css": "playground.css", "/playground.js": "playground.js"}
TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript"}


class Refusal(web.HTTPBadRequest):
    def __init__(self, message: str) -> None:
        super().__init__(text=message, content_type="text/plain")


async def json_object(request: web.Request) -> dict[str, Any]:
    """The page's JSON body, or a 400 that says what is wrong with it."""
    try:
        body = await request.json()
    except ValueError:
        raise Refusal("the body is not JSON") from None
    if not isinstance(body, dict):
        raise Refusal("the body is not a JSON object")
    return body


def _person(request: web.Request) -> Person:
    person = BY_KEY.get(request.match_info["person"])
    if person is None:
        raise web.HTTPNotFound(text="no such person")
    return person


class PlaygroundSite:
    def __init__(self, api: BotApi, keys: Path, seeded: Seeded) -> None:
        self.api = api
        self.keys = keys
        self.seeded = seeded

    def install(self, app: web.Application) -> None:
        for path in STATIC:
            app.router.add_get(path, self._static)
        app.router.add_get("/api/persons", self._persons)
        app.router.add_get("/api/chats/{person}", self._chat)
        app.router.add_get("/api/chats/{person}/commands", self._commands)
        app.router.add_post("/api/chats/{person}/text", self._text)
        app.router.add_post("/api/chats/{person}/press", self._press)
        app.router.add_post("/api/chats/{person}/contact", self._contact)
        app.router.add_post("/api/chats/{person}/location", self._location)
        app.router.add_post("/api/chats/{person}/document", self._document)
        app.router.add_get("/api/files/{file_id}", self._file)
        app.router.add_get("/api/keys/{name}", self._key)

    async def _static(self, request: web.Request) -> web.Response:
        name = STATIC[request.path]
        body = resources.files("bot.playground").joinpath("static", name).read_bytes()
        kind = TYPES[Path(name).suffix]
        return web.Response(body=body, content_type=kind, charset="utf-8")

    def _describe(self, person: Person) -> dict[str, Any]:
        role = person.role
        if person.key == "staff":
            role = f"{role} {self.seeded.kindergarten_ru} / {self.seeded.kindergarten_kk}."
        keys = []
        if person.parent is not None:
            iin = person.parent.iin
            keys = [
                {"name": f"AUTH_RSA256_{iin}.p12", "purpose": "login"},
                {"name": f"RSA256_{iin}.p12", "purpose": "signing"},
            ]
        return {
            "key": person.key,
            "name": f"{person.first_name} {person.last_name}",
            "role": role,
            "language": person.language_code,
            "keys": [k | {"url": f"/api/keys/{k['name']}"} for k in keys],
            "password": DEMO_PASSWORD if keys else None,
        }

    async def _persons(self, request: web.Request) -> web.Response:
        return web.json_response([self._describe(person) for person in PERSONS])

    async def _chat(self, request: web.Request) -> web.Response:
        person = _person(request)
        try:
            since = int(request.query.get("since", "-1"))
        except ValueError:
            since = -1
        await self.api.changed(since, LONG_POLL)
        return web.json_response(chat_view(self.api.messages, person.telegram_id))

    async def _commands(self, request: web.Request) -> web.Response:
        person = _person(request)
        return web.json_response(self.api.commands(person.telegram_id, person.language_code))

    async def _text(self, request: web.Request) -> web.Response:
        person = _person(request)
        text = str((await json_object(request)).get("text", "")).strip()
        if not text or len(text) > MAX_TEXT:
            raise Refusal(f"a message is 1 to {MAX_TEXT} characters")
        update = person.message(self.api.messages.next_id(), text=text)
        await self.api.push(update)
        return web.json_response({"ok": True})

    async def _press(self, request: web.Request) -> web.Response:
        person = _person(request)
        body = await json_object(request)
        try:
            message_id = int(body["message_id"])
        except (KeyError, TypeError, ValueError):
            raise Refusal("which message's button?") from None
        shown = next(
            (
                m
                for m in self.api.messages.of_chat(person.telegram_id)
                if m["message_id"] == message_id
            ),
            None,
        )
        text = str(shown.get("text") or shown.get("caption") or "") if shown else ""
        on = bot_message(person.telegram_id, message_id, text)
        await self.api.push(person.press(on, str(body.get("data", ""))))
        return web.json_response({"ok": True})

    async def _contact(self, request: web.Request) -> web.Response:
        person = _person(request)
        phone = "+7701" + str(person.telegram_id)[-7:]
        await self.api.push(person.contact(self.api.messages.next_id(), phone))
        return web.json_response({"ok": True})

    async def _location(self, request: web.Request) -> web.Response:
        """Telegram's "send my location": the playground's persons are all in central Almaty."""
        person = _person(request)
        await self.api.push(person.message(self.api.messages.next_id(), location=HERE))
        return web.json_response({"ok": True})

    async def _document(self, request: web.Request) -> web.Response:
        """The file is read from the stream, so the web app's own 1 MB limit on bodies stays;
        Telegram's 20 MB for a file a bot may download holds here."""
        person = _person(request)
        name, data = await _uploaded(request)
        file_id = self.api.upload(data, name)
        document = {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_name": name,
            "file_size": len(data),
        }
        await self.api.push(person.message(self.api.messages.next_id(), document=document))
        return web.json_response({"ok": True})

    async def _file(self, request: web.Request) -> web.Response:
        stored = self.api.stored.get(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound(text="no such file")
        name = request.query.get("name")
        headers = {}
        if name:
            headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        kind = "application/pdf" if stored.data.startswith(b"%PDF") else None
        if stored.data.startswith(b"\x89PNG"):
            kind = "image/png"
        return web.Response(
            body=stored.data, headers=headers, content_type=kind or "application/octet-stream"
        )

    async def _key(self, request: web.Request) -> web.FileResponse:
        name = request.match_info["name"]
        if not KEY_NAME.fullmatch(name) or not (self.keys / name).is_file():
            raise web.HTTPNotFound(text="no such key")
        return web.FileResponse(
            self.keys / name,
            headers={
                "Content-Disposition": f'attachment; filename="{name}"',
                "Content-Type": "application/x-pkcs12",
            },
        )


async def _uploaded(request: web.Request) -> tuple[str, bytes]:
    try:
        reader = await request.multipart()
    except (AssertionError, ValueError):
        raise Refusal("attach a file") from None
    async for part in reader:
        if not isinstance(part, BodyPartReader) or part.name != "file":
            continue
        data = bytearray()
        while chunk := await part.read_chunk():
            data += chunk
            if len(data) > MAX_BOT_DOWNLOAD:
                raise web.HTTPRequestEntityTooLarge(
                    max_size=MAX_BOT_DOWNLOAD, actual_size=len(data), text="files up to 20 MB"
                )
        return Path(part.filename or "file").name, bytes(data)
    raise Refusal("attach a file")
