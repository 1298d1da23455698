"""The operator's metrics in Prometheus' text format (/metrics on the web app): updates by type
and outcome and how long they took, the outbox's backlog per channel, the sweeps, EDS checks and
eGov Mobile signing requests by outcome. Labels are fixed words: no user, IIN or id, so the
number of series stays bounded."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from services.errors import DomainError
from services.notifications.report import OutboxOverview
from services.sweeps import SweepReport

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.updates = Counter(
            "bot_updates", "Updates handled, by type and outcome", ["type", "outcome"], registry=r
        )
        self.update_seconds = Histogram(
            "bot_update_seconds", "Time to handle an update", ["type"],
            buckets=LATENCY_BUCKETS, registry=r,
        )  # fmt: skip
        self.outbox_due = Gauge(
            "bot_outbox_due", "Messages due and not yet sent", ["channel"], registry=r
        )
        self.outbox_oldest = Gauge(
            "bot_outbox_oldest_due_seconds", "How long the oldest due message has waited",
            ["channel"], registry=r,
        )  # fmt: skip
        self.sweep_seconds = Histogram("bot_sweep_seconds", "Duration of a sweep", registry=r)
        self.sweep_transitions = Counter(
            "bot_sweep_transitions", "Transitions the sweeps applied", ["kind"], registry=r
        )
        self.eds_checks = Counter(
            "bot_eds_checks", "EDS keys and signatures checked, by outcome", ["outcome"],
            registry=r,
        )  # fmt: skip
        self.signing = Counter(
            "bot_egov_signing_requests", "eGov Mobile signing requests ended, by outcome",
            ["purpose", "outcome"], registry=r,
        )  # fmt: skip

    # services.metering.Meter
    def eds_checked(self, outcome: str) -> None:
        self.eds_checks.labels(outcome).inc()

    def signing_ended(self, purpose: str, outcome: str) -> None:
        self.signing.labels(purpose, outcome).inc()

    def swept(self, report: SweepReport, seconds: float) -> None:
        self.sweep_seconds.observe(seconds)
        for kind, count in report.counts().items():
            if count:
                self.sweep_transitions.labels(kind).inc(count)

    async def exposition(self, outbox: OutboxOverview | None) -> bytes:
        """The text format, with the outbox's backlog read now (None: leave it as it was)."""
        if outbox is not None:
            waiting = await outbox.waiting()
            for channel in set(waiting) | {"telegram"}:
                count, age = waiting.get(channel, (0, None))
                self.outbox_due.labels(channel).set(count)
                self.outbox_oldest.labels(channel).set(age.total_seconds() if age else 0)
        return generate_latest(self.registry)


class MetricsMiddleware(BaseMiddleware):
    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(event, Update)
        kind = event.event_type
        started = time.perf_counter()
        outcome = "failed"
        try:
            result = await handler(event, data)
            if data.get("duplicate"):
                outcome = "duplicate"
            else:
                outcome = "unhandled" if result is UNHANDLED else "handled"
            return result
        except DomainError:
            outcome = "refused"
            raise
        finally:
            self._metrics.updates.labels(kind, outcome).inc()
            self._metrics.update_seconds.labels(kind).observe(time.perf_counter() - started)
