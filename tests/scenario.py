"""Builds test situations through the same imports an administrator uses."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.wiring import Services
from domain.audit import Actor
from services.applications import status_json
from services.clock import to_almaty
from services.iin import make_iin
from services.imports import TextSource
from services.referrals import ReferralRequest, VerifiedSignature

ADMIN = Actor.administrator("test-admin")
_serials: dict[date, int] = {}


def new_iin(born: date, *, male: bool = True) -> str:
    """A fresh checksum-valid IIN for a birth date."""
    serial = _serials.get(born, 0)
    while True:
        serial += 1
        iin = make_iin(born, male=male, serial=serial)
        if iin is not None:
            _serials[born] = serial
            return iin


PARENT = new_iin(date(1990, 1, 15), male=False)
OTHER_PARENT = new_iin(date(1985, 6, 1))


def signature_for(
    request: ReferralRequest, *, signer_iin: str | None = None, at: datetime | None = None
) -> VerifiedSignature:
    return VerifiedSignature(
        signer_iin=signer_iin or request.signer_iin,
        signer_name="ТЕСТОВА АЙГҮЛ",
        certificate_serial="01",
        content=request.canonical_bytes(),
        cms=b"cms",
        signed_at=at or request.requested_at,
    )


class Scenario:
    def __init__(self, services: Services) -> None:
        self.services = services
        self._numbers = 0

    async def csv(self, kind: str, text: str) -> None:
        await self.services.imports.run(kind, TextSource(f"{kind}.csv", text), ADMIN)

    async def district(self, code: str = "D1", queue: str = "Q1", ratio: str = "") -> None:
        await self.csv(
            "districts",
            f"code,name_kk,name_ru,queue_code,priority_ratio\n{code},Аудан {code},Район {code},{queue},{ratio}\n",
        )

    async def kindergarten(
        self,
        code: str = "KG1",
        district: str = "D1",
        kind: str = "ordinary",
        languages: str = "kk+ru",
    ) -> None:
        await self.csv(
            "kindergartens",
            "code,district_code,kind,name_kk,name_ru,address_kk,address_ru,languages\n"
            f"{code},{district},{kind},«{code}» балабақшасы,Детский сад «{code}»,Абай даңғылы 1,проспект Абая 1,{languages}\n",
        )

    async def places(
        self,
        kindergarten: str = "KG1",
        group_year: int = 2022,
        language: str = "kk",
        count: int = 1,
    ) -> None:
        await self.csv(
            "places",
            f"kindergarten_code,group_year,language,count\n{kindergarten},{group_year},{language},{count}\n",
        )

    async def places_left_to_the_sweep(
        self, kindergarten: str, group_year: int, language: str, count: int
    ) -> None:
        """Places written as a publisher that stopped right after its commit leaves them: no
        allocation ran, so the next sweep offers them (R6's safety net)."""
        from domain.enums import Language
        from services.imports.places import publish_places

        async with self.services.uow() as uow:
            row = await uow.kindergartens.by_code(kindergarten)
            assert row is not None
            await publish_places(
                uow, row, group_year, Language(language), count, self.services.clock.now()
            )
            await uow.commit()

    async def application(
        self,
        *,
        born: date = date(2022, 3, 1),
        submitted: datetime | str = "2023-01-10T09:00:00",
        benefit: str = "none",
        district: str = "D1",
        kind: str = "ordinary",
        language: str = "kk",
        applicant: str = PARENT,
        child_iin: str | None = None,
        number: str | None = None,
    ) -> str:
        self._numbers += 1
        number = number or f"A-{self._numbers:05d}"
        child = child_iin or new_iin(born)
        moment = (
            submitted
            if isinstance(submitted, str)
            else to_almaty(submitted).strftime("%Y-%m-%dT%H:%M:%S")
        )
        await self.csv(
            "applications",
            "number,child_iin,applicant_iin,district_code,kind,language,benefit,submitted_at\n"
            f"{number},{child},{applicant},{district},{kind},{language},{benefit},{moment}\n",
        )
        return number

    async def status(self, number: str) -> dict[str, Any]:
        return status_json(await self.services.applications.status(number))

    async def application_id(self, number: str) -> int:
        return (await self.services.applications.status(number)).application.id

    async def kindergarten_id(self, code: str) -> int:
        async with self.services.uow.read() as uow:
            row = await uow.kindergartens.by_code(code)
            assert row is not None
            return row.id

    async def sign(
        self, number: str, kindergarten: str = "KG1", language: str = "kk", parent: str = PARENT
    ) -> Any:
        """The parent chooses and signs (R10); returns the issued referral."""
        from domain.enums import Language

        request = (
            await self.services.requests.prepare(
                application_id=await self.application_id(number),
                kindergarten_id=await self.kindergarten_id(kindergarten),
                language=Language(language),
                parent_iin=parent,
            )
        ).request
        return (await self.services.issuer.issue(request, signature_for(request))).referral


def one_queue(families: list[tuple[str, str]], number_prefix: str) -> dict[str, str]:
    """The import files of one district's queue with one kindergarten (KG1, kk+ru) and, for each
    (parent IIN, child IIN), the child and a Russian-language application, in the queue's order;
    no free place."""
    children = "".join(
        f"{child},Садықов,Бала{i},Ерланұлы,{parent},\n"
        for i, (parent, child) in enumerate(families)
    )
    applications = "".join(
        f"{number_prefix}-{i:05d},{child},{parent},D1,ordinary,ru,none,"
        f"2023-02-01T09:{i // 60 % 60:02d}:{i % 60:02d}\n"
        for i, (parent, child) in enumerate(families)
    )
    return {
        "districts": "code,name_kk,name_ru,queue_code,priority_ratio\nD1,Аудан,Район,Q1,\n",
        "kindergartens": "code,district_code,kind,name_kk,name_ru,address_kk,address_ru,"
        "languages\nKG1,D1,ordinary,«Күншуақ» балабақшасы,Детский сад «Күншуақ»,Абай 1,Абая 1,"
        "kk+ru\n",
        "children": "iin,surname,name,patronymic,parent_iins,enrolled_kindergarten_code\n"
        + children,
        "applications": "number,child_iin,applicant_iin,district_code,kind,language,benefit,"
        "submitted_at\n" + applications,
    }
