"""The PDF reader: each plan read from its PDF is the archive entry its text extraction gives.

Fixtures are in tests/fixtures/pdf/, made by tools/make_pdf_fixtures.py: `real/` the five real plans
rendered as the published PDFs are, and one tiny PDF per edge case, each either with `<name>.txt`
(the text extraction it must read as) or the `source` of an error case in tests/cases/errors/ (with
the one-line error it must give, golden).
"""

from __future__ import annotations

import ast
import shutil
import sys
from dataclasses import fields, replace
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.psexceptions import PSSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from probation_archive.gather import assign_slugs
from probation_archive.model import Row, SourceError
from probation_archive.normalise import split_items
from probation_archive.pdf import read_pdf
from probation_archive.pdf.lines import Char, Line, Run, dedupe, join_lines
from probation_archive.pdf.open import check_signature
from probation_archive.pdf.ruled import is_white, rule_edges
from probation_archive.pdf.tolerances import DEFAULT_TOLERANCES, Tolerances
from probation_archive.pipeline import parse_all, read_plan
from probation_archive.publish.open_data import plan_record
from probation_archive.read_text import read_text
from probation_archive.site import parse_sources
from probation_archive.table import (
    cells_of,
    classify_row,
    fit_row,
    header_layout,
    lead_in_row,
    section_addressee,
    summary_entry,
)
from probation_archive.themes import Theme, assign_plan_themes

from .conftest import REAL_SOURCES, ROOT, error_cases

FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
REAL_PDFS = sorted((FIXTURES / "rendered-from-real-text").glob("*.pdf"))  # by tools/make_pdf_fixtures.py
TWINNED = sorted(p for p in FIXTURES.glob("*.pdf") if p.with_suffix(".txt").exists())
PLANS = ROOT / "tests" / "fixtures" / "plans"  # plans in other layouts; their PDFs are in pdf/plans/
PLAN_PDFS = sorted((FIXTURES / "plans").glob("*.pdf"))
# The one-line error each bad fixture gives (tests/cases/errors/, checked by test_cases.py), by fixture name.
ERRORS = {
    Path(case["source"]).stem: case["output"]
    for case in error_cases()
    if Path(case.get("source", "")).parent == Path("fixtures/pdf")
}


def record(path: Path, themes: tuple[Theme, ...]) -> dict[str, object]:
    """A plan's plans.json entry, less what differs by format: source, hash, and `line N`/`page N`."""
    plan, coverage = read_plan(path)
    assert coverage.missing == ()
    [plan], _ = assign_slugs([plan])
    entry = plan_record(assign_plan_themes(plan, themes))
    entry["warnings"] = sorted(w.message for w in plan.warnings)  # the location differs by format
    del entry["source"], entry["source_sha256"]
    for rec in entry["recommendations"]:  # type: ignore[union-attr]
        rec.pop("pages")  # page numbers exist only for a PDF
    return entry


def test_every_real_plan_has_a_pdf_fixture() -> None:
    assert [p.stem for p in REAL_PDFS] == [p.stem for p in REAL_SOURCES]


@pytest.mark.parametrize("pdf", REAL_PDFS, ids=lambda p: p.stem)
def test_real_plan_pdf_gives_the_same_entry_as_its_text(pdf: Path, themes: tuple[Theme, ...]) -> None:
    assert record(pdf, themes) == record(ROOT / "source_plans" / f"{pdf.stem}.txt", themes)


def test_every_fixture_plan_has_a_pdf() -> None:
    assert [p.stem for p in PLAN_PDFS] == [p.stem for p in sorted(PLANS.glob("*.txt"))]


@pytest.mark.parametrize("pdf", PLAN_PDFS, ids=lambda p: p.stem)
def test_fixture_plan_pdf_gives_the_same_entry_as_its_text(pdf: Path, themes: tuple[Theme, ...]) -> None:
    assert record(pdf, themes) == record(PLANS / f"{pdf.stem}.txt", themes)


@pytest.mark.parametrize("pdf", TWINNED, ids=lambda p: p.stem)
def test_edge_case_pdf_reads_as_its_text_twin(pdf: Path, themes: tuple[Theme, ...]) -> None:
    assert record(pdf, themes) == record(pdf.with_suffix(".txt"), themes)


