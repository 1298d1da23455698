"""The playground's own data, made once (or again with --fresh): a demo PKI with every demo
parent's keys, the demo data set, and the persons' past: Aigul logged in yesterday (so her
chat was told of the place offered to her son, and her session has run out since), the
administrator runs her district, the staff member works in the kindergarten with the most free
places in her son's pool."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.playground.persons import AIGUL, BY_KEY, DISTRICT, NOTIFIED
from bot.wiring import Services
from domain.enums import KindergartenKind
from services.demo import seed_demo
from services.eds.demo_pki import CA_FILE, CRL_FILE, DEMO_PASSWORD
from services.staff.roles import Staffer
from storage.migrate import upgrade

# The playground grants the roles as a superadministrator would; the audit log names it so.
PLAYGROUND = Staffer(telegram_user_id=0, superadmin=True)


@dataclass(frozen=True)
class PlaygroundFiles:
    """data/playground.db and, beside it, data/playground/: the keys, the clock, what was seeded."""

    data: Path

    @property
    def database(self) -> Path:
        return self.data / "playground.db"

    @property
    def folder(self) -> Path:
        return self.data / "playground"

    @property
    def keys(self) -> Path:
        return self.folder / "keys"

    @property
    def clock(self) -> Path:
        return self.folder / "clock"

    @property
    def corrections(self) -> Path:
        return self.folder / "calendar_corrections.csv"

    @property
    def seeded(self) -> Path:
        return self.folder / "seeded.json"

    @property
    def trust_anchor(self) -> Path:
        return self.keys / CA_FILE

    @property
    def crl(self) -> Path:
        return self.keys / CRL_FILE

    def exists(self, database_url: str) -> bool:
        """Seeded before, into this database (the playground's own file: still there)."""
        if not self.seeded.exists():
            return False
        return str(self.database) not in database_url or self.database.exists()

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        for path in self.data.glob("playground.db*"):  # with SQLite's -wal and -shm
            path.unlink()


@dataclass(frozen=True)
class Seeded:
    """What the page says of the staff member: their kindergarten, in both languages."""

    kindergarten_kk: str
    kindergarten_ru: str

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.__dict__, ensure_ascii=False))

    @classmethod
    def load(cls, path: Path) -> Seeded:
        return cls(**json.loads(path.read_text()))


async def seed(services: Services, files: PlaygroundFiles) -> Seeded:
    """Runs under a clock one day back: what happened yesterday."""
    await upgrade(services.database)
    key = files.keys / f"AUTH_RSA256_{AIGUL.iin}.p12"
    person = await services.eds.check_login_key(key.read_bytes(), DEMO_PASSWORD)
    telegram_id = NOTIFIED.telegram_id
    await services.accounts.log_in(telegram_id, person)
    await services.accounts.set_email(telegram_id, "aigul.seitkalieva@mail.kz")
    await services.accounts.set_phone(telegram_id, "+77011234567", telegram_id)
    await seed_demo(services.imports, services.clock.now())
    await services.roles.grant_district_admin(PLAYGROUND, BY_KEY["admin"].telegram_id, [DISTRICT])
    summaries = await services.journal.applications(AIGUL.iin)
    son = next(s for s in summaries if s.kind is KindergartenKind.ORDINARY)
    choices = await services.queue.choices(son.id, AIGUL.iin)
    best = max(choices, key=lambda choice: choice.free_count)
    await services.roles.grant_staff(
        PLAYGROUND, BY_KEY["staff"].telegram_id, best.kindergarten_code
    )
    seeded = Seeded(best.name_kk, best.name_ru)
    seeded.save(files.seeded)
    return seeded


class Yesterday:
    """The clock the seeding runs under."""

    def __init__(self, now: datetime) -> None:
        self._moment = now - timedelta(days=1)

    def now(self) -> datetime:
        return self._moment
