"""eGov Mobile's API on the bot's web app, over real HTTP on 127.0.0.1, SQLite. The phone is
another process, as it is another device: its work and the bot's share no event loop.

- a referral PUT: the phone's CMS (about 2 KB, the demo PKI's RSA-2048 key, content attached)
  verified (chain, CRL, purpose, the applicant's IIN), the referral issued (R10, the place taken),
  the 200 answered — the median of `--puts` requests, each for another application, timed by the
  phone; the chat's message and PDF go out after the answer, and are waited for between
  samples;
- API №1 throughput: `--clients` phones at once GETting API №1 (each GET hands out a new token,
  so each is a write), requests per second over `--gets` requests.

    .venv/bin/python -m bench.egov [--puts 300] [--gets 3000] [--clients 20]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import shutil
import time
from datetime import date, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import aiohttp
from aiogram import Bot

from bench.chat import NoNetworkSession
from bench.common import WORK, FixedClock, machine, median_ms, peak_rss_mb
from bot.chat_i18n import ChatI18n
from bot.egov.api import EgovApi, Organisation
from bot.egov.chat import EgovChat
from bot.egov.direct import DirectPresenter
from bot.fsm import DatabaseStorage
from bot.i18n import Catalogs
from bot.runtime import tune_gc
from bot.web import WebServer, web_application
from bot.wiring import Services, build_services
from domain.enums import Language
from services.calendar import WorkCalendar
from services.eds import EdsService, TrustStore
from services.eds.demo_pki import DEMO_PASSWORD, DemoHolder, write_demo_pki
from storage.db import create_database
from storage.migrate import upgrade
from tests.fakes.clock import almaty
from tests.fakes.egov_mobile import EgovMobile, Key, cms
from tests.ports import free_port
from tests.scenario import Scenario, new_iin

NOW = almaty(2026, 4, 6, 10)


class TelegramLikeSession(NoNetworkSession):
    """Answers at once, but like a real request it suspends its caller first: the chat's
    message after a signature then waits for the event loop, as it does against Telegram,
    instead of running ahead of the phone's answer."""

    async def make_request(self, bot: Bot, method, timeout=None):  # type: ignore[no-untyped-def]  # noqa: ASYNC109
        await asyncio.sleep(0)
        return await super().make_request(bot, method, timeout)


USER_ID = 777
ORGANISATION = Organisation("Балабақша", "Детский сад", "Kindergarten", "123456789012")


async def world(folder: Path, applications: int) -> tuple[Services, Path, DemoHolder]:
    """One parent's many children (one key signs them all), each notified of a place."""
    holder = DemoHolder(new_iin(date(1990, 4, 12), male=False), "СЕЙТҚАЛИЕВА", "АЙГҮЛ", "М")
    pki = write_demo_pki(folder / "keys", [holder], NOW - timedelta(days=1))
    clock = FixedClock(NOW)
    eds = EdsService(TrustStore.load([pki.intermediate], [pki.crl]), clock)
    database = create_database(f"sqlite+aiosqlite:///{folder / 'egov.db'}")
    await upgrade(database)
    services = build_services(database, clock, WorkCalendar(), eds, catalogs=Catalogs())
    scenario = Scenario(services)
    await scenario.district("D1", "Q1")
    await scenario.kindergarten("KG1", "D1", languages="kk")
    for number in range(applications):
        await scenario.application(
            applicant=holder.iin, submitted=f"2022-04-01T09:{number // 60:02d}:{number % 60:02d}"
        )
    await scenario.places("KG1", 2022, "kk", applications)
    await services.sweeps.run_due()
    return services, pki.keys[f"RSA256_{holder.iin}"], holder


def phone_process(commands: Connection, key_file: str, password: str) -> None:
    """The phone: signs what it is sent to, and times its own requests."""

    async def serve() -> None:
        key = Key.from_p12(Path(key_file), password)
        phone = EgovMobile("kk")
        while (command := commands.recv()) is not None:
            if command[0] == "sign":
                visit = await phone.visit(command[1])
                signature = cms(visit.data, key)
                start = time.perf_counter()
                answer = await phone.send_signature(visit, signature)
                commands.send((answer.status, time.perf_counter() - start, len(signature)))
            else:
                _, url, gets, clients = command
                commands.send(await api1_storm(url, gets, clients))

    asyncio.run(serve())


async def api1_storm(url: str, gets: int, clients: int) -> float:
    """Seconds for `gets` API №1 GETs by `clients` phones at once."""
    remaining = iter(range(gets))

    async def client(http: aiohttp.ClientSession) -> None:
        for _ in remaining:
            async with http.get(url, headers={"Accept-Language": "kk"}) as response:
                assert response.status == 200, await response.text()
                await response.read()

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=clients)) as http:
        start = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        return time.perf_counter() - start


class Phone:
    """The parent's end of the pipe to the phone process."""

    def __init__(self, key_file: Path) -> None:
        self._commands, theirs = multiprocessing.Pipe()
        context = multiprocessing.get_context("spawn")
        self._process = context.Process(
            target=phone_process, args=(theirs, str(key_file), DEMO_PASSWORD), daemon=True
        )
        self._process.start()

    async def ask(self, *command: object) -> Any:
        self._commands.send(command)
        return await asyncio.get_running_loop().run_in_executor(None, self._commands.recv)

    def stop(self) -> None:
        self._commands.send(None)
        self._process.join(timeout=30)


async def run(puts: int, gets: int, clients: int) -> None:
    print(f"machine: {machine()}")
    folder = WORK / "egov"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    services, key_file, holder = await world(folder, puts + 20)
    port = free_port()
    presenter = DirectPresenter(f"http://127.0.0.1:{port}")
    i18n = ChatI18n(services.catalogs)
    bot = Bot("42:BENCH", session=TelegramLikeSession())
    chat = EgovChat(bot, DatabaseStorage(services.uow, services.clock), i18n, services.documents)
    api = EgovApi(services.egov_receiver, chat, presenter, ORGANISATION, i18n)
    server = WebServer(web_application(api.install), "127.0.0.1", port)
    await server.start()
    kindergarten = await Scenario(services).kindergarten_id("KG1")
    phone = Phone(key_file)
    samples: list[float] = []
    sizes: list[int] = []
    try:
        for application_id in range(1, puts + 21):
            row = await services.egov.open_referral(
                USER_ID,
                "kk",
                parent_iin=holder.iin,
                application_id=application_id,
                kindergarten_id=kindergarten,
                language=Language.KK,
            )
            status, elapsed, size = await phone.ask("sign", (await presenter.present(row)).url)
            assert status == 200, status
            await chat.settled()
            if application_id > 20:  # the first ones warm the caches
                samples.append(elapsed)
                sizes.append(size)
        print(
            f"referral PUT (CMS {min(sizes)}–{max(sizes)} bytes) verified, issued, answered: "
            f"{median_ms(samples):.1f} ms median of {len(samples)}"
        )
        login = await services.egov.open_login(USER_ID + 1, "kk", "kindergarten_bench_bot")
        seconds = await phone.ask("storm", presenter.api1(login.id), gets, clients)
        print(
            f"API №1 GET: {gets / seconds:.0f} requests/s "
            f"({gets} requests, {clients} clients at once)"
        )
    finally:
        phone.stop()
        await chat.settled()
        await server.stop()
        await bot.session.close()
        await services.database.dispose()
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--puts", type=int, default=300)
    parser.add_argument("--gets", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    tune_gc()  # as `python -m bot` does
    asyncio.run(run(args.puts, args.gets, args.clients))


if __name__ == "__main__":
    main()
