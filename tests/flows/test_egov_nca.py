"""NCA RK's own test keys (../shared/testdata/nca) in the simulated eGov Mobile, at moments inside
their validity: the chat trusts NCA's test CA «ҰКО 3.0 (RSA TEST)» and its CRL, as production
trusts NCA's real ones, and the phone signs the login challenge with the key file's key (R1).
Kalkan's own signatures, made by NCA's library over other bytes, are refused as not ours."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime
from pathlib import Path

import pytest
from aiogram import Bot

from bot.app import build_dispatcher
from bot.i18n import Catalogs
from bot.wiring import build_services
from services.calendar import WorkCalendar
from services.eds import EdsService, TrustStore
from services.eds.demo_pki import DemoPki
from storage.db import Database
from tests.fakes.clock import FakeClock, almaty
from tests.fakes.egov_mobile import Key
from tests.fakes.telegram import RecordingSession
from tests.flows.conftest import ChatWorld, link
from tests.flows.driver import Reply
from tests.flows.egov_world import EgovWorld, offered_login, serving_egov
from tests.flows.egov_world import link as button_link
from tests.nca import NCA_PASSWORD
from tests.scenario import Scenario

PERSONAL_AUTH = "ncanode-go_personal_active_AUTH_RSA256_b2c70a9ff7a5dc59de0ccc3c0ddde3437cc1f12d"
PERSONAL_SIGN = "ncanode-go_personal_active_RSA256_11c707bd54cbfcccb3815e39c4eb57b1dc7dfea9"
COMPANY_AUTH = "ncanode-go_organization_active_AUTH_RSA256_d682726b55b3e62600ea8fe1c74e75fc96f47790"
REVOKED_AUTH = "ncanode-v3_KEY_INDIVIDUAL_AUTH_REVOKED_2004"
INSIDE_GO_KEYS = almaty(2020, 6, 1, 10)  # the ncanode-go keys: 2020-01-28 .. 2021-01-27
INSIDE_CRL = almaty(2022, 6, 1, 10)  # the CRL: 2022-03-29 .. 2022-09-25

WELCOME = {
    "kk": "Қош келдіңіз, ТЕСТОВ ТЕСТ ТЕСТОВИЧ! Бірінші кіргенде электрондық пошта мекенжайыңыз"
    " қажет: оны жіберіңіз.",
    "ru": "Добро пожаловать, ТЕСТОВ ТЕСТ ТЕСТОВИЧ! При первом входе нужен адрес электронной"
    " почты: отправьте его.",
}

NcaWorld = Callable[..., AbstractAsyncContextManager[EgovWorld]]


def nca_key(nca: Path, name: str) -> Key:
    return Key.from_p12(nca / "keys" / f"{name}.p12", NCA_PASSWORD)


@pytest.fixture
def nca_world(nca: Path, database: Database, catalogs: Catalogs, demo_pki: DemoPki) -> NcaWorld:
    @asynccontextmanager
    async def at(moment: datetime, *, crl: bool = False) -> AsyncIterator[EgovWorld]:
        clock = FakeClock(moment)
        crls = [nca / "crl" / "nca_rsa_test.crl"] if crl else []
        trust = TrustStore.load([nca / "ca" / "nca_rsa_test.crt"], crls)
        eds = EdsService(trust, clock, allow_test_iin=True)  # NCA's test IIN fails the checksum
        services = build_services(
            database, clock, WorkCalendar(), eds, catalogs=catalogs, verification_link=link
        )
        session = RecordingSession()
        bot = Bot("42:TEST", session=session)
        dispatcher = build_dispatcher(services)
        scenario = Scenario(services)
        world = ChatWorld(services, dispatcher, bot, session, scenario, clock, demo_pki, {})
        async with serving_egov(world) as served:
            yield served

    return at


async def signed_login(egov: EgovWorld, key: Key, language: str) -> tuple[int, str, Reply]:
    chat = egov.chat_world.driver(language_code=language)
    offer = await offered_login(egov, chat, language)
    start = len(egov.chat_world.session.requests)
    answer = await egov.phone(language).sign(button_link(offer), key)
    await egov.chat.settled()
    return answer.status, answer.message, Reply(egov.chat_world.session.requests[start:])


@pytest.mark.parametrize(
    ("key", "language", "owner", "enter"),
    [
        (PERSONAL_AUTH, "kk", "Кілт иесі: ТЕСТОВ ТЕСТ ТЕСТОВИЧ", "Кіру"),
        (PERSONAL_AUTH, "ru", "Владелец ключа: ТЕСТОВ ТЕСТ ТЕСТОВИЧ", "Войти"),
        (PERSONAL_SIGN, "ru", "Владелец ключа: ТЕСТОВ ТЕСТ ТЕСТОВИЧ", "Войти"),
    ],
)
async def test_nca_test_keys_log_in_through_egov_mobile(
    nca_world: NcaWorld, nca: Path, key: str, language: str, owner: str, enter: str
) -> None:
    async with nca_world(INSIDE_GO_KEYS) as egov:
        status, _message, told = await signed_login(egov, nca_key(nca, key), language)
        assert status == 200
        assert told.text.startswith(owner)
        chat = egov.chat_world.driver(language_code=language)
        welcome = await chat.press(told.button(enter))
        assert welcome.text == WELCOME[language]  # R2: the e-mail comes next, the first time
        identity = await egov.chat_world.services.identities.identify(chat.user.id)
        assert identity.account is not None and identity.account.iin == "123456789011"


async def test_an_nca_company_key_is_refused(nca_world: NcaWorld, nca: Path) -> None:
    async with nca_world(INSIDE_GO_KEYS) as egov:
        status, message, told = await signed_login(egov, nca_key(nca, COMPANY_AUTH), "kk")
        assert (status, message) == (403, "Бұл ұйымның кілті. Жеке кілтіңізді пайдаланыңыз.")
        assert told.text.startswith(message)


async def test_a_key_on_ncas_crl_is_refused_as_revoked(nca_world: NcaWorld, nca: Path) -> None:
    async with nca_world(INSIDE_CRL, crl=True) as egov:
        status, message, told = await signed_login(egov, nca_key(nca, REVOKED_AUTH), "ru")
        assert status == 403
        assert message.startswith("Ключ отозван ") and message.endswith("в НУЦ.")
        assert told.text.startswith(message)


async def test_nca_keys_are_expired_today(nca_world: NcaWorld, nca: Path) -> None:
    async with nca_world(almaty(2026, 12, 1, 10)) as egov:
        status, message, _told = await signed_login(egov, nca_key(nca, PERSONAL_AUTH), "ru")
        assert (status, message) == (
            403,
            "Срок сертификата ключа истёк 27.01.2021. Получите новый ключ в НУЦ.",
        )


async def test_kalkans_signature_over_other_bytes_is_not_a_login(
    nca_world: NcaWorld, nca: Path
) -> None:
    """A genuine signature by NCA's own library, but over «asdasd»: not the offered challenge."""
    kalkan = base64.b64decode((nca / "cms_kalkan" / f"{PERSONAL_AUTH[11:]}.cms").read_bytes())
    async with nca_world(INSIDE_GO_KEYS) as egov:
        chat = egov.chat_world.driver()
        offer = await offered_login(egov, chat)
        phone = egov.phone()
        visit = await phone.visit(button_link(offer))
        answer = await phone.send_signature(visit, kalkan)
        assert (answer.status, answer.message) == (403, "Подпись недействительна.")
        identity = await egov.chat_world.services.identities.identify(chat.user.id)
        assert identity.account is None
