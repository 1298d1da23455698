"""Telegram's own limits, as the Bot API answers them: the stand-in refuses what Telegram would
refuse, with Telegram's descriptions, so the bot meets the same errors here as in production."""

from __future__ import annotations

from typing import Any

MAX_TEXT = 4096  # characters of a message's text
MAX_CAPTION = 1024  # characters of a photo's or a document's caption
MAX_CALLBACK_DATA = 64  # bytes
MAX_BOT_DOWNLOAD = 20 * 1024 * 1024  # bytes a bot may download with getFile
MAX_BOT_UPLOAD = 50 * 1024 * 1024  # bytes a bot may send

TOO_LONG = "Bad Request: message is too long"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
EMPTY_TEXT = "Bad Request: message text is empty"
BUTTON_DATA_INVALID = "Bad Request: BUTTON_DATA_INVALID"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are"
    " exactly the same as a current content and reply markup of the message"
)
FILE_TOO_BIG = "Bad Request: file is too big"
NOT_FOUND_TO_DELETE = "Bad Request: message to delete not found"
CHAT_NOT_FOUND = "Bad Request: chat not found"
WRONG_FILE_ID = "Bad Request: wrong file_id or the file is temporarily unavailable"


class Refused(Exception):
    """A call Telegram would answer with an error."""

    def __init__(self, description: str, code: int = 400) -> None:
        super().__init__(description)
        self.description = description
        self.code = code

    def answer(self) -> dict[str, Any]:
        return {"ok": False, "error_code": self.code, "description": self.description}


def check_text(text: object, *, caption: bool = False) -> str:
    value = "" if text is None else str(text)
    if caption:
        if len(value) > MAX_CAPTION:
            raise Refused(CAPTION_TOO_LONG)
        return value
    if not value.strip():
        raise Refused(EMPTY_TEXT)
    if len(value) > MAX_TEXT:
        raise Refused(TOO_LONG)
    return value


def check_markup(markup: object) -> None:
    if not isinstance(markup, dict):
        return
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise Refused(BUTTON_DATA_INVALID)
