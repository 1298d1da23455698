"""The whole way in Kazakh: journal, card, choosing, signing, the referral, revocation."""

from __future__ import annotations

from services.eds.demo_pki import DEMO_PASSWORD
from tests.flows.conftest import ChatWorld
from tests.flows.test_login import log_in
from tests.pki import HOLDER


async def test_the_referral_in_kazakh(world: ChatWorld) -> None:
    chat = world.driver(language_code="kk")
    await log_in(world, chat, language="kk")
    journal = await chat.send("Өтініштер журналы")
    assert journal.text == "Өтініштеріңіз: ашу үшін біреуін таңдаңыз."
    assert journal.inline_buttons[-1][0] == "Өтінішті ата-ананың ЖСН-ға біріктіру"
    card = await chat.press(journal.button(f"№ {world.numbers['mine']}"))
    assert "Мәртебесі: Хабарлама жіберілді" in card.text
    assert (
        "Кезектегі орны: 1. Алда: кезектен тыс — 0, бірінші кезектегі — 0, жеңілдіксіз — 0."
        in card.text
    )
    assert (
        "Балабақшаны 09.04.2026 23:59 дейін таңдаңыз (3 жұмыс күні қалды); одан кейін орын еркін таңдауға өтеді."
        in card.text
    )
    notice = await chat.press(card.button("Мемлекеттік балабақшаны таңдау"))
    assert notice.text.startswith("Назар аударыңыз: егер 3 жұмыс күні ішінде")
    listing = await chat.press(notice.button("OK"))
    assert listing.text.startswith("Топтың жылыңызға бос орындар (2), 1 беттің 1-беті.")
    assert listing.inline_buttons[0][0] == "«KG1» балабақшасы · қазақ тілі · 1 бос орын"
    place = await chat.press(listing.button("«KG1» балабақшасы"))
    assert place.text.startswith(
        "«KG1» балабақшасы\nМекенжайы: Абай даңғылы 1\nАудан: Аудан D1\nОқыту тілі: қазақ тілі"
    )
    ask = await chat.press(place.button("Қол қою және жіберу"))
    assert ask.text.startswith("ЭЦҚ қол қою кілтін файл ретінде жіберіңіз")
    await chat.send_document(world.pki.keys[f"AUTH_RSA256_{HOLDER.iin}"].read_bytes(), "AUTH.p12")
    wrong_key = await chat.send(DEMO_PASSWORD)
    assert wrong_key.text.startswith(
        "Бұл кіруге арналған кілт. Қол қою үшін атауы RSA256 деп басталатын"
    )
    await chat.send_document(world.pki.keys[f"RSA256_{HOLDER.iin}"].read_bytes(), "RSA256.p12")
    shown = await chat.send(DEMO_PASSWORD)
    assert shown.text.startswith("Қол қою кілті: СЕЙТҚАЛИЕВА АЙГҮЛ МАРАТҚЫЗЫ")
    issued = await chat.press(shown.button("Қол қою"))
    assert issued.texts[0].startswith(
        f"№ {world.numbers['mine']}/1 жолдама берілді: «KG1» балабақшасы, Абай даңғылы 1."
    )
    assert "Баланы балабақшаға 13.04.2026 23:59 дейін әкеліңіз (5 жұмыс күні)." in issued.text
    download = await chat.press(issued.button("Жолдаманы жүктеу (PDF)"))
    assert len(download.documents) == 1
    assert (
        download.documents[0].caption
        == "Жолдама қазақ және орыс тілдерінде, тексеруге арналған QR-кодымен."
    )
    card = await chat.press(journal.button(f"№ {world.numbers['mine']}"))
    assert [label for label, _ in card.inline_buttons] == [
        "Жалпы құжаттар",
        "Жолдаманы кері қайтару",
        "Жолдаманы ұзарту",
        "Артқа",
    ]
    ask = await chat.press(card.button("Жолдаманы кері қайтару"))
    revoked = await chat.press(ask.button("Растау"))
    assert (
        revoked.text
        == f"№ {world.numbers['mine']}/1 жолдама кері қайтарылды. Өтініш қайтадан кезекте."
    )
    documents = await chat.send("Жалпы құжаттар")
    assert (
        documents.inline_buttons[0][0]
        == f"№ {world.numbers['mine']}/1 жолдама (өтініш беруші кері қайтарды): PDF"
    )
