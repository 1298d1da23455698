"""Telegram's webhook delivery, played by the test: each update is POSTed with the secret to the
bot's instances in turn (a round-robin, as a load balancer in front of them would do), and is
delivered again to the next one after anything but a 200 — an error, a timeout, a refused
connection. One chat's updates go one after another, as Telegram sends them."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from typing import Any

import aiohttp

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookDelivery:
    def __init__(
        self, secret: str, instances: list[str], *, timeout: float = 15.0, pause: float = 0.05
    ) -> None:
        self.instances = instances
        self._secret = secret
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._pause = pause
        self._turn = itertools.count()
        self._chats: dict[int, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._http: aiohttp.ClientSession | None = None
        self.attempts: Counter[int] = Counter()  # update_id → POSTs made
        self.in_flight: dict[str, set[int]] = {url: set() for url in instances}  # chat ids
        self.route: dict[int, int] = {}  # chat id → the instance its updates must go to
        self.answers: Counter[str] = Counter()  # "200", "500", "timeout", "refused" …

    async def __aenter__(self) -> WebhookDelivery:
        self._http = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *exc: object) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._http is not None:
            await self._http.close()

    def submit(self, update: dict[str, Any]) -> None:
        """Delivers in the background; the chat's earlier updates go first."""
        lock = self._chats.setdefault(_chat_of(update), asyncio.Lock())
        task = asyncio.create_task(self._deliver_in_turn(lock, update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver_in_turn(self, lock: asyncio.Lock, update: dict[str, Any]) -> None:
        async with lock:
            await self.deliver(update)

    async def deliver(self, update: dict[str, Any]) -> None:
        assert self._http is not None, "use `async with WebhookDelivery(...)`"
        chat = _chat_of(update)
        while True:
            turn = self.route.get(chat, next(self._turn))
            url = self.instances[turn % len(self.instances)]
            self.attempts[update["update_id"]] += 1
            self.in_flight[url].add(chat)
            try:
                async with self._http.post(
                    url, json=update, headers={SECRET_HEADER: self._secret}, timeout=self._timeout
                ) as response:
                    answer = str(response.status)
            except TimeoutError:
                answer = "timeout"
            except aiohttp.ClientError:
                answer = "refused"
            finally:
                self.in_flight[url].discard(chat)
            self.answers[answer] += 1
            if answer == "200":
                return
            await asyncio.sleep(self._pause)  # Telegram waits before it tries again

    async def settled(self) -> None:
        """Every submitted update has been answered 200."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks))


def _chat_of(update: dict[str, Any]) -> int:
    for kind in ("message", "callback_query", "my_chat_member"):
        if kind in update:
            event = update[kind]
            return int(event["from"]["id"])
    return 0
