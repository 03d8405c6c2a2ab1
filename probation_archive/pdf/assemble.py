"""The pages read in order, and the action table assembled across page breaks.

Text outside tables becomes one-cell rows, one per paragraph; every table row a tuple of its cell
texts, `Row.where` the page it starts on (`page 3`). The action-plan table (found by its
`Rec No … Target Date` header row) is read across pages as one table: the header repeated on each
page is dropped, a cell merged down from the row above reads as '' (so an action row reads as an
action of the same recommendation), and a row broken by a page break is joined back into one row
when that can be seen: every cell the new page carries on was filled to the bottom of the old one,
or (where paragraphs have space after them) the row at the foot was cut inside a paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import pdfplumber

from ..model import Location, Row, SourceError
from ..normalise import collapse_spaces, normalise_unicode
from ..table import read_header
from .lines import (
    Char,
    Paragraph,
    ends_sentence,
    page_chars,
    paragraphs,
    separator,
    text_lines,
    wrap_separator,
    wraps,
)
from .open import not_the_plan_reason, pdf_library
from .ruled import PageTable, TableCell, page_tables
from .tolerances import DEFAULT_TOLERANCES, Tolerances


class Placed(NamedTuple):
    """A paragraph or a table, and the top of the page's space it takes."""

    top: float
    item: str | PageTable


class Header(NamedTuple):
    """The ruled table whose row is the action plan's header, and that row's cells."""

    table: PageTable
    cells: list[str]


class OutRow(NamedTuple):
    """A row as `assemble` collects it: its cells (a row joined across a page break takes more
    text into them), and the page it starts on."""

    cells: list[str]
    where: Location


class PageFoot(NamedTuple):
    """The action table ending a page, which the next page may carry on: its last row's place
    among the rows collected, and whether the table reached the foot of the text area."""

    table: PageTable
    last_out: int
    at_foot: bool


@dataclass
class PageContent:
    """What one page holds: its ruled tables, its paragraphs, and the characters outside tables."""

    number: int
    height: float
    tables: list[PageTable]
    texts: list[Paragraph]  # outside tables
    loose: list[Char] = field(default_factory=list)  # characters outside ruled tables
    images: bool = False  # whether it shows an image (a page of a scan, if it has no text)

    @property
    def where(self) -> Location:
        return Location("page", self.number)

    def items(self) -> list[Placed]:
        """Paragraphs and tables in reading order (top to bottom)."""
        items = [*(Placed(p.top, p.text) for p in self.texts), *(Placed(t.top, t) for t in self.tables)]
        return sorted(items, key=lambda placed: (placed.top, isinstance(placed.item, PageTable)))


def read_pages(pdf: pdfplumber.PDF, *, tol: Tolerances = DEFAULT_TOLERANCES) -> list[PageContent]:
    """Every page's tables and paragraphs, in order; each page is closed once it is read, which
    keeps memory flat."""
    contents: list[PageContent] = []
    with pdf_library():
        pages = list(pdf.pages)
    for number, page in enumerate(pages, 1):
        try:
            with pdf_library():
                _ = page.objects  # pdfminer parses the page here (cached): a damaged page fails now
                height = float(page.height)
            chars = page_chars(page, tol=tol)
            images = bool(page.images)
            tables, outside = page_tables(page, number, chars, tol=tol) if chars else ([], [])
            texts = paragraphs(text_lines(outside, tol=tol), height, tol=tol)
            contents.append(PageContent(number, height, tables, texts, outside, images))
        finally:
            with pdf_library():
                page.close()
    return contents


def find_header(contents: Sequence[PageContent], source: str, *, tol: Tolerances = DEFAULT_TOLERANCES) -> Header | None:
    """The ruled table with the action plan's header row, and that row's cells (None: no ruled
    table has it). A table headed like the plan but whose columns cannot be identified is the
    file's `SourceError`."""
    lookalike = None
    for content in contents:
        for table in content.tables:
            for r in range(min(len(table.rows), tol.header_search_rows)):
                cells = table.texts(r)
                layout, problem = read_header([normalise_unicode(c) for c in cells])
                if layout is not None:
                    return Header(table, cells)
                if lookalike is None and problem:
                    lookalike = (content.number, cells, problem)
    if lookalike:
        raise SourceError(source, not_the_plan_reason(*lookalike))
    return None


def assemble(
    contents: Sequence[PageContent], first: PageTable, header: list[str], *, tol: Tolerances = DEFAULT_TOLERANCES
) -> list[Row]:
    """Every page's paragraphs and table rows in reading order, the action table read as one:
    its header dropped where a page repeats it, a row broken by a page break joined."""
    key = [collapse_spaces(c).lower() for c in header]
    action: PageTable | None = None
    out: list[OutRow] = []
    pending: PageFoot | None = None  # the action table ending the previous page
    # The lowest a table reaches on any page: the foot of the text area. Only a table that
    # reaches it can end in a row broken by the page break.
    floor = max((t.bottom for c in contents for t in c.tables), default=0.0)
    for content in contents:
        items = content.items()
        for n, (top, item) in enumerate(items):
            if isinstance(item, str):
                out.append(OutRow([item], content.where))
                pending = None
                continue
            table = item
            continues = action is not None and (heads(table, key) or table.columns == action.columns)
            start = 0
            if continues:
                while start < len(table.rows) and heads(table, key, start):
                    start += 1
                near_top = top < tol.continuation_top_ratio * content.height and start < len(table.rows)
                if pending is not None and near_top and join_split_row(out, pending, table, start, tol=tol):
                    start += 1
            out += [OutRow(table.texts(r), content.where) for r in range(start, len(table.rows))]
            if table is first or continues:
                action = table
                # A word processor breaks a row at a line: the table ends up to a line short of the foot.
                at_foot = table.bottom >= floor - tol.foot_slack_lines * table.pitch
                pending = PageFoot(table, len(out) - 1, at_foot) if n == len(items) - 1 else None
            else:
                pending = None
    return [Row(tuple(row.cells), row.where) for row in out]


