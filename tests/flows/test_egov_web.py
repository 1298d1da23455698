"""The web app that eGov Mobile reaches faces the internet: it tells an unknown path nothing, takes
no body over 1 MB, names no server, and nothing it logs carries a token, a CMS or a certificate
(issue #11, security)."""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator

import aiohttp
import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from bot.logs import DATA_IN_DEBUG, keep_data_out_of_logs
from bot.web import MAX_BODY
from tests.fakes.egov_mobile import cms
from tests.flows.egov_world import EgovWorld, link, offered_login
from tests.flows.test_egov_refusals import signing_offer
from tests.pki import HOLDER, STRANGER


def base(world: EgovWorld) -> str:
    return f"http://127.0.0.1:{world.web.port}"


@pytest.mark.parametrize("path", ["/", "/admin", "/egov", "/egov/x/y/z", "/.env"])
async def test_an_unknown_path_gets_a_bare_404(egov_world: EgovWorld, path: str) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.get(base(egov_world) + path) as response,
    ):
        body = await response.text()
    assert response.status == 404
    assert "Server" not in response.headers
    assert body == "404: Not Found"  # aiohttp's own words, no framework or version named


async def test_an_unknown_signing_request_is_a_404_without_details(egov_world: EgovWorld) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.get(base(egov_world) + "/egov/not-a-request") as response,
    ):
        assert response.status == 404
        assert "Server" not in response.headers


async def test_a_body_over_one_megabyte_is_refused_and_the_request_stays_open(
    egov_world: EgovWorld,
) -> None:
    chat = egov_world.chat_world.driver()
    offer = await offered_login(egov_world, chat)
    phone = egov_world.phone()
    visit = await phone.visit(link(offer))
    answer = await phone.put(visit.uri, visit.token, b"{" + b" " * MAX_BODY + b"}")
    assert answer.status == 413
    answer = await phone.sign(link(offer), egov_world.holder_login)
    assert answer.status == 200, answer.body


@pytest.fixture
def debug_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """LOG_LEVEL=DEBUG as `python -m bot` sets it up."""
    levels = {name: logging.getLogger(name).level for name in DATA_IN_DEBUG}
    caplog.set_level(logging.DEBUG)
    keep_data_out_of_logs(logging.DEBUG)
    yield caplog
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


async def test_nothing_logged_carries_a_token_a_cms_a_certificate_or_an_iin(
    egov_world: EgovWorld, debug_log: pytest.LogCaptureFixture
) -> None:
    caplog = debug_log
    _chat, offer = await signing_offer(egov_world)  # logged in by phone on the way
    phone = egov_world.phone()
    visit = await phone.visit(link(offer))
    strangers = cms(visit.data, egov_world.key(f"RSA256_{STRANGER.iin}"))
    refused = await phone.send_signature(visit, strangers)
    assert refused.status == 403
    await phone.put(visit.uri, visit.token, b"not json at all")
    signature = cms(visit.data, egov_world.holder_signing)
    assert (await phone.send_signature(visit, signature)).status == 200
    await egov_world.chat.settled()

    certificate = egov_world.holder_signing.certificate.public_bytes(Encoding.DER)
    secrets = {
        "token": visit.token,
        "CMS": base64.b64encode(signature)[:48].decode(),
        "refused CMS": base64.b64encode(strangers)[:48].decode(),
        "certificate": base64.b64encode(certificate)[:48].decode(),
        "certificate (hex)": certificate[:24].hex(),
        "CMS (bytes)": repr(signature)[12:60],
        "IIN": HOLDER.iin,  # aiosqlite's DEBUG lines carry the queries' parameters
    }
    logged = "\n".join(caplog.messages + [r.exc_text or "" for r in caplog.records])
    assert caplog.records, "the flow logs something at DEBUG: the check below is not vacuous"
    for name, secret in secrets.items():
        assert secret not in logged, f"the {name} is in the log"
