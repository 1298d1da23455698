"""Shared pieces of the benchmarks: timing, memory, the machine, a data set generator."""

from __future__ import annotations

import csv
import os
import platform
import random
import resource
import statistics
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

from services.iin import make_iin
from services.imports import IMPORTERS

# Data files and databases; BENCH_WORK moves them (the test that runs every benchmark once).
WORK = Path(os.environ.get("BENCH_WORK") or Path(__file__).resolve().parent / ".work")
LAST_SUBMISSION = date(2026, 11, 1)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def timed(label: str, results: dict[str, float]) -> Iterator[None]:
    start = time.perf_counter()
    yield
    results[label] = time.perf_counter() - start
    # The peak so far: which step raised it shows in the step that printed the higher number.
    print(f"{label}: {results[label]:.2f} s (peak RSS so far {peak_rss_mb():.0f} MB)", flush=True)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def valid_iins(rng: random.Random, born: date, count: int) -> list[str]:
    found: list[str] = []
    serial = rng.randrange(1, 100)
    while len(found) < count and serial < 10_000:
        iin = make_iin(born, male=serial % 2 == 0, serial=serial)
        if iin is not None:
            found.append(iin)
        serial += 1
    return found


def _write(path: Path, kind: str, rows: Iterable[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(IMPORTERS[kind].columns)
        writer.writerows(rows)


def _kindergartens(queues: int) -> Iterator[list[str]]:
    for q in range(queues):
        for k in range(10):
            name = [
                f"KG{q:02d}{k}",
                f"D{q:02d}",
                "ordinary",
                f"№{k} балабақша",
                f"Детский сад №{k}",
            ]
            yield [*name, f"Абай даңғылы {k}", f"проспект Абая {k}", "kk+ru"]


def write_queue_data(
    folder: Path, *, applications: int, queues: int, group_years: range, seed: int = 1
) -> dict[str, Path]:
    """Districts (one queue each), 10 kindergartens per district, and `applications` applications
    spread over queues × group years, as the import CSVs."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {k: folder / f"{k}.csv" for k in ("districts", "kindergartens", "applications")}
    _write(
        paths["districts"],
        "districts",
        (
            [f"D{q:02d}", f"Аудан {q}", f"Район {q}", f"Q{q:02d}", "1:3" if q % 4 == 0 else ""]
            for q in range(queues)
        ),
    )
    _write(paths["kindergartens"], "kindergartens", _kindergartens(queues))
    pool: list[str] = []
    births: list[date] = []
    for year in group_years:
        for day in range(0, 365, 3):
            born = date(year, 1, 1) + timedelta(days=day)
            iins = valid_iins(rng, born, 40)
            pool.extend(iins)
            births.extend([born] * len(iins))
    parents = valid_iins(rng, date(1990, 5, 5), 3000)
    benefits = ["out_of_turn"] * 3 + ["first"] * 15 + ["none"] * 82
    with paths["applications"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(IMPORTERS["applications"].columns)
        for n in range(applications):
            child = rng.randrange(len(pool))
            born = births[child]
            submitted = min(born + timedelta(days=rng.randrange(20, 400)), LAST_SUBMISSION)
            writer.writerow(
                [
                    f"N{n:07d}",
                    pool[child],
                    parents[n % len(parents)],
                    f"D{n % queues:02d}",
                    "ordinary",
                    "kk" if n % 3 else "ru",
                    benefits[n % 100],
                    f"{submitted:%Y-%m-%d}T{rng.randrange(8, 18):02d}:{n % 60:02d}:00",
                ]
            )
    return paths


class FixedClock:
    """Benchmarks run at one fixed moment, so that every run sees the same deadlines."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


class RunningClock:
    """Starts at a fixed moment and runs in real time from there: what a benchmark needs when
    something paces itself by the clock (the outbox sender) and its deadlines must still be the
    ones the fixed moment gave, on whatever day the benchmark is run."""

    def __init__(self, start: datetime) -> None:
        self._start = start
        self._started = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._started)
