"""The side panel's two instruments. The time panel moves the playground's clock to the next
working day and runs the sweeps and the senders at once, so that what fell due happens before
the visitor's eyes, and answers when it has. The phone plays eGov Mobile for a person: it opens
the link the bot sent, shows what the app would show, and signs with the person's demo signing
key once they confirm."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.background import Background
from bot.playground.clock import PlaygroundClock
from bot.playground.persons import BY_KEY
from bot.playground.phone import Answer, EgovPhone, Key, NotASigningLink, Visit
from bot.playground.site import json_object
from services.calendar import WorkCalendar
from services.clock import to_almaty
from services.eds.demo_pki import DEMO_PASSWORD

MAX_OPEN_VISITS = 20  # a visit is one link being looked at; older ones are forgotten


def _time(clock: PlaygroundClock) -> dict[str, Any]:
    now = to_almaty(clock.now())
    return {
        "now": now.strftime("%d.%m.%Y %H:%M"),
        "weekday": now.strftime("%A"),
        "moved_days": round(clock.moved_by.total_seconds() / 86400, 1),
    }


def _refusal(answer: Answer) -> dict[str, Any]:
    return {"ok": False, "status": answer.status, "message": answer.message}


class Panel:
    def __init__(
        self,
        clock: PlaygroundClock,
        calendar: WorkCalendar,
        background: Background,
        keys: Path,
    ) -> None:
        self.clock = clock
        self.calendar = calendar
        self.background = background
        self.keys = keys
        self._moving = asyncio.Lock()
        self._visits: dict[str, tuple[str, Visit, EgovPhone]] = {}

    def install(self, app: web.Application) -> None:
        app.router.add_get("/api/time", self._now)
        app.router.add_post("/api/time/next-working-day", self._next_working_day)
        app.router.add_post("/api/phone/open", self._open)
        app.router.add_post("/api/phone/sign", self._sign)
        app.router.add_post("/api/phone/decline", self._decline)

    async def _now(self, request: web.Request) -> web.Response:
        return web.json_response(_time(self.clock))

    async def _next_working_day(self, request: web.Request) -> web.Response:
        """What is due now goes out first, so that no notice is on its way while the clock
        jumps (its lease would seem to run out); then the day's transitions and notices."""
        async with self._moving:
            await self.background.settle()
            self.clock.move_to(self.clock.next_working_day(self.calendar))
            await self.background.sweep()
            await self.background.settle()
        return web.json_response(_time(self.clock))

    async def _open(self, request: web.Request) -> web.Response:
        body = await json_object(request)
        person = BY_KEY.get(str(body.get("person")))
        if person is None:
            raise web.HTTPNotFound(text="no such person")
        phone = EgovPhone(person.language_code)
        try:
            opened = await phone.open(str(body.get("link", "")))
        except NotASigningLink:
            raise web.HTTPBadRequest(text="not an eGov Mobile signing link") from None
        if isinstance(opened, Answer):
            return web.json_response(_refusal(opened))
        visit_id = secrets.token_urlsafe(8)
        self._visits[visit_id] = (person.key, opened, phone)
        while len(self._visits) > MAX_OPEN_VISITS:
            self._visits.pop(next(iter(self._visits)))
        return web.json_response({"ok": True, "visit": visit_id, **opened.shown()})

    def _visit(self, body: dict[str, Any]) -> tuple[str, Visit, EgovPhone]:
        found = self._visits.pop(str(body.get("visit")), None)
        if found is None:
            raise web.HTTPNotFound(text="open the link again")
        return found

    async def _sign(self, request: web.Request) -> web.Response:
        person_key, visit, phone = self._visit(await json_object(request))
        parent = BY_KEY[person_key].parent
        if parent is None:
            return web.json_response({"ok": False, "message": "this person has no EDS key"})
        key = Key.from_p12(self.keys / f"RSA256_{parent.iin}.p12", DEMO_PASSWORD)
        answer = await phone.sign(visit, key)
        return web.json_response({"ok": answer.status == 200, "message": answer.message})

    async def _decline(self, request: web.Request) -> web.Response:
        _, visit, phone = self._visit(await json_object(request))
        answer = await phone.decline(visit)
        return web.json_response({"ok": answer.status == 200, "message": answer.message})
