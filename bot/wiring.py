"""Builds the services from the settings. The only place that knows how parts fit together."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from services.allocation import AllocationService
from services.applications import ApplicationService
from services.calendar import WorkCalendar, load_corrections
from services.clock import Clock
from services.eds import EdsService, TrustStore
from services.eds.attempts import PasswordAttempts
from services.eds.keys import KeyChecks
from services.imports import ImportService
from services.queue import QueueService
from services.referrals import (
    LapseService,
    ReferralIssuer,
    ReferralParentActions,
    ReferralStaffActions,
)
from services.sweeps import SweepService
from storage.db import Database, create_database
from storage.uow import UnitOfWorkFactory


@dataclass(frozen=True)
class Services:
    database: Database
    uow: UnitOfWorkFactory
    clock: Clock
    calendar: WorkCalendar
    queue: QueueService
    allocation: AllocationService
    applications: ApplicationService
    issuer: ReferralIssuer
    parent_actions: ReferralParentActions
    staff_actions: ReferralStaffActions
    lapses: LapseService
    sweeps: SweepService
    imports: ImportService
    eds: EdsService
    keys: KeyChecks


def build_services(
    database: Database, clock: Clock, calendar: WorkCalendar, eds: EdsService | None = None
) -> Services:
    uow = UnitOfWorkFactory(database)
    eds = eds or EdsService(TrustStore(()), clock)
    allocation = AllocationService(uow, clock, calendar)
    lapses = LapseService(uow, clock, calendar)
    return Services(
        database=database,
        uow=uow,
        clock=clock,
        calendar=calendar,
        queue=QueueService(uow, clock),
        allocation=allocation,
        applications=ApplicationService(uow),
        issuer=ReferralIssuer(uow, clock, calendar),
        parent_actions=ReferralParentActions(uow, clock, calendar),
        staff_actions=ReferralStaffActions(uow, clock),
        lapses=lapses,
        sweeps=SweepService(allocation, lapses),
        imports=ImportService(uow, clock),
        eds=eds,
        keys=KeyChecks(eds, PasswordAttempts(uow, clock)),
    )


def eds_from_settings(settings: Settings, clock: Clock) -> EdsService:
    trust = TrustStore.load(
        Settings.paths(settings.eds_trust_anchors), Settings.paths(settings.eds_crl_files)
    )
    return EdsService(
        trust, clock, ocsp_url=settings.eds_ocsp_url, allow_test_iin=settings.eds_allow_test_iin
    )


def services_from_settings(settings: Settings, clock: Clock) -> Services:
    calendar = WorkCalendar(load_corrections(settings.calendar_corrections_file))
    eds = eds_from_settings(settings, clock)
    return build_services(create_database(settings.database_url), clock, calendar, eds)
