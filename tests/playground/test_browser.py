"""The playground in a real browser (Playwright driving Debian's Chromium): `python -m bot
playground` as a process, and a visitor who, as Aigul, logs in with the key downloaded from the
panel, chooses a kindergarten, signs in the panel's eGov Mobile and downloads the referral; then,
as the staff member, records the child's arrival, and sees as Aigul the status «Балабақшаға
қабылданды» (R16). Every step waits for what the page shows, never for time."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from pypdf import PdfReader

from services.demo import DEMO_PARENTS
from services.eds.demo_pki import DEMO_PASSWORD
from tests.playground.conftest import Playground

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
STARTUP = 180.0  # seconds to seed and start, a bound that turns a hang into a failure

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed (apt-get install chromium; .ci/run installs it)",
)

if CHROMIUM.exists():
    from playwright.async_api import Browser, Page, async_playwright, expect


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--no-first-run",
            ],
        )
        try:
            yield browser
        finally:
            await browser.close()


async def bot_says(page: Page, text: str) -> None:
    await expect(page.locator('[data-from="bot"]', has_text=text).last).to_be_visible()


async def say(page: Page, text: str) -> None:
    await page.get_by_label("Message").fill(text)
    await page.get_by_role("button", name="Send", exact=True).click()


async def press(page: Page, name: str | re.Pattern[str]) -> None:
    """The button of the bot's latest message that has one of this name."""
    exact = isinstance(name, str)
    button = page.locator('[data-from="bot"]').get_by_role("button", name=name, exact=exact)
    await button.last.click()


async def reply(page: Page, name: str) -> None:
    keyboard = page.get_by_role("group", name="Keyboard")
    await keyboard.get_by_role("button", name=name, exact=True).click()


async def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=ARTIFACTS / f"playground-{name}.png")


async def log_in(page: Page, folder: Path) -> None:
    aigul = DEMO_PARENTS[0]
    await say(page, "/start")
    await bot_says(page, "Тілді таңдаңыз.")
    await press(page, "Қазақша")
    await reply(page, "Кіру")
    await press(page, "Кілт файлымен")
    await bot_says(page, "аутентификация кілтін файл ретінде жіберіңіз")
    async with page.expect_download() as download:
        await page.get_by_role("link", name=f"AUTH_RSA256_{aigul.iin}.p12").click()
    key = folder / (await download.value).suggested_filename
    await (await download.value).save_as(key)
    async with page.expect_file_chooser() as chooser:
        await page.get_by_role("button", name="Attach").click()
    await (await chooser.value).set_files(key)
    await bot_says(page, "құпиясөзін жіберіңіз")
    await say(page, DEMO_PASSWORD)
    await bot_says(page, "Кілт иесі: СЕЙТҚАЛИЕВА АЙГҮЛ")
    # The password's message is deleted from the chat at once.
    await expect(page.locator('[data-from="me"]', has_text=DEMO_PASSWORD)).to_have_count(0)
    await press(page, "Кіру")
    await bot_says(page, "Қош келдіңіз, СЕЙТҚАЛИЕВА АЙГҮЛ")
    await screenshot(page, "1-logged-in")


async def sign_in_the_panel(page: Page, kindergarten: str) -> None:
    await press(page, "Қол қою және жіберу")
    await bot_says(page, "Жолдамаға eGov Mobile арқылы қол қойыңыз")
    await press(page, "eGov Mobile арқылы қол қою")
    phone = page.get_by_role("region", name="eGov Mobile")
    await expect(phone).to_contain_text("Балабақшаға жолдама алу сұрауы")
    await expect(phone).to_contain_text(kindergarten)
    await screenshot(page, "2-egov-mobile")
    await phone.get_by_role("button", name="Sign").click()
    await phone.get_by_role("button", name="Confirm").click()
    await expect(phone).to_contain_text("Signed: the bot has it.")
    await bot_says(page, "жолдама берілді")


async def referral_pdf(page: Page) -> bytes:
    link = page.locator('[data-from="bot"]').get_by_role(
        "link", name=re.compile(r"^referral-.+\.pdf$")
    )
    async with page.expect_download() as download:
        await link.last.click()
    path = await (await download.value).path()
    return await asyncio.to_thread(Path(path).read_bytes)


async def test_a_visitor_takes_a_referral_and_the_staff_records_the_arrival(
    playground: Playground, tmp_path: Path
) -> None:
    kindergarten = playground.seeded()["kindergarten_kk"]
    async with chromium() as browser:
        context = await browser.new_context(
            accept_downloads=True, viewport={"width": 1280, "height": 900}
        )
        page = await context.new_page()
        await page.goto(playground.url)
        await expect(page.get_by_role("button", name="Айгүл Сейтқалиева")).to_have_attribute(
            "aria-pressed", "true"
        )
        # Notified yesterday: the offer is waiting in her chat (R7).
        await bot_says(page, "кезегіңіз келді")
        await log_in(page, tmp_path)

        await reply(page, "Өтініштер журналы")
        await press(page, re.compile("ALA-2023-00001"))
        await bot_says(page, "Мәртебесі: Хабарлама жіберілді")
        await press(page, "Мемлекеттік балабақшаны таңдау")
        await press(page, "OK")
        await bot_says(page, "бос орындар")
        await press(page, re.compile("^" + re.escape(kindergarten)))
        await bot_says(page, "Бос орындар:")
        await sign_in_the_panel(page, kindergarten)

        pdf = await referral_pdf(page)
        assert pdf.startswith(b"%PDF")
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        quoted = re.search(r"«(.+?)»", kindergarten)  # «Айгөлек», as the PDF names it
        assert quoted is not None and quoted.group(1) in text, text
        issued = page.locator('[data-from="bot"]', has_text="жолдама берілді").last
        number = re.search(r"№ (\S+) жолдама берілді", await issued.inner_text())
        assert number is not None

        await page.get_by_role("button", name="Жанар Омарова").click()
        await say(page, "/start")
        await press(page, "Қазақша")
        await page.get_by_role("button", name="/", exact=True).click()
        await expect(page.get_by_role("menuitem", name=re.compile(r"^\/arrived"))).to_be_visible()
        await page.get_by_role("menuitem", name=re.compile(r"^\/today")).click()
        await bot_says(page, "жолдама бойынша күтілетін балалар")
        await say(page, f"/arrived {number.group(1)}")
        await bot_says(page, f"№ {number.group(1)} жолдама: баланың келгені жазылды")
        await screenshot(page, "3-staff")

        await page.get_by_role("button", name="Айгүл Сейтқалиева").click()
        await bot_says(page, "жолдама берілді")  # her chat as she left it
        await reply(page, "Өтініштер журналы")
        await expect(
            page.locator('[data-from="bot"]').get_by_role(
                "button", name=re.compile("ALA-2023-00001 .*Балабақшаға қабылданды")
            )
        ).to_be_visible()
        await context.close()


async def test_the_page_fits_a_phone(playground: Playground) -> None:
    async with chromium() as browser:
        page = await browser.new_page(viewport={"width": 390, "height": 844})
        await page.goto(playground.url + "/#olga")
        await say(page, "/start")
        await bot_says(page, "Выберите язык.")
        widths = await page.evaluate(
            "[document.documentElement.scrollWidth, document.body.scrollWidth,"
            " ...[...document.querySelectorAll('.message, .composer, .card')]"
            ".map(e => Math.ceil(e.getBoundingClientRect().right))]"
        )
        assert max(widths) <= 390, widths
        await expect(page.get_by_label("Message")).to_be_visible()
        await expect(page.get_by_role("button", name="Русский")).to_be_visible()
