"""Process-wide settings of the Python runtime, applied once at start-up (`python -m bot`, and
the benchmarks, which measure the same process)."""

from __future__ import annotations

import gc

# The sweeps and imports make tens of thousands of small objects a batch (audit entries, notices,
# rows). With CPython's default threshold of 700 allocations the collector runs thousands of times
# a batch and costs more than building the objects (measured: 0.76 s of 0.93 s for 100,000
# lapse audit entries). Collections still run, every 50,000 allocations.
GC_THRESHOLDS = (50_000, 20, 20)


def tune_gc() -> None:
    # What exists at start-up (modules, settings, catalogs) lives as long as the process:
    # full collections need not walk it again and again.
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