def heads(table: PageTable, key: list[str], r: int = 0) -> bool:
    """Whether row `r` of a table is the action table's header (repeated on a new page)."""
    return r < len(table.rows) and [collapse_spaces(c).lower() for c in table.texts(r)] == key


def join_split_row(
    out: list[OutRow],
    pending: PageFoot,
    table: PageTable,
    r: int,
    *,
    tol: Tolerances = DEFAULT_TOLERANCES,
) -> bool:
    """Join the first row of a page into the cells it carries on from the previous page.

    A cell carries on when the cell above the page break (perhaps merged down from an earlier
    row) was filled to its bottom. The row was broken by the page break, and is joined whole
    (True), when the table reached the foot of the page, every filled cell carries on, and the
    break shows: a cell's text wraps over it, or a cell of the row ended on the old page (as
    short cells do when Word breaks a row). Otherwise only cells merged down from earlier
    rows take their continuation, and the row stays a row of its own.
    """
    previous = pending.table
    cells = table.rows[r]
    texts = table.texts(r)
    if texts and texts[0].strip():
        return False  # a new recommendation
    filled = [j for j, text in enumerate(texts) if text.strip()]
    if not filled or len(cells) != len(previous.rows[-1]):
        return False
    above = {j: previous.bottom_cell(j) for j in filled}
    cut_at_foot = previous.cut_at_foot(tol=tol)
    full = {
        j
        for j, cell in above.items()
        if cell is not None and cell.text.strip() and (cut_at_foot or reaches_bottom(cell, previous.pitch))
    }
    seps = {j: carry_on(above[j], cells[j], table.padding, tol=tol) for j in full}
    last = len(previous.rows) - 1
    left_behind = [j for j, cell in enumerate(previous.rows[-1]) if cell and cell.text.strip() and j not in filled]
    # Only the last row's own cells show the break: a cell merged down from an earlier row
    # carries on over the page break whether or not the last row was broken.
    own = {j for j in full if (cell := above[j]) is not None and cell.row == last}
    cut = cut_at_foot or any(seps[j] in (" ", "") for j in own) or bool(left_behind)
    whole = pending.at_foot and set(filled) <= full and cut
    moved = False
    for j in filled:
        cell = above[j]
        if j not in full or cell is None or not (whole or cell.row < last):
            continue
        cell.text += seps[j] + texts[j]
        out[pending.last_out - (last - cell.row)].cells[j] = cell.text
        below = cells[j]
        if below is not None:
            below.text = ""
        moved = True
    return whole and moved


def loose_rows(contents: Sequence[PageContent]) -> list[Row]:
    """Every paragraph and table row as it comes, when there is no action table to read."""
    rows: list[Row] = []
    for content in contents:
        for _, item in content.items():
            if isinstance(item, str):
                rows.append(Row((item,), content.where))
            else:
                rows += [Row(tuple(item.texts(r)), content.where) for r in range(len(item.rows))]
    return rows


def carry_on(
    cell: TableCell | None, below: TableCell | None, padding: float, *, tol: Tolerances = DEFAULT_TOLERANCES
) -> str:
    """The separator between a cell's text and its continuation at the top of the next page:
    a bullet, a paragraph or line break (space above the first line, or the last line ended
    short), or a wrapped line. A last line that was full and ends mid-sentence is taken as
    wrapped, whatever the space above the continuation."""
    if cell is None or below is None or not cell.lines or not below.lines:
        return " "
    first = below.lines[0]
    if first.bullet:
        return " "  # the continuation's text starts with its "• "
    limit = cell.bbox.x1 - (min(line.x0 for line in cell.lines) - cell.bbox.x0)
    last = cell.lines[-1]
    sep = separator(last, first, limit, first.top - below.bbox.top - padding, tol=tol)
    if sep not in (" ", "") and wraps(last, first, limit, tol=tol) and not ends_sentence(last):
        # Space above the first line of a page is no sure sign of a new paragraph: LibreOffice
        # repeats a paragraph's space above where its lines are split over a page break.
        return wrap_separator(last, first)
    return sep


def reaches_bottom(cell: TableCell, pitch: float) -> bool:
    """Whether a cell's text runs to its bottom edge: no room below its last line for another
    (the cell's padding, taken to be its top padding, and one line: `pitch`, the table's usual
    distance between lines). Word and LibreOffice pad cells little above and below, so a short
    cell in a tall row has more than a line to spare.

    Where paragraphs have space after them this says too little: a line that ends a paragraph
    fits only with that space below it, so a cell of a row cut by the page break can stop well
    short of the bottom (`PageTable.cut_at_foot` sees those rows)."""
    if not cell.lines:
        return False
    pad = max(cell.lines[0].top - cell.bbox.top, 0.0)
    last = cell.lines[-1]
    return cell.bbox.bottom - last.bottom < pad + max(pitch, last.size)
