"""Words of the staff side: the audit trail, and an import file's problems in the reader's
language (the ops CLI says the same in English: services/imports/problems.py)."""

from __future__ import annotations

from collections.abc import Callable

from aiogram.utils.i18n import gettext as _

from handlers.texts import status_name, when
from services.enums import ApplicationStatus
from services.imports import CsvProblem, ImportRefused, ImportReport
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


_PROBLEMS: dict[str, Callable[[], str]] = {
    "not_text": lambda: _("the file is not UTF-8 text (save it as CSV UTF-8)"),
    "empty_file": lambda: _("the file has no header line"),
    "no_rows": lambda: _("the file has a header but no data lines"),
    "missing_columns": lambda: _("the header lacks the column(s) {missing}; expected: {expected}"),
    "unknown_columns": lambda: _(
        "the header has unknown column(s) {unknown}; expected: {expected}"
    ),
    "field_count": lambda: _(
        "expected {expected} values separated by '{delimiter}', found {found}"
    ),
    "required": lambda: _("a value is required here"),
    "too_long": lambda: _("the value is longer than {maximum} characters"),
    "bad_code": lambda: _("'{value}' is not a code (letters, digits, '-', '_' and '.' only)"),
    "invalid_iin": lambda: _("'{value}' is not a valid IIN ({reason})"),
    "unknown_district": lambda: _(
        "there is no district with the code '{value}' (import districts first)"
    ),
    "unknown_kindergarten": lambda: _(
        "there is no kindergarten with the code '{value}' (import kindergartens first)"
    ),
    "bad_choice": lambda: _("'{value}' is not one of: {allowed}"),
    "bad_ratio": lambda: _("'{value}' is not a ratio like 1:3 (or empty for strict order)"),
    "ratio_conflict": lambda: _(
        "queue '{queue}' already has {other} on line {other_line}; one queue has one ratio"
    ),
    "bad_datetime": lambda: _(
        "'{value}' is not a date and time in ISO 8601, e.g. 2025-03-01T09:30:00"
    ),
    "future_datetime": lambda: _("'{value}' is in the future"),
    "before_birth": lambda: _("'{value}' is before the child's birth date {birth_date}"),
    "bad_integer": lambda: _("'{value}' is not a whole number"),
    "out_of_range": lambda: _("{value} is outside the allowed range {low}–{high}"),
    "language_not_taught": lambda: _(
        "kindergarten '{kindergarten}' does not teach in '{value}' (it teaches {languages})"
    ),
    "duplicate_in_file": lambda: _("'{value}' already appears on line {first_line}"),
    "duplicate_in_database": lambda: _("an application numbered '{value}' already exists"),
    "own_parent": lambda: _("the child's own IIN cannot be a parent's IIN"),
    "too_many_lines": lambda: _("the file has more than {maximum} lines"),
    "database_refused": lambda: _(
        "the database refused the file; please send it to the developers"
    ),
}


def problem_line(problem: CsvProblem) -> str:
    template = _PROBLEMS.get(problem.code)
    message = template().format(**problem.params) if template else problem.message()
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
