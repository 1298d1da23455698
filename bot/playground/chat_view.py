"""A person's chat as the page draws it: the messages in order (from the bot or from them), with
their inline buttons, photos and documents; the reply keyboard in place of the input bar; the
last alert of a pressed button."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from bot.playground.messages import Messages


def file_url(file_id: str, name: str | None = None) -> str:
    url = f"/api/files/{quote(file_id)}"
    return f"{url}?name={quote(name)}" if name else url


def _inline(markup: object) -> list[list[dict[str, str]]]:
    if not isinstance(markup, dict):
        return []
    return [
        [
            {"text": str(b.get("text", "")), "data": b.get("callback_data") or ""}
            | ({"url": str(b["url"])} if b.get("url") else {})
            for b in row
        ]
        for row in markup.get("inline_keyboard", [])
    ]


def _text(message: dict[str, Any]) -> str:
    if "contact" in message:
        return f"📞 {message['contact'].get('phone_number', '')}"
    if "venue" in message:  # a venue carries its location too
        venue = message["venue"]
        return f"📍 {venue.get('title', '')}\n{venue.get('address', '')}"
    if "location" in message:
        return "📍 {latitude:.5f}, {longitude:.5f}".format(**message["location"])
    return str(message.get("text") or message.get("caption") or "")


def message_view(message: dict[str, Any], chat_id: int) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": message["message_id"],
        "from": "me" if message.get("from", {}).get("id") == chat_id else "bot",
        "text": _text(message),
        "buttons": _inline(message.get("reply_markup")),
    }
    if message.get("photo"):
        view["photo"] = file_url(message["photo"][-1]["file_id"])
    document = message.get("document")
    if isinstance(document, dict):
        name = str(document.get("file_name") or "document")
        view["document"] = {"name": name, "url": file_url(document["file_id"], name)}
    venue = message.get("venue") or (
        {"location": message["location"]} if "location" in message else None
    )
    if isinstance(venue, dict):
        where = venue["location"]
        view["map"] = (
            "https://www.openstreetmap.org/?mlat={latitude}&mlon={longitude}#map=17/{latitude}/"
            "{longitude}".format(**where)
        )
    return view


def _keyboard(markup: dict[str, Any] | None) -> list[list[dict[str, Any]]] | None:
    if markup is None:
        return None
    return [
        [
            {
                "text": b["text"] if isinstance(b, dict) else str(b),
                "contact": bool(isinstance(b, dict) and b.get("request_contact")),
                "location": bool(isinstance(b, dict) and b.get("request_location")),
            }
            for b in row
        ]
        for row in markup.get("keyboard", [])
    ]


def chat_view(messages: Messages, chat_id: int) -> dict[str, Any]:
    return {
        "version": messages.version,
        "messages": [message_view(m, chat_id) for m in messages.of_chat(chat_id)],
        "keyboard": _keyboard(messages.keyboards.get(chat_id)),
        "alert": messages.alerts.get(chat_id),
    }
