"""R10–R17: signing takes a place, and what happens to a referral afterwards."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from bot.wiring import Services
from domain.audit import Actor
from domain.enums import AuditEntity, DocumentsStatus, Language, ReferralStatus
from services.errors import (
    AlreadyExtended,
    ExtensionOutOfRange,
    NotYourApplication,
    PlaceNoLongerFree,
    ReferralLapsed,
    ReferralNotActive,
    RevocationWindowClosed,
    SignatureDoesNotMatch,
    SignerIsNotApplicant,
    StopListed,
    WrongKindergarten,
)
from tests.fakes.clock import FakeClock, almaty
from tests.scenario import OTHER_PARENT, PARENT, Scenario, signature_for

STAFF = Actor.staff("staff-kg1")


@pytest.fixture
async def world(services: Services) -> Scenario:
    scenario = Scenario(services)
    await scenario.district("D1", "Q1")
    await scenario.kindergarten("KG1", "D1")
    await scenario.kindergarten("KG2", "D1")
    return scenario


async def notified(world: Scenario, services: Services, **application: object) -> str:
    number = await world.application(**application)  # type: ignore[arg-type]
    await world.places("KG1", 2022, "kk", 1)
    await services.sweeps.run_due()
    assert (await world.status(number))["status"] == "notified"
    return number


async def test_signing_issues_a_referral_with_its_deadlines(
    world: Scenario, services: Services
) -> None:
    number = await notified(world, services)
    referral = await world.sign(number)
    status = await world.status(number)
    assert status["status"] == "referral_issued"
    assert status["offer"] is None
    assert status["position"] is None
    assert status["referral"] == {
        "number": f"{number}/1",
        "kindergarten_code": "KG1",
        "status": "active",
        "issued_at": "2026-04-06T10:00:00+05:00",
        "lapses_at": "2026-04-13T23:59:59+05:00",  # R12: 5 working days
        "revocable_until": "2026-04-07T10:00:00+05:00",  # R15: 24 hours
        "extended": False,
    }
    assert referral.documents_status is DocumentsStatus.NOT_REQUIRED
    async with services.uow.read() as uow:
        history = await uow.audit.of_application(await world.application_id(number))
        assert [(e.action, e.from_state, e.to_state, e.actor_kind.value) for e in history] == [
            ("turn_arrived", "in_queue", "notified", "scheduler"),
            ("referral_issued", "notified", "referral_issued", "parent"),
        ]
        assert history[0].details == {
            "also": [{"entity": "place", "id": referral.place_id, "from": "free", "to": "offered"}]
        }
        assert history[1].details is not None
        assert history[1].details["also"] == [
            {"entity": "referral", "id": referral.id, "from": None, "to": "active"},
            {"entity": "place", "id": referral.place_id, "from": "offered", "to": "taken"},
        ]
        content, signature = await uow.referrals.signed_parts(referral.id)
        assert b'"signer_iin":"' + PARENT.encode() in content and signature == b"cms"


async def test_benefit_holders_must_bring_documents_within_ten_days(
    world: Scenario, services: Services
) -> None:
    # R17
    number = await notified(world, services, benefit="first")
    referral = await world.sign(number)
    assert referral.documents_status is DocumentsStatus.PENDING
    assert referral.documents_due_at == almaty(2026, 4, 16, 23, 59, 59)
    kg1 = await world.kindergarten_id("KG1")
    recorded = await services.staff_actions.record_documents(referral.number, kg1, True, STAFF)
    assert recorded.documents_status is DocumentsStatus.PRESENTED


async def test_the_signer_must_be_the_applicant(world: Scenario, services: Services) -> None:
    # R10
    number = await notified(world, services)
    request = (
        await services.requests.prepare(
            application_id=await world.application_id(number),
            kindergarten_id=await world.kindergarten_id("KG1"),
            language=Language.KK,
            parent_iin=PARENT,
        )
    ).request
    with pytest.raises(SignerIsNotApplicant):
        await services.issuer.issue(request, signature_for(request, signer_iin=OTHER_PARENT))
    forged = dataclasses.replace(request, signer_iin=OTHER_PARENT)
    with pytest.raises(SignerIsNotApplicant):
        await services.issuer.issue(forged, signature_for(forged))
    with pytest.raises(SignatureDoesNotMatch):
        await services.issuer.issue(
            request, dataclasses.replace(signature_for(request), content=b"other")
        )
    assert (await world.status(number))["status"] == "notified"


async def test_another_family_cannot_prepare_a_request(world: Scenario, services: Services) -> None:
    number = await notified(world, services)
    with pytest.raises(NotYourApplication):
        await services.requests.prepare(
            application_id=await world.application_id(number),
            kindergarten_id=await world.kindergarten_id("KG1"),
            language=Language.KK,
            parent_iin=OTHER_PARENT,
        )


async def test_a_notified_parent_may_take_a_place_reserved_for_another(
    world: Scenario, services: Services
) -> None:
    first = await world.application(submitted="2022-05-01T09:00:00")
    second = await world.application(submitted="2022-06-01T09:00:00")
    await world.places("KG1", 2022, "kk", 1)
    await world.places("KG2", 2022, "kk", 1)
    await services.sweeps.run_due()
    statuses = {n: await world.status(n) for n in (first, second)}
    reserved_for_first = statuses[first]["offer"]["kindergarten_code"]
    other_kg = "KG2" if reserved_for_first == "KG1" else "KG1"
    # the first takes the place that was reserved for the second; the second keeps a place
    await world.sign(first, other_kg)
    second_status = await world.status(second)
    assert second_status["status"] == "notified"
    assert second_status["offer"]["kindergarten_code"] == reserved_for_first
    # the place the second had in mind is gone: say so, change nothing
    with pytest.raises(PlaceNoLongerFree):
        await world.sign(second, other_kg)
    assert (await world.status(second))["status"] == "notified"
    await world.sign(second, reserved_for_first)
    assert (await world.status(second))["referral"]["kindergarten_code"] == reserved_for_first


async def test_arrival_closes_the_referral_and_enrols_the_child(
    world: Scenario, services: Services, clock: FakeClock
) -> None:
    number = await notified(world, services)
    referral = await world.sign(number)
    with pytest.raises(WrongKindergarten):
        await services.staff_actions.record_arrival(
            referral.number, await world.kindergarten_id("KG2"), STAFF
        )
    clock.set(almaty(2026, 4, 13, 18, 0))
    await services.staff_actions.record_arrival(
        referral.verification_code, await world.kindergarten_id("KG1"), STAFF
    )
    clock.set(almaty(2026, 4, 20, 10, 0))
    assert (await services.sweeps.run_due()).referrals_lapsed == 0
    status = await world.status(number)
    assert status["status"] == "enrolled" and status["referral"]["status"] == "enrolled"
    async with services.uow.read() as uow:
        child = await uow.children.get(
            (await services.applications.status(number)).application.child_iin
        )
        assert child is not None and child.enrolled_kindergarten_id == await world.kindergarten_id(
            "KG1"
        )


async def test_no_arrival_in_five_working_days_cancels_and_stop_lists_for_ten(
    world: Scenario, services: Services, clock: FakeClock
) -> None:
    # R12
    number = await notified(world, services)
    await world.sign(number)
    clock.set(almaty(2026, 4, 13, 23, 59, 59))
    assert (await services.sweeps.run_due()).referrals_lapsed == 0
    clock.set(almaty(2026, 4, 14, 0, 0, 1))
    report = await services.sweeps.run_due()
    assert (report.referrals_lapsed, report.stop_listed, report.removed) == (1, 1, 0)
    status = await world.status(number)
    assert status["status"] == "stop_listed"
    assert status["misses"] == 1
    # 10 working days after Monday 13 April: 14–17, 20–24, 27 April
    assert status["stop_listed_until"] == "2026-04-27T23:59:59+05:00"
    assert status["referral"]["status"] == "lapsed"
    assert status["position"] == 1  # it keeps its place in the queue
    # no referral while stop-listed, even with a free-choice place around
    await world.places("KG2", 2022, "kk", 1)
    with pytest.raises(StopListed):
        await world.sign(number, "KG2")
    # the stop-list ends by itself
    clock.set(almaty(2026, 4, 28, 0, 0, 1))
    report = await services.sweeps.run_due()
    assert report.stop_lists_ended == 1
    assert (await world.status(number))["status"] in ("in_queue", "notified")


async def test_second_lapse_removes_the_application_from_the_queue(
    world: Scenario, services: Services, clock: FakeClock
) -> None:
    # R13
    number = await notified(world, services)
    await world.sign(number)
    clock.set(almaty(2026, 4, 14, 0, 0, 1))
    await services.sweeps.run_due()  # first miss; the place goes back and, as the only
    clock.set(almaty(2026, 4, 28, 9, 0))  # applicant, it is offered again after the stop-list
    await services.sweeps.run_due()
    assert (await world.status(number))["status"] == "notified"
    await world.sign(number)
    clock.set(
        almaty(2026, 5, 7, 0, 0, 1)
    )  # 5 working days after 28 April: 29, 30 April, 4, 5, 6 May
    report = await services.sweeps.run_due()
    assert (report.referrals_lapsed, report.removed) == (1, 1)
    status = await world.status(number)
    assert status["status"] == "removed" and status["misses"] == 2 and status["position"] is None
    await world.places("KG1", 2022, "kk", 1)
    await services.sweeps.run_due()
    assert (await world.status(number))["status"] == "removed"


async def test_revocation_within_24_hours_frees_the_place_and_is_no_miss(
    world: Scenario, services: Services, clock: FakeClock
) -> None:
    # R15
    number = await notified(world, services)
    referral = await world.sign(number)
    with pytest.raises(NotYourApplication):
        await services.parent_actions.revoke(referral.application_id, OTHER_PARENT)
    clock.advance(hours=23, minutes=59)
    revoked = await services.parent_actions.revoke(referral.application_id, PARENT)
    assert revoked.status is ReferralStatus.REVOKED
    status = await world.status(number)
    assert status["status"] == "in_queue" and status["misses"] == 0
    assert status["referral"]["status"] == "revoked"
    with pytest.raises(ReferralNotActive):
        await services.parent_actions.revoke(referral.application_id, PARENT)
    async with services.uow.read() as uow:
        place = await uow.places.get(referral.place_id)
        assert place.state.value == "free" and place.holder_application_id is None


async def test_revocation_after_24_hours_is_refused(
    world: Scenario, services: Services, clock: FakeClock
) -> None:
    number = await notified(world, services)
    referral = await world.sign(number)
    clock.advance(hours=24, seconds=1)
    with pytest.raises(RevocationWindowClosed) as refused:
        await services.parent_actions.revoke(referral.application_id, PARENT)
    assert refused.value.params["closed_at"] == almaty(2026, 4, 7, 10, 0)
    assert (await world.status(number))["referral"]["status"] == "active"


async def test_one_extension_of_up_to_thirty_calendar_days(
    world: Scenario, services: Services, clock: FakeClock
) -> None:
    # R14
    number = await notified(world, services)
    referral = await world.sign(number)
    for days in (0, 31):
        with pytest.raises(ExtensionOutOfRange):
            await services.parent_actions.extend(referral.application_id, PARENT, days)
    with pytest.raises(NotYourApplication):
        await services.parent_actions.extend(referral.application_id, OTHER_PARENT, 10)
    extended = await services.parent_actions.extend(referral.application_id, PARENT, 30)
    assert extended.lapses_at == almaty(2026, 5, 13, 23, 59, 59)
    with pytest.raises(AlreadyExtended):
        await services.parent_actions.extend(referral.application_id, PARENT, 1)
    clock.set(almaty(2026, 5, 13, 23, 0))
    assert (await services.sweeps.run_due()).referrals_lapsed == 0
    status = await world.status(number)
    assert (
        status["referral"]["extended"] is True
        and status["referral"]["lapses_at"] == "2026-05-13T23:59:59+05:00"
    )
    clock.set(almaty(2026, 5, 14, 0, 0, 1))
    assert (await services.sweeps.run_due()).referrals_lapsed == 1


async def test_an_extension_after_the_deadline_is_refused(
    world: Scenario, services: Services, clock: FakeClock
) -> None:
    number = await notified(world, services)
    referral = await world.sign(number)
    clock.set(almaty(2026, 4, 14, 0, 0, 1))  # lapsed but the sweep has not run yet
    with pytest.raises(ReferralLapsed):
        await services.parent_actions.extend(referral.application_id, PARENT, 5)


async def test_discharge_only_by_the_childs_own_kindergarten(
    world: Scenario, services: Services
) -> None:
    number = await notified(world, services, born=date(2022, 3, 1))
    referral = await world.sign(number)
    kg1, kg2 = await world.kindergarten_id("KG1"), await world.kindergarten_id("KG2")
    await services.staff_actions.record_arrival(referral.number, kg1, STAFF)
    child_iin = (await services.applications.status(number)).application.child_iin
    with pytest.raises(WrongKindergarten):
        await services.staff_actions.record_discharge(child_iin, kg2, STAFF)
    await services.staff_actions.record_discharge(child_iin, kg1, STAFF)
    async with services.uow.read() as uow:
        child = await uow.children.get(child_iin)
        assert child is not None and child.enrolled_kindergarten_id is None
        trail = await uow.audit.trail(AuditEntity.CHILD, child_iin)
        assert [(e.action, e.from_state, e.actor_id) for e in trail] == [
            ("discharged", "enrolled", "staff-kg1")
        ]
        history = await uow.audit.of_application(
            (await services.applications.status(number)).application.id
        )
        assert history[-1].action == "arrived" and history[-1].actor_id == "staff-kg1"
        assert history[-1].details is not None
        assert {"entity": "child", "id": child_iin, "from": None, "to": "enrolled"} in history[
            -1
        ].details["also"]
