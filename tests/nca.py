"""NCA RK's own test keys (../shared/testdata/nca, README there): where they are, their passwords,
and an EDS service that trusts their CA at an injected moment."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.eds import EdsService, TrustStore
from tests.fakes.clock import FakeClock

PROJECT = Path(__file__).resolve().parents[1]
NCA_FOLDER = PROJECT.parent / "shared" / "testdata" / "nca"
NCA_PASSWORD = "Qwerty12"
GOST_PASSWORD_2015 = "Aa123456"


def nca_folder() -> Path:
    """The folder, or a skip that says why (a user's own clone has no ../shared)."""
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
