"""A kindergarten's staff through the bot (issue 6): arrivals by number or QR code (R12 closed,
R16 enrolment), discharges (R16), benefit documents (R17), today's expected children — their own
kindergarten only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.dto import ReferralRow
from domain.enums import ApplicationStatus, DocumentsStatus, ReferralStatus
from storage.models import AuditEntry
from tests.flows.staff_world import STAFF_KG1, STAFF_KG9, StaffWorld


async def _referrals(world: StaffWorld) -> dict[str, ReferralRow]:
    """Both D1 applications get their turn at KG1 and sign (R6, R10)."""
    await world.scenario.places("KG1", 2022, "kk", 2)
    await world.services.sweeps.run_due()
    return {
        key: await world.scenario.sign(world.numbers[key], "KG1") for key in ("d1", "d1_benefit")
    }


async def _referral(world: StaffWorld, number: str) -> ReferralRow:
    async with world.services.uow.read() as uow:
        found = await uow.referrals.by_number(number)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("ru", "прибытие ребёнка записано"), ("kk", "баланың келгені жазылды")],
)
async def test_arrival_by_number_enrols_the_child(
    staff_world: StaffWorld, locale: str, expected: str
) -> None:
    referrals = await _referrals(staff_world)
    staff = await staff_world.speaker(STAFF_KG1, locale)
    reply = await staff.send(f"/arrived {referrals['d1'].number}")
    assert expected in reply.text and referrals["d1"].number in reply.text
    assert (await _referral(staff_world, referrals["d1"].number)).status is ReferralStatus.ENROLLED
    status = await staff_world.scenario.status(staff_world.numbers["d1"])
    assert status["status"] == ApplicationStatus.ENROLLED
    async with staff_world.services.uow.read() as uow:
        child = await uow.children.get(staff_world.child_iins["d1"])
        history = await uow.audit.of_application(referrals["d1"].application_id)
    assert child is not None and child.enrolled_kindergarten_id is not None
    assert (history[-1].action, history[-1].actor_kind, history[-1].actor_id) == (
        "arrived",
        "staff",
        f"tg:{STAFF_KG1}",
    )


@pytest.mark.parametrize(
    "spelling",
    [
        "https://t.me/kindergarten_test_bot?start=v_{code}",
        "v_{code}",
        "{code}",
    ],
)
async def test_arrival_by_the_referrals_qr_code(staff_world: StaffWorld, spelling: str) -> None:
    referrals = await _referrals(staff_world)
    code = referrals["d1"].verification_code
    staff = await staff_world.speaker(STAFF_KG1, "ru")
    reply = await staff.send("/arrived " + spelling.format(code=code))
    assert referrals["d1"].number in reply.text
    assert (await _referral(staff_world, referrals["d1"].number)).status is ReferralStatus.ENROLLED


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("ru", "другому детскому саду"), ("kk", "басқа балабақшаға")],
)
async def test_another_kindergartens_staff_change_nothing(
    staff_world: StaffWorld, locale: str, expected: str
) -> None:
    referrals = await _referrals(staff_world)
    before = await staff_world.count(AuditEntry)
    other = await staff_world.speaker(STAFF_KG9, locale)
    assert expected in (await other.send(f"/arrived {referrals['d1'].number}")).text
    assert expected in (await other.send(f"/documents {referrals['d1_benefit'].number} yes")).text
    today = (await other.send("/today")).text
    assert referrals["d1"].number not in today
    assert (await _referral(staff_world, referrals["d1"].number)).status is ReferralStatus.ACTIVE
    assert await staff_world.count(AuditEntry) == before


async def test_arrival_errors_are_explained(staff_world: StaffWorld) -> None:
    referrals = await _referrals(staff_world)
    staff = await staff_world.speaker(STAFF_KG1, "ru")
    assert "номер направления" in (await staff.send("/arrived")).text
    assert "Такого направления нет" in (await staff.send("/arrived NO-SUCH")).text
    await staff.send(f"/arrived {referrals['d1'].number}")
    assert "больше не действует" in (await staff.send(f"/arrived {referrals['d1'].number}")).text


async def test_discharge_frees_the_child_for_another_referral(staff_world: StaffWorld) -> None:
    referrals = await _referrals(staff_world)
    staff = await staff_world.speaker(STAFF_KG1, "kk")
    iin = staff_world.child_iins["d1"]
    assert "тіркелмеген" in (await staff.send(f"/discharged {iin}")).text  # not enrolled yet
    await staff.send(f"/arrived {referrals['d1'].number}")
    assert "жарамды ЖСН емес" in (await staff.send("/discharged 123")).text
    other = await staff_world.speaker(STAFF_KG9, "kk")
    assert "басқа балабақшаға" in (await other.send(f"/discharged {iin}")).text
    reply = await staff.send(f"/discharged {iin}")
    assert iin[:4] in reply.text and iin not in reply.text  # the IIN is masked
    async with staff_world.services.uow.read() as uow:
        child = await uow.children.get(iin)
    assert child is not None and child.enrolled_kindergarten_id is None


@pytest.mark.parametrize(
    ("locale", "yes", "presented", "not_presented", "not_required", "usage"),
    [
        ("ru", "да", "предъявлены", "не были предъявлены", "не требуются", "да или нет"),
        ("kk", "иә", "ұсынылды", "ұсынылмады", "талап етілмейді", "иә немесе жоқ"),
    ],
)
async def test_benefit_documents_are_recorded(
    staff_world: StaffWorld,
    locale: str,
    yes: str,
    presented: str,
    not_presented: str,
    not_required: str,
    usage: str,
) -> None:
    referrals = await _referrals(staff_world)
    staff = await staff_world.speaker(STAFF_KG1, locale)
    benefit = referrals["d1_benefit"].number
    assert presented in (await staff.send(f"/documents {benefit} {yes}")).text
    assert (await _referral(staff_world, benefit)).documents_status is DocumentsStatus.PRESENTED
    assert not_presented in (await staff.send(f"/documents {benefit} no")).text
    assert (await _referral(staff_world, benefit)).documents_status is DocumentsStatus.NOT_PRESENTED
    plain = referrals["d1"].number
    assert not_required in (await staff.send(f"/documents {plain} yes")).text
    assert usage in (await staff.send(f"/documents {benefit} maybe")).text


@pytest.mark.parametrize(
    ("locale", "expected", "lapsing"),
    [("ru", "дети, ожидаемые по направлениям", "истекают"), ("kk", "күтілетін балалар", "бітетін")],
)
async def test_today_lists_the_expected_children_and_those_lapsing(
    staff_world: StaffWorld, locale: str, expected: str, lapsing: str
) -> None:
    referrals = await _referrals(staff_world)
    staff = await staff_world.speaker(STAFF_KG1, locale)
    today = (await staff.send("/today")).text
    assert expected in today.splitlines()[0]
    assert "Аружан" in today and referrals["d1"].number in today
    assert referrals["d1_benefit"].number in today
    assert lapsing not in today  # five working days are left (R12)

    # R12's last working day: both referrals lapse before the end of the next working day.
    staff_world.clock.set(referrals["d1"].lapses_at - timedelta(hours=30))
    near = (await staff.send("/today")).text
    lapsing_part = near.split(lapsing, 1)[1]
    assert referrals["d1"].number in lapsing_part

    await staff.send(f"/arrived {referrals['d1'].number}")
    after = (await staff.send("/today")).text
    assert referrals["d1"].number not in after and referrals["d1_benefit"].number in after


async def test_discharge_in_russian(staff_world: StaffWorld) -> None:
    referrals = await _referrals(staff_world)
    staff = await staff_world.speaker(STAFF_KG1, "ru")
    await staff.send(f"/arrived {referrals['d1_benefit'].number}")
    iin = staff_world.child_iins["d1_benefit"]
    assert "выбыл из вашего детского сада" in (await staff.send(f"/discharged {iin}")).text
    assert "ИИН ребёнка" in (await staff.send("/discharged")).text
    assert "не числится" in (await staff.send(f"/discharged {iin}")).text


@pytest.mark.parametrize(
    ("locale", "button"), [("ru", "Отметить прибытие"), ("kk", "Келгенін белгілеу")]
)
async def test_scanning_the_qr_code_gives_the_kindergartens_staff_an_arrival_button(
    staff_world: StaffWorld, locale: str, button: str
) -> None:
    referrals = await _referrals(staff_world)
    link = f"/start v_{referrals['d1'].verification_code}"

    parent = await staff_world.speaker(101, locale)
    assert referrals["d1"].number in (await parent.send(link)).text
    assert (await parent.send(link)).inline_buttons == []
    other = await staff_world.speaker(STAFF_KG9, locale)
    assert (await other.send(link)).inline_buttons == []

    staff = await staff_world.speaker(STAFF_KG1, locale)
    checked = await staff.send(link)
    assert referrals["d1"].number in checked.text
    data = checked.button(button)
    forged = await other.press(data)  # another kindergarten's staff press the same button
    assert {"ru": "другому детскому саду", "kk": "басқа балабақшаға"}[locale] in forged.text
    assert (await _referral(staff_world, referrals["d1"].number)).status is ReferralStatus.ACTIVE

    pressed = await staff.press(data)
    assert referrals["d1"].number in pressed.text and pressed.answered_callbacks == 1
    assert (await _referral(staff_world, referrals["d1"].number)).status is ReferralStatus.ENROLLED
    assert (await staff.send(link)).inline_buttons == []  # used: no button any more