def table_body(rows: list[Row]) -> list[object]:
    """The action table's rows after its header as the parser sees them: each cell's items
    (paragraphs, breaks and bullets), section rows by addressee, short rows by their filled cells."""
    cells = [cells_of(row) for row in rows]
    at, layout = next((n, layout) for n, c in enumerate(cells) if (layout := header_layout(c)) is not None)
    body: list[object] = []
    for row in cells[at + 1 :]:
        kind = classify_row(row, layout)
        if kind in ("blank", "header"):
            continue
        if kind == "section":
            body.append(("section", section_addressee(row)))
        elif kind == "lead-in":
            body.append(("lead-in", lead_in_row(row, layout)))
        elif len([c for c in row if c.strip()]) <= 2 and len(row) <= 2 or summary_entry(row):
            body.append(tuple(c.strip() for c in row if c.strip()))
        else:
            fitted = fit_row(layout, row)
            body.append([split_items(getattr(fitted, f.name)) for f in fields(fitted)])
    return body


@pytest.mark.parametrize("pdf", REAL_PDFS + PLAN_PDFS + TWINNED, ids=lambda p: p.stem)
def test_pdf_table_rows_are_the_text_extractions_rows(pdf: Path) -> None:
    """Stricter than the entries: a wrongly joined or split row can still parse the same."""
    texts = {"rendered-from-real-text": ROOT / "source_plans", "plans": PLANS}
    text = texts[pdf.parent.name] / f"{pdf.stem}.txt" if pdf.parent.name in texts else pdf.with_suffix(".txt")
    assert table_body(read_pdf(pdf)) == table_body(read_text(text))


def test_every_fixture_has_an_expectation() -> None:
    names = {p.stem for p in FIXTURES.glob("*.pdf")}
    assert names == {p.stem for p in TWINNED} | set(ERRORS)


# --- each edge case is the problem it claims to be, and is read right ----------------------


def body_rows(pdf: Path) -> list[tuple[tuple[str, ...], str]]:
    rows = read_pdf(pdf)
    at = next(n for n, row in enumerate(rows) if "Rec No" in row.cells[0])
    return [(row.cells, row.where) for row in rows[at + 1 :]]


def test_rotated_page_defeats_plain_pdfplumber_but_not_the_reader() -> None:
    with pdfplumber.open(FIXTURES / "rotated.pdf") as pdf:
        page = pdf.pages[0]
        assert page.rotation == 90
        assert page.find_tables() == []  # its rules are a hair off the axis: all classed vertical
    assert len(body_rows(FIXTURES / "rotated.pdf")) == 6


def test_fake_bold_characters_are_read_once() -> None:
    with pdfplumber.open(FIXTURES / "fake-bold.pdf") as pdf:
        text = pdf.pages[0].extract_text()
    assert "AAccttiioonn" in text.replace(" ", "")
    rows = read_pdf(FIXTURES / "fake-bold.pdf")
    assert rows[0].cells == ("Action Plan Submitted: 3 June 2019",)


def test_white_rules_do_not_split_cells() -> None:
    with pdfplumber.open(FIXTURES / "white-rules.pdf") as pdf:
        [table] = pdf.pages[0].find_tables()
        assert max(len(row.cells) for row in table.rows) == 7  # pdfplumber takes the white rule
    assert {len(cells) for cells, _ in body_rows(FIXTURES / "white-rules.pdf")} == {6}


def test_row_broken_by_a_page_break_is_joined_and_placed_on_its_first_page() -> None:
    pdf = FIXTURES / "split-row.pdf"
    with pdfplumber.open(pdf) as document:
        pages = [page.extract_text() for page in document.pages]
    assert len(pages) == 2 and "Quality Lead" in pages[0] and "Review staff workloads" in pages[1]
    rows = body_rows(pdf)
    [(cells, where)] = [(cells, where) for cells, where in rows if cells[4] == "Quality Lead"]
    twin = pdf.with_suffix(".txt").read_text(encoding="utf-8").splitlines()
    [expected] = [line.split("\t") for line in twin if line.endswith("Quality Lead\tSeptember 2019")]
    assert " ".join(cells[3].split()) == " ".join(expected[3].split())
    assert str(where) == "page 1"
    assert len(rows) == 6


def test_merged_block_over_a_page_break_reads_as_actions_of_one_recommendation() -> None:
    rows = body_rows(FIXTURES / "merged-over-page-break.pdf")
    meetings = [(cells, where) for cells, where in rows if cells[3].startswith("Action ")]
    assert len(meetings) == 40
    assert {str(where) for _, where in meetings} == {"page 1", "page 2"}
    assert all(cells[:3] == ("", "", "") for cells, _ in meetings)


