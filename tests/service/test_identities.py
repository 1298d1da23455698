"""The chat's identity of a Telegram user (R1, R2) is cached in the process (bot/identities.py);
every change made through the accounts service shows on the next update, and a session still
expires by the clock."""

from __future__ import annotations

from datetime import timedelta

from bot.recent import Recent
from bot.wiring import Services
from services.accounts import Identity
from services.eds import Person
from tests.fakes.clock import FakeClock

IIN = "900505400733"
PHONE_CHAT, LAPTOP_CHAT, STRANGER = 101, 102, 999


def person(clock: FakeClock, name: str = "АЙГҮЛ") -> Person:
    now = clock.now()
    return Person(IIN, "СЕЙТҚАЛИЕВА", name, "", "01", now, now + timedelta(days=365))


async def test_a_new_chat_then_its_language_then_its_login(
    services: Services, clock: FakeClock
) -> None:
    accounts = services.accounts
    assert await services.identities.identify(STRANGER) == Identity(None, None)
    await accounts.set_locale(STRANGER, "ru")
    assert await services.identities.identify(STRANGER) == Identity("ru", None)
    await accounts.log_in(STRANGER, person(clock))
    identity = await services.identities.identify(STRANGER)
    assert identity.locale == "ru"
    assert identity.account is not None and identity.account.iin == IIN
    await accounts.set_locale(STRANGER, "kk")
    assert (await services.identities.identify(STRANGER)).locale == "kk"


async def test_log_out_and_expiry_show_at_once(services: Services, clock: FakeClock) -> None:
    accounts = services.accounts
    await accounts.log_in(PHONE_CHAT, person(clock))
    await accounts.log_in(LAPTOP_CHAT, person(clock))
    assert (await services.identities.identify(PHONE_CHAT)).account is not None
    await accounts.log_out(PHONE_CHAT)
    assert (await services.identities.identify(PHONE_CHAT)).account is None
    laptop = await services.identities.identify(LAPTOP_CHAT)
    assert laptop.account is not None
    clock.set(laptop.account.expires_at)
    assert (await services.identities.identify(LAPTOP_CHAT)).account is None


async def test_contacts_and_name_reach_every_chat_of_the_parent(
    services: Services, clock: FakeClock
) -> None:
    """R2: the e-mail and phone are the parent's; a second chat logged in as the same parent sees
    them on its next update, as it sees the name a new login brings."""
    accounts = services.accounts
    await accounts.log_in(PHONE_CHAT, person(clock))
    await accounts.log_in(LAPTOP_CHAT, person(clock))
    assert (await services.identities.identify(LAPTOP_CHAT)).account.email is None  # type: ignore[union-attr]
    await accounts.set_email(PHONE_CHAT, "Aigul@Example.kz")
    await accounts.set_phone(PHONE_CHAT, "8 701 123 45 67", PHONE_CHAT)
    laptop = (await services.identities.identify(LAPTOP_CHAT)).account
    assert laptop is not None
    assert (laptop.email, laptop.phone) == ("aigul@example.kz", "+77011234567")
    await accounts.log_in(PHONE_CHAT, person(clock, name="АЙГҮЛЬ"))
    laptop = (await services.identities.identify(LAPTOP_CHAT)).account
    assert laptop is not None and "АЙГҮЛЬ" in laptop.full_name


def test_a_read_begun_before_a_write_does_not_store_the_old_value() -> None:
    cache: Recent[int, str] = Recent(2)
    read_at = cache.generation  # a read starts…
    cache.drop(1)  # …a write commits meanwhile and drops the user…
    cache.put(1, "old", read_at=read_at)  # …the read's older value is not kept
    assert cache.get(1) is None
    cache.put(1, "new", read_at=cache.generation)
    assert cache.get(1) == "new"


def test_the_cache_keeps_the_most_recently_used() -> None:
    cache: Recent[int, str] = Recent(2)
    cache.put(1, "a")
    cache.put(2, "b")
    assert cache.get(1) == "a"
    cache.put(3, "c")
    assert (cache.get(1), cache.get(2), cache.get(3)) == ("a", None, "c")
