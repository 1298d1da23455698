"""R3, in one place: a parent sees and changes only the applications whose applicant is their
own IIN. Another family's application and one that does not exist are refused alike, so that
ids reveal nothing."""

from __future__ import annotations

from domain.dto import ApplicationRow
from services.errors import ApplicationNotFound, NotYourApplication
from storage.uow import UnitOfWork


def check_owner(application: ApplicationRow | None, parent_iin: str) -> ApplicationRow:
    if application is None:
        raise ApplicationNotFound()
    if application.applicant_iin != parent_iin:
        raise NotYourApplication()
    return application


async def own_application(uow: UnitOfWork, application_id: int, parent_iin: str) -> ApplicationRow:
    return check_owner(await uow.applications.get(application_id), parent_iin)
