"""The playground as a process (`python -m bot playground --port <free>`) in a folder of its own,
one per test module: it seeds, prints where to open it, and stops on SIGINT with exit code 0."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.ports import free_port


@dataclass(frozen=True)
class Playground:
    url: str
    folder: Path

    def seeded(self) -> dict[str, str]:
        data: dict[str, str] = json.loads(
            (self.folder / "data" / "playground" / "seeded.json").read_text()
        )
        return data


@pytest.fixture(scope="module")
def playground(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Playground]:
    folder = tmp_path_factory.mktemp("playground")
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "playground", "--port", str(port)],
        cwd=folder,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()  # the process prints it once it listens
        if not first_line:
            raise AssertionError(f"the playground did not start: {process.communicate()[1]}")
        assert first_line == f"Open http://127.0.0.1:{port}\n"
        yield Playground(f"http://127.0.0.1:{port}", folder)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    assert process.returncode == 0, process.stderr.read() if process.stderr else ""
