"""What runs beside the chat: the sweeps (APScheduler 3, in-memory job store, a short interval)
and one outbox sender per channel. The database rows are the truth — no job store holds a
deadline — so starting after any downtime catches up at once: the first sweep runs on start,
and the senders drain whatever came due meanwhile.

The senders wake when the outbox gets new rows: rung by this process's commits and, on
PostgreSQL, by every other process's through LISTEN/NOTIFY (storage/doorbell.py); otherwise
they look every second."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.metrics import Metrics
from bot.unavailable import is_unavailable
from services.notifications.sender import OutboxSender
from services.sweeps import SweepService
from storage.db import Database
from storage.doorbell import hear_postgres
from storage.leadership import Leadership

log = logging.getLogger(__name__)

STOP_TIMEOUT = 30.0  # seconds for the messages on their way when the bot stops


class Background:
    def __init__(
        self,
        sweeps: SweepService,
        senders: list[OutboxSender],
        *,
        sweep_leadership: Leadership,
        sweep_interval: float = 30.0,
        idle_wait: float = 1.0,
        database: Database | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self._sweeps = sweeps
        self._senders = senders
        # Transitions are safe with any number of sweepers (row claims); the lock only saves
        # the other instances from scanning for nothing at the same moment.
        self._sweep_leadership = sweep_leadership
        self._sweep_interval = sweep_interval
        self._idle_wait = idle_wait
        self._wakes = [asyncio.Event() for _ in senders]
        # Per sender: drains begun, and the number of the last one finished (see `settle`).
        self._begun = [0 for _ in senders]
        self._finished = [0 for _ in senders]
        self._drained = asyncio.Condition()
        self._scheduler: AsyncIOScheduler | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._periodic: list[Callable[[], Awaitable[None]]] = []
        self._database = database
        self._metrics = metrics
        self._stopping = asyncio.Event()
        if database is not None:
            database.doorbell.listen(self.wake_senders)

    def wake_senders(self) -> None:
        for wake in self._wakes:
            wake.set()

    def every(self, job: Callable[[], Awaitable[None]]) -> None:
        """Another short job at the sweeps' interval (eGov Mobile's expired requests)."""
        self._periodic.append(job)

    async def _periodic_jobs(self) -> None:
        for job in self._periodic:
            try:
                await job()
            except Exception:  # the next tick tries again
                log.exception("a periodic job failed")

    async def sweep(self) -> None:
        try:
            async with self._sweep_leadership() as leading:
                if not leading:
                    return
                started = time.perf_counter()
                report = await self._sweeps.run_due()
        except Exception as error:  # the next tick tries again; the rows still say what is due
            if is_unavailable(error):
                log.warning("the sweep waits for the database (%s)", type(error).__name__)
            else:
                log.exception("the sweep failed")
            return
        if self._metrics is not None:
            self._metrics.swept(report, time.perf_counter() - started)
        if report.changed_anything:
            log.info("sweep: %s", "; ".join(report.lines()))
            self.wake_senders()  # the notices it wrote go out now, not at the next tick

    async def settle(self, within: float = 30.0) -> bool:
        """Until every sender has finished a drain begun after this call, that is until what is
        due now has been sent (the playground's time panel, before and after it moves the
        clock). False if that took longer than `within` seconds."""
        marks = list(self._begun)
        self.wake_senders()
        try:
            async with asyncio.timeout(within), self._drained:
                await self._drained.wait_for(
                    lambda: all(f > m for f, m in zip(self._finished, marks, strict=True))
                )
        except TimeoutError:
            return False
        return True

    async def _send_loop(self, index: int, sender: OutboxSender, wake: asyncio.Event) -> None:
        while not sender.stopping:
            self._begun[index] += 1
            number = self._begun[index]
            wake.clear()
            try:
                report = await sender.drain()
                if report.handled:
                    log.info("outbox %s: %s", sender.channel.value, report)
            except Exception as error:
                if is_unavailable(error):
                    log.warning("the %s sender waits for the database", sender.channel.value)
                else:
                    log.exception("the %s sender failed", sender.channel.value)
            async with self._drained:
                self._finished[index] = number
                self._drained.notify_all()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), self._idle_wait)

    async def start(self) -> None:
        # The catch-up first: after a downtime every due transition is applied before anything
        # is sent, so no notice goes out about a state the catch-up is about to change.
        await self.sweep()
        scheduler = AsyncIOScheduler(timezone=UTC)
        scheduler.add_job(
            self.sweep,
            "interval",
            seconds=self._sweep_interval,
            id="sweep",
            max_instances=1,
            coalesce=True,
        )
        if self._periodic:
            scheduler.add_job(
                self._periodic_jobs,
                "interval",
                seconds=self._sweep_interval,
                id="periodic",
                max_instances=1,
                coalesce=True,
            )
        scheduler.start()
        self._scheduler = scheduler
        for sender in self._senders:
            sender.resume()
        self._tasks = [
            asyncio.create_task(self._send_loop(index, sender, wake))
            for index, (sender, wake) in enumerate(zip(self._senders, self._wakes, strict=True))
        ]
        if self._database is not None and not self._database.is_sqlite:
            self._tasks.append(
                asyncio.create_task(
                    hear_postgres(self._database.url, self._database.doorbell, self._stopping)
                )
            )

    async def stop(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        # Gently: what is on its way arrives and is recorded; what is claimed goes back.
        self._stopping.set()
        for sender, wake in zip(self._senders, self._wakes, strict=True):
            sender.stop()
            wake.set()
        if self._tasks:
            _done, late = await asyncio.wait(self._tasks, timeout=STOP_TIMEOUT)
            for task in late:
                task.cancel()
            for task in late:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._tasks = []
