"""What the bot asked of the Bot API stand-in (a Call), and how a call's parameters arrive:
a query string, a form with files (`attach://` resolved), or a JSON body."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


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


@dataclass
class StoredFile:
    data: bytes
    name: str


async def call_parameters(request: web.Request) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The call's parameters (query string, form or JSON body) and its uploaded files, with
    `attach://<field>` resolved to the file sent under that field."""
    params: dict[str, Any] = {k: _decoded(v) for k, v in request.query.items()}
    files: dict[str, bytes] = {}
    if request.content_type == "application/json":
        body = await request.json()
        params.update(body if isinstance(body, dict) else {})
    else:
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                files[key] = value.file.read()
                params[key] = value.filename
            else:
                params[key] = _decoded(str(value))
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://") and value[9:] in files:
            files[key] = files[value[9:]]
            params[key] = params[value[9:]]  # the attached file's name
    return params, files


def _decoded(value: str) -> Any:
    if value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
