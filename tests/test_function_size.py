"""No function in the package is longer than `MAX_LINES`: a longer one is split into named parts."""

from __future__ import annotations

import ast

from .conftest import ROOT

PACKAGE = ROOT / "probation_archive"
MAX_LINES = 60  # from its `def` line to its last line, docstring included


def function_lengths() -> dict[tuple[str, str], int]:
    """Every function and method in the package (nested ones too): (module path, name) -> its lines."""
    lengths: dict[tuple[str, str], int] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                lengths[(module, node.name)] = max(
                    lengths.get((module, node.name), 0), node.end_lineno - node.lineno + 1
                )
    return lengths


def test_no_function_is_longer_than_the_limit() -> None:
    lengths = function_lengths()
    assert len(lengths) > 300  # the walk saw the whole package
    too_long = [f"{module} {name}: {n} lines" for (module, name), n in lengths.items() if n > MAX_LINES]
    assert too_long == []
