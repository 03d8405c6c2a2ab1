"""The build's caches: a rebuild with nothing changed reads one file; any change is seen.

`gather_sources` remembers the whole gathered report in one slot of the parse cache's folder, keyed by
every source's bytes (hashed on every build: no file time or size is trusted), the themes file, and the
code and data it is made by. The per-source entries stay what a partial rebuild reads.
"""

from __future__ import annotations

import ast
import gc
import hashlib
import os
import pickle
import shutil
from pathlib import Path

import pytest

from probation_archive.cache import ParseCache, collector_paused
from probation_archive.gather import GATHERED_SLOT, gather_sources, gathered_key
from probation_archive.pipeline import PACKAGE, package_imports, relative_imports
from probation_archive.site import parse_sources, run, source_paths

from .conftest import REAL_SOURCES

SLOT_FILE = f"{GATHERED_SLOT}.slot.pickle"


def sources(tmp_path: Path, count: int = 3) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    for path in REAL_SOURCES[:count]:
        shutil.copy(path, folder / path.name)
    return folder


def no_parsing_or_gathering(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("probation_archive.pipeline.read_plan", lambda *a: pytest.fail("parsed again"))
    monkeypatch.setattr("probation_archive.gather.gather", lambda *a: pytest.fail("gathered again"))


def test_a_rebuild_with_nothing_changed_reads_the_gathered_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = sources(tmp_path), tmp_path / "cache"
    first = parse_sources(folder, cache)
    assert first.parsed == 3 and (cache / SLOT_FILE).is_file()
    no_parsing_or_gathering(monkeypatch)
    again = parse_sources(folder, cache)
    assert again.plans == first.plans and again.coverage == first.coverage
    assert again.warnings == first.warnings and again.failures == first.failures
    assert again.parsed == 0 and "parsed and gathered plans read from the cache" in again.timings


def test_a_changed_source_is_parsed_again_even_with_its_size_and_time_unchanged(tmp_path: Path) -> None:
    """What a stat index would trust and git would not keep: same size, same modification time."""
    folder, cache = sources(tmp_path), tmp_path / "cache"
    first = parse_sources(folder, cache)
    path = source_paths(folder)[0]
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    edited = text.replace("Report Published: 15 February 2019", "Report Published: 16 February 2019")
    assert edited != text and len(edited) == len(text)
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    again = parse_sources(folder, cache)
    assert again.parsed == 1
    [plan] = [p for p in again.plans if p.source == path.name]
    assert plan.source_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert plan not in first.plans


def test_adding_a_source_parses_it_alone_and_keeps_one_slot(tmp_path: Path) -> None:
    folder, cache = sources(tmp_path, 2), tmp_path / "cache"
    parse_sources(folder, cache)
    shutil.copy(REAL_SOURCES[2], folder / REAL_SOURCES[2].name)
    added = parse_sources(folder, cache)
    assert added.parsed == 1 and len(added.plans) == 3
    assert [p.name for p in cache.glob("*.slot.pickle")] == [SLOT_FILE]
    assert parse_sources(folder, cache).plans == added.plans


def test_a_damaged_slot_is_gathered_again(tmp_path: Path) -> None:
    folder, cache = sources(tmp_path), tmp_path / "cache"
    first = parse_sources(folder, cache)
    for damage in (b"not a pickle", (cache / SLOT_FILE).read_bytes()[:-100], b""):
        (cache / SLOT_FILE).write_bytes(damage)
        again = parse_sources(folder, cache)
        assert again.plans == first.plans and "gather (slugs, themes)" in again.timings


def test_a_report_with_a_bug_or_an_unreadable_source_is_not_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = sources(tmp_path), tmp_path / "cache"
    monkeypatch.setattr("probation_archive.pipeline.read_plan", lambda path: [][1])
    assert len(parse_sources(folder, cache).failures) == 3
    assert not (cache / SLOT_FILE).exists()
    monkeypatch.undo()
    (folder / "unreadable.txt").mkdir()  # a name the cache cannot hash
    paths = [*source_paths(folder), folder / "unreadable.txt"]
    assert len(gather_sources(paths, cache, workers=1).failures) == 1
    assert not (cache / SLOT_FILE).exists()


def test_the_gathered_key_covers_names_bytes_themes_code_and_data(tmp_path: Path) -> None:
    paths = source_paths(sources(tmp_path))
    themes = PACKAGE / "themes.yml"
    keys = [f"{n}-digest" for n in range(len(paths))]
    key = gathered_key(paths, keys, themes)
    assert gathered_key(paths, keys, themes) == key
    assert gathered_key(paths, [*keys[:-1], "other"], themes) != key
    assert gathered_key([*paths[:-1], paths[-1].with_name("renamed.txt")], keys, themes) != key
    edited_themes = tmp_path / "themes.yml"
    edited_themes.write_bytes(themes.read_bytes() + b"\n")
    assert gathered_key(paths, keys, edited_themes) != key
    names = {p.relative_to(PACKAGE).as_posix() for p in package_imports(PACKAGE / "gather.py")}
    assert {"gather.py", "themes.py", "pipeline.py", "parse.py", "model.py", "cache.py"} <= names


@pytest.mark.parametrize("edited", ["gather.py", "themes.py", "parse.py", "providers.yml", "themes.yml"])
def test_editing_the_code_or_data_of_a_gathered_report_misses(
    edited: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = source_paths(sources(tmp_path))
    keys = [f"{n}-digest" for n in range(len(paths))]
    key = gathered_key(paths, keys, PACKAGE / "themes.yml")
    assert (PACKAGE / edited).is_file()
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read_bytes(self) + b"#" * (self == PACKAGE / edited))
    assert gathered_key(paths, keys, PACKAGE / "themes.yml") != key


def test_a_slot_holds_one_value_and_the_key_it_was_made_for(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path, "digest")
    assert cache.get_slot("s", "a") is None
    cache.put_slot("s", "a", [1, 2])
    assert cache.get_slot("s", "a") == [1, 2] and cache.get_slot("s", "b") is None
    cache.put_slot("s", "b", {"x": 3})
    assert cache.get_slot("s", "b") == {"x": 3} and cache.get_slot("s", "a") is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.slot.pickle"]  # no temporary file left


class Explodes:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (pytest.fail, ("unpickled a value stored for another key",))


def test_a_slot_for_another_key_is_not_unpickled(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path, "digest")
    with (tmp_path / "s.slot.pickle").open("wb") as file:
        pickle.dump("other key", file)
        pickle.dump(Explodes(), file)
    assert cache.get_slot("s", "key") is None


def test_reading_pauses_the_collector_and_a_build_gives_back_what_it_froze(tmp_path: Path) -> None:
    gc.unfreeze()
    with collector_paused():
        assert not gc.isenabled()
        read = [[n] for n in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() >= len(read)
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
    folder, cache = sources(tmp_path), tmp_path / "cache"
    for _ in range(2):  # the second build reads the gathered report
        report = run(folder, tmp_path / "content", None, strict=False, cache_dir=cache)
        assert report.plans and gc.isenabled() and gc.get_freeze_count() == 0


def ast_relative_imports(code: str) -> list[tuple[int, str]]:
    """What `relative_imports` finds, found by Python's own parser: the reference."""
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.ImportFrom) and node.level:
            names = [node.module] if node.module else [alias.name for alias in node.names]
            found += [(node.level, name) for name in names]
    return found


@pytest.mark.parametrize(
    "module", sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
)
def test_the_import_scan_finds_what_pythons_parser_finds(module: str) -> None:
    """The parse cache's key follows imports with a regular expression: it must miss none."""
    code = (PACKAGE / module).read_text(encoding="utf-8")
    assert set(relative_imports(code)) == set(ast_relative_imports(code))


@pytest.mark.parametrize(
    "code",
    [
        "from . import (a,  # b) c\n    d as e,\n)\n",
        "from .. import a, \\\n    b\n",
        "def f():\n    x = 1; from .m import n\n",
        "from .pkg.sub import (\n    name,\n)\n",
        "from ...deep import x as y",
    ],
)
def test_the_import_scan_reads_every_form_of_relative_import(code: str) -> None:
    assert set(relative_imports(code)) == set(ast_relative_imports(code))
