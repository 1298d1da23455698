"""Every benchmark runs once at its smallest size, as a process, and must finish by itself with
its report: a benchmark that hangs or crashes fails CI rather than the next person who runs it.
(The figures themselves are not checked here: they are bench/README.md's business.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNS = {
    "queue_engine": (
        ["--applications", "3000", "--places", "40", "--referrals", "200"],
        ["allocation of 40 places", "R12 lapse sweep over 200 referrals", "peak RSS"],
    ),
    "notify": (["--applications", "3000", "--turns", "30"], ["lost: 0; duplicates: 0"]),
    "chat": (["--applications", "2000", "--updates", "50"], ["open application card"]),
    "eds": (["--runs", "3"], ["demo PKI keys (AES-256, PBKDF2): login check"]),
    "webhook": (
        ["--users", "12", "--updates", "60", "--connections", "4", "--publishes", "2"],
        ["ours, two instances", "bare aiogram, one instance", "publish → push: p95"],
    ),
    "egov": (
        ["--puts", "3", "--gets", "40", "--clients", "4"],
        ["verified, issued, answered", "API №1 GET"],
    ),
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_the_benchmark_finishes_with_its_report(name: str, tmp_path: Path) -> None:
    arguments, expected = RUNS[name]
    finished = subprocess.run(
        [sys.executable, "-m", f"bench.{name}", *arguments],
        cwd=ROOT,
        env={**os.environ, "BENCH_WORK": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    for line in expected:
        assert line in finished.stdout, finished.stdout
