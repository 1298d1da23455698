"""EDS checks counted by outcome for the operator (the production issue, point 5): accepted, or
the refusal's code; never a person."""

from __future__ import annotations

import pytest

from bot.metrics import Metrics
from services.eds import EdsService, TrustStore
from services.eds.demo_pki import DEMO_PASSWORD, DemoPki
from services.eds.errors import EdsError
from tests.fakes.clock import FakeClock
from tests.pki import DEMO_NOW, HOLDER
from tests.prometheus import sample


async def test_each_check_is_counted_by_its_outcome(demo_pki: DemoPki) -> None:
    metrics = Metrics()
    trust = TrustStore.load([demo_pki.intermediate], [demo_pki.crl])
    eds = EdsService(trust, FakeClock(DEMO_NOW), meter=metrics)
    key = demo_pki.keys[f"AUTH_RSA256_{HOLDER.iin}"].read_bytes()

    await eds.check_login_key(key, DEMO_PASSWORD)
    await eds.check_login_key(key, DEMO_PASSWORD)
    with pytest.raises(EdsError):
        await eds.check_login_key(key, "wrong")
    with pytest.raises(EdsError):
        await eds.check_login_key(demo_pki.keys["REVOKED"].read_bytes(), DEMO_PASSWORD)

    text = (await metrics.exposition(None)).decode()
    assert sample(text, "bot_eds_checks_total", outcome="accepted") == 2
    assert sample(text, "bot_eds_checks_total", outcome="wrong_password") == 1
    assert sample(text, "bot_eds_checks_total", outcome="certificate_revoked") == 1
    assert HOLDER.iin not in text
