"""Turning result rows into the services' frozen values."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from sqlalchemy import Row

from domain.dto import ApplicationRow, KindergartenRow, OfferRow, PlaceRow, ReferralRow
from storage.models import Application, Kindergarten, Offer, Place, Referral

APPLICATION_COLUMNS = tuple(getattr(Application, f.name) for f in fields(ApplicationRow))
KINDERGARTEN_COLUMNS = tuple(getattr(Kindergarten, f.name) for f in fields(KindergartenRow))
OFFER_COLUMNS = tuple(getattr(Offer, f.name) for f in fields(OfferRow))
PLACE_COLUMNS = tuple(getattr(Place, f.name) for f in fields(PlaceRow))
REFERRAL_COLUMNS = tuple(getattr(Referral, f.name) for f in fields(ReferralRow))


def application_row(row: Row[Any]) -> ApplicationRow:
    return ApplicationRow(**row._mapping)


def kindergarten_row(row: Row[Any]) -> KindergartenRow:
    return KindergartenRow(**row._mapping)


def offer_row(row: Row[Any]) -> OfferRow:
    return OfferRow(**row._mapping)


def place_row(row: Row[Any]) -> PlaceRow:
    return PlaceRow(**row._mapping)


def referral_row(row: Row[Any]) -> ReferralRow:
    return ReferralRow(**row._mapping)
