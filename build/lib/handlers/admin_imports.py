"""A district administrator sends a CSV file: it is imported like `python -m bot import`, all
or nothing, and the answer says what changed or every problem with its line and column."""

from __future__ import annotations

import io

from aiogram import Bot, Router
from aiogram.filters import Filter, StateFilter
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from handlers.staff_filters import Need, StaffOnly
from handlers.staff_texts import refusal_text, report_text
from services.imports import ImportRefused
from services.staff.imports import MAX_FILE_BYTES, ImportDesk
from services.staff.roles import Staffer

PROBLEMS_SHOWN = 20


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(import_file, StateFilter(None), CsvDocument(), StaffOnly(Need.ADMIN))
    return router


class CsvDocument(Filter):
    async def __call__(self, message: Message) -> bool:
        document = message.document
        return document is not None and (document.file_name or "").lower().endswith(".csv")


async def import_file(
    message: Message, bot: Bot, staffer: Staffer, import_desk: ImportDesk
) -> None:
    document = message.document
    assert document is not None
    name = document.file_name or "file.csv"
    if (document.file_size or 0) > MAX_FILE_BYTES:
        # Refused by its declared size: nothing is downloaded.
        await message.answer(
            _("{file} is larger than {maximum} MB; split it into smaller files.").format(
                file=name, maximum=MAX_FILE_BYTES // (1024 * 1024)
            )
        )
        return
    buffer = io.BytesIO()
    await bot.download(document, destination=buffer)
    try:
        report = await import_desk.run(staffer, name, buffer.getvalue())
    except ImportRefused as refused:
        await message.answer(refusal_text(refused, name, PROBLEMS_SHOWN))
        return
    await message.answer(report_text(report))