def test_merged_text_carried_over_a_page_break_joins_its_cell() -> None:
    rows = body_rows(FIXTURES / "merged-text-over-page-break.pdf")
    first = rows[0][0]
    assert first[0] == "1" and first[2] == "Agreed"
    twin = (FIXTURES / "merged-text-over-page-break.txt").read_text(encoding="utf-8")
    expected = next(line for line in twin.splitlines() if line.startswith("1\t")).split("\t")[1]
    assert first[1] == expected
    assert all(cells[1] == "" for cells, _ in rows[1:] if cells[3].startswith("Action "))


def test_unruled_table_is_read_from_its_text() -> None:
    with pdfplumber.open(FIXTURES / "unruled.pdf") as pdf:
        assert pdf.pages[0].lines == [] and pdf.pages[0].rects == []
    rows = body_rows(FIXTURES / "unruled.pdf")
    assert rows[0][0] == (
        "1",
        "Improve the quality of risk assessments.",
        "Agreed",
        "Run risk workshops for all case managers.",
        "Head of Quality",
        "June 2019",
    )
    assert ("Recommendation for HM Prison and Probation Service", "", "", "", "", "") in [r for r, _ in rows]


def test_rows_say_which_page_they_start_on() -> None:
    rows = read_pdf(REAL_PDFS[0])
    pages = [row.where.number for row in rows]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] > 3


def test_each_page_is_closed_after_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    closed = []
    original = pdfplumber.page.Page.close
    monkeypatch.setattr(pdfplumber.page.Page, "close", lambda self: closed.append(self.page_number) or original(self))
    read_pdf(REAL_PDFS[0])
    with pdfplumber.open(REAL_PDFS[0]) as pdf:
        count = len(pdf.pages)
    assert sorted(set(closed)) == list(range(1, count + 1))


# --- failures that show up only once a page is read ----------------------------------------


def test_error_raised_while_reading_a_page_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: object) -> object:
        raise PdfminerException(PSSyntaxError("Invalid dictionary construct"))

    monkeypatch.setattr(pdfplumber.page.Page, "objects", property(broken))
    with pytest.raises(SourceError) as caught:
        read_pdf(FIXTURES / "fake-bold.pdf")
    assert str(caught.value) == "fake-bold.pdf: corrupt PDF (PSSyntaxError: Invalid dictionary construct)"


def test_unexpected_error_inside_pdfminer_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: object) -> object:
        raise KeyError("Length")

    monkeypatch.setattr(pdfplumber.page.Page, "objects", property(broken))
    with pytest.raises(SourceError, match=r"^fake-bold.pdf: could not be read as a PDF \(KeyError: 'Length'\)$"):
        read_pdf(FIXTURES / "fake-bold.pdf")


def test_a_bad_pdf_does_not_stop_the_build(tmp_path: Path) -> None:
    shutil.copy(REAL_PDFS[1], tmp_path / REAL_PDFS[1].name)
    for name in ("encrypted", "image-only", "empty"):
        shutil.copy(FIXTURES / f"{name}.pdf", tmp_path / f"{name}.pdf")
    report = parse_sources(tmp_path)
    assert [p.source for p in report.plans] == [REAL_PDFS[1].name]
    assert sorted(report.failures) == sorted(ERRORS[name] for name in ("encrypted", "image-only", "empty"))


# --- the pieces -----------------------------------------------------------------------------


def test_signature_checks_need_no_parser() -> None:
    with pytest.raises(SourceError, match="empty file"):
        check_signature(b"  \n", "a.pdf")
    with pytest.raises(SourceError, match=r"not a PDF \(it starts with 'PK"):
        check_signature(b"PK\x03\x04 a zip", "a.pdf")
    check_signature(b"%PDF-1.7\n...\n%%EOF\n", "a.pdf")


def test_the_tolerances_given_are_the_ones_the_reader_uses() -> None:
    rows = read_pdf(FIXTURES / "fake-bold.pdf")
    no_spaces = read_pdf(FIXTURES / "fake-bold.pdf", replace(DEFAULT_TOLERANCES, word_gap_ratio=5.0))
    assert rows[0].cells == ("Action Plan Submitted: 3 June 2019",)
    assert [r.cells for r in no_spaces[:3]] == [tuple(c.replace(" ", "") for c in r.cells) for r in rows[:3]]


