"""eGov Mobile signing requests counted by purpose and outcome for the operator (the production
issue, point 5)."""

from __future__ import annotations

from bot.metrics import Metrics
from services.egov import EgovRequests
from tests.flows.egov_world import EgovWorld, offered_login
from tests.pki import HOLDER
from tests.prometheus import sample


async def test_an_expired_login_request_is_counted_without_anyone_in_it(
    egov_world: EgovWorld,
) -> None:
    services = egov_world.chat_world.services
    metrics = Metrics()
    requests = EgovRequests(services.uow, services.clock, services.requests, metrics)
    await offered_login(egov_world, egov_world.chat_world.driver())
    await offered_login(egov_world, egov_world.chat_world.driver(user_id=303))

    egov_world.chat_world.clock.advance(minutes=5, seconds=1)  # R1: 5 minutes
    assert len(await requests.expire_due()) == 2

    text = (await metrics.exposition(None)).decode()
    assert sample(text, "bot_egov_signing_requests_total", outcome="expired", purpose="login") == 2
    assert HOLDER.iin not in text
