"""`python -m bot playground`: the real bot — dispatcher, handlers, sweeps, senders, database,
PDF and EDS — against the in-process Bot API stand-in, with the page on top, all on one port of
127.0.0.1. No token and no network: the bot long-polls its own web app."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from pydantic import SecretStr

from bot.chat_i18n import ChatI18n
from bot.config import Settings
from bot.playground.bot_api import BotApi
from bot.playground.clock import PlaygroundClock
from bot.playground.panel import Panel
from bot.playground.persons import PERSONS
from bot.playground.seed import PlaygroundFiles, Seeded, Yesterday, seed
from bot.playground.site import PlaygroundSite
from bot.runner import Process, build_process, run_process
from bot.web import free_port
from bot.wiring import services_from_settings
from handlers.roles import show_commands
from services.demo import write_demo_keys

HOST = "127.0.0.1"  # never another: the playground has no login of its own
TOKEN = "4242:PLAYGROUND"
DEFAULT_DATABASE = Settings.model_fields["database_url"].default


@dataclass(frozen=True)
class Options:
    port: int = 8080
    fresh: bool = False
    database: str | None = None  # another database, named on purpose
    data: Path = Path("data")

    @classmethod
    def of(cls, args: argparse.Namespace) -> Options:
        return cls(port=args.port, fresh=args.fresh, database=args.database)


def add_playground_command(commands: Any) -> None:
    """`python -m bot playground`'s arguments (`commands`: argparse's subparsers)."""
    playground = commands.add_parser(
        "playground",
        help="the whole bot in a browser, with demo data and no Telegram token (127.0.0.1 only)",
    )
    playground.add_argument("--port", type=int, default=8080, help="0: any free port")
    playground.add_argument("--fresh", action="store_true", help="start over with new demo data")
    playground.add_argument(
        "--database",
        metavar="URL",
        help="play on this database instead of data/playground.db (it gets the demo data)",
    )


class Refused(Exception):
    """The playground will not start; the message says why and what to do."""


def database_url(options: Options, files: PlaygroundFiles, configured: str) -> str:
    if options.database:
        return options.database
    if configured != DEFAULT_DATABASE:
        raise Refused(
            f"DATABASE_URL is set ({configured.split('://', maxsplit=1)[0]}://…): the playground"
            f" seeds demo data and moves its own clock, so it uses {files.database}, never the"
            " configured database. Unset DATABASE_URL, or name a database with --database URL"
            " if you really mean it."
        )
    return f"sqlite+aiosqlite:///{files.database}"


def playground_settings(files: PlaygroundFiles, port: int, database: str) -> Settings:
    base = f"http://{HOST}:{port}"
    return Settings(
        _env_file=None,  # type: ignore[call-arg]  # pydantic-settings' own init argument
        database_url=database,
        calendar_corrections_file=files.corrections,
        bot_token=SecretStr(TOKEN),
        telegram_api_url=base,
        eds_trust_anchors=str(files.trust_anchor),
        eds_crl_files=str(files.crl),
        eds_ocsp_url="",
        eds_allow_test_iin=False,
        sweep_interval_seconds=5.0,
        smtp_url=None,
        admin_ids="",
        web_host=HOST,
        web_port=port,
        webhook_url="",
        redis_url="",
        public_url=base,
        egov_signing="direct",
        key_files_in_chat=True,  # both ways to sign, as the page offers both
        log_level="WARNING",
    )


async def _prepare(
    files: PlaygroundFiles, port: int, database: str, clock: PlaygroundClock
) -> Seeded:
    if files.exists(database):
        return Seeded.load(files.seeded)
    write_demo_keys(files.keys, clock.now())
    seeding = services_from_settings(
        playground_settings(files, port, database), Yesterday(clock.now())
    )
    try:
        return await seed(seeding, files)
    finally:
        await seeding.database.dispose()


async def run_playground(options: Options, configured: Settings, out: TextIO) -> int:
    files = PlaygroundFiles(options.data)
    try:
        database = database_url(options, files, configured.database_url)
    except Refused as refused:
        print(str(refused), file=sys.stderr)
        return 2
    if options.fresh or not files.exists(database):
        files.remove()  # a half-made playground (stopped while seeding) starts over too
    port = options.port or free_port()
    # Its one warning, that PUBLIC_URL is not https, is what the playground means: the panel
    # plays the phone, on 127.0.0.1.
    logging.getLogger("bot.chat").setLevel(logging.ERROR)
    clock = PlaygroundClock(files.clock)
    seeded = await _prepare(files, port, database, clock)
    process = build_process(playground_settings(files, port, database), clock, chat=True)
    api = BotApi(TOKEN)
    api.install(process.web.app)
    PlaygroundSite(api, files.keys, seeded).install(process.web.app)
    panel = Panel(clock, process.services.calendar, process.background, files.keys)
    panel.install(process.web.app)

    async def listening(bound: int) -> None:
        await staff_menus(process)
        print(f"Open http://{HOST}:{bound}", file=out, flush=True)

    return await run_process(process, listening)


async def staff_menus(process: Process) -> None:
    """The staff's command menus, as the chat sets them when a role is granted there (the
    playground granted them without a chat)."""
    i18n = ChatI18n(process.services.catalogs)
    with i18n.context():
        for person in PERSONS:
            await show_commands(process.bot, i18n, process.services.roles, person.telegram_id)


def main(options: Options, configured: Settings, out: TextIO = sys.stdout) -> int:
    return asyncio.run(run_playground(options, configured, out))