def test_every_ratio_of_the_pdf_reader_is_a_named_tolerance_with_its_reason() -> None:
    """No bare fraction in the layout code: each is a field of `Tolerances`, and every field has a
    docstring saying what it measures and why it has its value."""
    package = ROOT / "probation_archive" / "pdf"
    for module in sorted(package.glob("*.py")):
        if module.name == "tolerances.py":
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        bare = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Constant) and type(n.value) is float and n.value]
        assert bare == [], f"{module.name}: bare ratios on lines {bare}; name them in Tolerances"
    tree = ast.parse((package / "tolerances.py").read_text(encoding="utf-8"))
    [cls] = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Tolerances"]
    documented = {
        stmt.target.id
        for stmt, after in zip(cls.body, cls.body[1:], strict=False)
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
        if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant) and str(after.value.value).strip()
    }
    assert documented == {f.name for f in fields(Tolerances)}


def test_dedupe_keeps_distinct_characters_and_drops_near_copies() -> None:
    chars = [
        Char("a", 10.0, 15.0, 100.0, 109.0, 9.0, ""),
        Char("a", 10.4, 15.4, 100.2, 109.2, 9.0, ""),
        Char("a", 15.0, 20.0, 100.0, 109.0, 9.0, ""),
    ]
    assert dedupe(chars) == [chars[0], chars[2]]


@pytest.mark.parametrize(
    "color, white",
    [
        (None, False),
        (0, False),
        (1, True),
        ((1, 1, 1), True),
        ((0.9, 1, 1), False),
        ((0, 0, 0, 0), True),
        ((0, 0, 0, 1), False),
    ],
)
def test_is_white(color: object, white: bool) -> None:
    assert is_white(color) is white


def test_rules_a_hair_off_the_axis_keep_their_orientation() -> None:
    class Page:
        lines = [
            {
                "object_type": "line",
                "x0": 36.0,
                "x1": 805.0,
                "top": 100.0,
                "bottom": 100.0013,
                "pts": [(36.0, 100.0), (805.0, 100.0013)],
                "stroking_color": 0,
            },
            {
                "object_type": "line",
                "x0": 36.0,
                "x1": 36.0007,
                "top": 100.0,
                "bottom": 300.0,
                "pts": [(36.0, 100.0), (36.0007, 300.0)],
                "stroking_color": (1, 1, 1),
            },
        ]
        rects = [
            {
                "object_type": "rect",
                "x0": 36.0,
                "x1": 805.0,
                "top": 299.8,
                "bottom": 300.3,
                "stroke": False,
                "fill": True,
                "non_stroking_color": (0,),
            }
        ]
        curves: list[dict] = []

    vertical, horizontal = rule_edges(Page())  # type: ignore[arg-type]
    assert vertical == []  # the white rule is hidden
    assert [(e["orientation"], round(e["top"], 2)) for e in horizontal] == [("h", 100.0), ("h", 300.05)]


def line(text: str, x0: float, x1: float, top: float, first_word: float) -> Line:
    return Line(text, x0, x1, top, top + 9, 9.0, x0 + first_word)


def test_cell_lines_join_as_the_text_extractions_write_them() -> None:
    wrapped = [line("Run a workshop for", 4, 96, 0, 15), line("every team.", 4, 50, 11, 25)]
    assert join_lines(wrapped, 0, 100, 11) == "Run a workshop for every team."
    short = [line("Chief Executive", 4, 60, 0, 20), line("JIU Lead", 4, 40, 11, 15)]
    assert join_lines(short, 0, 100, 11) == "Chief Executive  JIU Lead"
    spaced = [line("Leadership will:", 4, 70, 0, 40), line("Run it.", 4, 30, 17, 15)]
    assert join_lines(spaced, 0, 100, 11) == "Leadership will: <p> Run it."
    bullets = [line("\uf0b7 Workshops.", 4, 60, 0, 5), line("\uf0b7 Guidance.", 4, 60, 11, 5)]
    assert join_lines(bullets, 0, 100, 11) == "• Workshops. • Guidance."


# --- the fixtures are what the tool makes ---------------------------------------------------


def test_fixtures_are_reproducible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_pdf_fixtures", ROOT / "tools" / "make_pdf_fixtures.py")
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, tool)
    spec.loader.exec_module(tool)
    if not tool.fonts_as_committed():
        pytest.skip("the fixture tool needs the Liberation Sans fonts the fixtures were made with")
    written = tool.write_fixtures(tmp_path)
    committed = {
        str(p.relative_to(FIXTURES))
        for p in FIXTURES.rglob("*")
        if p.is_file() and p.relative_to(FIXTURES).parts[0] != "office"  # tools/make_office_pdfs.py makes those
    }
    assert set(written) == committed
    for rel in written:
        assert (tmp_path / rel).read_bytes() == (FIXTURES / rel).read_bytes(), rel


