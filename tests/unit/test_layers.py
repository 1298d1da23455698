"""DESIGN.md layers: services never import aiogram; handlers never import sqlalchemy or storage;
storage never imports aiogram or handlers. Checked on the source, import by import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "services": ("aiogram", "handlers", "bot"),
    "handlers": ("sqlalchemy", "storage", "asyncpg", "aiosqlite"),
    "storage": ("aiogram", "handlers", "bot"),
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


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layers_import_only_inward(package: str) -> None:
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for module in imported_modules(path):
            if module.split(".")[0] in FORBIDDEN[package]:
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []


def test_the_checker_sees_an_offending_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("from aiogram import Router\nimport sqlalchemy.orm\n", encoding="utf-8")
    assert imported_modules(sample) == {"aiogram", "sqlalchemy.orm"}
