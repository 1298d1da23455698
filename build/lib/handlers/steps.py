"""What the steps of a conversation share: a step that waits for a button answers typed text by
pointing at the buttons, and the step stays where it is."""

from __future__ import annotations

from aiogram.types import Message
from aiogram.utils.i18n import gettext as _


async def use_the_buttons(message: Message) -> None:
    await message.answer(_("Use the buttons above."))
