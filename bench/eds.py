"""EDS speed: one full login check (open the PKCS#12, chain, CRL, proof of possession) and one
sign + verify, median of many runs, on NCA's test keys (with NCA's test CRL) and on the demo PKI.

    .venv/bin/python -m bench.eds [--runs 200]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from bench.common import machine
from services.eds import EdsService, TrustStore
from services.eds.demo_pki import DEMO_PASSWORD, DemoHolder, write_demo_pki
from tests.fakes.clock import FakeClock

NCA = Path(__file__).resolve().parents[1].parent / "shared" / "testdata" / "nca"
NCA_AUTH = "ncanode-go_personal_active_AUTH_RSA256_b2c70a9ff7a5dc59de0ccc3c0ddde3437cc1f12d.p12"
NCA_SIGN = "ncanode-go_personal_active_RSA256_11c707bd54cbfcccb3815e39c4eb57b1dc7dfea9.p12"


def report(keys: str, login: float, signing: float, runs: int) -> None:
    print(f"{keys}: login check {login:.1f} ms, sign+verify {signing:.1f} ms (median of {runs})")


async def median_ms(action: Callable[[], Awaitable[object]], runs: int) -> float:
    for _ in range(min(10, runs)):
        await action()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        await action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


async def run(runs: int) -> None:
    print(f"machine: {machine()}")
    if NCA.is_dir():
        at = datetime(2020, 6, 1, tzinfo=UTC)
        eds = EdsService(
            TrustStore.load([NCA / "ca/nca_rsa_test.crt"], [NCA / "crl/nca_rsa_test.crl"]),
            FakeClock(at),
            allow_test_iin=True,
        )
        auth = (NCA / "keys" / NCA_AUTH).read_bytes()
        sign = (NCA / "keys" / NCA_SIGN).read_bytes()
        login = await median_ms(lambda: eds.check_login_key(auth, "Qwerty12"), runs)
        signing = await median_ms(
            lambda: eds.sign(sign, "Qwerty12", b'{"application":"A-1"}'), runs
        )
        report("NCA test keys (CRL of 126 entries)", login, signing, runs)
    with tempfile.TemporaryDirectory() as folder:
        now = datetime.now(UTC)
        holder = DemoHolder("900412450114", "СЕЙТҚАЛИЕВА", "АЙГҮЛ", "МАРАТҚЫЗЫ")
        pki = write_demo_pki(Path(folder), [holder], now)
        trust = TrustStore.load([pki.intermediate], [pki.crl])
        eds = EdsService(trust, FakeClock(now), allow_test_iin=True)
        auth = pki.keys[f"AUTH_RSA256_{holder.iin}"].read_bytes()
        sign = pki.keys[f"RSA256_{holder.iin}"].read_bytes()
        login = await median_ms(lambda: eds.check_login_key(auth, DEMO_PASSWORD), runs)
        signing = await median_ms(
            lambda: eds.sign(sign, DEMO_PASSWORD, b'{"application":"A-1"}'), runs
        )
        report("demo PKI keys (AES-256, PBKDF2)", login, signing, runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    asyncio.run(run(parser.parse_args().runs))


if __name__ == "__main__":
    main()
