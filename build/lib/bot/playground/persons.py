"""The playground's demo persons, each the same Telegram user on every visit, and the updates a
person's actions make (a message, a document, a contact, a button pressed), shaped as Telegram
sends them."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import Any

from bot.playground.messages import BOT
from services.demo import DEMO_PARENTS, DemoParent

_query_ids = itertools.count(1)


@dataclass(frozen=True)
class Person:
    key: str
    telegram_id: int
    first_name: str
    last_name: str
    language_code: str  # what Telegram says of the person's app
    role: str  # what the page says of them
    parent: DemoParent | None = None

    def user(self) -> dict[str, Any]:
        return {
            "id": self.telegram_id,
            "is_bot": False,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "language_code": self.language_code,
        }

    def message(self, message_id: int, **content: Any) -> dict[str, Any]:
        return {
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": self.telegram_id, "type": "private"},
                "from": self.user(),
                **content,
            }
        }

    def contact(self, message_id: int, phone: str) -> dict[str, Any]:
        """Telegram's "share my phone number": the person's own contact, with their user id."""
        shared = {
            "phone_number": phone,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "user_id": self.telegram_id,
        }
        return self.message(message_id, contact=shared)

    def press(self, on: dict[str, Any], data: str) -> dict[str, Any]:
        """A callback query from an inline button of the bot's message `on`."""
        return {
            "callback_query": {
                "id": str(next(_query_ids)),
                "from": self.user(),
                "chat_instance": str(self.telegram_id),
                "data": data,
                "message": on,
            }
        }


def _parent(key: str, telegram_id: int, parent: DemoParent, language: str, role: str) -> Person:
    return Person(key, telegram_id, parent.name, parent.surname, language, role, parent)


AIGUL, _ERLAN, OLGA, _MARAT = DEMO_PARENTS
DISTRICT = "ALA-ALM"  # the district of Aigul's application, which the administrator runs

PERSONS = (
    _parent(
        "aigul",
        710_001,
        AIGUL,
        "kk",
        "Parent. Her son's turn has come: she was notified, a free place is waiting.",
    ),
    _parent("olga", 710_002, OLGA, "ru", "Parent. Her son is at the head of his queue; new here."),
    Person("admin", 710_003, "Гүлнар", "Әбенова", "kk", "Administrator of the Almaly district."),
    Person("staff", 710_004, "Жанар", "Омарова", "kk", "Kindergarten staff member."),
)
NOTIFIED = PERSONS[0]
BY_KEY = {person.key: person for person in PERSONS}


def bot_message(chat_id: int, message_id: int, text: str) -> dict[str, Any]:
    """The bot's message as a callback query carries it."""
    return {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private"},
        "from": BOT,
        "text": text,
    }
