"""`python -m bot …`: the ops commands, a thin layer over the services."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import sqlite3
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import make_url

from bot.config import Settings
from bot.logs import configure_logging
from bot.playground.run import Options, add_playground_command
from bot.playground.run import main as run_playground_main
from bot.runner import run_bot
from bot.wiring import Services, services_from_settings
from domain.audit import Actor
from services.applications import status_json
from services.calendar import (
    Correction,
    CorrectionKind,
    CorrectionsFileError,
    WorkCalendar,
    append_correction,
)
from services.clock import Clock, SystemClock
from services.demo import seed_demo, write_demo_keys
from services.eds.demo_pki import DEMO_PASSWORD
from services.eds.trust import TrustConfigError
from services.errors import DomainError
from services.imports import KINDS, FileSource, ImportRefused
from storage.backup import BackupError, back_up
from storage.migrate import upgrade

CLI_MESSAGES = {
    "application_not_found": "there is no application numbered '{number}'",
}


def describe(error: DomainError) -> str:
    template = CLI_MESSAGES.get(error.code)
    if template is None:
        return f"refused: {error.code} {error.params or ''}".strip()
    return template.format(**error.params)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m bot", description="Kindergarten referral bot")
    commands = root.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "run",
        help="run the bot: the chat (long polling), the sweeps and the notification senders",
    )
    add_playground_command(commands)
    commands.add_parser(
        "worker",
        help="run only the sweeps and the notification senders (more instances beside `run`)",
    )
    commands.add_parser("migrate", help="bring the database to the latest schema")
    backup = commands.add_parser(
        "backup", help="a consistent copy of the database, also while the bot runs"
    )
    backup.add_argument("file", type=Path)
    importing = commands.add_parser("import", help="import a CSV file (all or nothing)")
    importing.add_argument("kind", choices=KINDS)
    importing.add_argument("file", type=Path)
    status = commands.add_parser("status", help="show one application")
    status.add_argument("number")
    status.add_argument("--json", action="store_true", help="print one JSON object")
    commands.add_parser("sweep", help="apply every transition that is due now, once")
    commands.add_parser("seed-demo", help="load a realistic demo data set")
    commands.add_parser(
        "outbox", help="notifications: pending, sent, failed … per channel, oldest pending age"
    )
    demo_keys = commands.add_parser(
        "demo-keys", help="write a demo PKI and EDS keys for the demo parents of seed-demo"
    )
    demo_keys.add_argument("folder", type=Path)
    calendar = commands.add_parser("calendar", help="working-day corrections")
    calendar_commands = calendar.add_subparsers(dest="calendar_command", required=True)
    listing = calendar_commands.add_parser("list", help="working days and days off of a month")
    listing.add_argument("month", help="YYYY-MM")
    for name, help_text in (
        ("day-off", "declare an extra day off"),
        ("working-day", "declare an extra working day"),
    ):
        correction = calendar_commands.add_parser(name, help=help_text)
        correction.add_argument("date", type=date.fromisoformat)
        correction.add_argument("note", help="the decree or reason")
    return root


async def _run(args: argparse.Namespace, services: Services, out: TextIO) -> int:
    if args.command == "migrate":
        await upgrade(services.database)
        print("the database is at the latest schema", file=out)
        return 0
    await upgrade(services.database)
    actor = Actor.administrator(f"cli:{getpass.getuser()}")
    if args.command == "import":
        return await _import(services, args.kind, args.file, actor, out)
    if args.command == "status":
        return await _status(services, args.number, args.json, out)
    if args.command == "sweep":
        report = await services.sweeps.run_due()
        for line in report.lines():
            print(line, file=out)
        if not report.changed_anything:
            print("nothing was due", file=out)
        return 0
    if args.command == "outbox":
        for line in (await services.outbox.report()).lines():
            print(line, file=out)
        return 0
    if args.command == "seed-demo":
        for import_report in await seed_demo(services.imports, services.clock.now()):
            print(import_report.summary(), file=out)
        print(
            "the published places were offered at once; `python -m bot run` sends the notices",
            file=out,
        )
        return 0
    raise AssertionError(args.command)


async def _status(services: Services, number: str, as_json: bool, out: TextIO) -> int:
    data = status_json(await services.applications.status(number))
    if as_json:
        print(json.dumps(data, ensure_ascii=False), file=out)
    else:
        for key, value in data.items():
            shown = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
            print(f"{key}: {shown}", file=out)
    return 0


async def _import(services: Services, kind: str, path: Path, actor: Actor, out: TextIO) -> int:
    try:
        report = await services.imports.run(kind, FileSource(path), actor)
    except OSError as exc:
        print(f"{path}: cannot read the file ({exc.strerror})", file=sys.stderr)
        return 2
    except ImportRefused as refused:
        print(f"{path.name}: nothing was imported, because:", file=sys.stderr)
        print(str(refused), file=sys.stderr)
        return 1
    print(report.summary(), file=out)
    return 0


def _calendar(
    args: argparse.Namespace, settings: Settings, services_calendar: WorkCalendar, out: TextIO
) -> int:
    if args.calendar_command == "list":
        year, month = (int(p) for p in args.month.split("-"))
        day = date(year, month, 1)
        working = 0
        while day.month == month:
            is_working = services_calendar.is_working_day(day)
            working += is_working
            holiday = services_calendar.holiday_name(day) or ""
            print(
                f"{day:%Y-%m-%d %a}  {'working' if is_working else 'day off'}  {holiday}", file=out
            )
            day = day.fromordinal(day.toordinal() + 1)
        print(f"{working} working days", file=out)
        return 0
    kind = (
        CorrectionKind.DAY_OFF if args.calendar_command == "day-off" else CorrectionKind.WORKING_DAY
    )
    append_correction(settings.calendar_corrections_file, Correction(args.date, kind, args.note))
    print(f"{args.date}: {kind.value} written to {settings.calendar_corrections_file}", file=out)
    return 0


def _demo_keys(folder: Path, clock: Clock, out: TextIO) -> int:
    pki = write_demo_keys(folder, clock.now())
    print(f"demo EDS keys written to {folder}:", file=out)
    for name, path in pki.keys.items():
        print(f"  {name}: {path.name}", file=out)
    print(f"password of every key: {DEMO_PASSWORD}", file=out)
    print("settings that trust this demo CA (add them to .env):", file=out)
    for key, value in pki.settings().items():
        print(f"{key}={value}", file=out)
    return 0


def _backup(settings: Settings, target: Path, out: TextIO) -> int:
    try:
        how = back_up(make_url(settings.database_url), target)
    except (BackupError, OSError, sqlite3.Error) as exc:
        print(f"no backup was written: {exc}", file=sys.stderr)
        return 1
    print(f"backup written to {target}; to restore it: {how}", file=out)
    return 0


def _serve(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> int:
    if args.command == "playground":  # its console shows one line: where to open it
        configure_logging("WARNING")
        return run_playground_main(Options.of(args), settings, out)
    configure_logging(settings.log_level)
    return asyncio.run(run_bot(settings, clock, chat=args.command == "run"))


def main(
    argv: Sequence[str] | None = None,
    *,
    settings: Settings | None = None,
    clock: Clock | None = None,
    out: TextIO = sys.stdout,
) -> int:
    args = parser().parse_args(argv)
    settings = settings or Settings()
    clock = clock or SystemClock()
    if args.command in ("run", "worker", "playground"):
        return _serve(args, settings, clock, out)
    configure_logging(settings.log_level)
    if args.command == "demo-keys":  # before the settings that may point at the keys it writes
        return _demo_keys(args.folder, clock, out)
    if args.command == "backup":
        return _backup(settings, args.file, out)
    try:
        services = services_from_settings(settings, clock)
    except (CorrectionsFileError, TrustConfigError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.command == "calendar":
        return _calendar(args, settings, services.calendar, out)

    async def run() -> int:
        try:
            return await _run(args, services, out)
        except ImportRefused as refused:
            print(str(refused), file=sys.stderr)
            return 1
        except DomainError as error:
            print(describe(error), file=sys.stderr)
            return 1
        finally:
            await services.database.dispose()

    return asyncio.run(run())
