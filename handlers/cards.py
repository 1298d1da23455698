"""The journal (R3) and an application's card, as text (their buttons: handlers/keyboards)."""

from __future__ import annotations

from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.refusals import describe
from handlers.texts import (
    benefit_name,
    deadline_line,
    forecast_lines,
    history_line,
    kind_name,
    language_name,
    move_line,
    position_text,
    referral_status_name,
    status_name,
    when,
)
from services.cards import ApplicationCard, ApplicationSummary

HISTORY_LINES = 8


def summary_line(summary: ApplicationSummary) -> str:
    child = summary.child.short or summary.child.masked_iin
    return _("No. {number} · {child} · {status}").format(
        number=summary.number, child=child, status=status_name(summary.status)
    )


def journal_text(summaries: list[ApplicationSummary]) -> str:
    if not summaries:
        return _(
            "There are no applications on your IIN. If you are the child's parent but another "
            "person "
            "submitted the application, attach it to your IIN with the button below."
        )
    return _("Your applications: choose one to open it.")


def card_text(card: ApplicationCard, i18n: I18n) -> str:
    summary = card.summary
    kk = i18n.current_locale == "kk"
    lines = [
        _("Application No. {number}").format(number=summary.number),
        _("Child: {name}, IIN {iin}").format(
            name=" ".join(
                p
                for p in (summary.child.surname, summary.child.name, summary.child.patronymic)
                if p
            )
            or "—",
            iin=summary.child.masked_iin,
        ),
        _("Status: {status}").format(status=status_name(summary.status)),
        _("Queue: {district} ({kind}), group year {year}").format(
            district=card.district_kk if kk else card.district_ru,
            kind=kind_name(summary.kind),
            year=summary.group_year,
        ),
        _("Language: {language}; benefit: {benefit}").format(
            language=language_name(card.language), benefit=benefit_name(card.benefit)
        ),
        _("Submitted: {date}").format(date=when(card.submitted_at)),
    ]
    if card.position is not None:
        lines.append(position_text(card.position))
    if card.move is not None:
        lines.append(move_line(card.move))
    if card.forecast is not None:
        lines += forecast_lines(card.forecast)
    if card.referral is not None and card.referral_kindergarten is not None:
        lines.append(
            _("Referral No. {number} to {kindergarten}: {status}").format(
                number=card.referral.number,
                kindergarten=card.referral_kindergarten[0 if kk else 1],
                status=referral_status_name(card.referral.status),
            )
        )
    lines += [deadline_line(d) for d in card.deadlines]
    if card.choice_refusal is not None and not card.choice_open and card.referral is None:
        lines.append(describe(card.choice_refusal))
    if card.history:
        lines.append(_("History:"))
        lines += [history_line(entry) for entry in card.history[-HISTORY_LINES:]]
    return "\n".join(lines)
