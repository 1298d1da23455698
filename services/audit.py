"""Who did what (RULES.md: every change of state is written with its actor and time)."""

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
class AuditRecord:
    at: datetime
    actor: Actor
    entity: AuditEntity
    entity_id: str | int
    action: str
    from_state: str | None = None
    to_state: str | None = None
    details: dict[str, Any] | None = field(default=None)
