"""Builds the services from the settings. The only place that knows how parts fit together; it
is long because that knowledge is worth keeping in one file rather than spread over several."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.config import Settings
from bot.i18n import Catalogs
from bot.identities import CachedIdentities
from domain.notices import Channel
from services.accounts import AccountService
from services.alerts import AlertService
from services.allocation import AllocationService
from services.applications import ApplicationService
from services.calendar import WorkCalendar, load_corrections
from services.clock import Clock
from services.documents import DocumentService, VerificationLink
from services.eds import EdsService, TrustStore
from services.eds.attempts import password_attempts, signature_attempts
from services.eds.keys import KeyChecks
from services.egov import EgovReceiver, EgovRequests
from services.imports import ImportService
from services.journal import JournalService
from services.metering import Meter
from services.notices import Postbox
from services.notifications.model import Delivery
from services.notifications.pacing import Pacer, Sleep
from services.notifications.report import OutboxOverview
from services.notifications.sender import OutboxSender
from services.queue import QueueService
from services.referrals import (
    LapseService,
    ReferralIssuer,
    ReferralParentActions,
    ReferralRequests,
    ReferralStaffActions,
    VerifiedSignature,
)
from services.referrals.key_file import KeyFileSigning
from services.staff.applications_desk import ApplicationsDesk
from services.staff.broadcasts import BroadcastDesk
from services.staff.imports import ImportDesk
from services.staff.kindergarten_desk import KindergartenDesk
from services.staff.places_desk import PlacesDesk
from services.staff.reports import ReportsDesk
from services.staff.roles import RoleService
from services.sweeps import SweepService
from storage.db import Database, create_database
from storage.leadership import Leadership
from storage.uow import UnitOfWorkFactory

# Every deployment has the chat; e-mail only with an SMTP server (channels_from_settings).
DEFAULT_CHANNELS = frozenset({Channel.TELEGRAM})


@dataclass(frozen=True)
class Services:
    database: Database
    uow: UnitOfWorkFactory
    clock: Clock
    calendar: WorkCalendar
    queue: QueueService
    allocation: AllocationService
    applications: ApplicationService
    requests: ReferralRequests
    issuer: ReferralIssuer
    key_signing: KeyFileSigning
    egov: EgovRequests
    egov_receiver: EgovReceiver
    parent_actions: ReferralParentActions
    staff_actions: ReferralStaffActions
    lapses: LapseService
    sweeps: SweepService
    imports: ImportService
    eds: EdsService
    keys: KeyChecks
    accounts: AccountService
    identities: CachedIdentities
    journal: JournalService
    alerts: AlertService
    documents: DocumentService
    catalogs: Catalogs
    outbox: OutboxOverview
    roles: RoleService
    kindergarten_desk: KindergartenDesk
    places_desk: PlacesDesk
    applications_desk: ApplicationsDesk
    reports: ReportsDesk
    broadcasts: BroadcastDesk
    import_desk: ImportDesk

    def chat(self) -> dict[str, Any]:
        """What the chat's handlers get, by name (aiogram workflow data)."""
        return {
            "accounts": self.accounts,
            "journal": self.journal,
            "alerts": self.alerts,
            "queue": self.queue,
            "requests": self.requests,
            "issuer": self.issuer,
            "key_signing": self.key_signing,
            "egov": self.egov,
            "parent_actions": self.parent_actions,
            "documents": self.documents,
            "keys": self.keys,
            "roles": self.roles,
            "kindergarten_desk": self.kindergarten_desk,
            "places_desk": self.places_desk,
            "applications_desk": self.applications_desk,
            "reports": self.reports,
            "broadcasts": self.broadcasts,
            "import_desk": self.import_desk,
        }


async def _no_link(code: str) -> str:
    return f"v_{code}"


