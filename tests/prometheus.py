"""Reading Prometheus' text format in the tests of the metrics."""

from __future__ import annotations

import re


def sample(exposition: str, name: str, **labels: str) -> float:
    """One sample's value from Prometheus' text format."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    pattern = rf"^{re.escape(name)}(?:\{{{re.escape(wanted)}\}})? (\S+)$"
    found = re.search(pattern, exposition, re.MULTILINE)
    assert found, f"no {name}{{{wanted}}} in:\n{exposition}"
    return float(found.group(1))
