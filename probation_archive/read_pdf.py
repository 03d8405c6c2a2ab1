"""Read a published PDF action plan into rows of cells: the same rows `read_text` gives.

Text outside tables becomes one-cell rows, one per paragraph; every table row a tuple of its cell
texts, `Row.where` the page it starts on (`page 3`). The action-plan table (found by its
`Rec No … Target Date` header row) is read across pages as one table: the header repeated on each
page is dropped, a cell merged down from the row above reads as '' (so an action row reads as an
action of the same recommendation), and a row broken by a page break is joined back into one row
when that can be seen: every cell the new page carries on was filled to the bottom of the old one,
or (where paragraphs have space after them) the row at the foot was cut inside a paragraph.

Inside a cell the text keeps the conventions the parser reads in text extractions: a line that
starts with a bullet glyph (Word's U+F0B7 and the like) starts a `•` item, a line that ends short
of the cell's edge ends with a double space (a line break), a paragraph (extra space above it) is
opened with `<p>`, and a wrapped line joins with one space. Bold or italic words within a cell
come as `<b>`/`<i>` (as in the text extractions); a cell set wholly in one style (a bold header,
a bold number) is left plain.

Rules come from the page's own lines and rectangles, not pdfplumber's edges: white or unfilled
rules are dropped (hidden rules must not split cells) and orientation is decided with a tolerance
(pdfplumber's exact `top == bottom` test misreads rules on rotated pages). Characters drawn twice
to fake bold are removed when duplicates are seen. When no ruled table has the header, the table
is read from the text's own columns and row gaps.

A PDF that cannot be read raises `SourceError` with a one-line reason: not a PDF, corrupt,
encrypted, no text layer (a scan: it says so rather than OCR it), or a table that looks like the
action plan but whose columns cannot be identified.
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from .model import Location, Row, SourceError
from .normalise import collapse_spaces, normalise_unicode
from .table import header_layout, read_header

PARAGRAPH = "<p>"
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?\s*$", re.I)


def read_pdf(path: Path) -> list[Row]:
    """Read a `.pdf` action plan from disk into rows.

    Only the calls into pdfplumber are wrapped (`pdf_library`): what the library raises on a damaged
    file is the file's fault and becomes a `SourceError`; an exception from our own layout code is a
    bug and propagates as itself, to be reported as ours (and never cached)."""
    data = path.read_bytes()
    check_signature(data, path.name)
    try:
        with pdf_library():
            pdf = pdfplumber.open(path)
        try:
            return DocumentReader(path.name).read(pdf)
        finally:
            with pdf_library():
                pdf.close()
    except LibraryError as error:
        raise SourceError(path.name, str(error)) from error


class LibraryError(Exception):
    """pdfplumber or pdfminer failed on the file; `str()` is the one-line reason."""


@contextmanager
def pdf_library() -> Iterator[None]:
    """Turn whatever pdfplumber or pdfminer raise inside the block into a `LibraryError`.

    pdfminer raises many kinds of exception from deep inside a damaged file, when it is opened and
    later when a page's objects are first read, so every call into the library goes through here,
    and nothing else does."""
    try:
        yield
    except PdfminerException as error:
        raise LibraryError(pdfminer_reason(error)) from error
    except MalformedPDFException as error:
        raise LibraryError(f"corrupt PDF ({error})") from error
    except Exception as error:
        raise LibraryError(f"could not be read as a PDF ({type(error).__name__}: {error})") from error


def check_signature(data: bytes, source: str) -> None:
    """The checks that need no PDF parser: an empty file, another kind of file, a cut-off one."""
    if not data.strip():
        raise SourceError(source, "empty file")
    if b"%PDF-" not in data[:1024]:
        start = data[:16].decode("ascii", "replace").strip()
        hint = "; an HTML page saved as .pdf?" if start.lower().startswith(("<!doctype html", "<html")) else ""
        raise SourceError(source, f"not a PDF (it starts with {start!r}{hint})")
    if b"%%EOF" not in data[-4096:]:
        raise SourceError(source, "corrupt or truncated PDF (no end-of-file marker)")


def pdfminer_reason(error: PdfminerException) -> str:
    cause = error.args[0] if error.args else error
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return "encrypted: it needs a password to open; publish the unprotected PDF"
    return f"corrupt PDF ({type(cause).__name__}: {cause})"


# --- characters and lines ----------------------------------------------------------------


@dataclass
class Line:
    """One line of text: its characters' text joined, and where it sits."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_word_x1: float
    chars: list[Char] = field(default_factory=list, repr=False)
    runs: list[tuple[str, str]] = field(default_factory=list, repr=False)  # (text, "b"/"i"/"bi"/"")
    space: float | None = None  # the width of a space between its words (None: one word)

    @property
    def bullet(self) -> bool:
        return normalise_unicode(self.text[:1]) == "•"


