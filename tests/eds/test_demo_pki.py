"""The demo PKI (`python -m bot demo-keys`): its keys log in and sign a referral end to end, and
its expired, company and revoked keys are refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings
from bot.wiring import Services, build_services, eds_from_settings
from domain.enums import Language
from services.calendar import WorkCalendar
from services.demo import DEMO_PARENTS
from services.eds import EdsService
from services.eds.demo_pki import DEMO_PASSWORD, DemoPki
from services.eds.errors import CertificateExpired, CertificateRevoked, CompanyKey, WrongKeyPurpose
from storage.db import Database
from tests.fakes.clock import FakeClock
from tests.pki import DEMO_NOW, HOLDER
from tests.scenario import Scenario

TELEGRAM_USER = 777


async def test_demo_keys_log_in_and_sign_a_referral(
    demo_pki: DemoPki, demo_eds: EdsService, database: Database
) -> None:
    clock = FakeClock(DEMO_NOW)
    services: Services = build_services(database, clock, WorkCalendar(), demo_eds)
    world = Scenario(services)
    await world.district("D1", "Q1")
    await world.kindergarten("KG1", "D1")
    number = await world.application(applicant=HOLDER.iin)
    await world.places("KG1", 2022, "kk", 1)
    await services.sweeps.run_due()

    person = await services.keys.login(
        TELEGRAM_USER, demo_pki.keys[f"AUTH_RSA256_{HOLDER.iin}"].read_bytes(), DEMO_PASSWORD
    )
    assert (person.iin, person.full_name) == (HOLDER.iin, "СЕЙТҚАЛИЕВА АЙГҮЛ МАРАТҚЫЗЫ")

    request = (
        await services.requests.prepare(
            application_id=await world.application_id(number),
            kindergarten_id=await world.kindergarten_id("KG1"),
            language=Language.KK,
            parent_iin=person.iin,
        )
    ).request
    signing_key = demo_pki.keys[f"RSA256_{HOLDER.iin}"].read_bytes()
    shown = await services.keys.signing_key(TELEGRAM_USER, signing_key, DEMO_PASSWORD)
    assert shown.iin == person.iin
    signature = await services.keys.sign(
        TELEGRAM_USER, signing_key, DEMO_PASSWORD, request.canonical_bytes()
    )
    referral = (await services.issuer.issue(request, signature)).referral

    assert (
        referral.signer_iin == HOLDER.iin and referral.signer_name == "СЕЙТҚАЛИЕВА АЙГҮЛ МАРАТҚЫЗЫ"
    )
    async with services.uow.read() as uow:
        content, stored = await uow.referrals.signed_parts(referral.id)
    verified = await demo_eds.verify(content, stored)
    assert verified.signer_iin == HOLDER.iin
    assert (await world.status(number))["status"] == "referral_issued"


@pytest.mark.parametrize(
    ("key", "error"),
    [("EXPIRED", CertificateExpired), ("COMPANY", CompanyKey), ("REVOKED", CertificateRevoked)],
)
async def test_the_demo_refusals(
    demo_pki: DemoPki, demo_eds: EdsService, key: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await demo_eds.check_login_key(demo_pki.keys[key].read_bytes(), DEMO_PASSWORD)


async def test_demo_signing_key_is_not_a_login_key(demo_pki: DemoPki, demo_eds: EdsService) -> None:
    with pytest.raises(WrongKeyPurpose):
        await demo_eds.check_login_key(
            demo_pki.keys[f"RSA256_{HOLDER.iin}"].read_bytes(), DEMO_PASSWORD
        )


async def test_demo_keys_command_writes_keys_for_the_seed_parents_and_the_settings(
    tmp_path: Path,
) -> None:
    out = io.StringIO()
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    assert (
        main(
            ["demo-keys", str(tmp_path / "keys")],
            settings=settings,
            clock=FakeClock(DEMO_NOW),
            out=out,
        )
        == 0
    )
    text = out.getvalue()
    assert f"password of every key: {DEMO_PASSWORD}" in text
    for parent in DEMO_PARENTS:
        assert (tmp_path / "keys" / f"AUTH_RSA256_{parent.iin}.p12").is_file()
        assert (tmp_path / "keys" / f"RSA256_{parent.iin}.p12").is_file()
    lines = dict(line.split("=", 1) for line in text.splitlines() if line.startswith("EDS_"))
    configured = Settings(
        eds_trust_anchors=lines["EDS_TRUST_ANCHORS"],
        eds_crl_files=lines["EDS_CRL_FILES"],
        eds_ocsp_url=lines["EDS_OCSP_URL"],
    )
    eds = eds_from_settings(configured, FakeClock(DEMO_NOW))
    first = DEMO_PARENTS[0]
    person = await eds.check_login_key(
        (tmp_path / "keys" / f"AUTH_RSA256_{first.iin}.p12").read_bytes(), DEMO_PASSWORD
    )
    assert person.iin == first.iin and person.surname == first.surname.upper()
