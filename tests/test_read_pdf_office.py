"""The PDF reader on plans made the way the published ones are: Word documents exported to PDF.

tests/fixtures/pdf/office/ holds the five real plans written out as .docx (python-docx) from the
project's own parse of each `.txt`, and exported to PDF by LibreOffice (tools/make_office_pdfs.py;
CI needs neither). Unlike the fpdf2 fixtures these carry a word processor's own layout: cells with
almost no padding, rows broken across pages wherever a line no longer fits (so the table ends up to
a line short of the page foot), a paragraph's space above repeated at the top of the page it runs
on to, vertically merged cells, the header row repeated by the word processor, Word bullets in the
Symbol font. Each must read as the plan its `.txt` gives, less what the `.docx` itself changes:

- warnings about the text extraction's own noise: the `.docx` is written from the parsed plan, so it
  has the recommendation numbers the parser had to supply, and none of the unreadable owners and
  targets, OCR repeats or stray status-column text the parser dropped (`EXTRACTION_NOISE`);
- the bold lead-ins ("Training – DDC CRC will:"): they are bold in the `.docx` (as in the published
  plans) but not marked in the `.txt`, and the parser keeps bold as Markdown (`**…**`).

office/defaults/ holds the same plans from python-docx's default template, as a quick script
leaves it: 11pt Cambria (drawn with Caladea), column widths in round centimetres, and in the
"Table Grid" table no space between a cell's paragraphs. office/defaults/spaced/ gives the Normal
style the template's 10pt after and 1.15 lines, so every paragraph of a cell has space below it.
Only the plans the reader gets right are there. Left out, because what tells their paragraphs
apart is not on the page:

- defaults/001-003: owners and dates typed as paragraphs one under another ("Deputy Director RPP" /
  "Deputy Director Training", "Completed" / "June 2019") or a sentence ending a full line before a
  new paragraph read as one wrapped paragraph when nothing is between them and the next
  paragraph's first word would not have fitted on the line before;
- spaced/002: its lead items and their lettered sub-items ("a) …") are spaced alike, so the
  sub-items read as items of their own; and a paragraph ending at the foot of a page has its space
  after cut off with the page, so it reads as wrapped onto the next.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from probation_archive.pdf import read_pdf
from probation_archive.pdf.lines import page_chars
from probation_archive.pdf.ruled import page_tables
from probation_archive.themes import Theme

from .conftest import REAL_SOURCES, ROOT
from .test_read_pdf import record

OFFICE = ROOT / "tests" / "fixtures" / "pdf" / "office"
OFFICE_PDFS = sorted(OFFICE.glob("*.pdf"))
# The same plans from python-docx's default template, as a quick script leaves it (`--defaults`),
# and with 10pt after each paragraph (`--spaced`); see the end of the module docstring
DEFAULTS_PDFS = sorted((OFFICE / "defaults").glob("*.pdf"))
SPACED_PDFS = sorted((OFFICE / "defaults" / "spaced").glob("*.pdf"))
EXTRACTION_NOISE = re.compile(
    r"recommendation has no number|ignored unreadable owner/target|an OCR repeat of|"
    r"text in the status column is not a status"
)


def action_text(text: str) -> str:
    """An action's text without emphasis (list structure and line breaks must match)."""
    return text.replace("**", "")


def comparable(entry: dict[str, object]) -> dict[str, object]:
    entry["warnings"] = [w for w in entry["warnings"] if not EXTRACTION_NOISE.search(w)]  # type: ignore[attr-defined]
    for rec in entry["recommendations"]:  # type: ignore[attr-defined]
        for action in rec["actions"]:
            action["text"] = action_text(action["text"])
    return entry


def test_every_real_plan_has_an_office_pdf() -> None:
    assert [p.stem for p in OFFICE_PDFS] == [p.stem for p in REAL_SOURCES]


@pytest.mark.parametrize(
    "pdf", OFFICE_PDFS + DEFAULTS_PDFS + SPACED_PDFS, ids=lambda p: str(p.relative_to(OFFICE).with_suffix(""))
)
def test_office_pdf_gives_the_same_entry_as_its_text(pdf: Path, themes: tuple[Theme, ...]) -> None:
    expected = comparable(record(ROOT / "source_plans" / f"{pdf.stem}.txt", themes))
    assert comparable(record(pdf, themes)) == expected


def test_bold_lead_ins_are_kept_as_emphasis(themes: tuple[Theme, ...]) -> None:
    entry = record(OFFICE_PDFS[0], themes)
    texts = [a["text"] for rec in entry["recommendations"] for a in rec["actions"]]  # type: ignore[attr-defined]
    assert "**Training – DDC CRC will implement:**\n- Targeted training work streams" in "\n".join(texts)


def test_default_template_fixtures_are_what_they_claim() -> None:
    """python-docx's default template as LibreOffice draws it: 11pt Cambria (Caladea) in the cells,
    single spaced in the "Table Grid" table; 1.15 spaced where the Normal style says so."""
    import pdfplumber

    def cell_line_pitch(pdf_path: Path) -> float:
        with pdfplumber.open(pdf_path) as pdf:
            fonts = {c["fontname"].split("+")[-1] for page in pdf.pages for c in page.chars}
            page = pdf.pages[1]
            chars = page_chars(page)
            [table] = page_tables(page, 2, chars)[0]
        assert {"Caladea-Regular", "Carlito-Bold"} <= fonts
        assert {round(c.size, 1) for c in chars} == {11.0}
        return table.pitch

    assert DEFAULTS_PDFS and SPACED_PDFS
    assert cell_line_pitch(DEFAULTS_PDFS[0]) < 13.5 < cell_line_pitch(SPACED_PDFS[0])


def test_office_pdfs_have_what_the_fpdf2_fixtures_lack() -> None:
    """The fixtures are what they claim: made by LibreOffice, with Symbol-font bullets and the
    header repeated on every page of the table, and read without the repeats."""
    import pdfplumber

    with pdfplumber.open(OFFICE_PDFS[0]) as pdf:
        producer = str(pdf.metadata.get("Producer", ""))
        texts = [page.extract_text() for page in pdf.pages]
    assert "LibreOffice" in producer
    assert any("\uf0b7" in text for text in texts)
    assert sum("Response Action Taken/Planned" in text for text in texts) >= 4
    headers = [row for row in read_pdf(OFFICE_PDFS[0]) if "Response Action Taken/Planned" in row.cells[3:4]]
    assert len(headers) == 1
