"""Read a Word document (`.docx`) action plan into rows of cells: the same rows `read_text` gives.

    from probation_archive.read_docx import read_docx
    rows = read_docx(Path("source_plans/plan.docx"))   # [Row(("Torbay Council",), paragraph 1), …]

The document body is read in order (python-docx): each paragraph outside a table is a one-cell row
located at `paragraph N` (the Nth paragraph of the body), each table row a row of its cells located
at `row N` (the Nth table row of the document). The parser reads the paragraphs above the action
table as its headings, and a paragraph below it (a key or legend) as text outside the table, never
as an action.

A cell's text is marked as the PDF reader marks it (`pdf/lines.py`): its paragraphs joined by
`<p>`, a list paragraph (Word numbering, or a `List …` style) opened with `•`, a line break inside
a paragraph as a double space, bold or italic words within the cell as `<b>`/`<i>`. The grid is
kept: a cell merged down from the row above (`w:vMerge`) reads as '' (the parser reads the row as
the same recommendation, as it does a merged cell in a PDF), and a cell merged across (`w:gridSpan`)
has its text in its first column and '' in the others, so a group row spanning the whole table
("The Management Board should:") reads into its first cell, as the lead-in rows of a text
extraction do.

A file that is not a Word document, is corrupt or encrypted, or would unpack to more than
`MAX_UNPACKED_BYTES` (a zip bomb) raises `SourceError` with one line, before python-docx reads it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.oxml.table import CT_Tbl
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .model import Location, Row, SourceError
from .normalise import collapse_spaces
from .pdf.lines import PARAGRAPH, Run, with_emphasis

MAX_UNPACKED_BYTES = 100 * 10**6  # a plan with its logos unpacks to a few MB; python-docx holds every part in memory
MAX_MEMBERS = 5_000
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .docx, or a Word 97–2003 .doc
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


def check_package(path: Path) -> None:
    """Raise `SourceError` unless `path` is a Word document's zip package of a sane unpacked size.

    >>> check_package(Path(__file__))
    Traceback (most recent call last):
    ...
    probation_archive.model.SourceError: read_docx.py: not a Word document (not a .docx zip package)
    """
    with path.open("rb") as f:
        head = f.read(8)
    if head == _OLE_SIGNATURE:
        data = path.read_bytes()
        if _ENCRYPTION_INFO in data:
            raise SourceError(path.name, "encrypted: it needs a password to open; save it without one")
        raise SourceError(path.name, "a Word 97–2003 document (.doc), not a .docx; save it as .docx")
    if not head.startswith(b"PK\x03\x04"):
        raise SourceError(path.name, "not a Word document (not a .docx zip package)")
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SourceError(path.name, f"corrupt Word document (the zip package cannot be read: {error})") from error
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise SourceError(path.name, "not a Word document (a zip package with no word/document.xml)")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES or len(members) > MAX_MEMBERS:
        raise SourceError(
            path.name,
            f"refused: it would unpack to {unpacked / 1e6:.0f} MB in {len(members)} parts "
            f"(limit {MAX_UNPACKED_BYTES // 10**6} MB, {MAX_MEMBERS} parts); a zip bomb or not a plan",
        )


def read_docx(path: Path) -> list[Row]:
    """Read a `.docx` action plan from disk into rows.

    Only the opening is wrapped: what python-docx raises on a damaged package is the file's fault
    (a `SourceError`); an exception from our own reading is a bug and propagates as itself."""
    check_package(path)
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises KeyError, ValueError, lxml's errors… on a damaged package
        raise SourceError(path.name, f"corrupt Word document ({type(error).__name__}: {error})") from error
    rows: list[Row] = []
    paragraphs = table_rows = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            paragraphs += 1
            text = paragraph_text(block)
            if text:
                rows.append(Row((text,), Location("paragraph", paragraphs)))
            continue
        for cells in table_cells(block):
            table_rows += 1
            rows.append(Row(tuple(cells), Location("row", table_rows)))
    if not rows:
        raise SourceError(path.name, "empty document: no text")
    return rows


def table_cells(table: Table) -> Iterator[list[str]]:
    """Each row of a table as its cells on the table's grid: a cell merged down from the row above
    reads as '', a cell merged across fills its first column and leaves '' in the rest."""
    tbl: CT_Tbl = table._tbl
    for tr in tbl.tr_lst:
        cells = [""] * tr.grid_before
        for tc in tr.tc_lst:
            merged_down = tc.vMerge == "continue"
            cells.append("" if merged_down else cell_text(_Cell(tc, table)))
            cells += [""] * (tc.grid_span - 1)
        cells += [""] * tr.grid_after
        yield cells


def cell_text(cell: _Cell) -> str:
    """A cell's text, its paragraphs, list items and line breaks marked as the PDF reader marks them.

    A table inside the cell gives one paragraph per row, its cells joined by spaces."""
    pieces: list[Run] = []  # (text, emphasis); None: a separator
    for block in cell.iter_inner_content():
        paragraphs = [block] if isinstance(block, Paragraph) else nested_paragraphs(block)
        for paragraph in paragraphs:
            runs = paragraph_runs(paragraph)
            if not runs:
                continue
            if is_list_item(paragraph):
                pieces.append(Run(" • " if pieces else "• ", None))
            elif pieces:
                pieces.append(Run(f" {PARAGRAPH} ", None))
            pieces += runs
    return with_emphasis(pieces).strip()


def nested_paragraphs(table: Table) -> list[Paragraph]:
    """The paragraphs of a table inside a cell, row by row (a rare layout: read, never dropped)."""
    return [p for row in table.rows for cell in row.cells for p in cell.paragraphs]


def paragraph_runs(paragraph: Paragraph) -> list[Run]:
    """A paragraph's text as `(text, emphasis)` runs: a line break as a double space, a tab as a space."""
    runs: list[Run] = []
    for run in paragraph.runs:
        text = run.text.replace("\t", " ").replace("\n", "  ")
        if text:
            runs.append(Run(text, ("b" if run.bold else "") + ("i" if run.italic else "")))
    if not "".join(text for text, _ in runs).strip():
        return []
    first, style = runs[0]
    runs[0] = Run(first.lstrip(), style)
    last, style = runs[-1]
    runs[-1] = Run(last.rstrip(), style)
    return runs


def paragraph_text(paragraph: Paragraph) -> str:
    """A paragraph outside tables as plain text (a heading, an introduction, a key)."""
    return collapse_spaces(paragraph.text.replace("\t", " ").replace("\n", " "))


def is_list_item(paragraph: Paragraph) -> bool:
    """Whether a paragraph is a list item: Word numbering on the paragraph, or a `List …` style
    (`List Bullet`, `List Paragraph`, `List Number`)."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return True
    style = paragraph.style
    return style is not None and (style.name or "").lower().startswith("list")
