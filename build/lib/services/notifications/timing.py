"""When a message goes: how long to wait after a failed try, and in which order a batch goes so
that one chat's limit (one message a second) rarely holds up the others."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from services.notifications.model import Envelope


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s … at most 10 minutes between tries after a network or server error."""
    return timedelta(seconds=min(600, 5 * 2 ** max(0, attempts - 1)))


def spread_by_address(envelopes: list[Envelope]) -> list[Envelope]:
    """Orders a batch so that two messages to one chat are as far apart as the batch allows
    (the per-chat limit then rarely makes the whole queue wait); one chat's messages keep
    their order."""
    seen: Counter[str] = Counter()
    ranked = []
    for position, envelope in enumerate(envelopes):
        ranked.append((seen[envelope.address], position, envelope))
        seen[envelope.address] += 1
    return [envelope for *_, envelope in sorted(ranked, key=lambda r: (r[0], r[1]))]
