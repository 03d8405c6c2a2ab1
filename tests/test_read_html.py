"""The web-page reader: only the main content is read (the site's furniture is neither kept nor lost), a plan
published as blocks reads as the table it stands for, a real table reads on its grid, and nothing in a page
runs or is fetched."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from probation_archive.coverage import check_coverage
from probation_archive.model import Location, Row, SourceError
from probation_archive.parse import parse_plan
from probation_archive.pipeline import read_plan
from probation_archive.read_html import BLOCK_HEADER, read_html
from probation_archive.table import header_layout

from .conftest import ROOT
from .reader_goldens import check_reader_golden

HTML = ROOT / "tests" / "fixtures" / "html"
BLOCKS = HTML / "block-plan.html"
TABLE = HTML / "table-plan.html"
HOSTILE = ROOT / "tests" / "hostile" / "sources" / "script-page.html"
HMPPS_HEADINGS = (
    "Action Plan Submitted: 14 March 2023",
    "A Response to the HMI Probation Inspection: Westbay Youth Justice Service",
    "Report Published: 24 November 2022",
)
FURNITURE = ("cookie", "Skip to", "Bins", "Council tax", "Home", "Search", "Related pages", "Contact us", "01234", "©")


def as_hmpps_plan(rows: list[Row]) -> list[Row]:
    """The rows with the council's heading paragraphs swapped for HMPPS's, which the parser reads today."""
    first_row = next(n for n, row in enumerate(rows) if row.where.unit == "row")
    return [Row((text,), Location("paragraph", 0)) for text in HMPPS_HEADINGS] + rows[first_row:]


@pytest.mark.parametrize("page", [BLOCKS, TABLE, HOSTILE], ids=lambda p: p.stem)
def test_page_rows(page: Path, update_goldens: bool) -> None:
    check_reader_golden(page, read_html(page), update_goldens)


def test_site_furniture_is_not_read() -> None:
    text = " ".join(cell for row in read_html(BLOCKS) for cell in row.cells)
    assert [word for word in FURNITURE if word in text] == []
    assert "Westbay Council" in text and "RAG key" in text


def test_block_layout_reads_as_the_table_it_stands_for() -> None:
    rows = read_html(BLOCKS)
    header = next(row for row in rows if row.where == Location("row", 1))
    assert header.cells == BLOCK_HEADER
    layout = header_layout(list(header.cells))
    assert layout is not None and set(layout.roles) == {"ref", "recommendation", "action", "progress", "rag"}
    plan = parse_plan(as_hmpps_plan(rows), BLOCKS.name, "0" * 64)
    assert [(r.number, r.actions[0].rag) for r in plan.recommendations] == [(1, "green"), (2, "amber"), (3, "red")]
    first = plan.recommendations[0]
    assert first.text.startswith("The Youth Justice Management Board should make sure")
    assert first.actions[0].text == (
        "- Board members receive a quarterly profile of the children open to the service.\n"
        "- The board's membership includes education and health leaders."
    )
    assert "First profile presented to the board in January 2023." in (first.actions[0].progress or "")
    assert plan.warnings == ()  # the RAG key below the blocks is no action and no warning
    coverage = check_coverage(as_hmpps_plan(rows), plan)
    assert coverage.missing == () and coverage.total > 60


def test_a_real_table_reads_on_its_grid() -> None:
    rows = read_html(TABLE)
    cells = {str(row.where): row.cells for row in rows}
    assert cells["row 2"] == ("The YOT Management Board should:", "", "", "", "")  # colspan across the table
    assert cells["row 4"][:2] == ("", "")  # rowspan: merged down, read once
    assert cells["row 3"][2] == "Agree a quarterly data report: • children's needs; • disproportionality."
    plan = parse_plan(as_hmpps_plan(rows), TABLE.name, "0" * 64)
    first = plan.recommendations[0]
    assert (first.addressee, len(first.actions)) == ("The YOT Management Board", 2)
    assert first.actions[0].text == "Agree a quarterly data report:\n- children's needs;\n- disproportionality."


def test_scripts_and_handlers_never_reach_the_rows() -> None:
    text = " ".join(cell for row in read_html(HOSTILE) for cell in row.cells)
    for gone in ("ran-in", "onclick", "onerror", "alert('link", "svg-text", "noscript-text", "template-text"):
        assert gone not in text, gone
    assert "<script>alert('shown-as-text')</script>" in text  # the page's own text, shown (escaped) later


def test_a_hostile_page_publishes_its_text_only() -> None:
    plan, coverage = read_plan(HOSTILE)
    [rec] = plan.recommendations
    assert rec.text == "Improve the alert('shown-as-text') audits"
    assert rec.actions[0].text == "Publish the guidance today."
    assert coverage.missing == ()


def test_nothing_is_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reader opened a connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert read_html(HOSTILE) and read_html(BLOCKS)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02<html>", "binary data, not a web page"),
        (b"<html><body> </body></html>", "not a web page"),
    ],
    ids=["empty", "binary", "no-text"],
)
def test_bad_pages_get_one_line(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(data)
    with pytest.raises(SourceError) as raised:
        read_html(path)
    assert raised.value.reason.startswith(reason)
