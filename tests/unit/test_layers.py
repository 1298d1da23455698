"""DESIGN.md layers, checked on the source import by import: bot → handlers → services → storage
→ domain. Each package imports only the packages below it (bot may skip a level); services never
import SQLAlchemy or aiogram, handlers never reach storage, and domain imports nothing of ours."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("bot", "handlers", "services", "storage", "domain")
DATABASE = ("sqlalchemy", "asyncpg", "aiosqlite", "alembic")
FORBIDDEN = {
    "domain": ("bot", "handlers", "services", "storage", "aiogram", *DATABASE),
    "storage": ("bot", "handlers", "services", "aiogram"),
    "services": ("bot", "handlers", "aiogram", *DATABASE),
    "handlers": ("bot", "storage", *DATABASE),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def offenders(package: str, root: Path = ROOT) -> list[str]:
    found = []
    for path in sorted((root / package).rglob("*.py")):
        for module in imported_modules(path):
            if module.split(".")[0] in FORBIDDEN[package]:
                found.append(f"{path.relative_to(root)} imports {module}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layers_import_only_downward(package: str) -> None:
    assert offenders(package) == []


def test_every_package_of_ours_is_placed_in_a_layer() -> None:
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    assert packages - {"tests", "bench", "locales"} == set(PROJECT)


def test_the_checker_finds_an_upward_import(tmp_path: Path) -> None:
    (tmp_path / "storage").mkdir()
    (tmp_path / "storage" / "x.py").write_text(
        "from services.notices import channels_of\nimport sqlalchemy.orm\n", encoding="utf-8"
    )
    (tmp_path / "domain").mkdir()
    (tmp_path / "domain" / "y.py").write_text("from sqlalchemy import select\n", encoding="utf-8")
    assert offenders("storage", tmp_path) == ["storage/x.py imports services.notices"]
    assert offenders("domain", tmp_path) == ["domain/y.py imports sqlalchemy"]
