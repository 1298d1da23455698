"""A district administrator's CSV export, /stats chart and CSV imports by file (issue 6)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from aiogram.methods import SendDocument, SendPhoto
from aiogram.types import BufferedInputFile
from sqlalchemy import select

from domain.enums import Language, PlaceState
from storage.models import AuditEntry, Kindergarten, Place
from tests.flows.driver import Reply
from tests.flows.staff_world import ADMIN_D1, STAFF_KG1, SUPERADMIN, StaffWorld


def _uploads(reply: Reply) -> list[tuple[BufferedInputFile, str | None]]:
    found = []
    for method in reply.requests:
        if isinstance(method, SendDocument | SendPhoto):
            media = method.document if isinstance(method, SendDocument) else method.photo
            assert isinstance(media, BufferedInputFile)
            found.append((media, method.caption))
    return found


def _upload(
    reply: Reply, kind: type[SendDocument | SendPhoto]
) -> tuple[BufferedInputFile, str | None]:
    """The first file sent (/stats sends a second picture: the pools')."""
    sent = [r for r in reply.requests if isinstance(r, SendDocument | SendPhoto)]
    assert sent and isinstance(sent[0], kind), reply.requests
    return _uploads(reply)[0]


async def _places(world: StaffWorld) -> list[tuple[str, int, Language, PlaceState]]:
    async with world.services.uow.read() as uow:
        rows = await uow.session.execute(
            select(Kindergarten.code, Place.group_year, Place.language, Place.state)
            .join(Kindergarten, Kindergarten.id == Place.kindergarten_id)
            .order_by(Place.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


@pytest.mark.parametrize(("locale", "caption"), [("ru", "Заявлений: 2."), ("kk", "Өтініштер: 2.")])
async def test_export_holds_the_applications_of_the_scope_only(
    staff_world: StaffWorld, locale: str, caption: str
) -> None:
    admin = await staff_world.speaker(ADMIN_D1, locale)
    document, text = _upload(await admin.send("/export"), SendDocument)
    assert text == caption
    assert document.filename is not None
    assert document.filename.startswith("applications-all-") and document.filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(document.data.decode("utf-8-sig"))))
    assert [r["number"] for r in rows] == ["D1-0001", "D1-0002"]
    assert rows[1]["benefit"] == "first" and rows[1]["status"] == "in_queue"
    assert rows[0]["submitted_at"] == "2022-04-01T09:00:00+06:00"  # Almaty was UTC+6 then
    assert list(rows[0])[:8] == [
        "number", "child_iin", "applicant_iin", "district_code",
        "kind", "language", "benefit", "submitted_at",
    ]  # fmt: skip


async def test_export_of_one_district_and_out_of_scope(staff_world: StaffWorld) -> None:
    boss = await staff_world.speaker(SUPERADMIN, "ru")
    document, _ = _upload(await boss.send("/export D2"), SendDocument)
    rows = list(csv.DictReader(io.StringIO(document.data.decode("utf-8-sig"))))
    assert [r["number"] for r in rows] == ["D2-0001"]
    everything, _ = _upload(await boss.send("/export"), SendDocument)
    assert everything.data.decode("utf-8-sig").count("\n") == 4  # header + three applications

    admin = await staff_world.speaker(ADMIN_D1, "ru")
    refused = await admin.send("/export D2")
    assert "вне районов" in refused.text and not refused.documents
    assert "«D7»" in (await admin.send("/export D7")).text


async def test_stats_sends_a_chart_with_the_numbers_in_the_caption(
    staff_world: StaffWorld,
) -> None:
    await staff_world.scenario.places("KG1", 2022, "kk", 3)
    await staff_world.scenario.places("KG9", 2022, "kk", 5)  # another district's
    await staff_world.services.sweeps.run_due()
    referral = await staff_world.scenario.sign(staff_world.numbers["d1"], "KG1")
    staff = await staff_world.speaker(STAFF_KG1, "ru")
    await staff.send(f"/arrived {referral.number}")
    staff_world.clock.advance(days=1)

    admin = await staff_world.speaker(ADMIN_D1, "ru")
    picture, caption = _upload(await admin.send("/stats"), SendPhoto)
    assert picture.data.startswith(b"\x89PNG\r\n\x1a\n") and len(picture.data) > 10_000
    assert caption is not None
    lines = caption.splitlines()
    # D1: the first-priority application waits (notified); the other is enrolled.
    assert lines[0] == "В очереди: 1 (внеочередных 0, первоочередных 1, остальных 0)"
    assert lines[1] == "Незанятых мест: 2"  # three published, one taken by the referral
    assert lines[2] == "За 8 нед.: выдано направлений 1, прибыло 1, аннулировано по сроку 0"

    kk = await staff_world.speaker(ADMIN_D1, "kk")
    _, kk_caption = _upload(await kk.send("/stats"), SendPhoto)
    assert kk_caption is not None and kk_caption.startswith("Кезекте: 1 (")


async def test_stats_shows_each_pool_s_forecast_inputs(staff_world: StaffWorld) -> None:
    """The transparency issue, point 5: the places given per month and the waiting, per pool
    (queue × group year × kind), as /stats' second picture."""
    await staff_world.scenario.places("KG1", 2022, "kk", 3)
    await staff_world.services.sweeps.run_due()
    referral = await staff_world.scenario.sign(staff_world.numbers["d1"], "KG1")
    staff = await staff_world.speaker(STAFF_KG1, "ru")
    await staff.send(f"/arrived {referral.number}")
    admin = await staff_world.speaker(ADMIN_D1, "ru")
    uploads = _uploads(await admin.send("/stats"))
    assert len(uploads) == 2
    picture, caption = uploads[1]
    assert picture.filename == "pools.png" and picture.data.startswith(b"\x89PNG")
    assert caption == "Очередей и годов групп: 1. Выдано мест за 12 месяцев: 1; ожидают: 1."
    admin_d1 = await staff_world.services.roles.staffer(ADMIN_D1)
    assert admin_d1 is not None
    [pool] = (await staff_world.services.reports.pools(admin_d1)).pools
    assert (pool.group_year, pool.waiting, pool.given_per_month[-1], sum(pool.given_per_month)) == (
        2022,
        1,
        1,
        1,
    )
    kk = await staff_world.speaker(ADMIN_D1, "kk")
    _, kk_caption = _uploads(await kk.send("/stats"))[1]
    assert kk_caption == (
        "Кезектер мен топтың жылдары: 1. 12 айда берілген орындар: 1; күтіп тұрғандар: 1."
    )


async def test_stats_counts_lapses_per_week(staff_world: StaffWorld) -> None:
    await staff_world.scenario.places("KG1", 2022, "kk", 2)
    await staff_world.services.sweeps.run_due()
    referral = await staff_world.scenario.sign(staff_world.numbers["d1"], "KG1")
    staff_world.clock.set(referral.lapses_at + timedelta(minutes=5))
    await staff_world.services.sweeps.run_due()
    admin = await staff_world.speaker(ADMIN_D1, "ru")
    _, caption = _upload(await admin.send("/stats"), SendPhoto)
    assert caption is not None and caption.splitlines()[2].endswith("аннулировано по сроку 1")


PLACES_CSV = "kindergarten_code,group_year,language,count\nKG1,2022,kk,2\nKG2,2021,ru,1\n"


@pytest.mark.parametrize(("locale", "done"), [("ru", "новых: 3"), ("kk", "жаңа: 3")])
async def test_a_csv_sent_as_a_file_is_imported(
    staff_world: StaffWorld, locale: str, done: str
) -> None:
    admin = await staff_world.speaker(ADMIN_D1, locale)
    reply = await admin.send_document(PLACES_CSV.encode(), "places.csv")
    assert "places.csv" in reply.text and done in reply.text
    assert await _places(staff_world) == [  # offered at once where the queue has a turn (R6)
        ("KG1", 2022, Language.KK, PlaceState.OFFERED),
        ("KG1", 2022, Language.KK, PlaceState.OFFERED),
        ("KG2", 2021, Language.RU, PlaceState.FREE),
    ]
    async with staff_world.services.uow.read() as uow:
        imported = (
            await uow.session.execute(
                select(AuditEntry.action, AuditEntry.actor_id).where(
                    AuditEntry.action == "imported"
                )
            )
        ).all()
    assert imported[-1] == ("imported", f"tg:{ADMIN_D1}")


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("ru", ["ничего не импортировано", "строка 2, столбец «kindergarten_code»", "«KG404»",
                "строка 3, столбец «count»", "«много» не целое число"]),
        ("kk", ["ештеңе импортталмады", "2-жол, «kindergarten_code» бағаны", "«KG404»",
                "3-жол, «count» бағаны", "«много» бүтін сан емес"]),
    ],
)  # fmt: skip
async def test_a_broken_csv_is_explained_line_by_line_and_nothing_is_written(
    staff_world: StaffWorld, locale: str, expected: list[str]
) -> None:
    before = await staff_world.count(AuditEntry)
    admin = await staff_world.speaker(ADMIN_D1, locale)
    broken = "kindergarten_code,group_year,language,count\nKG404,2022,kk,1\nKG1,2022,kk,много\n"
    reply = await admin.send_document(broken.encode(), "places.csv")
    for part in expected:
        assert part in reply.text, reply.text
    assert await _places(staff_world) == []
    assert await staff_world.count(AuditEntry) == before


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"kindergarten_code,group_year,language,count\nKG9,2022,kk,1\n", "places.csv",
         "Строка 2: «KG9» не относится к вашим районам"),
        (b"code,name_kk,name_ru,queue_code,priority_ratio\nD5,A,B,Q5,\n", "districts.csv",
         "вне районов"),
        (b"foo,bar\n1,2\n", "whatever.csv", "не похож ни на один файл импорта"),
        (b"\xff\xfe\x00k\x00g", "places.csv", "не похож ни на один файл импорта"),
        (b"kindergarten_code,group_year,language\nKG1,2022,kk\n", "places.csv",
         "в заголовке нет столбцов count"),
    ],
)  # fmt: skip
async def test_imports_outside_the_scope_or_unrecognised_are_refused(
    staff_world: StaffWorld, content: bytes, name: str, expected: str
) -> None:
    before = await staff_world.counts()
    admin = await staff_world.speaker(ADMIN_D1, "ru")
    reply = await admin.send_document(content, name)
    assert expected in reply.text, reply.text
    assert await staff_world.counts() == before


async def test_a_huge_csv_is_refused_by_its_size_before_any_download(
    staff_world: StaffWorld,
) -> None:
    admin = await staff_world.speaker(ADMIN_D1, "ru")
    reply = await admin.send_document(PLACES_CSV.encode(), "places.csv", declared_size=100 << 20)
    assert "больше 20 МБ" in reply.text
    assert staff_world.session.downloads == []
    assert await _places(staff_world) == []


async def test_a_superadministrator_imports_districts(staff_world: StaffWorld) -> None:
    boss = await staff_world.speaker(SUPERADMIN, "ru")
    reply = await boss.send_document(
        "code,name_kk,name_ru,queue_code,priority_ratio\nD5,Бесінші,Пятый,Q5,1:3\n".encode(),
        "districts.csv",
    )
    assert "новых: 1" in reply.text
    async with staff_world.services.uow.read() as uow:
        assert "D5" in await uow.districts.by_code()
