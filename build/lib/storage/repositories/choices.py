"""R5's facts in SQL, one definition: what domain.eligibility.ChoiceFacts needs beyond the
application's own row — is the child enrolled, does another application of the child hold a
referral, is there a free-choice place in the pool (R8), and the application's active offer
(R6). The card (storage.repositories.cards) reads them inside its one statement; choosing and
signing (services.queue.choosing) read them here, also in one statement: each statement costs
more in SQLAlchemy than in the database."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from sqlalchemy import Table, and_, bindparam, exists, select

from domain.dto import OfferRow
from domain.eligibility import ChoiceContext
from domain.enums import ApplicationStatus, OfferStatus, PlaceState
from storage.models import Application, Child, Offer, Place
from storage.repositories.base import Repository, table_of

# An alias of its own: the card's statement joins the children table too, and would correlate.
_CHILD = table_of(Child).alias("r5_child")
_OFFER, _PLACE = table_of(Offer), table_of(Place)


def r5_facts(application: Table | Any, other: Table | Any) -> list[Any]:
    """[the child is enrolled, another application of the child holds a referral, a
    free-choice place exists in the pool] for `application` (a table or alias); `other` is
    another alias of the applications table."""
    a = application.c
    enrolled = (
        select(_CHILD.c.enrolled_kindergarten_id)
        .where(_CHILD.c.iin == a.child_iin)
        .scalar_subquery()
        .is_not(None)
    )
    other_referral = exists().where(
        other.c.child_iin == a.child_iin,
        other.c.id != a.id,
        other.c.status == ApplicationStatus.REFERRAL_ISSUED,
    )
    free_choice = exists().where(
        _PLACE.c.queue_id == a.queue_id,
        _PLACE.c.group_year == a.group_year,
        _PLACE.c.kind == a.kind,
        _PLACE.c.state == PlaceState.FREE_CHOICE,
    )
    return [enrolled, other_referral, free_choice]


_A = table_of(Application).alias("app")
_O = table_of(Application).alias("other")
_OFFER_FIELDS = [f.name for f in fields(OfferRow)]
_STATEMENT = (
    select(*r5_facts(_A, _O), *(_OFFER.c[name] for name in _OFFER_FIELDS))
    .select_from(
        _A.outerjoin(
            _OFFER,
            and_(_OFFER.c.application_id == _A.c.id, _OFFER.c.status == OfferStatus.ACTIVE),
        )
    )
    .where(_A.c.id == bindparam("id"))
)


class ChoiceRepository(Repository):
    async def context(self, application_id: int) -> ChoiceContext:
        row = (await self.session.execute(_STATEMENT, {"id": application_id})).one()
        enrolled, other_referral, free_choice, *offer = row
        active = OfferRow(**dict(zip(_OFFER_FIELDS, offer, strict=True))) if offer[0] else None
        return ChoiceContext(
            child_enrolled=bool(enrolled),
            child_has_other_referral=bool(other_referral),
            free_choice_exists=bool(free_choice),
            active_offer=active,
        )
