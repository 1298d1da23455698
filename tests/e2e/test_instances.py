"""Several chat instances (the production issue, point 2): two `python -m bot run` processes in
webhook mode and one `python -m bot worker`, on PostgreSQL and Redis, behind a round-robin that
plays Telegram's webhook delivery with its retries. 200 parents log in with their EDS keys and
open their cards at once; one instance is killed with SIGKILL in the middle of it."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from sqlalchemy import func, select

from services.clock import SystemClock
from services.eds.demo_ca import DemoCa, DemoHolder
from storage.models import TelegramUser as TelegramUserRow
from tests.databases import (
    NO_POSTGRES,
    create_pg_database_async,
    drop_pg_database_async,
    open_database,
    pg_url,
    postgres_reachable,
    redis_database,
    unavailable,
)
from tests.e2e.harness import Fleet, Started, TelegramUser, fleet, imported
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.webhook_delivery import WebhookDelivery
from tests.ports import free_port
from tests.scenario import new_iin, one_queue

PARENTS = 200
PASSWORD = "Parent2026"
SECRET = "e2e-webhook-secret"
SUPERADMIN = 1
FIRST_PARENT = 500_000
KILL_AFTER = PARENTS // 3  # logins done before instance B is killed

# What a parent does and what the bot answers each time (ru).
ANSWERS = [
    "Выберите язык.",
    "Этот бот",
    "ключ аутентификации",
    "отправьте пароль ключа",
    "Владелец ключа:",
    "нужен адрес электронной почты",
    "поделитесь номером телефона",
    "Готово.",
    "Ваши заявления: выберите",
    "Статус: В очереди",
]


@dataclass(frozen=True)
class Parent:
    user_id: int
    iin: str
    surname: str
    key: bytes


@dataclass
class Deployment:
    fleet: Fleet
    delivery: WebhookDelivery
    parents: list[Parent]
    instances: list[Started]
    database_url: str

    @property
    def api(self) -> FakeBotApi:
        return self.fleet.api


def write_pki(folder: Path, count: int) -> tuple[Path, Path, list[Parent]]:
    """A demo CA, its CRL, and an authentication key for each parent."""
    now = SystemClock().now()
    ca = DemoCa.create(now)
    parents = []
    for index in range(count):
        iin = new_iin(date(1985 + index % 15, 1 + index % 12, 1 + index % 28), male=False)
        surname = f"САДЫҚОВА{index}"
        key, certificate = ca.leaf(DemoHolder(iin, surname, "АЙГҮЛ", "СЕРІКҚЫЗЫ"))
        p12 = pkcs12.serialize_key_and_certificates(
            iin.encode(),
            key,
            certificate,
            None,
            serialization.BestAvailableEncryption(PASSWORD.encode()),
        )
        parents.append(Parent(FIRST_PARENT + index, iin, surname, p12))
    _revoked_key, revoked = ca.leaf(DemoHolder("000000000000", "X", "X", "X"))
    anchor = folder / "ca.pem"
    anchor.write_bytes(ca.certificate.public_bytes(serialization.Encoding.PEM))
    crl = folder / "ca.crl"
    crl.write_bytes(ca.crl(revoked, now + timedelta(days=30)))
    return anchor, crl, parents


def data(parents: list[Parent]) -> dict[str, str]:
    children = [new_iin(date(2022, 1 + i % 12, 1 + i % 28)) for i in range(len(parents))]
    return one_queue([(p.iin, c) for p, c in zip(parents, children, strict=True)], "E2E")


@asynccontextmanager
async def deployed(tmp_path: Path, parents_count: int) -> AsyncIterator[Deployment]:
    if not postgres_reachable():
        unavailable(NO_POSTGRES)
    name = await create_pg_database_async()
    try:
        with redis_database() as redis_url:
            anchor, crl, parents = await asyncio.to_thread(write_pki, tmp_path, parents_count)
            env = {
                "DATABASE_URL": pg_url(name),
                "REDIS_URL": redis_url,
                "EDS_TRUST_ANCHORS": str(anchor),
                "EDS_CRL_FILES": str(crl),
                "ADMIN_IDS": str(SUPERADMIN),
                "WEBHOOK_SECRET": SECRET,
                "WEBHOOK_URL": "http://127.0.0.1:9/telegram",  # what Telegram would call
                "LOG_LEVEL": "WARNING",
            }
            await imported(pg_url(name), data(parents))
            ports = [free_port(), free_port()]
            async with fleet(tmp_path) as ships:
                instances = [await ships.start("run", **env, WEB_PORT=str(port)) for port in ports]
                await ships.start("worker", **env)
                urls = [f"http://127.0.0.1:{port}/telegram" for port in ports]
                async with WebhookDelivery(SECRET, urls) as delivery:
                    ships.api.webhook = delivery.submit
                    await ships.api.wait_for_calls("setWebhook", 2)
                    yield Deployment(ships, delivery, parents, instances, pg_url(name))
                    await delivery.settled()
    finally:
        await drop_pg_database_async(name)


async def log_in_and_open_the_card(
    deployment: Deployment, parent: Parent, logged_in: asyncio.Event, counter: Counter[str]
) -> None:
    user = TelegramUser(deployment.api, parent.user_id, "Айгүл", "ru")
    try:
        start = await user.say("/start", ANSWERS[0])
        await user.press(start, "l:ru", ANSWERS[1])
        await user.say("Войти", ANSWERS[2])
        await user.send_file(parent.key, f"AUTH_RSA256_{parent.iin}.p12", ANSWERS[3])
        owner, _ = await user.say_secret(PASSWORD, ANSWERS[4])
        assert parent.surname in owner.text
        await user.press(owner, owner.button("Войти"), ANSWERS[5])
        counter["logged in"] += 1
        if counter["logged in"] >= KILL_AFTER:
            logged_in.set()
        await user.say(f"p{parent.user_id}@mail.kz", ANSWERS[6])
        await user.share_contact("+77011234567", ANSWERS[7])
        journal = await user.say("Журнал заявлений", ANSWERS[8])
        await user.press(journal, journal.buttons[0][1], ANSWERS[9])
    except AssertionError:
        seen = answers_to(deployment.api, parent.user_id)
        raise AssertionError(
            f"parent {parent.user_id} got {dict(seen)}; deliveries: {deployment.delivery.answers}"
        ) from None


def answers_to(api: FakeBotApi, user_id: int) -> Counter[str]:
    """How many times each expected answer reached the parent."""
    seen: Counter[str] = Counter()
    for call in api.calls:
        if call.chat_id == user_id and call.method in ("sendMessage", "editMessageText"):
            for answer in ANSWERS:
                if answer in call.text:
                    seen[answer] += 1
    return seen


async def test_two_instances_and_a_worker_serve_200_parents_and_survive_a_kill(
    tmp_path: Path,
) -> None:
    async with deployed(tmp_path, PARENTS) as deployment:
        await serve_200_parents_and_survive_a_kill(deployment)


async def serve_200_parents_and_survive_a_kill(deployment: Deployment) -> None:
    api, delivery, parents = deployment.api, deployment.delivery, deployment.parents
    logged_in = asyncio.Event()
    counter: Counter[str] = Counter()

    async def kill_b_midway() -> set[int]:
        await logged_in.wait()
        in_hand = set(delivery.in_flight[delivery.instances[1]])
        deployment.instances[1].process.send_signal(signal.SIGKILL)
        return in_hand

    killer = asyncio.create_task(kill_b_midway())
    await asyncio.gather(
        *(log_in_and_open_the_card(deployment, p, logged_in, counter) for p in parents)
    )
    in_hand_when_killed = await killer
    assert await deployment.instances[1].process.wait() == -signal.SIGKILL

    # Every update answered, once; an update B had in hand when it died may have been answered
    # by B and again by A (Telegram has no idempotency key: README, "Deployment").
    for parent in parents:
        seen = answers_to(api, parent.user_id)
        allowed = 2 if parent.user_id in in_hand_when_killed else 1
        assert set(seen) == set(ANSWERS), (parent.user_id, seen)
        assert max(seen.values()) <= allowed, (parent.user_id, seen)
    assert delivery.answers["refused"] > 0  # B was really gone, and A took its share

    # Nothing was lost: every parent is logged in, and the conversation goes on at A.
    database = open_database(deployment.database_url)
    try:
        async with database.read_sessions() as session:
            linked = await session.scalar(
                select(func.count())
                .select_from(TelegramUserRow)
                .where(TelegramUserRow.parent_iin.is_not(None))
            )
        assert linked == PARENTS
    finally:
        await database.dispose()
    again = TelegramUser(api, parents[-1].user_id, "Айгүл", "ru")
    journal = await again.say("Журнал заявлений", ANSWERS[8])
    await again.press(journal, journal.buttons[0][1], ANSWERS[9])
    assert "Traceback" not in deployment.instances[0].output()


async def test_a_role_or_a_language_changed_on_one_instance_holds_on_the_other(
    tmp_path: Path,
) -> None:
    async with deployed(tmp_path, 1) as deployment:
        await change_on_a_and_see_on_b(deployment)


async def change_on_a_and_see_on_b(deployment: Deployment) -> None:
    api, delivery = deployment.api, deployment.delivery
    for call in (c for c in api.calls if c.method == "setWebhook"):
        assert call.params["url"] == "http://127.0.0.1:9/telegram"
        assert call.params["secret_token"] == SECRET
        assert call.params["max_connections"] == "40"
        assert {"message", "callback_query", "my_chat_member"} <= set(
            call.params["allowed_updates"]
        )
    admin = TelegramUser(api, SUPERADMIN, "Әкімші", "ru")
    staff = TelegramUser(api, 777, "Бота", "ru")
    delivery.route[SUPERADMIN] = 0  # the superadministrator talks to instance A
    delivery.route[777] = 1  # the new staffer to instance B

    start = await staff.say("/start", ANSWERS[0])
    await staff.press(start, "l:ru", ANSWERS[1])
    await staff.say("/staff", "Я не понял")
    await admin.say("/grant 777 admin D1", "Пользователь 777 теперь администратор районов D1.")
    await staff.say("/staff", "Ваши команды:")  # on B at once: no cached identity there

    await admin.say("/revoke 777", "У пользователя 777 больше нет ролей.")
    await staff.say("/staff", "Я не понял")

    delivery.route[777] = 0  # the language changes on A …
    await staff.press(start, "l:kk", "Бұл бот")
    delivery.route[777] = 1  # … and B answers in Kazakh
    await staff.say("/help", "Бұл қалай жұмыс істейді")


async def test_sigterm_in_a_burst_finishes_what_it_holds_and_loses_nothing(
    tmp_path: Path,
) -> None:
    """A rolling restart: instance A is told to stop while updates pour in. It refuses new ones
    (503: Telegram delivers them to B), finishes those in hand, and exits 0; every person gets
    exactly one answer."""
    async with deployed(tmp_path, 1) as deployment:
        api, delivery = deployment.api, deployment.delivery
        people = [TelegramUser(api, 600_000 + i, "Айгүл", "ru") for i in range(120)]
        answered = 0
        halfway = asyncio.Event()

        async def start(person: TelegramUser) -> None:
            nonlocal answered
            await person.say("/start", ANSWERS[0])
            answered += 1
            if answered >= len(people) // 4:
                halfway.set()

        burst = asyncio.gather(*(start(person) for person in people))
        await halfway.wait()
        instance_a = deployment.instances[0].process
        instance_a.send_signal(signal.SIGTERM)
        await burst
        assert await instance_a.wait() == 0
        for person in people:
            assert answers_to(api, person.id)[ANSWERS[0]] == 1, person.id
        assert delivery.answers["503"] + delivery.answers["refused"] > 0  # A stopped taking
        assert "Traceback" not in deployment.instances[0].output()
