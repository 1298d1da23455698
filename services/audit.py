"""Who did what (RULES.md: every change of state is written with its actor and time).

One entry per event. An event may change several things at once (a lapse cancels the referral,
frees the place and stop-lists the application): the entry names its main change and lists the
others, so that every change is written exactly once, and an application's whole history is
found by its id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.enums import ActorKind, AuditEntity


@dataclass(frozen=True, slots=True)
class Actor:
    kind: ActorKind
    id: str

    @classmethod
    def scheduler(cls) -> Actor:
        return cls(ActorKind.SCHEDULER, "scheduler")

    @classmethod
    def parent(cls, iin: str) -> Actor:
        return cls(ActorKind.PARENT, iin)

    @classmethod
    def staff(cls, who: str) -> Actor:
        return cls(ActorKind.STAFF, who)

    @classmethod
    def administrator(cls, who: str) -> Actor:
        return cls(ActorKind.ADMINISTRATOR, who)


@dataclass(frozen=True, slots=True)
class Change:
    entity: AuditEntity
    id: int | str
    from_state: str | None = None
    to_state: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity.value,
            "id": self.id,
            "from": self.from_state,
            "to": self.to_state,
        }


@dataclass(frozen=True, slots=True)
class AuditRecord:
    at: datetime
    actor: Actor
    action: str
    change: Change
    application_id: int | None = None
    also: tuple[Change, ...] = ()
    details: dict[str, Any] | None = field(default=None)

    def stored_details(self) -> dict[str, Any] | None:
        if not self.also:
            return self.details
        return {**(self.details or {}), "also": [c.as_dict() for c in self.also]}
