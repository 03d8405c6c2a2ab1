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
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from probation_archive.read_pdf import read_pdf
from probation_archive.themes import Theme

from .conftest import REAL_SOURCES, ROOT
from .test_read_pdf import record

OFFICE = ROOT / "tests" / "fixtures" / "pdf" / "office"
OFFICE_PDFS = sorted(OFFICE.glob("*.pdf"))
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


@pytest.mark.parametrize("pdf", OFFICE_PDFS, ids=lambda p: p.stem)
def test_office_pdf_gives_the_same_entry_as_its_text(pdf: Path, themes: tuple[Theme, ...]) -> None:
    expected = comparable(record(ROOT / "source_plans" / f"{pdf.stem}.txt", themes))
    assert comparable(record(pdf, themes)) == expected


def test_bold_lead_ins_are_kept_as_emphasis(themes: tuple[Theme, ...]) -> None:
    entry = record(OFFICE_PDFS[0], themes)
    texts = [a["text"] for rec in entry["recommendations"] for a in rec["actions"]]  # type: ignore[attr-defined]
    assert "**Training – DDC CRC will implement:**\n- Targeted training work streams" in "\n".join(texts)


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
