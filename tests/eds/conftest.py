from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from services.eds import EdsService, TrustStore
from services.eds.demo_pki import DemoHolder, DemoPki, write_demo_pki
from tests.fakes.clock import FakeClock, almaty
from tests.scenario import new_iin

PROJECT = Path(__file__).resolve().parents[2]
NCA_FOLDER = PROJECT.parent / "shared" / "testdata" / "nca"
NCA_PASSWORD = "Qwerty12"
GOST_PASSWORD_2015 = "Aa123456"
DEMO_NOW = almaty(2026, 4, 6, 10)
HOLDER = DemoHolder(new_iin(date(1990, 4, 12), male=False), "СЕЙТҚАЛИЕВА", "АЙГҮЛ", "МАРАТҚЫЗЫ")


@pytest.fixture(scope="session")
def nca() -> Path:
    if not NCA_FOLDER.is_dir():
        pytest.skip(
            f"NCA test material not found at {NCA_FOLDER} (../shared is absent in this clone)"
        )
    return NCA_FOLDER


def nca_key(nca: Path, name: str) -> bytes:
    return (nca / "keys" / name).read_bytes()


def utc(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=UTC)


def nca_eds(
    nca: Path,
    at: datetime,
    *,
    anchors: tuple[str, ...] = ("ca/nca_rsa_test.crt",),
    crls: tuple[str, ...] = (),
    allow_test_iin: bool = True,
) -> EdsService:
    trust = TrustStore.load([nca / a for a in anchors], [nca / c for c in crls])
    return EdsService(trust, FakeClock(at), allow_test_iin=allow_test_iin)


@pytest.fixture(scope="session")
def demo_pki(tmp_path_factory: pytest.TempPathFactory) -> DemoPki:
    return write_demo_pki(tmp_path_factory.mktemp("demo-pki"), [HOLDER], DEMO_NOW)


@pytest.fixture
def demo_eds(demo_pki: DemoPki) -> EdsService:
    return EdsService(TrustStore.load([demo_pki.intermediate], [demo_pki.crl]), FakeClock(DEMO_NOW))
