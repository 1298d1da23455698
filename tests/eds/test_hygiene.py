"""Key files and passwords are never stored or logged: after a login and a signing through the
services, neither the password nor any 16-byte run of the key files is in the database file,
its WAL, or anything logged (SQL statements and their parameters included)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.wiring import build_services
from domain.enums import Language
from services.calendar import WorkCalendar
from services.eds import EdsService
from services.eds.demo_pki import DEMO_PASSWORD, DemoPki
from storage.db import Database
from tests.fakes.clock import FakeClock
from tests.pki import DEMO_NOW, HOLDER
from tests.scenario import Scenario

RUN = 16


def leaks(secret_files: list[bytes], password: bytes, haystack: bytes) -> list[str]:
    found = [f"password at {haystack.find(password)}"] if password in haystack else []
    runs = {data[i : i + RUN] for data in secret_files for i in range(len(data) - RUN + 1)}
    for i in range(len(haystack) - RUN + 1):
        if haystack[i : i + RUN] in runs:
            found.append(f"key bytes at {i}")
            break
    return found


def test_the_leak_finder_finds_leaks() -> None:
    key = bytes(range(200))
    assert leaks([key], b"Secret1", b"....Secret1....") == ["password at 4"]
    assert leaks([key], b"Secret1", b"xx" + key[50:66] + b"yy") == ["key bytes at 2"]
    assert leaks([key], b"Secret1", b"xx" + key[50:65] + b"yy") == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_no_key_or_password_in_the_database_or_the_logs(
    demo_pki: DemoPki, demo_eds: EdsService, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    try:
        services = build_services(database, FakeClock(DEMO_NOW), WorkCalendar(), demo_eds)
        world = Scenario(services)
        await world.district("D1", "Q1")
        await world.kindergarten("KG1", "D1")
        number = await world.application(applicant=HOLDER.iin)
        await world.places("KG1", 2022, "kk", 1)
        await services.sweeps.run_due()
        auth = demo_pki.keys[f"AUTH_RSA256_{HOLDER.iin}"].read_bytes()
        signing = demo_pki.keys[f"RSA256_{HOLDER.iin}"].read_bytes()
        person = await services.keys.login(5, auth, DEMO_PASSWORD)
        for wrong in ("Wrong-1", "Wrong-2"):
            with pytest.raises(Exception):  # noqa: B017 - only the traces matter here
                await services.keys.login(5, auth, wrong)
        request = (
            await services.requests.prepare(
                application_id=await world.application_id(number),
                kindergarten_id=await world.kindergarten_id("KG1"),
                language=Language.KK,
                parent_iin=person.iin,
            )
        ).request
        signature = await services.keys.sign(5, signing, DEMO_PASSWORD, request.canonical_bytes())
        await services.issuer.issue(request, signature)
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    await database.dispose()

    database_file = Path(str(database.url.database))
    stored = b"".join(p.read_bytes() for p in database_file.parent.glob(database_file.name + "*"))
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records).encode()
    assert len(caplog.records) > 50  # the SQL was logged with its parameters
    secrets = [auth, signing]
    for password in (DEMO_PASSWORD, "Wrong-1", "Wrong-2"):
        assert leaks(secrets, password.encode(), stored) == []
        assert leaks(secrets, password.encode(), logged) == []
