"""Staff and administrators: publishing places step by step, an application's card for the
education department, a broadcast's confirmation."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from domain.dto import KindergartenRow
from domain.enums import ApplicationStatus, Language
from handlers.callbacks import AdminAction, AdminAppCb, BroadcastCb, PublishCb, PublishStep
from handlers.cards import summary_line
from handlers.keyboards.common import confirm_or_cancel
from handlers.texts import in_chat_language, language_name
from services.cards import ApplicationCard, ApplicationSummary

KINDERGARTENS_PER_PAGE = 8
YEARS_PER_ROW = 4


def _cancel(builder: InlineKeyboardBuilder) -> None:
    builder.button(text=_("Cancel"), callback_data=PublishCb(step=PublishStep.CANCEL))


def kindergarten_page(
    kindergartens: list[KindergartenRow], page: int, i18n: I18n
) -> InlineKeyboardMarkup:
    pages = max(1, -(-len(kindergartens) // KINDERGARTENS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = kindergartens[page * KINDERGARTENS_PER_PAGE : (page + 1) * KINDERGARTENS_PER_PAGE]
    builder = InlineKeyboardBuilder()
    for kindergarten in shown:
        builder.button(
            text=f"{kindergarten.code} · "
            + in_chat_language(i18n, kindergarten.name_kk, kindergarten.name_ru),
            callback_data=PublishCb(step=PublishStep.KINDERGARTEN, value=kindergarten.id),
        )
    navigation = [p for p in (page - 1, page + 1) if 0 <= p < pages]
    for target in navigation:
        builder.button(
            text="◀" if target < page else "▶",
            callback_data=PublishCb(step=PublishStep.PAGE, value=target),
        )
    _cancel(builder)
    builder.adjust(*[1] * len(shown), *([len(navigation)] if navigation else []), 1)
    return builder.as_markup()


def group_years(years: list[int]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for year in years:
        builder.button(text=str(year), callback_data=PublishCb(step=PublishStep.YEAR, value=year))
    _cancel(builder)
    rows = [YEARS_PER_ROW] * (len(years) // YEARS_PER_ROW)
    if len(years) % YEARS_PER_ROW:
        rows.append(len(years) % YEARS_PER_ROW)
    builder.adjust(*rows, 1)
    return builder.as_markup()


def languages(taught: tuple[Language, ...]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for language in taught:
        builder.button(
            text=language_name(language),
            callback_data=PublishCb(step=PublishStep.LANGUAGE, lang=language),
        )
    _cancel(builder)
    builder.adjust(len(taught), 1)
    return builder.as_markup()


def publish_or_cancel() -> InlineKeyboardMarkup:
    return confirm_or_cancel(
        PublishCb(step=PublishStep.PUBLISH), PublishCb(step=PublishStep.CANCEL), _("Publish")
    )


def admin_card(card: ApplicationCard) -> InlineKeyboardMarkup:
    """The audit trail, and the one correction the application's status allows (R12, R13)."""
    application = card.summary.id
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("Audit trail"), callback_data=AdminAppCb(action=AdminAction.TRAIL, id=application)
    )
    if card.summary.status is ApplicationStatus.STOP_LISTED:
        builder.button(
            text=_("Lift the stop-list"),
            callback_data=AdminAppCb(action=AdminAction.LIFT, id=application),
        )
    if card.summary.status is ApplicationStatus.REMOVED:
        builder.button(
            text=_("Restore to the queue"),
            callback_data=AdminAppCb(action=AdminAction.RESTORE, id=application),
        )
    builder.adjust(1)
    return builder.as_markup()


def found_applications(found: list[ApplicationSummary]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for summary in found:
        builder.button(
            text=summary_line(summary),
            callback_data=AdminAppCb(action=AdminAction.OPEN, id=summary.id),
        )
    builder.adjust(1)
    return builder.as_markup()


def send_or_cancel() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("Send"), callback_data=BroadcastCb(send=True))
    builder.button(text=_("Cancel"), callback_data=BroadcastCb(send=False))
    return builder.as_markup()
