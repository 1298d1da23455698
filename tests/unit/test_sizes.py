"""Small pieces (DESIGN.md, "Layout"): no function longer than 50 lines of body, no module over
250 lines unless its docstring says why it is one module ("is long because")."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "services", "storage", "domain", "bench")
MAX_FUNCTION_BODY = 50
MAX_MODULE = 250
REASON = "is long because"


def sources() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """From the first statement after the docstring to the end of the function."""
    body = node.body
    if (
        len(body) > 1
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        body = body[1:]
    end = node.end_lineno or node.lineno
    return end - body[0].lineno + 1


def long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({body_lines(node)} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and body_lines(node) > MAX_FUNCTION_BODY
    ]


def test_no_function_is_longer_than_fifty_lines() -> None:
    assert [line for path in sources() for line in long_functions(path)] == []


def test_a_long_module_says_why_at_its_top() -> None:
    unexplained = []
    for path in sources():
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if lines > MAX_MODULE and REASON not in docstring:
            unexplained.append(f"{path.relative_to(ROOT)} ({lines} lines)")
    assert unexplained == []


def test_the_measure_skips_the_docstring(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text('def f():\n    """Doc\n    string."""\n    a = 1\n    return a\n')
    node = ast.parse(sample.read_text()).body[0]
    assert isinstance(node, ast.FunctionDef) and body_lines(node) == 2
