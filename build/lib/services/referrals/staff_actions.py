"""R12, R16, R17: what a kindergarten's staff record about a referral and a child."""

from __future__ import annotations

from dataclasses import replace

from domain.audit import Actor, AuditRecord, Change
from domain.dto import ReferralRow
from domain.enums import ApplicationStatus, AuditEntity, DocumentsStatus, ReferralStatus
from services.clock import Clock
from services.errors import (
    ApplicationNotFound,
    ChildNotEnrolled,
    DocumentsNotRequired,
    ReferralNotActive,
    ReferralNotFound,
    WrongKindergarten,
)
from storage.uow import UnitOfWork, UnitOfWorkFactory


async def _referral_of_kindergarten(
    uow: UnitOfWork, number_or_code: str, kindergarten_id: int
) -> ReferralRow:
    """Staff may give the referral's number or the code of its QR/verification link."""
    referral = await uow.referrals.by_number(number_or_code)
    if referral is None:
        referral = await uow.referrals.by_verification_code(number_or_code)
    if referral is None:
        raise ReferralNotFound()
    if referral.kindergarten_id != kindergarten_id:
        raise WrongKindergarten()
    return referral


class ReferralStaffActions:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def record_arrival(
        self, number_or_code: str, kindergarten_id: int, actor: Actor
    ) -> ReferralRow:
        """The child came (R12 closed): the referral is used and the child is enrolled (R16)."""
        now = self._clock.now()
        async with self._uow() as uow:
            referral = await _referral_of_kindergarten(uow, number_or_code, kindergarten_id)
            if referral.status is not ReferralStatus.ACTIVE:
                raise ReferralNotActive(referral.status.value)
            application = await uow.applications.get(referral.application_id)
            if application is None:
                raise ApplicationNotFound()
            if not await uow.referrals.move(
                referral.id,
                expected=ReferralStatus.ACTIVE,
                to=ReferralStatus.ENROLLED,
                closed_at=now,
            ):
                raise ReferralNotActive("changed")
            await uow.applications.move(
                application.id,
                expected=(ApplicationStatus.REFERRAL_ISSUED,),
                to=ApplicationStatus.ENROLLED,
                now=now,
            )
            await uow.children.ensure(application.child_iin, application.child_birth_date)
            await uow.children.set_enrolment(application.child_iin, kindergarten_id)
            await uow.audit.add(
                AuditRecord(
                    at=now,
                    actor=actor,
                    action="arrived",
                    change=Change(
                        AuditEntity.APPLICATION,
                        application.id,
                        ApplicationStatus.REFERRAL_ISSUED,
                        ApplicationStatus.ENROLLED,
                    ),
                    application_id=application.id,
                    also=(
                        Change(
                            AuditEntity.REFERRAL,
                            referral.id,
                            ReferralStatus.ACTIVE,
                            ReferralStatus.ENROLLED,
                        ),
                        Change(AuditEntity.CHILD, application.child_iin, None, "enrolled"),
                    ),
                    details={"referral": referral.number, "kindergarten_id": kindergarten_id},
                )
            )
            await uow.commit()
        return replace(referral, status=ReferralStatus.ENROLLED, closed_at=now)

    async def record_discharge(self, child_iin: str, kindergarten_id: int, actor: Actor) -> None:
        """R16: the electronic exit mark; the child may then get a referral elsewhere."""
        now = self._clock.now()
        async with self._uow() as uow:
            child = await uow.children.get(child_iin)
            if child is None or child.enrolled_kindergarten_id is None:
                raise ChildNotEnrolled()
            if child.enrolled_kindergarten_id != kindergarten_id:
                raise WrongKindergarten()
            await uow.children.set_enrolment(child_iin, None)
            await uow.audit.add(
                AuditRecord(
                    at=now,
                    actor=actor,
                    action="discharged",
                    change=Change(AuditEntity.CHILD, child_iin, "enrolled", None),
                    details={"kindergarten_id": kindergarten_id},
                )
            )
            await uow.commit()

    async def record_documents(
        self, number_or_code: str, kindergarten_id: int, presented: bool, actor: Actor
    ) -> ReferralRow:
        """R17: whether the benefit documents were presented."""
        now = self._clock.now()
        async with self._uow() as uow:
            referral = await _referral_of_kindergarten(uow, number_or_code, kindergarten_id)
            if referral.documents_status is DocumentsStatus.NOT_REQUIRED:
                raise DocumentsNotRequired()
            new_status = DocumentsStatus.PRESENTED if presented else DocumentsStatus.NOT_PRESENTED
            await uow.referrals.update_fields(
                referral.id, expected=referral.status, documents_status=new_status
            )
            await uow.audit.add(
                AuditRecord(
                    at=now,
                    actor=actor,
                    action="documents",
                    change=Change(
                        AuditEntity.REFERRAL, referral.id, referral.documents_status, new_status
                    ),
                    application_id=referral.application_id,
                )
            )
            await uow.commit()
        return replace(referral, documents_status=new_status)
