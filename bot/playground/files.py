"""What the bot sends besides text, as the Bot API stand-in takes it: files (sendDocument,
sendPhoto) kept under a file_id as Telegram keeps them, what getFile tells of one with Telegram's
20 MB limit on a bot's downloads, and places on the map (sendLocation, sendVenue)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.playground.calls import StoredFile
from bot.playground.telegram_rules import (
    FILE_TOO_BIG,
    MAX_BOT_DOWNLOAD,
    WRONG_FILE_ID,
    Refused,
    check_text,
)

if TYPE_CHECKING:
    from bot.playground.bot_api import BotApi


def send_file(
    api: BotApi, method: str, params: dict[str, Any], files: dict[str, bytes]
) -> dict[str, Any]:
    caption = check_text(params.get("caption"), caption=True)
    field_name = "photo" if method == "sendPhoto" else "document"
    data = files.get(field_name, b"")
    file_id = api.upload(data, str(params.get(field_name) or field_name))
    if method == "sendPhoto":
        size = {"file_id": file_id, "file_unique_id": file_id, "width": 1, "height": 1}
        return api.messages.new(params, photo=[size], caption=caption)
    document = {
        "file_id": file_id,
        "file_unique_id": file_id,
        "file_name": params.get("document"),
        "file_size": len(data),
    }
    return api.messages.new(params, document=document, caption=caption)


def file_info(stored: dict[str, StoredFile], file_id: str) -> dict[str, Any]:
    found = stored.get(file_id)
    if found is None:
        raise Refused(WRONG_FILE_ID)
    if len(found.data) > MAX_BOT_DOWNLOAD:
        raise Refused(FILE_TOO_BIG)
    return {
        "file_id": file_id,
        "file_unique_id": file_id,
        "file_size": len(found.data),
        "file_path": file_id,
    }


def location(params: dict[str, Any]) -> dict[str, float]:
    try:
        latitude, longitude = float(params["latitude"]), float(params["longitude"])
    except (KeyError, TypeError, ValueError):
        raise Refused("Bad Request: wrong latitude or longitude") from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise Refused("Bad Request: wrong latitude or longitude")
    return {"latitude": latitude, "longitude": longitude}
