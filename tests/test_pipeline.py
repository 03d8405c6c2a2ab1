"""One source can never stop the build: whatever goes wrong with one file is that file's failure.

A bug of ours is reported as ours (and never cached); what pdfplumber raises on a damaged file is the
file's fault; themes are assigned after the parse cache, which is keyed on the parser's code only.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pdfplumber
import pytest

import probation_archive.parse
from build import main
from probation_archive.model import SourceError
from probation_archive.pdf import lines as pdf_lines
from probation_archive.pdf import read_pdf
from probation_archive.pipeline import (
    PACKAGE,
    code_digest,
    package_imports,
    parse_all,
    parse_source,
    parser_code_digest,
)
from probation_archive.site import parse_sources

from .conftest import REAL_SOURCES, ROOT

PDF_FIXTURES = ROOT / "tests" / "fixtures" / "pdf"


def sources(tmp_path: Path, *paths: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    for path in paths:
        shutil.copy(path, folder / path.name)
    return folder


def break_parser_for(monkeypatch: pytest.MonkeyPatch, victim: str) -> None:
    """Make the parser raise an IndexError (a bug of ours) for one file only."""
    real = probation_archive.parse.parse_plan

    def parse_plan(rows, source, sha256):  # type: ignore[no-untyped-def]
        if source == victim:
            return [][1]
        return real(rows, source, sha256)

    monkeypatch.setattr("probation_archive.pipeline.parse_plan", parse_plan)


def test_a_parser_bug_in_one_file_fails_only_that_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = sources(tmp_path, *REAL_SOURCES[:3])
    break_parser_for(monkeypatch, REAL_SOURCES[1].name)
    report = parse_sources(folder)
    assert [p.source for p in report.plans] == [REAL_SOURCES[0].name, REAL_SOURCES[2].name]
    assert report.failures == [
        f"{REAL_SOURCES[1].name}: internal error while parsing (IndexError: list index out of range); please report it"
    ]
    assert report.exit_code(strict=False) == 1
    [trace] = report.tracebacks
    assert "Traceback" in trace and "return [][1]" in trace


def test_build_reports_the_bug_and_prints_the_traceback_only_with_debug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = sources(tmp_path, *REAL_SOURCES[:2])
    break_parser_for(monkeypatch, REAL_SOURCES[0].name)
    args = ["--source", str(folder), "--content", str(tmp_path / "content"), "--no-site", "--no-cache"]
    assert main(args) == 1
    out, err = capsys.readouterr()
    assert f"FAILED  {REAL_SOURCES[0].name}: internal error while parsing (IndexError" in out
    assert "1 plans" in out and "Traceback" not in out + err
    assert (tmp_path / "content" / "plans").is_dir()  # the rest of the archive was written
    assert main([*args, "--debug"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_a_bug_is_never_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [Path(shutil.copy(REAL_SOURCES[0], tmp_path / REAL_SOURCES[0].name))]
    cache = tmp_path / "cache"
    with monkeypatch.context() as patch:
        break_parser_for(patch, REAL_SOURCES[0].name)
        [broken] = parse_all(paths, cache, workers=1)
        assert broken.failure is not None and broken.failure.kind == "internal"
    assert not list(cache.glob("*.pickle"))
    [fixed] = parse_all(paths, cache, workers=1)  # the bug is fixed: the file publishes at once
    assert fixed.plan is not None and not fixed.cached


def test_a_bug_in_our_pdf_layout_code_is_ours_not_the_files(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(chars, tolerance=1.0):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(pdf_lines, "dedupe", broken)
    with pytest.raises(ZeroDivisionError):  # not dressed up as "could not be read as a PDF"
        read_pdf(PDF_FIXTURES / "fake-bold.pdf")
    result = parse_source(PDF_FIXTURES / "fake-bold.pdf")
    assert result.failure is not None and result.failure.kind == "internal"
    assert result.error == (
        "fake-bold.pdf: internal error while parsing (ZeroDivisionError: division by zero); please report it"
    )


def test_what_the_pdf_library_raises_is_the_files_fault(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self, settings):  # type: ignore[no-untyped-def]
        raise KeyError("Length")

    monkeypatch.setattr(pdfplumber.page.Page, "find_tables", broken)
    with pytest.raises(SourceError, match=r"^fake-bold.pdf: could not be read as a PDF \(KeyError: 'Length'\)$"):
        read_pdf(PDF_FIXTURES / "fake-bold.pdf")
    result = parse_source(PDF_FIXTURES / "fake-bold.pdf")
    assert result.failure is not None and result.failure.kind == "source"


def test_any_exception_class_is_isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    class Strange(Exception):
        pass

    def parse_plan(rows, source, sha256):  # type: ignore[no-untyped-def]
        raise Strange("odd")

    monkeypatch.setattr("probation_archive.pipeline.parse_plan", parse_plan)
    assert parse_source(REAL_SOURCES[0]).error == (
        f"{REAL_SOURCES[0].name}: internal error while parsing (Strange: odd); please report it"
    )


# --- themes after the cache --------------------------------------------------------------


def test_the_cache_key_covers_the_parsers_code_and_not_what_runs_after_it() -> None:
    names = {p.relative_to(PACKAGE).as_posix() for p in package_imports(PACKAGE / "pipeline.py")}
    pdf_reader = {p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "pdf").glob("*.py")}
    assert {"pdf/__init__.py", "pdf/lines.py", "pdf/tolerances.py"} <= pdf_reader
    assert {"parse.py", "table.py", "normalise.py", "read_text.py", "coverage.py", "model.py"} | pdf_reader <= names
    assert {"read_docx.py", "read_html.py"} <= names  # the Word and web-page readers are in the key too
    assert not names & {"themes.py", "render.py", "pages.py", "about.py", "export.py", "site.py", "gather.py"}


def test_editing_any_module_of_the_pdf_reader_changes_the_cache_key(monkeypatch: pytest.MonkeyPatch) -> None:
    code_digest.cache_clear()
    unedited = code_digest()
    read_bytes = Path.read_bytes
    try:
        for module in sorted((PACKAGE / "pdf").glob("*.py")):
            with monkeypatch.context() as patch:
                patch.setattr(
                    Path, "read_bytes", lambda self, edited=module: read_bytes(self) + b"#" * (self == edited)
                )
                code_digest.cache_clear()
                assert code_digest() != unedited, f"{module.name} is not in the parse cache's key"
    finally:
        code_digest.cache_clear()
    assert code_digest() == unedited


def test_editing_the_themes_re_reads_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = sources(tmp_path, *REAL_SOURCES[:2])
    cache = tmp_path / "cache"
    first = parse_sources(folder, cache)
    themes = tmp_path / "themes.yml"  # the maintainer's edit: one theme for everything
    themes.write_text("- {slug: everything, title: Everything, description: All of it., keywords: [the]}\n")
    monkeypatch.setattr("probation_archive.gather.THEMES_FILE", themes)
    monkeypatch.setattr("probation_archive.pipeline.read_plan", lambda *a: pytest.fail("parsed again"))
    again = parse_sources(folder, cache)
    assert [p.slug for p in again.plans] == [p.slug for p in first.plans]
    assert {t for p in again.plans for r in p.recommendations for t in r.themes} == {"everything"}


def test_a_changed_parser_is_a_cache_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [Path(shutil.copy(REAL_SOURCES[0], tmp_path / REAL_SOURCES[0].name))]
    parse_all(paths, tmp_path / "cache", workers=1)
    monkeypatch.setattr("probation_archive.pipeline.parser_code_digest", lambda: parser_code_digest() + "-changed")
    assert not parse_all(paths, tmp_path / "cache", workers=1)[0].cached


def test_pipeline_runs_in_a_fresh_interpreter_without_the_site_module() -> None:
    """The per-source step does not depend on the build's orchestration (no import cycle)."""
    code = "import probation_archive.pipeline, sys; print('probation_archive.site' in sys.modules)"
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- every reader registered --------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    ["tests/fixtures/docx/office/004_d58b2eaae473f7c6.docx", "tests/hostile/sources/script-page.html"],
    ids=["docx", "html"],
)
def test_word_documents_and_web_pages_are_read(source: str, tmp_path: Path) -> None:
    path = Path(__file__).resolve().parent.parent / source
    parsed = parse_source(path)
    assert parsed.failure is None and parsed.plan is not None and parsed.plan.recommendations
    htm = tmp_path / "page.htm"  # the other suffix a saved page has
    htm.write_bytes((Path(__file__).resolve().parent / "hostile" / "sources" / "script-page.html").read_bytes())
    assert parse_source(htm).failure is None


def test_other_file_types_are_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.odt"
    path.write_bytes(b"PK\x03\x04")
    assert parse_source(path).error == (
        "plan.odt: unsupported file type '.odt'; expected one of ['.docx', '.htm', '.html', '.pdf', '.txt']"
    )