Char = tuple[str, float, float, float, float, float, str]  # text, x0, x1, top, bottom, size, emphasis
_BOLD_FONT = re.compile(r"bold|black|heavy|demi", re.I)
_ITALIC_FONT = re.compile(r"italic|oblique", re.I)


def emphasis(fontname: str) -> str:
    """`b`, `i`, `bi` or '' from a font's name (`ABCDEF+Arial-BoldItalicMT` -> `bi`).

    >>> emphasis("ABCDEF+Arial-BoldItalicMT"), emphasis("TimesNewRomanPSMT")
    ('bi', '')
    """
    return ("b" if _BOLD_FONT.search(fontname) else "") + ("i" if _ITALIC_FONT.search(fontname) else "")


def page_chars(page: pdfplumber.page.Page) -> list[Char]:
    """The page's visible characters, upright, with fake-bold duplicates removed."""
    chars = [
        (c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"], emphasis(c.get("fontname", "")))
        for c in page.chars
        if c["text"].strip() and c.get("upright", True)
    ]
    if len({(c[0], int(c[1]), int(c[3])) for c in chars}) < len(chars):
        chars = dedupe(chars)
    return chars


def dedupe(chars: list[Char], tolerance: float = 1.0) -> list[Char]:
    """Drop characters drawn again within `tolerance` of one already kept (fake bold).

    pdfplumber's `dedupe_chars` does this in quadratic time; this keeps a grid of kept ones.

    >>> [c[0] for c in dedupe([("A", 1, 5, 1, 9, 9, ""), ("A", 1.3, 5.3, 1, 9, 9, ""), ("B", 5, 9, 1, 9, 9, "")])]
    ['A', 'B']
    """
    grid: dict[tuple[str, int, int], list[Char]] = {}
    kept: list[Char] = []
    for c in chars:
        gx, gy = int(c[1] // tolerance), int(c[3] // tolerance)
        near = (other for dx in (-1, 0, 1) for dy in (-1, 0, 1) for other in grid.get((c[0], gx + dx, gy + dy), ()))
        if any(abs(o[1] - c[1]) <= tolerance and abs(o[3] - c[3]) <= tolerance and o[5] == c[5] for o in near):
            continue
        grid.setdefault((c[0], gx, gy), []).append(c)
        kept.append(c)
    return kept


def text_lines(chars: Sequence[Char]) -> list[Line]:
    """Group characters into lines (top to bottom), spaces put back where the gaps are."""
    lines: list[list[Char]] = []
    for c in sorted(chars, key=lambda c: (c[3], c[1])):
        if lines and c[3] < lines[-1][0][3] + 0.5 * c[5]:
            lines[-1].append(c)
        else:
            lines.append([c])
    return [make_line(sorted(group, key=lambda c: c[1])) for group in lines]


# Closing brackets and punctuation: a line is never broken before one, even after a space
# (Unicode line breaking, UAX #14 rule LB13), so `word )` wraps as one word.
_NO_BREAK_BEFORE = frozenset(")]}!?,.:;/")


def make_line(chars: list[Char]) -> Line:
    runs: list[list[str]] = []  # [text, emphasis]
    first_word_x1 = None  # where the first piece the line could not have been broken inside ends
    spaces: list[float] = []
    for n, c in enumerate(chars):
        if n and c[1] - chars[n - 1][2] > 0.15 * c[5]:
            runs[-1][0] += " "  # a space keeps the emphasis of the word before it
            spaces.append(c[1] - chars[n - 1][2])
            if first_word_x1 is None and c[0] not in _NO_BREAK_BEFORE:
                first_word_x1 = chars[n - 1][2]
        if runs and runs[-1][1] == c[6]:
            runs[-1][0] += c[0]
        else:
            runs.append([c[0], c[6]])
    return Line(
        "".join(text for text, _ in runs),
        chars[0][1],
        max(c[2] for c in chars),
        min(c[3] for c in chars),
        max(c[4] for c in chars),
        statistics.median(c[5] for c in chars),
        first_word_x1 if first_word_x1 is not None else chars[-1][2],
        chars,
        [(text, style) for text, style in runs],
        statistics.median(spaces) if spaces else None,
    )


def line_chunks(line: Line) -> list[Line]:
    """The runs of a line's text separated by gaps wider than a space: the cells of a table
    drawn without rules."""
    groups: list[list[Char]] = [[]]
    for n, c in enumerate(line.chars):
        if n and c[1] - line.chars[n - 1][2] > 0.9 * c[5]:
            groups.append([])
        groups[-1].append(c)
    return [make_line(group) for group in groups if group]


def join_lines(lines: Sequence[Line], left: float, right: float, pitch: float | None = None) -> str:
    """A cell's text from its lines, breaks marked the way the parser reads them, and bold or
    italic words within it as `<b>`/`<i>` (a cell set wholly in one style is left plain).

    `left`/`right` are the cell's edges; `pitch` the usual distance between lines, beyond which a
    line has space above it (None: not looked at).
    """
    pieces: list[tuple[str, str | None]] = []  # (text, emphasis); None: a separator
    limit = right - (min((line.x0 for line in lines), default=left) - left)
    for n, line in enumerate(lines):
        if n:
            prev = lines[n - 1]
            space_above = line.top - prev.top - pitch if pitch is not None else None
            pieces.append((separator(prev, line, limit, space_above), None))
        runs = list(line.runs) or [(line.text, "")]
        if line.bullet:
            runs[0] = (runs[0][0][1:].lstrip(), runs[0][1])
            pieces.append(("• " if n == 0 else "", None))
        pieces += runs
    return with_emphasis(pieces)


def with_emphasis(pieces: Sequence[tuple[str, str | None]]) -> str:
    """Join `(text, emphasis)` pieces, emphasis as HTML tags. A wrapped line's space (or none)
    between two pieces in the same style stays inside the style; other separators are plain.

    >>> with_emphasis([("a spotlight on ", ""), ("dynamic", "i"), (" ", None), ("risk", "i"), (" factors", "")])
    'a spotlight on <i>dynamic risk</i> factors'
    >>> with_emphasis([("Heading", "b"), (" ", None), ("text", "b")])
    'Heading text'
    """
    styles = {style for text, style in pieces if style is not None and text.strip()}
    if len(styles) <= 1:
        return "".join(text for text, _ in pieces)
    spans: list[list[str]] = []  # [text, emphasis]
    for n, (text, style) in enumerate(pieces):
        if style is None:
            before = next((s for t, s in reversed(pieces[:n]) if s is not None and t), "")
            after = next((s for t, s in pieces[n + 1 :] if s is not None and t), "")
            style = before if before == after and text in (" ", "") else ""
        if spans and spans[-1][1] == style:
            spans[-1][0] += text
        else:
            spans.append([text, style])
    out = []
    for text, style in spans:
        core = text.strip()
        if not style or not core:
            out.append(text)
            continue
        opening = "".join(f"<{tag}>" for tag in style)
        closing = "".join(f"</{tag}>" for tag in reversed(style))
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        out.append(f"{lead}{opening}{core}{closing}{trail}")
    return "".join(out)


def separator(prev: Line, line: Line, limit: float, space_above: float | None) -> str:
    """How `line` joins the line before it in a cell: as a bullet, a paragraph (clear space above),
    a line break (a little space above, or the line before ended short), or a wrapped line."""
    if line.bullet:
        return " • "
    if space_above is not None and space_above > 0.4 * line.size:
        return f" {PARAGRAPH} "
    if space_above is not None and space_above > 0.12 * line.size:
        return "  "
    if not wraps(prev, line, limit):
        return "  "  # the next word would have fitted: the line was broken on purpose
    return wrap_separator(prev, line)


_SENTENCE_END = re.compile(r"[.;:!?]\s*$")


def wraps(prev: Line, line: Line, limit: float) -> bool:
    """Whether `line` could be `prev` wrapped: its first word would not have fitted after it
    (after a space as wide as the lines' own, or a quarter of the font size: fonts differ)."""
    space = prev.space or line.space or 0.25 * line.size
    return prev.x1 + min(space, 0.5 * line.size) + (line.first_word_x1 - line.x0) >= limit - 0.5


def wrap_separator(prev: Line, line: Line) -> str:
    """How a wrapped line joins the line before it: a space, or nothing after a word broken at its
    hyphen (`7-` `minute`, `5-` `10`)."""
    if re.search(r"[A-Za-z0-9]-$", prev.text) and (
        line.text[:1].isalpha() or (prev.text[-2:-1].isdigit() and line.text[:1].isdigit())
    ):
        return ""
    return " "


def usual_pitch(groups: Iterable[Sequence[Line]], size: float) -> float:
    """The commonest distance between consecutive lines of a cell (a new line, no paragraph)."""
    gaps = [round(b.top - a.top, 1) for lines in groups for a, b in zip(lines, lines[1:], strict=False)]
    gaps = [g for g in gaps if g > 0]
    return min(statistics.multimode(gaps)) if gaps else 1.2 * size


# --- rules and tables ----------------------------------------------------------------------


def is_white(color: object) -> bool:
    if not isinstance(color, tuple | list) or not color or not all(isinstance(v, int | float) for v in color):
        return isinstance(color, int | float) and color >= 0.95
    if len(color) == 4:
        return all(v <= 0.05 for v in color)
    return all(v >= 0.95 for v in color)


def rule_edges(page: pdfplumber.page.Page) -> tuple[list[dict], list[dict]]:
    """Vertical and horizontal edges of the visible rules on a page."""
    vertical: list[dict] = []
    horizontal: list[dict] = []
    for obj in [*page.lines, *page.rects, *page.curves]:
        stroked = obj.get("stroke", True) and not is_white(obj.get("stroking_color"))
        filled = obj.get("fill", False) and not is_white(obj.get("non_stroking_color"))
        if not (stroked or filled):
            continue
        if obj["object_type"] == "rect":
            x0, x1, top, bottom = obj["x0"], obj["x1"], obj["top"], obj["bottom"]
            if bottom - top <= 2 < x1 - x0:
                horizontal.append(edge("h", x0, x1, (top + bottom) / 2, (top + bottom) / 2))
            elif x1 - x0 <= 2 < bottom - top:
                vertical.append(edge("v", (x0 + x1) / 2, (x0 + x1) / 2, top, bottom))
            else:
                horizontal += [edge("h", x0, x1, top, top), edge("h", x0, x1, bottom, bottom)]
                vertical += [edge("v", x0, x0, top, bottom), edge("v", x1, x1, top, bottom)]
            continue
        points = obj.get("pts") or [(obj["x0"], obj["top"]), (obj["x1"], obj["bottom"])]
        for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
            if abs(ay - by) <= 1 and abs(ax - bx) > 1:
                y = (ay + by) / 2
                horizontal.append(edge("h", min(ax, bx), max(ax, bx), y, y))
            elif abs(ax - bx) <= 1 and abs(ay - by) > 1:
                x = (ax + bx) / 2
                vertical.append(edge("v", x, x, min(ay, by), max(ay, by)))
    return vertical, horizontal


def edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict:
    return {
        "object_type": "rule_edge",
        "orientation": orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
    }


@dataclass
class TableCell:
    bbox: tuple[float, float, float, float]
    row: int  # the row it starts in
    chars: list[Char] = field(default_factory=list, repr=False)
    lines: list[Line] = field(default_factory=list)
    text: str = ""


@dataclass
class PageTable:
    """A ruled table on one page: per row, its cells (None where a cell above spans down)."""

    page: int
    top: float
    bottom: float
    columns: tuple[float, ...]  # x0 of each column
    rows: list[list[TableCell | None]]
    padding: float = 0.0  # the usual space between a cell's top and its first line
    pitch: float = 10.0  # the usual distance between the lines of a cell

    def fill_in(self) -> None:
        """Each cell's lines and text, from the characters found in it."""
        cells = [cell for row in self.rows for cell in row if cell]
        for cell in cells:
            cell.lines = text_lines(cell.chars)
            cell.chars = []
        self.pitch = usual_pitch((c.lines for c in cells), 9.0)
        offsets = [round(c.lines[0].top - c.bbox[1], 1) for c in cells if c.lines]
        self.padding = min(statistics.multimode(offsets)) if offsets else 0.0
        for cell in cells:
            cell.text = join_lines(cell.lines, cell.bbox[0], cell.bbox[2], self.pitch)

    def texts(self, n: int) -> list[str]:
        return [cell.text if cell else "" for cell in self.rows[n]]

    def cut_at_foot(self) -> bool:
        """Whether the page break visibly cut the row at the foot of the table inside a paragraph.

        Where paragraphs have space after them, a row ends that space below its tallest cell's
        last line, unless the page break cut that cell's paragraph: then its last line on the
        page has no space below it. So the room below the lowest line at the table's foot, far
        less than the room the page's other rows leave below theirs, shows the cut. (Where
        paragraphs have no space after, the two are the same and nothing shows.)
        """
        usual = [gap for row in self.rows[:-1] if (gap := row_gap(row)) is not None]
        foot = row_gap([self.bottom_cell(col) for col in range(len(self.columns))])
        return bool(usual) and foot is not None and statistics.median(usual) - foot > 0.5 * self.pitch

    def bottom_cell(self, col: int) -> TableCell | None:
        """The cell that reaches the bottom of the table in a column (perhaps merged from above)."""
        for row in reversed(self.rows):
            if col < len(row) and row[col] is not None:
                return row[col]
        return None


class CellGrid:
    """Finds the cell under a point: the cells' edges cut the table into squares, each owned by
    the cell that covers it (a merged cell owns several)."""

    def __init__(self, bbox: tuple[float, float, float, float], cells: Sequence[TableCell]) -> None:
        self.bbox = bbox
        self.xs = sorted({round(c.bbox[0], 1) for c in cells} | {round(c.bbox[2], 1) for c in cells})
        self.ys = sorted({round(c.bbox[1], 1) for c in cells} | {round(c.bbox[3], 1) for c in cells})
        self.owner: dict[tuple[int, int], TableCell] = {}
        for cell in cells:
            x0, top, x1, bottom = (round(v, 1) for v in cell.bbox)
            for i in range(bisect.bisect_left(self.xs, x0), bisect.bisect_left(self.xs, x1)):
                for j in range(bisect.bisect_left(self.ys, top), bisect.bisect_left(self.ys, bottom)):
                    self.owner[(i, j)] = cell

    def contains(self, x: float, y: float) -> bool:
        return self.bbox[0] <= x <= self.bbox[2] and self.bbox[1] <= y <= self.bbox[3]

    def cell_at(self, x: float, y: float) -> TableCell | None:
        return self.owner.get((bisect.bisect_right(self.xs, x) - 1, bisect.bisect_right(self.ys, y) - 1))


def page_tables(page: pdfplumber.page.Page, number: int, chars: list[Char]) -> tuple[list[PageTable], list[Char]]:
    """The page's ruled tables, their cells' text filled in, and the characters outside them."""
    vertical, horizontal = rule_edges(page)
    if len(vertical) < 2 or len(horizontal) < 2:
        return [], chars
    settings = {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": vertical,
        "explicit_horizontal_lines": horizontal,
    }
    tables: list[PageTable] = []
    grids: list[CellGrid] = []
    with pdf_library():
        found_tables = page.find_tables(settings)
    for found in sorted(found_tables, key=lambda t: t.bbox[1]):
        if len(found.cells) < 2:
            continue
        rows = [[TableCell(bbox, r) if bbox else None for bbox in row.cells] for r, row in enumerate(found.rows)]
        columns = tuple(sorted({round(c[0], 1) for c in found.cells}))
        tables.append(PageTable(number, found.bbox[1], found.bbox[3], columns, rows))
        grids.append(CellGrid(found.bbox, [cell for row in rows for cell in row if cell]))
    outside: list[Char] = []
    for c in chars:
        x, y = (c[1] + c[2]) / 2, (c[3] + c[4]) / 2
        grid = next((g for g in grids if g.contains(x, y)), None)
        if grid is None:
            outside.append(c)
        elif cell := grid.cell_at(x, y):
            cell.chars.append(c)
    for table in tables:
        table.fill_in()
    return tables, outside


def paragraphs(lines: Sequence[Line], page_height: float) -> list[tuple[float, str]]:
    """Text outside tables as paragraphs `(top, text)`; lines close together join, page numbers go."""
    out: list[tuple[float, str]] = []
    previous: Line | None = None
    for line in lines:
        in_margin = line.top < 0.08 * page_height or line.bottom > 0.92 * page_height
        if in_margin and _PAGE_NUMBER.match(line.text):
            continue
        if previous and line.top - previous.bottom < 0.5 * line.size and abs(line.size - previous.size) < 0.5:
            out[-1] = (out[-1][0], f"{out[-1][1]} {line.text}")
        else:
            out.append((line.top, line.text))
        previous = line
    return out


# --- the document -------------------------------------------------------------------------


@dataclass
class PageContent:
    number: int
    height: float
    tables: list[PageTable]
    texts: list[tuple[float, str]]  # paragraphs outside tables, by their top
    loose: list[Char] = field(default_factory=list)  # characters outside ruled tables

    @property
    def where(self) -> Location:
        return Location("page", self.number)

    def items(self) -> list[tuple[float, str | PageTable]]:
        """Paragraphs and tables in reading order (top to bottom)."""
        items: list[tuple[float, str | PageTable]] = [*self.texts, *((t.top, t) for t in self.tables)]
        return sorted(items, key=lambda item: (item[0], isinstance(item[1], PageTable)))


SCAN = "no text layer: every page is an image (a scan?); OCR it before adding it — it is not done automatically"


class DocumentReader:
    """Reads the pages in order, then assembles the rows of the whole document."""

    def __init__(self, source: str) -> None:
        self.source = source

    def read(self, pdf: pdfplumber.PDF) -> list[Row]:
        contents: list[PageContent] = []
        images = 0
        with pdf_library():
            pages = list(pdf.pages)
        for number, page in enumerate(pages, 1):
            try:
                with pdf_library():
                    _ = page.objects  # pdfminer parses the page here (cached): a damaged page fails now
                    height = float(page.height)
                chars = page_chars(page)
                images += bool(page.images)
                tables, outside = page_tables(page, number, chars) if chars else ([], [])
                texts = paragraphs(text_lines(outside), height)
                contents.append(PageContent(number, height, tables, texts, outside))
            finally:
                with pdf_library():
                    page.close()  # keeps memory flat: a page's objects go once it is read
        if not any(c.tables or c.texts for c in contents):
            raise SourceError(self.source, SCAN if images else "no text in the PDF (its pages are blank)")
        header = self.find_header(contents)
        if header is None:
            return text_table_rows(contents) or loose_rows(contents)
        return self.assemble(contents, *header)

    def find_header(self, contents: Sequence[PageContent]) -> tuple[PageTable, list[str]] | None:
        """The table with the action plan's header row, and that row's cells."""
        lookalike = None
        for content in contents:
            for table in content.tables:
                for r in range(min(len(table.rows), 3)):
                    cells = table.texts(r)
                    layout, problem = read_header([normalise_unicode(c) for c in cells])
                    if layout is not None:
                        return table, cells
                    if lookalike is None and problem:
                        lookalike = (content.number, cells, problem)
        if lookalike:
            page, cells, problem = lookalike
            shown = " | ".join(collapse_spaces(c) for c in cells)
            raise SourceError(
                self.source,
                f"page {page}: a table headed {shown!r} looks like the action plan "
                f"but its columns cannot be identified: {problem}",
            )
        return None

    def assemble(self, contents: Sequence[PageContent], first: PageTable, header: list[str]) -> list[Row]:
        """Every page's paragraphs and table rows in reading order, the action table read as one:
        its header dropped where a page repeats it, a row broken by a page break joined."""
        key = [collapse_spaces(c).lower() for c in header]
        action: PageTable | None = None
        out: list[tuple[list[str], Location]] = []
        pending: tuple[PageTable, int, bool] | None = None  # the action table ending the previous page
        # The lowest a table reaches on any page: the foot of the text area. Only a table that
        # reaches it can end in a row broken by the page break.
        floor = max((t.bottom for c in contents for t in c.tables), default=0.0)
        for content in contents:
            items = content.items()
            for n, (top, item) in enumerate(items):
                if isinstance(item, str):
                    out.append(([item], content.where))
                    pending = None
                    continue
                table = item
                continues = action is not None and (self.heads(table, key) or table.columns == action.columns)
                start = 0
                if continues:
                    while start < len(table.rows) and self.heads(table, key, start):
                        start += 1
                    near_top = top < 0.25 * content.height and start < len(table.rows)
                    if pending is not None and near_top and self.join_split_row(out, pending, table, start):
                        start += 1
                out += [(table.texts(r), content.where) for r in range(start, len(table.rows))]
                if table is first or continues:
                    action = table
                    # A word processor breaks a row at a line: the table ends up to a line short of the foot.
                    at_foot = table.bottom >= floor - 1.5 * table.pitch
                    pending = (table, len(out) - 1, at_foot) if n == len(items) - 1 else None
                else:
                    pending = None
        return [Row(tuple(cells), where) for cells, where in out]

    @staticmethod
    def heads(table: PageTable, key: list[str], r: int = 0) -> bool:
        """Whether row `r` of a table is the action table's header (repeated on a new page)."""
        return r < len(table.rows) and [collapse_spaces(c).lower() for c in table.texts(r)] == key

    @staticmethod
    def join_split_row(
        out: list[tuple[list[str], Location]], pending: tuple[PageTable, int, bool], table: PageTable, r: int
    ) -> bool:
        """Join the first row of a page into the cells it carries on from the previous page.

        A cell carries on when the cell above the page break (perhaps merged down from an earlier
        row) was filled to its bottom. The row was broken by the page break, and is joined whole
        (True), when the table reached the foot of the page, every filled cell carries on, and the
        break shows: a cell's text wraps over it, or a cell of the row ended on the old page (as
        short cells do when Word breaks a row). Otherwise only cells merged down from earlier
        rows take their continuation, and the row stays a row of its own.
        """
        previous, last_out, at_foot = pending
        cells = table.rows[r]
        texts = table.texts(r)
        if texts and texts[0].strip():
            return False  # a new recommendation
        filled = [j for j, text in enumerate(texts) if text.strip()]
        if not filled or len(cells) != len(previous.rows[-1]):
            return False
        above = {j: previous.bottom_cell(j) for j in filled}
        cut_at_foot = previous.cut_at_foot()
        full = {
            j
            for j, cell in above.items()
            if cell is not None and cell.text.strip() and (cut_at_foot or reaches_bottom(cell, previous.pitch))
        }
        seps = {j: carry_on(above[j], cells[j], table.padding) for j in full}
        last = len(previous.rows) - 1
        left_behind = [j for j, cell in enumerate(previous.rows[-1]) if cell and cell.text.strip() and j not in filled]
        # Only the last row's own cells show the break: a cell merged down from an earlier row
        # carries on over the page break whether or not the last row was broken.
        own = {j for j in full if (cell := above[j]) is not None and cell.row == last}
        cut = cut_at_foot or any(seps[j] in (" ", "") for j in own) or bool(left_behind)
        whole = at_foot and set(filled) <= full and cut
        moved = False
        for j in filled:
            cell = above[j]
            if j not in full or cell is None or not (whole or cell.row < last):
                continue
            cell.text += seps[j] + texts[j]
            out[last_out - (last - cell.row)][0][j] = cell.text
            below = cells[j]
            if below is not None:
                below.text = ""
            moved = True
        return whole and moved


def row_gap(row: Sequence[TableCell | None]) -> float | None:
    """The least room below the last line of a cell that starts in a row (None: no text)."""
    gaps = [cell.bbox[3] - cell.lines[-1].bottom for cell in row if cell is not None and cell.lines]
    return min(gaps) if gaps else None


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


def carry_on(cell: TableCell | None, below: TableCell | None, padding: float) -> str:
    """The separator between a cell's text and its continuation at the top of the next page:
    a bullet, a paragraph or line break (space above the first line, or the last line ended
    short), or a wrapped line. A last line that was full and ends mid-sentence is taken as
    wrapped, whatever the space above the continuation."""
    if cell is None or below is None or not cell.lines or not below.lines:
        return " "
    first = below.lines[0]
    if first.bullet:
        return " "  # the continuation's text starts with its "• "
    limit = cell.bbox[2] - (min(line.x0 for line in cell.lines) - cell.bbox[0])
    last = cell.lines[-1]
    sep = separator(last, first, limit, first.top - below.bbox[1] - padding)
    if sep not in (" ", "") and wraps(last, first, limit) and not _SENTENCE_END.search(last.text):
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
    pad = max(cell.lines[0].top - cell.bbox[1], 0.0)
    last = cell.lines[-1]
    return cell.bbox[3] - last.bottom < pad + max(pitch, last.size)


# --- tables without rules ----------------------------------------------------------------


def text_table_rows(contents: Sequence[PageContent]) -> list[Row]:
    """Read the action table from the text's own columns when it has no rules: the header's
    labels give the columns, and a gap clearly larger than the line spacing starts a new row."""
    for p, content in enumerate(contents):
        lines = text_lines(content.loose)
        found = find_text_header(lines)
        if found is None:
            continue
        at, span, lefts = found
        rows = [Row((text,), Location("page", content.number)) for _, text in paragraphs(lines[:at], content.height)]
        header_cells = column_texts(lines[at : at + span], lefts)
        rows.append(Row(tuple(header_cells), Location("page", content.number)))
        body: list[tuple[int, list[Line]]] = [(content.number, lines[at + span :])]
        for later in contents[p + 1 :]:
            later_lines = text_lines(later.loose)
            repeated = column_texts(later_lines[:span], lefts) == header_cells
            body.append((later.number, later_lines[span:] if repeated else later_lines))
        pitch = line_pitch([page_lines for _, page_lines in body])
        rights = column_rights([line for _, page_lines in body for line in page_lines], lefts)
        for number, page_lines in body:
            group: list[Line] = []
            for line in [*page_lines, None]:
                if group and (line is None or line.top - group[-1].top > pitch + 0.8 * line.size):
                    rows.append(Row(text_row(group, lefts, pitch, rights), Location("page", number)))
                    group = []
                if line is not None:
                    group.append(line)
        return rows
    return []


def line_pitch(groups: Iterable[Sequence[Line]]) -> float:
    """The distance between two lines of one paragraph: the smallest that is not an overlap."""
    pairs = [(b.top - a.top, b.size) for lines in groups for a, b in zip(lines, lines[1:], strict=False)]
    return min((gap for gap, size in pairs if gap >= 0.95 * size), default=10.0)


def column_rights(lines: Sequence[Line], lefts: Sequence[float]) -> list[float]:
    """Where each column's text stops, over the whole table: the right end of its longest line
    (the next column's left edge would overstate a narrow column's width by its padding, and a
    wrapped line would then read as a line break)."""
    ends = [0.0] * len(lefts)
    for line in lines:
        for col, piece in split_columns(line, lefts):
            ends[col] = max(ends[col], piece.x1)
    fallback = [*(x - 2 for x in lefts[1:]), max(ends, default=0.0) + 1]
    return [end + 1 if end else fallback[k] for k, end in enumerate(ends)]


def text_row(
    lines: Sequence[Line], lefts: Sequence[float], pitch: float, rights: Sequence[float] | None = None
) -> tuple[str, ...]:
    """One row's cells; a single line running across the columns is a section row."""
    if len(lines) == 1:
        chunks = line_chunks(lines[0])
        if len(chunks) == 1 and any(chunks[0].x0 < left - 2 < chunks[0].x1 for left in lefts):
            return (chunks[0].text, *([""] * (len(lefts) - 1)))
    return tuple(column_texts(lines, lefts, pitch, rights))


def find_text_header(lines: Sequence[Line]) -> tuple[int, int, list[float]] | None:
    """(index of the header's first line, its number of lines, the columns' left edges)."""
    for i, line in enumerate(lines):
        lefts = [chunk.x0 for chunk in line_chunks(line)]
        if len(lefts) < 4:
            continue
        span = 1
        while span < 4 and i + span < len(lines) and lines[i + span].top - lines[i + span - 1].top <= 1.6 * line.size:
            span += 1
        for n in range(span, 0, -1):
            if header_layout([normalise_unicode(c) for c in column_texts(lines[i : i + n], lefts)]) is not None:
                return i, n, lefts
    return None


def column_texts(
    lines: Sequence[Line], lefts: Sequence[float], pitch: float | None = None, rights: Sequence[float] | None = None
) -> list[str]:
    cells: list[list[Line]] = [[] for _ in lefts]
    for line in lines:
        for piece in split_columns(line, lefts):
            cells[piece[0]].append(piece[1])
    if rights is None:
        rights = [*(x - 2 for x in lefts[1:]), max((ln.x1 for ln in lines), default=0.0) + 1]
    return [join_lines(cell, lefts[k], rights[k], pitch) if cell else "" for k, cell in enumerate(cells)]


def split_columns(line: Line, lefts: Sequence[float]) -> list[tuple[int, Line]]:
    """A line's characters shared out among the columns, as one line per column."""
    by_column: dict[int, list[Char]] = {}
    for c in line.chars:
        by_column.setdefault(max(0, bisect.bisect_right(lefts, c[1] + 2) - 1), []).append(c)
    return [(col, make_line(chars)) for col, chars in sorted(by_column.items())]
