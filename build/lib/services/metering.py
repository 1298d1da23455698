"""What the services count for the operator's metrics (bot/metrics.py turns it into Prometheus
series). Outcomes are a few fixed words or error codes: never a person, an IIN or an id."""

from __future__ import annotations

from typing import Protocol


class Meter(Protocol):
    def eds_checked(self, outcome: str) -> None: ...

    def signing_ended(self, purpose: str, outcome: str) -> None: ...


class NoMeter:
    def eds_checked(self, outcome: str) -> None:
        pass

    def signing_ended(self, purpose: str, outcome: str) -> None:
        pass
