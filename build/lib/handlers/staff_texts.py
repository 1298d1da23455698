"""Words of the staff side: the audit trail, and an import file's problems in the reader's
language (the ops CLI says the same in English: services/imports/problems.py)."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _

from domain.enums import ApplicationStatus
from handlers.texts import status_name, when
from services.imports import CsvProblem, ImportRefused, ImportReport
from services.imports.problems import MESSAGES
from services.staff.applications_desk import TrailEntry


def actor_name(kind: str, who: str) -> str:
    return {
        "parent": lambda: _("parent"),
        "staff": lambda: _("kindergarten staff {who}").format(who=who),
        "administrator": lambda: _("administrator {who}").format(who=who),
        "scheduler": lambda: _("automatically"),
    }.get(kind, lambda: kind)()


def action_name(action: str) -> str:
    return {
        "turn_arrived": lambda: _("turn arrived, place offered"),
        "offer_expired": lambda: _("the 3 working days to choose ended"),
        "reservation_moved": lambda: _("the reserved place changed"),
        "referral_issued": lambda: _("referral issued"),
        "referral_revoked": lambda: _("referral revoked"),
        "referral_extended": lambda: _("referral extended"),
        "referral_lapsed": lambda: _("referral cancelled: the child did not arrive in time"),
        "arrived": lambda: _("the child arrived and was enrolled"),
        "documents": lambda: _("benefit documents recorded"),
        "stop_list_over": lambda: _("stop-list ended"),
        "stop_list_lifted": lambda: _("stop-list lifted"),
        "restored": lambda: _("restored to the queue"),
        "attached": lambda: _("attached to the parent's IIN"),
    }.get(action, lambda: action)()


def _statuses(entry: TrailEntry) -> str:
    known = {s.value for s in ApplicationStatus}
    if entry.from_state in known and entry.to_state in known and entry.from_state != entry.to_state:
        before = status_name(ApplicationStatus(str(entry.from_state)))
        after = status_name(ApplicationStatus(str(entry.to_state)))
        return f" ({before} → {after})"
    return ""


def trail_line(entry: TrailEntry) -> str:
    line = _("{date}: {action}{statuses}, {actor}").format(
        date=when(entry.at),
        action=action_name(entry.action),
        statuses=_statuses(entry),
        actor=actor_name(entry.actor_kind, entry.actor_id),
    )
    if entry.reason:
        line += "\n" + _("  reason: {reason}").format(reason=entry.reason)
    return line


def problem_line(problem: CsvProblem) -> str:
    message = _(MESSAGES[problem.code]).format(**problem.params)
    if problem.column:
        where = _("line {line}, column «{column}»").format(line=problem.line, column=problem.column)
    else:
        where = _("line {line}").format(line=problem.line)
    return f"{where}: {message}"


def refusal_text(refused: ImportRefused, file_name: str, shown: int) -> str:
    lines = [
        _("{file}: nothing was imported. Fix these problems and send the file again:").format(
            file=file_name
        )
    ]
    lines += [problem_line(p) for p in refused.problems[:shown]]
    if refused.more or len(refused.problems) > shown:
        lines.append(_("… and more problems."))
    return "\n".join(lines)


def report_text(report: ImportReport) -> str:
    return _(
        "{file}: imported as {kind} — {lines} line(s), {created} new, {updated} updated."
    ).format(
        file=report.file,
        kind=report.kind,
        lines=report.lines,
        created=report.created,
        updated=report.updated,
    )
