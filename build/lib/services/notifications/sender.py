"""Drains one channel of the outbox: claims due rows under a lease, checks each still holds,
renders it in the parent's language, paces it under the channel's limits, delivers it and
records how it ended — every outcome kept on its row.

At most once per (application, event, channel) is the outbox's unique key; at least once is the
lease: a sender that dies mid-send leaves its rows claimed until the lease runs out, and then
another sender (or the same one, restarted) takes them again."""

from __future__ import annotations

import asyncio
import itertools
import logging
import secrets
from collections import deque
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta

from domain.notices import Channel
from domain.outbox import Claimed, Facts, OutboxStatus
from services.clock import Clock
from services.notifications.compose import compose, stale_reason
from services.notifications.model import (
    Blocked,
    Delivered,
    Delivery,
    DrainReport,
    Envelope,
    Outcome,
    Rejected,
    RetryAfter,
    Transient,
)
from services.notifications.pacing import Pacer
from services.notifications.timing import backoff, spread_by_address
from services.texts import Translator
from storage.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8  # transient errors over about 20 minutes, then the row is failed
BATCH = 200
SCAN = 64  # waiting messages looked at for one whose chat is free
IN_FLIGHT = 32  # sends waiting for an answer at once: the rate, not the latency, sets the pace

Leadership = Callable[[], AbstractAsyncContextManager[bool]]


