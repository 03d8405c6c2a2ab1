"""Imports flow one way, as the package's folders show: read -> parse -> archive -> pages / publish.

Every import statement of the package is read (those inside functions too: a late import is a cycle
hidden, not removed), resolved to the module it names, and checked against the stages below.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "probation_archive"

# The read and parse side, and what the parse cache's key hashes: it never reaches the write side.
READ_PARSE = {
    "model",
    "read_text",
    "read_docx",
    "read_html",
    "pdf",
    "table",
    "parse",
    "normalise",
    "coverage",
    "pipeline",
    "cache",
}
# The whole archive, after the cache.
ARCHIVE = {
    "gather",
    "archive",
    "themes",
    "providers",
    "sources",
    "recurrence",
    "terms",
    "versions",
    "fetch",
}  # fetch: before a build
WRITE = {"present", "pages", "publish"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """The package's modules one file imports, resolved (`from ..present import words` names
    `probation_archive.present.words`; `from ..present.words import human_date` names the module)."""
    here = module_name(path)
    package = here.split(".") if path.name == "__init__.py" else here.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("probation_archive")}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            if not module.startswith("probation_archive"):
                continue
            for alias in node.names:
                candidate = f"{module}.{alias.name}"
                found.add(candidate if candidate in MODULES else module)
    return found - {here}


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}


def stage(module: str) -> str:
    """`probation_archive.pages.plan` -> `pages`; `probation_archive.pdf.lines` -> `pdf`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


GRAPH = {module: imported_modules(path) for module, path in MODULES.items()}


def test_the_import_reader_sees_relative_and_nested_imports() -> None:
    """The checks below are only as good as the reader: it resolves `..` and finds late imports."""
    assert "probation_archive.present.words" in GRAPH["probation_archive.pages.plan"]
    assert "probation_archive.model" in GRAPH["probation_archive.present.words"]
    assert "probation_archive.pdf" in GRAPH["probation_archive.pipeline"]


@pytest.mark.parametrize("module", sorted(m for m in MODULES if stage(m) in READ_PARSE))
def test_read_and_parse_never_import_the_archive_or_the_write_side(module: str) -> None:
    wrong = {m for m in GRAPH[module] if stage(m) in ARCHIVE | WRITE | {"site", "mkdocs_hooks"}}
    assert not wrong, f"{module} imports {sorted(wrong)} against the flow"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if stage(m) in ARCHIVE))
def test_the_archive_never_imports_a_page_or_a_published_file(module: str) -> None:
    wrong = {m for m in GRAPH[module] if stage(m) in WRITE | {"site"}}
    assert not wrong, f"{module} imports {sorted(wrong)} against the flow"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if stage(m) == "present"))
def test_present_is_a_leaf_over_the_model(module: str) -> None:
    wrong = {m for m in GRAPH[module] if stage(m) not in {"present", "model"} and m != "probation_archive"}
    assert not wrong, f"{module} imports {sorted(wrong)}: present/ may import only the model"


@pytest.mark.parametrize(("one", "other"), [("pages", "publish"), ("publish", "pages")])
def test_pages_and_publish_never_import_each_other(one: str, other: str) -> None:
    wrong = {(m, i) for m in MODULES if stage(m) == one for i in GRAPH[m] if stage(i) == other}
    assert not wrong, f"{one}/ imports {other}/: {sorted(wrong)}"


def test_nothing_imports_site() -> None:
    importers = sorted(m for m, imports in GRAPH.items() if "probation_archive.site" in imports)
    assert importers == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first walk (each reported once, from where the walk entered it).

    >>> cycles({"a": {"b"}, "b": {"a"}, "c": set()})
    [['a', 'b', 'a']]
    """
    found, done, path = [], set(), []

    def walk(node: str) -> None:
        if node in path:
            found.append([*path[path.index(node) :], node])
            return
        if node in done:
            return
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            walk(nxt)
        path.pop()
        done.add(node)

    for node in sorted(graph):
        walk(node)
    return found


def test_no_import_cycle() -> None:
    # The package's own __init__ (PARSER_VERSION) is a leaf everyone may read.
    graph = {m: {i for i in imports if i != "probation_archive"} for m, imports in GRAPH.items()}
    assert cycles(graph) == []


def test_a_cycle_would_be_seen() -> None:
    """The cycle check fails on a cycle: words (a leaf) importing the plan page that imports it."""
    graph = {m: set(i) for m, i in GRAPH.items()}
    graph["probation_archive.present.words"].add("probation_archive.pages.plan")
    assert [
        "probation_archive.present.words",
        "probation_archive.pages.plan",
        "probation_archive.present.words",
    ] in cycles(graph)
