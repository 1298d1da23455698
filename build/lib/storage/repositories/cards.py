"""An application's card in one statement: the application, its district and queue, the child,
the active offer, the latest referral and its kindergarten, the position counts (R6), what R5
needs and the history of its status changes. The card is the chat's most frequent screen, and
each statement costs more in SQLAlchemy than in the database, so it is one."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Select, bindparam, func, select

from domain.card import CardFacts, HistoryRow
from domain.dto import ApplicationRow, ReferralRow
from domain.enums import WAITING_STATUSES, Benefit, OfferStatus
from storage.models import (
    Application,
    AuditEntry,
    Child,
    District,
    Kindergarten,
    Offer,
    Place,
    Queue,
    QueueCursor,
    Referral,
)
from storage.repositories.base import Reads, Repository, one_of, table_of
from storage.repositories.choices import r5_facts
from storage.repositories.standing import position_counts

# Core tables, not ORM entities: the ORM's row loading costs ~0.5 ms a statement here.
_A = table_of(Application).alias("app")
_W = table_of(Application).alias("waiting")
_O = table_of(Application).alias("other")
_R = table_of(Referral).alias("ref")
_RK = table_of(Kindergarten).alias("ref_kg")
_DISTRICT, _QUEUE, _CURSOR = table_of(District), table_of(Queue), table_of(QueueCursor)
_CHILD, _OFFER, _PLACE = table_of(Child), table_of(Offer), table_of(Place)
_REFERRALS, _AUDIT = table_of(Referral), table_of(AuditEntry)
_APPLICATION = [_A.c[f.name] for f in fields(ApplicationRow)]
_REFERRAL = [_R.c[f.name] for f in fields(ReferralRow)]


def _history(dialect: str) -> Any:
    """The application's audit entries as one JSON array of [at, action, to_state, actor, id]:
    a handful per application (its status changes), ordered and cut in Python."""
    entry = (_AUDIT.c.at, _AUDIT.c.action, _AUDIT.c.to_state, _AUDIT.c.actor_kind, _AUDIT.c.id)
    rows = (
        func.json_agg(func.json_build_array(*entry), type_=JSON)
        if dialect == "postgresql"
        else func.json_group_array(func.json_array(*entry), type_=JSON)
    )
    return select(rows).where(_AUDIT.c.application_id == _A.c.id).scalar_subquery()


def _card_statement(dialect: str) -> Select[Any]:
    a = _A.c
    # The position's counts (R6), only for a waiting application.
    counts = position_counts(
        _W,
        queue_id=a.queue_id,
        group_year=a.group_year,
        kind=a.kind,
        benefit=a.benefit,
        submitted_at=a.submitted_at,
        application_id=a.id,
        ratio_first=_QUEUE.c.ratio_first,
        applies=one_of(a.status, WAITING_STATUSES),
    )
    return (
        select(
            *_APPLICATION,
            _DISTRICT.c.name_kk,
            _DISTRICT.c.name_ru,
            _QUEUE.c.code,
            _QUEUE.c.ratio_first,
            _QUEUE.c.ratio_general,
            _CURSOR.c.cursor,
            _CHILD.c.surname,
            _CHILD.c.name,
            _CHILD.c.patronymic,
            _OFFER.c.id,
            _OFFER.c.expires_at,
            *_REFERRAL,
            _RK.c.name_kk,
            _RK.c.name_ru,
            *counts,
            *r5_facts(_A, _O),
            _history(dialect),
        )
        .select_from(_joined())
        .where(a.id == bindparam("id"))
    )


def _joined() -> Any:
    """The application with its district, queue, cursor, child, active offer and latest
    referral (with that referral's kindergarten)."""
    a = _A.c
    latest_referral = (
        select(func.max(_REFERRALS.c.id))
        .where(_REFERRALS.c.application_id == a.id)
        .scalar_subquery()
    )
    return (
        _A.join(_DISTRICT, _DISTRICT.c.id == a.district_id)
        .join(_QUEUE, _QUEUE.c.id == a.queue_id)
        .outerjoin(
            _CURSOR,
            (_CURSOR.c.queue_id == a.queue_id)
            & (_CURSOR.c.group_year == a.group_year)
            & (_CURSOR.c.kind == a.kind),
        )
        .outerjoin(_CHILD, _CHILD.c.iin == a.child_iin)
        .outerjoin(
            _OFFER, (_OFFER.c.application_id == a.id) & (_OFFER.c.status == OfferStatus.ACTIVE)
        )
        .outerjoin(_R, _R.c.id == latest_referral)
        .outerjoin(_RK, _RK.c.id == _R.c.kindergarten_id)
    )


_CARD = {dialect: _card_statement(dialect) for dialect in ("sqlite", "postgresql")}


def _history_rows(entries: list[list[Any]] | None, limit: int) -> list[HistoryRow]:
    """None: PostgreSQL's json_agg of no rows. Moments are naive UTC text (storage.types)."""
    parsed = sorted(
        (datetime.fromisoformat(at).replace(tzinfo=UTC), entry_id, action, to_state, actor)
        for at, action, to_state, actor, entry_id in entries or []
    )
    return [HistoryRow(at, action, to_state, actor) for at, _, action, to_state, actor in parsed][
        -limit:
    ]


class CardRepository(Repository):
    async def facts(self, application_id: int, history_limit: int) -> CardFacts | None:
        """None when there is no such application; `history_limit` latest history entries."""
        return await read_card(self.session, self.dialect, application_id, history_limit)


async def read_card(
    reads: Reads, dialect: str, application_id: int, history_limit: int
) -> CardFacts | None:
    """The card's one statement, through any session that reads (a glance's too)."""
    row = (await reads.execute(_CARD[dialect], {"id": application_id})).first()
    if row is None:
        return None
    return _facts(list(row), history_limit)


def _facts(values: list[Any], history_limit: int) -> CardFacts:
    application = ApplicationRow(*values[: len(_APPLICATION)])
    (
        district_kk,
        district_ru,
        queue_code,
        ratio_first,
        ratio_general,
        cursor,
        surname,
        name,
        patronymic,
        offer_id,
        offer_expires_at,
    ) = values[len(_APPLICATION) : len(_APPLICATION) + 11]
    start = len(_APPLICATION) + 11
    referral_values = values[start : start + len(_REFERRAL)]
    referral = ReferralRow(*referral_values) if referral_values[0] is not None else None
    kk, ru, out_of_turn, first, none, before, enrolled, other, free_choice, history = values[
        start + len(_REFERRAL) :
    ]
    return CardFacts(
        application=application,
        district_kk=district_kk,
        district_ru=district_ru,
        queue_code=queue_code,
        ratio_first=ratio_first,
        ratio_general=ratio_general,
        cursor=cursor or 0,
        child_surname=surname,
        child_name=name,
        child_patronymic=patronymic,
        child_enrolled=bool(enrolled),
        offer_expires_at=offer_expires_at,
        has_offer=offer_id is not None,
        referral=referral,
        referral_kindergarten=(kk, ru) if referral is not None else None,
        waiting={Benefit.OUT_OF_TURN: out_of_turn, Benefit.FIRST: first, Benefit.NONE: none},
        before=before,
        child_has_other_referral=bool(other),
        free_choice_exists=bool(free_choice),
        history=_history_rows(history, history_limit),
    )