# --- the parse cache and the process pool ---------------------------------------------------


def sources(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "sources"
    folder.mkdir()
    for path in [REAL_PDFS[0], REAL_SOURCES[1], FIXTURES / "encrypted.pdf"]:
        shutil.copy(path, folder / path.name)
    return sorted(folder.iterdir())


def test_parse_all_matches_read_plan_in_order_and_caches(tmp_path: Path, themes: tuple[Theme, ...]) -> None:
    paths = sources(tmp_path)
    cold = parse_all(paths, tmp_path / "cache", workers=1)
    assert [r.path for r in cold] == paths and not any(r.cached for r in cold)
    for result in cold:
        if result.path.name == "encrypted.pdf":
            assert result.error == ERRORS["encrypted"]
        else:
            assert (result.plan, result.coverage) == read_plan(result.path)
    warm = parse_all(paths, tmp_path / "cache", workers=1)
    assert all(r.cached for r in warm)
    assert [(r.plan, r.coverage, r.error) for r in warm] == [(r.plan, r.coverage, r.error) for r in cold]


def test_a_cache_hit_does_not_parse(tmp_path: Path, themes: tuple[Theme, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sources(tmp_path)
    parse_all(paths, tmp_path / "cache", workers=1)
    monkeypatch.setattr("probation_archive.pipeline.read_plan", lambda *a: pytest.fail("parsed again"))
    assert all(r.cached for r in parse_all(paths, tmp_path / "cache", workers=1))


def test_cache_is_keyed_by_content_and_parser_version(
    tmp_path: Path, themes: tuple[Theme, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = sources(tmp_path)
    cache = tmp_path / "cache"
    parse_all(paths, cache, workers=1)
    renamed = paths[0].with_name("renamed.pdf")
    paths[0].rename(renamed)
    [hit] = parse_all([renamed], cache, workers=1)
    assert hit.cached and hit.plan is not None and hit.plan.source == "renamed.pdf"
    monkeypatch.setattr("probation_archive.PARSER_VERSION", "test-bump")
    assert not any(r.cached for r in parse_all([renamed, *paths[1:]], cache, workers=1))


def test_a_damaged_cache_entry_is_parsed_again(tmp_path: Path, themes: tuple[Theme, ...]) -> None:
    paths = sources(tmp_path)[:1]
    cache = tmp_path / "cache"
    [first] = parse_all(paths, cache, workers=1)
    for entry in cache.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    [again] = parse_all(paths, cache, workers=1)
    assert not again.cached and again.plan == first.plan


def test_process_pool_gives_the_same_results_in_the_same_order(tmp_path: Path, themes: tuple[Theme, ...]) -> None:
    paths = sources(tmp_path)
    one = parse_all(paths, None, workers=1)
    pool = parse_all(paths, None, workers=3)
    assert [(r.path, r.plan, r.coverage, r.error) for r in pool] == [(r.path, r.plan, r.coverage, r.error) for r in one]


def test_emphasis_inside_a_cell_is_kept_and_a_wholly_bold_cell_left_plain() -> None:
    def styled(runs: list[Run], top: float, x1: float) -> Line:
        text = "".join(run.text for run in runs)
        return Line(text, 4, x1, top, top + 9, 9.0, 4 + 20, runs=runs)

    cell = [
        styled([Run("A spotlight on ", ""), Run("dynamic", "i")], 0, 96),
        styled([Run("risk", "i"), Run(" factors.", "")], 11, 50),
    ]
    assert join_lines(cell, 0, 100, 11) == "A spotlight on <i>dynamic risk</i> factors."
    header = [styled([Run("1. Rec", "b")], 0, 30), styled([Run("No", "b")], 11, 15)]
    assert join_lines(header, 0, 40, 11) == "1. Rec No"


def test_yos_table_split_over_pages_is_read_as_one_table() -> None:
    """The youth plan's table runs over several pages with rows broken by the breaks, and reads
    as its text: every lettered action of recommendation 5 under it, progress joined whole."""
    pdf = FIXTURES / "yos-split-over-pages.pdf"
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) >= 3
    plan, coverage = read_plan(pdf)
    assert coverage.missing == ()
    last = plan.recommendations[-1]
    assert [a.ref for a in last.actions] == [f"5{letter}" for letter in "abcdefghij"]
    assert len(last.pages) >= 2  # its actions run over a page break
    text_plan, _ = read_plan(pdf.with_suffix(".txt"))
    assert [a.progress for a in last.actions] == [a.progress for a in text_plan.recommendations[-1].actions]
