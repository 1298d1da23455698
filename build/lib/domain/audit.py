"""Who did what (RULES.md: every change of state is written with its actor and time).

One entry per event. An event may change several things at once (a lapse cancels the referral,
frees the place and stop-lists the application): the entry names its main change and lists the
others, so that every change is written exactly once, and an application's whole history is
found by its id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from domain.enums import ActorKind, AuditEntity


@dataclass(frozen=True, slots=True)
class Actor:
    kind: ActorKind
    id: str

    @classmethod
    def scheduler(cls) -> Actor:
        return _SCHEDULER

    @classmethod
    def parent(cls, iin: str) -> Actor:
        return cls(ActorKind.PARENT, iin)

    @classmethod
    def staff(cls, who: str) -> Actor:
        return cls(ActorKind.STAFF, who)

    @classmethod
    def administrator(cls, who: str) -> Actor:
        return cls(ActorKind.ADMINISTRATOR, who)


_SCHEDULER = Actor(ActorKind.SCHEDULER, "scheduler")  # one value, asked for per record by sweeps


# Named tuples, not frozen dataclasses: a sweep writes 100,000 of these at a time, and a frozen
# dataclass pays an object.__setattr__ per field on construction (≈ 1 s per 100,000 records).
class Change(NamedTuple):
    entity: AuditEntity
    id: int | str
    from_state: str | None = None
    to_state: str | None = None

    def as_dict(self) -> dict[str, Any]:
        # Our enums are StrEnums: JSON writes them as their text.
        return {"entity": self.entity, "id": self.id, "from": self.from_state, "to": self.to_state}


class AuditRecord(NamedTuple):
    at: datetime
    actor: Actor
    action: str
    change: Change
    application_id: int | None = None
    also: tuple[Change, ...] = ()
    details: dict[str, Any] | None = None

    def stored_details(self) -> dict[str, Any] | None:
        if not self.also:
            return self.details
        return {**(self.details or {}), "also": [c.as_dict() for c in self.also]}
