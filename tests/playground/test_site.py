"""The playground's page talks JSON to its process: the persons and their keys, a person's chat
kept current by long polling, what they send, the 20 MB limit, the phone's refusals, and the
time panel, which moves one working day at a time and answers once what fell due has happened
(the R7 reminder, then the R8 free choice and the next turn). Against `python -m bot
playground` as a process; the time panel's test comes last, as it moves everyone's clock."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import aiohttp
import holidays

from services.demo import DEMO_PARENTS
from tests.playground.conftest import Playground

MB = 1024 * 1024


async def chat(http: aiohttp.ClientSession, url: str, person: str, since: int = -1) -> Any:
    async with http.get(f"{url}/api/chats/{person}", params={"since": since}) as response:
        assert response.status == 200
        return await response.json()


async def until(
    http: aiohttp.ClientSession,
    url: str,
    person: str,
    shows: Callable[[dict[str, Any]], bool],
    since: int = -1,
) -> dict[str, Any]:
    """Long polls until the chat shows what is awaited (a bound of 10 polls turns a hang into a
    failure)."""
    for _ in range(10):
        view: dict[str, Any] = await chat(http, url, person, since)
        if shows(view):
            return view
        since = view["version"]
    raise AssertionError(f"the chat never showed it: {view}")


async def until_bot_says(
    http: aiohttp.ClientSession, url: str, person: str, text: str, since: int = -1
) -> dict[str, Any]:
    def said(view: dict[str, Any]) -> bool:
        return any(m["from"] == "bot" and text in m["text"] for m in view["messages"])

    return await until(http, url, person, said, since)


async def test_the_persons_and_their_demo_keys(playground: Playground) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{playground.url}/api/persons") as response:
            persons = {p["key"]: p for p in await response.json()}
        assert list(persons) == ["aigul", "olga", "admin", "staff"]
        assert persons["staff"]["keys"] == [] and persons["admin"]["password"] is None
        assert "Айгөлек" in persons["staff"]["role"]  # the kindergarten they work in
        aigul = DEMO_PARENTS[0]
        names = [k["name"] for k in persons["aigul"]["keys"]]
        assert names == [f"AUTH_RSA256_{aigul.iin}.p12", f"RSA256_{aigul.iin}.p12"]
        async with http.get(f"{playground.url}/api/keys/{names[0]}") as response:
            assert response.status == 200
            assert f'filename="{names[0]}"' in response.headers["Content-Disposition"]
            downloaded = await response.read()
        assert downloaded == (playground.folder / "data/playground/keys" / names[0]).read_bytes()
        for wrong in ("..%2Fplayground.db", "demo_rsa.crl", f"REVOKED_AUTH_RSA256_{aigul.iin}.p12"):
            async with http.get(f"{playground.url}/api/keys/{wrong}") as response:
                assert response.status == 404, wrong


async def test_a_message_reaches_the_bot_and_its_answer_the_page(playground: Playground) -> None:
    async with aiohttp.ClientSession() as http:
        before = await chat(http, playground.url, "olga")
        assert before["messages"] == []
        async with http.post(
            f"{playground.url}/api/chats/olga/text", json={"text": "/start"}
        ) as response:
            assert response.status == 200
        view = await until_bot_says(
            http, playground.url, "olga", "Выберите язык.", before["version"]
        )
        mine, asked = view["messages"][0], view["messages"][1]
        assert (mine["from"], mine["text"]) == ("me", "/start")
        assert [[b["text"] for b in row] for row in asked["buttons"]] == [["Қазақша", "Русский"]]

        async with http.post(
            f"{playground.url}/api/chats/olga/press",
            json={"message_id": asked["id"], "data": asked["buttons"][0][1]["data"]},
        ) as response:
            assert response.status == 200
        view = await until(http, playground.url, "olga", lambda v: v["alert"] is not None)
        assert view["alert"]["text"] == "Чат теперь на русском языке."
        view = await until_bot_says(http, playground.url, "olga", "Этот бот", view["version"])
        assert [b["text"] for row in view["keyboard"] for b in row] == [
            "Войти",
            "Настройки",
            "Помощь",
        ]


async def test_files_up_to_20_mb_and_nothing_else(playground: Playground) -> None:
    async with aiohttp.ClientSession() as http:
        before = await chat(http, playground.url, "admin")
        form = aiohttp.FormData()
        form.add_field("file", b"\0" * (20 * MB + 1), filename="huge.p12")
        async with http.post(f"{playground.url}/api/chats/admin/document", data=form) as response:
            assert response.status == 413
        async with http.post(
            f"{playground.url}/api/chats/admin/document", data=b"not a form"
        ) as response:
            assert response.status == 400
        async with http.post(f"{playground.url}/api/chats/admin/text", json={"text": " "}) as r:
            assert r.status == 400
        async with http.post(f"{playground.url}/api/chats/nobody/text", json={"text": "hi"}) as r:
            assert r.status == 404
        assert (await chat(http, playground.url, "admin"))["messages"] == before["messages"]


async def test_the_phone_opens_only_egov_mobile_links(playground: Playground) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(
            f"{playground.url}/api/phone/open",
            json={"person": "aigul", "link": "https://example.com/?link=http://127.0.0.1/"},
        ) as response:
            assert response.status == 400
        link = "https://m.egov.kz/mobileSign/?link=" + playground.url + "/egov/no-such-request"
        async with http.post(
            f"{playground.url}/api/phone/open", json={"person": "aigul", "link": link}
        ) as response:
            answer = await response.json()
        assert answer["ok"] is False and answer["status"] == 404
        async with http.post(f"{playground.url}/api/phone/sign", json={"visit": "x"}) as r:
            assert r.status == 404


def _moment(time: dict[str, str]) -> datetime:
    return datetime.strptime(time["now"], "%d.%m.%Y %H:%M")


def _working(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays.country_holidays("KZ", years=day.year)


async def test_the_time_panel_moves_one_working_day_and_what_fell_due_happens(
    playground: Playground,
) -> None:
    """R7: the reminder on the offer's last working day; R8: after it the place passes into
    free choice and the queue's next turn comes to her again with a new deadline."""
    url = playground.url
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{url}/api/time") as response:
            start = _moment(await response.json())
        first = await until_bot_says(http, url, "aigul", "кезегіңіз келді")
        deadline = re.search(r"(\d\d\.\d\d\.\d{4}) 23:59 дейін", first["messages"][0]["text"])
        assert deadline is not None
        last_day = datetime.strptime(deadline.group(1), "%d.%m.%Y").date()
        previous = start
        while previous.date() <= last_day:
            async with http.post(f"{url}/api/time/next-working-day") as response:
                moved = _moment(await response.json())
            assert moved.date() > previous.date() and _working(moved.date())
            assert moved.strftime("%H:%M") == "10:00"
            previous = moved
            texts = [m["text"] for m in (await chat(http, url, "aigul"))["messages"]]
            reminders = [t for t in texts if "мерзімі" in t and "аяқталады" in t]
            if moved.date() < last_day:
                assert reminders == []  # not before its last working day
            else:
                assert len(reminders) == 1 and deadline.group(1) in reminders[0]
        # The day after the deadline: the offer lapsed and her turn came again at once.
        offers = [t for t in texts if "кезегіңіз келді" in t]
        assert len(offers) == 2 and deadline.group(1) not in offers[1]