def build_services(
    database: Database,
    clock: Clock,
    calendar: WorkCalendar,
    eds: EdsService | None = None,
    *,
    session_ttl: timedelta = timedelta(hours=2),
    catalogs: Catalogs | None = None,
    verification_link: VerificationLink = _no_link,
    channels: frozenset[Channel] = DEFAULT_CHANNELS,
    superadmins: frozenset[int] = frozenset(),
    meter: Meter | None = None,
) -> Services:
    uow = UnitOfWorkFactory(database)
    postbox = Postbox(channels)
    eds = eds or EdsService(TrustStore(()), clock)
    catalogs = catalogs or Catalogs()

    async def verify(content: bytes, signature: bytes, at: datetime) -> VerifiedSignature:
        return await eds.verify(content, signature, at=at)

    allocation = AllocationService(uow, clock, calendar, postbox)
    lapses = LapseService(uow, clock, calendar, postbox)
    staff_actions = ReferralStaffActions(uow, clock)
    journal = JournalService(uow, clock, calendar)
    imports = ImportService(uow, clock, allocation)
    accounts = AccountService(uow, clock, session_ttl)
    requests = ReferralRequests(uow, clock, calendar)
    issuer = ReferralIssuer(uow, clock, calendar, postbox)
    keys = KeyChecks(eds, password_attempts(uow, clock))
    return Services(
        database=database,
        uow=uow,
        clock=clock,
        calendar=calendar,
        queue=QueueService(uow, clock),
        allocation=allocation,
        applications=ApplicationService(uow),
        requests=requests,
        issuer=issuer,
        key_signing=KeyFileSigning(keys, requests),
        egov=EgovRequests(uow, clock, requests, meter),
        egov_receiver=EgovReceiver(
            uow, clock, catalogs, eds, issuer, signature_attempts(uow, clock), meter
        ),
        parent_actions=ReferralParentActions(uow, clock, calendar, postbox),
        staff_actions=staff_actions,
        lapses=lapses,
        sweeps=SweepService(uow, clock, allocation, lapses),
        imports=imports,
        eds=eds,
        keys=keys,
        accounts=accounts,
        identities=CachedIdentities(accounts),
        journal=journal,
        alerts=AlertService(uow, clock),
        documents=DocumentService(uow, clock, catalogs, verify, verification_link),
        catalogs=catalogs,
        outbox=OutboxOverview(uow, clock),
        **_staff_desks(
            uow, clock, calendar, postbox, staff_actions, journal, imports, allocation, superadmins
        ),
    )


def _staff_desks(
    uow: UnitOfWorkFactory,
    clock: Clock,
    calendar: WorkCalendar,
    postbox: Postbox,
    staff_actions: ReferralStaffActions,
    journal: JournalService,
    imports: ImportService,
    allocation: AllocationService,
    superadmins: frozenset[int],
) -> dict[str, Any]:
    """What the staff and administrators' commands use (services/staff)."""
    return {
        "roles": RoleService(uow, clock, superadmins),
        "kindergarten_desk": KindergartenDesk(uow, clock, calendar, staff_actions),
        "places_desk": PlacesDesk(uow, clock, allocation),
        "applications_desk": ApplicationsDesk(uow, clock, journal, postbox),
        "reports": ReportsDesk(uow, clock),
        "broadcasts": BroadcastDesk(uow, clock, postbox),
        "import_desk": ImportDesk(uow, imports),
    }


def eds_from_settings(settings: Settings, clock: Clock, meter: Meter | None = None) -> EdsService:
    trust = TrustStore.load(
        Settings.paths(settings.eds_trust_anchors), Settings.paths(settings.eds_crl_files)
    )
    return EdsService(
        trust,
        clock,
        ocsp_url=settings.eds_ocsp_url,
        allow_test_iin=settings.eds_allow_test_iin,
        meter=meter,
    )


def services_from_settings(
    settings: Settings,
    clock: Clock,
    verification_link: VerificationLink = _no_link,
    *,
    meter: Meter | None = None,
) -> Services:
    calendar = WorkCalendar(load_corrections(settings.calendar_corrections_file))
    eds = eds_from_settings(settings, clock, meter)
    return build_services(
        create_database(settings.database_url),
        clock,
        calendar,
        eds,
        session_ttl=timedelta(minutes=settings.session_ttl_minutes),
        verification_link=verification_link,
        channels=channels_from_settings(settings),
        superadmins=settings.superadmins(),
        meter=meter,
    )


def channels_from_settings(settings: Settings) -> frozenset[Channel]:
    return DEFAULT_CHANNELS | ({Channel.EMAIL} if settings.smtp_url else set())


def build_sender(
    services: Services, delivery: Delivery, sleep: Sleep, *, per_second: float
) -> OutboxSender:
    """One channel's sender: its pace (Telegram: also one message a second per chat), and the
    lock that lets one instance at a time send on it."""
    per_address = timedelta(seconds=1) if delivery.channel is Channel.TELEGRAM else timedelta(0)
    return OutboxSender(
        services.uow,
        services.clock,
        delivery,
        Pacer(services.clock, sleep, per_second=per_second, per_address_interval=per_address),
        services.catalogs,
        Leadership(services.database, f"sender:{delivery.channel.value}"),
    )