class OutboxSender:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        delivery: Delivery,
        pacer: Pacer,
        translator: Translator,
        leadership: Leadership,
        *,
        owner: str | None = None,
        batch: int = BATCH,
        in_flight: int = IN_FLIGHT,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._delivery = delivery
        self._pacer = pacer
        self._t = translator
        self._leadership = leadership
        self.owner = owner or f"{delivery.channel.value}-{secrets.token_hex(6)}"
        self._batch = batch
        self._in_flight = in_flight
        self._stopping = False

    @property
    def channel(self) -> Channel:
        return self._delivery.channel

    def stop(self) -> None:
        """Finish what is on its way, put back what is claimed but not started, take no more."""
        self._stopping = True

    def resume(self) -> None:
        self._stopping = False

    @property
    def stopping(self) -> bool:
        return self._stopping

    async def drain(self) -> DrainReport:
        """Sends everything due now; returns when nothing due is left (or `stop` was called).
        Only one sender per channel sends at a time (see `Leadership`); the others return at
        once."""
        report = DrainReport()
        async with self._leadership() as leading:
            if not leading:
                return report
            running: set[asyncio.Task[None]] = set()
            waiting: deque[Envelope] = deque()
            # The next batch is claimed while this one goes out: no pause between batches.
            upcoming: asyncio.Task[list[Envelope]] | None = asyncio.create_task(self._claim(report))
            try:
                while not self._stopping:
                    if not waiting:
                        batch = await upcoming if upcoming is not None else []
                        upcoming = None
                        if not batch:
                            break
                        waiting.extend(spread_by_address(batch))
                        upcoming = asyncio.create_task(self._claim(report))
                    envelope = await self._next(waiting)
                    if envelope is None:
                        continue
                    running.add(asyncio.create_task(self._send(envelope, report)))
                    if len(running) >= self._in_flight:
                        _done, running = await asyncio.wait(
                            running, return_when=asyncio.FIRST_COMPLETED
                        )
            finally:
                unsent = [e.outbox_id for e in waiting]
                if upcoming is not None:
                    unsent += [e.outbox_id for e in await upcoming]
                if unsent:  # claimed, never started: due again at once, not in 5 minutes
                    await self._release(unsent)
                # `wait`, not `gather`: if this drain is cancelled, what is on its way still
                # arrives and is recorded.
                if running:
                    await asyncio.wait(running)
        return report

    async def _next(self, waiting: deque[Envelope]) -> Envelope | None:
        """The first waiting message whose chat may have one now, when the rate allows one;
        None when it had to wait (the caller looks again)."""
        await self._pacer.wait_slot()
        for index, envelope in enumerate(itertools.islice(waiting, SCAN)):
            if self._pacer.ready(envelope.address):
                del waiting[index]
                self._pacer.book(envelope.address)
                return envelope
        await self._pacer.wait_for_any(e.address for e in itertools.islice(waiting, SCAN))
        return None

    async def _claim(self, report: DrainReport) -> list[Envelope]:
        now = self._clock.now()
        async with self._uow() as uow:
            claimed = await uow.outbox.claim(
                self.channel, now, self._batch, self.owner, now + LEASE
            )
            if not claimed:
                await uow.commit()
                return []
            facts = await uow.outbox.facts(
                c.application_id for c in claimed if c.application_id is not None
            )
            envelopes, skipped = self._compose_all(claimed, facts, now)
            await uow.outbox.skip_many(skipped, self.owner)
            await uow.commit()
        report.skipped += len(skipped)
        return envelopes

    async def _release(self, outbox_ids: list[int]) -> None:
        async with self._uow() as uow:
            await uow.outbox.release(outbox_ids, self.owner)
            await uow.commit()

    def _compose_all(
        self, claimed: list[Claimed], facts: dict[int, Facts], now: datetime
    ) -> tuple[list[Envelope], list[tuple[int, str]]]:
        envelopes: list[Envelope] = []
        skipped: list[tuple[int, str]] = []
        for row in claimed:
            found = facts.get(row.application_id) if row.application_id is not None else None
            if found is None:
                skipped.append((row.id, "the application no longer exists"))
                continue
            reason = stale_reason(row, found, now)
            composed = compose(row, found, self._t) if reason is None else reason
            if isinstance(composed, str):
                skipped.append((row.id, composed))
            else:
                envelopes.append(composed)
        return envelopes, skipped

    async def _send(self, envelope: Envelope, report: DrainReport) -> None:
        try:
            outcome: Outcome = await self._delivery.deliver(envelope)
        except Exception as error:  # a Delivery must not raise; if one does, retry later
            log.exception("delivery of outbox row %s raised", envelope.outbox_id)
            outcome = Transient(f"{type(error).__name__}: {error}")
        finally:
            self._pacer.done(envelope.address)
        if isinstance(outcome, RetryAfter):
            self._pacer.pause(outcome.seconds)  # before anything else may start
        try:
            await self._record(envelope, outcome, report)
        except Exception:
            # The lease returns the row to the queue if its outcome cannot be written now.
            log.exception("could not record the outcome of outbox row %s", envelope.outbox_id)
            report.errors.append(f"row {envelope.outbox_id}: outcome not recorded")

    async def _record(self, envelope: Envelope, outcome: Outcome, report: DrainReport) -> None:
        now = self._clock.now()
        attempts = envelope.attempts + 1
        async with self._uow() as uow:
            finish = uow.outbox.finish
            row, owner = envelope.outbox_id, self.owner
            match outcome:
                case Delivered():
                    await finish(
                        row, owner, status=OutboxStatus.SENT, now=now, attempts=attempts,
                        recipient=envelope.address, last_error=None,
                    )  # fmt: skip
                    report.sent += 1
                case RetryAfter(seconds):
                    # Not the message's fault: the attempt is not counted against it.
                    await finish(
                        row, owner, status=OutboxStatus.PENDING, now=now,
                        next_attempt_at=now + timedelta(seconds=seconds),
                        last_error=f"429: retry after {seconds:g} s",
                    )  # fmt: skip
                    report.rate_limited += 1
                case Blocked(reason):
                    await finish(
                        row, owner, status=OutboxStatus.BLOCKED, now=now, attempts=attempts,
                        recipient=envelope.address, last_error=reason,
                    )  # fmt: skip
                    if envelope.channel is Channel.TELEGRAM:
                        await uow.telegram_users.mark_blocked(int(envelope.address), now)
                    report.blocked += 1
                case Transient(reason) if attempts < MAX_ATTEMPTS:
                    await finish(
                        row, owner, status=OutboxStatus.PENDING, now=now, attempts=attempts,
                        next_attempt_at=now + backoff(attempts), last_error=reason,
                    )  # fmt: skip
                    report.retried += 1
                case Transient(reason) | Rejected(reason):
                    await finish(
                        row, owner, status=OutboxStatus.FAILED, now=now, attempts=attempts,
                        recipient=envelope.address, last_error=reason,
                    )  # fmt: skip
                    report.failed += 1
            await uow.commit()
