"""R11: the referral PDF looks like an official document. For a kk+ru referral with the longest
names of the demo data, signed with a real (demo PKI) key: no text box overlaps another or the
QR code, every label stays inside its column, plain text is left-aligned (no justified gaps),
the signature card names the signer, the certificate's serial and validity, and the header names
the issuing education department. Page 1 is kept as a picture under tests/artifacts/."""

from __future__ import annotations

import io
from collections.abc import Sequence
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from bot.i18n import Catalogs
from bot.wiring import Services, build_services
from domain.enums import Language
from services.calendar import WorkCalendar
from services.demo.builder import kindergartens
from services.demo.names import DISTRICTS
from services.documents.pdf import CARD_LABEL_WIDTH, LABEL_WIDTH
from services.eds import EdsService
from services.eds.demo_pki import DEMO_PASSWORD, DemoPki
from storage.db import Database
from tests.fakes.clock import FakeClock
from tests.pki import DEMO_NOW, HOLDER
from tests.scenario import Scenario

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
MM = 72 / 25.4  # PDF points per millimetre
TOLERANCE = 0.5  # points: glyph boxes of neighbouring lines may touch, never cross


def longest(rows: Sequence[tuple[object, ...]], *columns: int) -> tuple[object, ...]:
    return max(rows, key=lambda row: sum(len(str(row[c])) for c in columns))


async def issued_pdf(services: Services, pki: DemoPki) -> bytes:
    world = Scenario(services)
    code, name_kk, name_ru, queue = longest(DISTRICTS, 1, 2)[:4]
    kindergarten = longest(kindergartens(), 3, 4, 5, 6)
    csv_district = f"{code},{name_kk},{name_ru},{queue},"
    await world.csv("districts", "code,name_kk,name_ru,queue_code,priority_ratio\n" + csv_district)
    header = "code,district_code,kind,name_kk,name_ru,address_kk,address_ru,languages\n"
    row = ",".join(f'"{value}"' for value in (kindergarten[0], code, *kindergarten[2:8]))
    await world.csv("kindergartens", header + row + "\n")
    child = "230514500123"
    await world.csv(
        "children",
        "iin,surname,name,patronymic,parent_iins,enrolled_kindergarten_code\n"
        f"{child},Әбдірахманова,Айсұлу,Бауыржанқызы,{HOLDER.iin},\n",
    )
    number = await world.application(
        applicant=HOLDER.iin,
        child_iin=child,
        district=str(code),
        benefit="first",
        kind=str(kindergarten[2]),
        submitted="2023-06-01T09:00:00",
    )
    await world.places(str(kindergarten[0]), 2023, "kk", 1)
    await services.sweeps.run_due()
    prepared = await services.requests.prepare(
        application_id=await world.application_id(number),
        kindergarten_id=await world.kindergarten_id(str(kindergarten[0])),
        language=Language.KK,
        parent_iin=HOLDER.iin,
    )
    key = pki.keys[f"RSA256_{HOLDER.iin}"].read_bytes()
    signature = await services.keys.sign(1, key, DEMO_PASSWORD, prepared.request.canonical_bytes())
    issued = await services.issuer.issue(prepared.request, signature)
    document = await services.documents.pdf(HOLDER.iin, issued.referral.id)
    return document.pdf


def overlapping(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    found = []
    for a, b in combinations(boxes, 2):
        width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
        height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
        if width > TOLERANCE and height > TOLERANCE:
            found.append((a["text"], b["text"]))
    return found


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_referral_pdf_is_laid_out_like_a_document(
    database: Database, demo_pki: DemoPki, demo_eds: EdsService
) -> None:
    services = build_services(
        database, FakeClock(DEMO_NOW), WorkCalendar(), demo_eds, catalogs=Catalogs()
    )
    data = await issued_pdf(services, demo_pki)
    kindergarten_names = longest(kindergartens(), 3, 4, 5, 6)[3:5]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        words = page.extract_words(use_text_flow=True, extra_attrs=["fontname", "size"])
        text = page.extract_text()
        [card] = page.rects  # the signature card's frame
        # The signature card's labels, read down their own column (they wrap inside it).
        card_labels = page.crop((0, 0, (17 + CARD_LABEL_WIDTH) * MM, page.height)).extract_text()
        assert overlapping(words) == []
        for image in page.images:  # the QR code beside the verification line, on nothing
            assert overlapping([*words, {**image, "text": "QR"}]) == []
        assert len(page.images) == 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.to_image(resolution=110).save(ARTIFACTS / "referral-page-1.png")

    assert "Білім бөлімі: Бостандық ауданы" in text
    assert "Отдел образования: Бостандыкский район" in text
    assert str(kindergarten_names[0]) in text and str(kindergarten_names[1]) in text
    assert "Қол қоюшы / Подписант" in text and f"СЕЙТҚАЛИЕВА АЙГҮЛ МАРАТҚЫЗЫ, {HOLDER.iin}" in text
    labels = " ".join(card_labels.split())
    assert "Сертификаттың сериялық нөмірі / Серийный номер сертификата" in labels
    assert "Сертификаттың қолданылу мерзімі / Срок действия сертификата" in labels
    assert "05.04.2026 10:00 – 06.04.2027 10:00" in text  # the demo key's validity

    # Labels wrap inside their column: no label word above the card reaches the values' column.
    label_words = [
        w
        for w in words
        if w["bottom"] < card["top"] and "Bold" in w["fontname"] and round(w["size"], 1) == 9.5
    ]
    assert label_words and all(w["x1"] <= (15 + LABEL_WIDTH) * MM for w in label_words)
    # Left-aligned text: within a line, words are one space apart, never stretched.
    value_columns = [(15 + LABEL_WIDTH + 1.5) * MM, (17 + CARD_LABEL_WIDTH + 1.5) * MM]
    by_line: dict[int, list[dict[str, Any]]] = {}
    for word in words:
        by_line.setdefault(round(word["top"]), []).append(word)
    for line in by_line.values():
        line.sort(key=lambda w: w["x0"])
        # A space is a third of the font's size; the gap before a table's value column is not
        # a space.
        gaps = [
            (b["x0"] - a["x1"]) / a["size"]
            for a, b in pairwise(line)
            if all(abs(b["x0"] - column) > 3 for column in value_columns)
        ]
        spread = [g for g in gaps if g > 0.6]
        assert spread == [], [w["text"] for w in line]


def test_the_overlap_check_sees_an_overlap() -> None:
    a = {"text": "a", "x0": 0, "x1": 10, "top": 0, "bottom": 10}
    b = {"text": "b", "x0": 9, "x1": 20, "top": 5, "bottom": 15}
    c = {"text": "c", "x0": 10, "x1": 20, "top": 0, "bottom": 10}
    assert overlapping([a, b]) == [("a", "b")] and overlapping([a, c]) == []
