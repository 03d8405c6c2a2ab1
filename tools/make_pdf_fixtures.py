"""Render PDF fixtures of action plans the way the inspectorate publishes them.

    .venv/bin/python tools/make_pdf_fixtures.py      # rewrites tests/fixtures/pdf/

What it writes, into `tests/fixtures/pdf/`:

- `rendered-from-real-text/<source>.pdf` for each `source_plans/*.txt`: the plan laid out as the published PDFs are —
  A4 landscape, the heading lines and introduction, the definitions table, then one ruled six-column
  table over many pages with its header row repeated on each page, the first three columns merged
  down over a recommendation's action rows, rows broken across page breaks, section rows spanning
  the table, Word bullets as U+F0B7, and the summary table at the end. The content is the text
  extraction's own rows, each aligned to the six columns (`table.align_row`), so reading the PDF
  must give back exactly what reading the `.txt` gives.
- `plans/<name>.pdf` for each `tests/fixtures/plans/*.txt`: hand-written plans in other layouts (a youth
  justice plan with lettered sub-actions, agency and progress and no status column; one with RAG ratings;
  a thematic national plan; an HMPPS plan with its columns reordered), laid out the same way, each
  column as wide as its meaning needs, a recommendation's own cells merged down over its action rows
  unless the row has a reference of its own (`1a`).
- one tiny PDF per edge case (`<name>.pdf`); those that should parse come with `<name>.txt`, the
  text extraction the PDF must read as; each of those that should fail is the `source` of an error
  case in `tests/cases/errors/`, with the one-line error it must give (golden: `--update-goldens`).

Inside a cell the text extraction marks a paragraph with HTML (`<p>`, `<ul>`, `</li>`), a line
break with a double space and a bullet with `•`. They are drawn as Word draws paragraphs: a new
line with 5pt of space above it (a paragraph), with 2pt (a line break), or with 2pt and Word's
bullet glyph on a hanging indent. Rows break across pages where two lines fit (Word's "allow row
to break across pages"), and "space before" is kept at the top of the new page.

Output is reproducible (fixed dates, no randomness). It needs fpdf2 and the Liberation Sans fonts
(Debian: fonts-liberation); CI only reads the committed PDFs.
"""

from __future__ import annotations

import hashlib
import io
import re
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.encryption import StandardSecurityHandler
from fpdf.output import PDFPage

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from probation_archive.model import Row  # noqa: E402
from probation_archive.read_text import read_text, rows_from_text  # noqa: E402
from probation_archive.table import CLASSIC, classify_row, fit_row, header_layout, is_summary_heading, summary_entry  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "pdf"
PLANS = ROOT / "tests" / "fixtures" / "plans"  # hand-written plans in other layouts (youth justice, thematic…)
FONT_DIR = Path("/usr/share/fonts/truetype/liberation")
# The fonts the committed fixtures were made with (Debian fonts-liberation 1:1.07.4-11): another
# version lays text out a little differently, so the PDFs would differ (they would still be valid).
FONT_SHA256 = {
    "LiberationSans-Regular.ttf": "f8ace1f892b2bd9dc1792ba7f097fa7588f84fed48321480e04de5390828221f",
    "LiberationSans-Bold.ttf": "361c61b82d575c5c35fd9157fda8b0194bcfcd0d88ea8521a4fb5dd53d33dddc",
    "LiberationSans-Italic.ttf": "832b4406dbef23628800d3aaad21048534ac84d7e3ad955be83b8172ed8ef512",
    "LiberationSans-BoldItalic.ttf": "a224075ac17495ad0a3af3bc0a419ac0704a8b3fd1095456201fb9b095fc281d",
}


def fonts_as_committed() -> bool:
    """Whether this machine has the very fonts the committed fixtures were made with."""
    return all(
        (FONT_DIR / name).exists() and hashlib.sha256((FONT_DIR / name).read_bytes()).hexdigest() == digest
        for name, digest in FONT_SHA256.items()
    )


FIXED_DATE = datetime(2020, 1, 1, tzinfo=UTC)
WORD_BULLET = "\uf0b7"  # Word's Symbol-font bullet, as it reaches a PDF's text layer

PAGE_W, PAGE_H = 841.89, 595.28  # A4 landscape, points
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 36.0, 40.0, 40.0
ACTION_WIDTHS = (40.0, 165.0, 68.0, 305.0, 122.0, 69.0)  # Rec No … Target Date: 769pt
# Relative column widths by meaning, for tables in other layouts (scaled to 769pt).
ROLE_WIDTHS = {
    "ref": 40.0,
    "recommendation": 165.0,
    "status": 68.0,
    "action": 250.0,
    "owner": 100.0,
    "agency": 90.0,
    "target": 69.0,
    "progress": 200.0,
    "rag": 48.0,
}
MERGED_DOWN = ("ref", "recommendation", "status")  # a recommendation's own cells span its action rows


@dataclass(frozen=True)
class Style:
    size: float = 8.5  # cell text
    leading: float = 10.5
    pad_x: float = 4.0
    pad_y: float = 3.0
    para_gap: float = 5.0  # the space before a paragraph (an HTML paragraph in the text extraction)
    break_gap: float = 2.0  # the space before a line broken on purpose (a double space) or a bullet
    indent: float = 9.0  # the hanging indent of a bullet
    ruled: bool = True
    rotate: bool = False  # portrait pages with /Rotate 90, the content drawn turned
    fake_bold: bool = False  # every glyph drawn twice, a little apart
    white_rules: bool = False  # hidden white lines through the table
    repeat_header: bool = True


# --- the document ------------------------------------------------------------------------


@dataclass
class Cell:
    text: str
    span: int = 1  # columns spanned
    merged: bool = False  # vertically merged with the cell above (no text of its own)


@dataclass
class Table:
    widths: tuple[float, ...]
    rows: list[list[Cell]]
    header_rows: int = 0  # repeated at the top of each page


@dataclass
class Paragraph:
    text: str
    size: float = 10.0
    bold: bool = False


@dataclass
class Doc:
    blocks: list[Paragraph | Table] = field(default_factory=list)


def even_widths(n: int, total: float = sum(ACTION_WIDTHS)) -> tuple[float, ...]:
    return tuple([total / n] * n)


def plan_document(rows: Sequence[Row]) -> Doc:
    """A text extraction's rows as the published document: paragraphs, the small tables, and the
    action-plan table with a recommendation's own columns (number, text, status) merged down over
    its action rows. Each row's cells go to the header's columns (`table.fit_row`)."""
    doc = Doc()
    at, layout = next((n, lay) for n, row in enumerate(rows) if (lay := header_layout(list(row.cells))) is not None)
    add_loose_rows(doc, rows[:at])
    order = sorted(layout.roles, key=layout.roles.__getitem__)
    header = [rows[at].cells[layout.roles[role]] for role in order]
    widths = ACTION_WIDTHS if layout.is_classic else scaled([ROLE_WIDTHS[role] for role in order])
    merged = [role in MERGED_DOWN for role in (CLASSIC if layout.is_classic else order)]
    body: list[list[Cell]] = [[Cell(c) for c in header]]
    end = len(rows)
    for n in range(at + 1, len(rows)):
        cells = list(rows[n].cells)
        kind = classify_row(cells, layout)
        if summary_entry(cells) or is_summary_heading(cells):
            end = n
            break
        if kind in ("blank", "header"):
            continue
        if kind in ("section", "lead-in"):
            body.append([Cell("".join(c for c in cells if c.strip()), span=len(order))])
            continue
        fitted = fit_row(layout, cells)
        texts = [getattr(fitted, role) for role in order]
        previous = body[-1]
        # A row with a reference of its own (`1a`) is a row of its own: nothing merges down into it.
        own_row = not layout.is_classic and bool(fitted.ref.strip())
        body.append(
            [
                Cell("", merged=True)
                if merged[j] and not own_row and not text.strip() and len(previous) == len(order) and len(body) > 1
                else Cell(text)
                for j, text in enumerate(texts)
            ]
        )
    doc.blocks.append(Table(widths, body, header_rows=1))
    add_loose_rows(doc, rows[end:])
    return doc


def scaled(widths: Sequence[float], total: float = sum(ACTION_WIDTHS)) -> tuple[float, ...]:
    return tuple(w * total / sum(widths) for w in widths)


def add_loose_rows(doc: Doc, rows: Sequence[Row]) -> None:
    """Text outside the action table: one-cell rows are paragraphs, runs of other rows small tables."""
    run: list[list[str]] = []
    for row in [*rows, Row(("",), "end")]:
        cells = list(row.cells)
        if len(cells) > 1:
            run.append(cells)
            continue
        if run:
            width = max(map(len, run))
            doc.blocks.append(Table(even_widths(width, 180.0 * width), [[Cell(c) for c in r] for r in run]))
            run = []
        text = cells[0].strip()
        if text:
            heading = text.startswith("#") or text.isupper() or text.lower().startswith("action plan")
            doc.blocks.append(Paragraph(text.lstrip("#").strip(), size=11.0 if heading else 10.0, bold=heading))


# --- cell text ----------------------------------------------------------------------------

_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?(/?)>")
_PARA, _BREAK, _ITEM = "\x1e", "\x1d", "\x1f"
_KINDS = {_PARA: "p", _BREAK: "br", _ITEM: "li"}
_BOLD, _ITALIC = "\x02", "\x03"  # toggled where <b>/<i> open and close: drawn in bold or italics
_EMPHASIS = {"b": _BOLD, "strong": _BOLD, "i": _ITALIC, "em": _ITALIC}


def cell_blocks(cell: str) -> list[tuple[str, str]]:
    """`(kind, text)` pieces of a cell written in the text-extraction conventions: kind is `p`
    (a paragraph), `br` (a line break) or `li` (a bullet), the last boundary before the piece.

    >>> cell_blocks("<p>Do:</p> <ul> • One.</ul> Two  Three")
    [('p', 'Do:'), ('li', 'One.'), ('p', 'Two'), ('br', 'Three')]
    """

    def tag(m: re.Match[str]) -> str:
        name = m[2].lower()
        if name in ("li", "ul"):
            return _PARA if m[1] else _ITEM
        if name in _EMPHASIS:
            return _EMPHASIS[name]
        return _PARA if name in {"p", "div", "br", "ol", "tr", "td", "table", "h1", "h2", "h3", "h4"} else ""

    text = _TAG.sub(tag, cell).replace("•", _ITEM)
    text = re.sub(r"[ \t]{2,}", _BREAK, text)
    kind, blocks = "p", []
    for piece in re.split(f"([{_PARA}{_BREAK}{_ITEM}])", text):
        if piece in _KINDS:
            kind = _KINDS[piece]
        elif piece.strip():
            blocks.append((kind, " ".join(piece.split())))
    return blocks


@dataclass
class Line:
    dy: float  # from the top of the cell's text area
    dx: float
    text: str
    gap: float = 0.0  # space before it that may be dropped at the top of a page


class Fonts:
    """Liberation Sans (Arial's metrics), Latin-1 and punctuation only, without hinting (the
    fixtures stay small), its cmap given Word's private-use bullet U+F0B7."""

    STYLES = {"": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"}

    def __init__(self, tmp: Path) -> None:
        self.paths = {style: self.prepare(f"LiberationSans-{name}.ttf", tmp) for style, name in self.STYLES.items()}

    @staticmethod
    def prepare(name: str, tmp: Path) -> Path:
        font = TTFont(FONT_DIR / name, recalcTimestamp=False)
        options = subset.Options()
        options.hinting = False
        options.name_IDs = [1, 2]
        options.drop_tables += ["FFTM"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2040), 0x20AC])
        subsetter.subset(font)
        bullet = font.getBestCmap()[0x2022]
        for table in font["cmap"].tables:
            if table.isUnicode():
                table.cmap[ord(WORD_BULLET)] = bullet
        path = tmp / name
        font.save(path)
        return path

    def install(self, pdf: FPDF) -> None:
        for style, path in self.paths.items():
            pdf.add_font("Arial-like", style, path)


def runs(text: str, base: str = "") -> list[tuple[str, str]]:
    """`(segment, font style)` runs of a line whose emphasis toggles start from `base`."""
    bold, italic = "B" in base, "I" in base
    out: list[tuple[str, str]] = []
    for n, piece in enumerate(re.split(f"([{_BOLD}{_ITALIC}])", text)):
        if n % 2:
            bold, italic = (not bold, italic) if piece == _BOLD else (bold, not italic)
        elif piece:
            out.append((piece, ("B" if bold else "") + ("I" if italic else "")))
    return out


def state_after(text: str, base: str) -> str:
    """The emphasis in force after `text` (as a style prefix for the next line)."""
    bold = ("B" in base) != (text.count(_BOLD) % 2 == 1)
    italic = ("I" in base) != (text.count(_ITALIC) % 2 == 1)
    return ("B" if bold else "") + ("I" if italic else "")


def prefix(state: str) -> str:
    return (_BOLD if "B" in state else "") + (_ITALIC if "I" in state else "")


def text_width(pdf: FPDF, text: str, base: str = "") -> float:
    size = pdf.font_size_pt
    width = 0.0
    for segment, style in runs(text, base):
        pdf.set_font("Arial-like", style, size)
        width += pdf.get_string_width(segment)
    pdf.set_font("Arial-like", base, size)
    return width


def wrap(pdf: FPDF, text: str, width: float, base: str = "") -> list[str]:
    """Greedy word wrap, as a word processor does (a word too long for a line is cut). Each line
    starts with the emphasis toggles that put it in the style the line before left off in."""
    lines: list[str] = []
    current = ""
    state = ""  # emphasis in force at the start of `current`, relative to `base`

    def fits(candidate: str) -> bool:
        return text_width(pdf, prefix(state) + candidate, base) <= width

    def commit(line: str) -> None:
        nonlocal state
        lines.append(prefix(state) + line)
        state = state_after(line, state)

    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if fits(candidate) or not current and fits(word):
            current = candidate
            continue
        if current:
            commit(current)
        while not fits(word):
            cut = max([1, *(i for i in range(1, len(word) + 1) if fits(word[:i]))])
            commit(word[:cut])
            word = word[cut:]
        current = word
    if current or not lines:
        commit(current)
    return lines


def cell_lines(pdf: FPDF, text: str, width: float, style: Style, base: str = "") -> list[Line]:
    lines: list[Line] = []
    y = 0.0
    state = ""  # emphasis carried from one piece to the next
    for n, (kind, piece) in enumerate(cell_blocks(text)):
        if not piece.strip(_BOLD + _ITALIC + " "):
            state = state_after(piece, state)
            continue
        gap = 0.0 if n == 0 else style.para_gap if kind == "p" else style.break_gap
        y += gap
        dx = style.indent if kind == "li" else 0.0
        for k, part in enumerate(wrap(pdf, prefix(state) + piece, width - dx, base)):
            marker = f"{WORD_BULLET}\t" if kind == "li" and k == 0 else ""
            lines.append(Line(y, dx, marker + part, gap if k == 0 else 0.0))
            y += style.leading
        state = state_after(piece, state)
    return lines


# --- layout: pages of drawing operations ---------------------------------------------------


@dataclass
class Op:
    kind: str  # "text", "line", "fill"
    args: tuple[object, ...]


@dataclass
class Fragment:
    row: int
    page: int
    top: float
    bottom: float


class Layout:
    """Lays the document out on pages as lists of drawing operations."""

    def __init__(self, pdf: FPDF, style: Style) -> None:
        self.pdf = pdf
        self.style = style
        self.pages: list[list[Op]] = [[]]
        self.y = MARGIN_TOP
        self.bottom = PAGE_H - MARGIN_BOTTOM

    def new_page(self) -> None:
        self.pages.append([])
        self.y = MARGIN_TOP

    def op(self, page: int, kind: str, *args: object) -> None:
        self.pages[page].append(Op(kind, args))

    def paragraph(self, para: Paragraph) -> None:
        self.pdf.set_font("Arial-like", "B" if para.bold else "", para.size)
        leading = para.size * 1.25
        for line in wrap(self.pdf, para.text, PAGE_W - 2 * MARGIN_X, "B" if para.bold else ""):
            if self.y + leading > self.bottom:
                self.new_page()
            self.op(
                len(self.pages) - 1, "text", MARGIN_X, self.y + para.size, line, "B" if para.bold else "", para.size
            )
            self.y += leading
        self.y += para.size * 0.8

    # -- tables --------------------------------------------------------------------

    def table(self, table: Table) -> None:
        style = self.style
        pdf = self.pdf
        xs = [MARGIN_X]
        for w in table.widths:
            xs.append(xs[-1] + w)
        groups: dict[tuple[int, int], tuple[int, list[Line]]] = {}  # (row, col) -> (rows spanned, lines)
        for i, row in enumerate(table.rows):
            col = 0
            for cell in row:
                if not cell.merged:
                    span_rows = 1
                    while i + span_rows < len(table.rows) and self.cell_at(table.rows[i + span_rows], col).merged:
                        span_rows += 1
                    pdf.set_font("Arial-like", "B" if i < table.header_rows else "", style.size)
                    width = xs[col + cell.span] - xs[col] - 2 * style.pad_x
                    base = "B" if i < table.header_rows else ""
                    groups[(i, col)] = (span_rows, cell_lines(pdf, cell.text, width, style, base))
                col += cell.span
        minimum = [style.leading + 2 * style.pad_y] * len(table.rows)
        for (i, _), (span_rows, lines) in groups.items():
            if span_rows == 1:
                minimum[i] = max(minimum[i], self.content_height(lines) + 2 * style.pad_y)
        extra = [0.0] * len(table.rows)
        start = (len(self.pages) - 1, self.y)
        for _ in range(50):
            fragments = self.paginate(table, [m + e for m, e in zip(minimum, extra, strict=True)], start)
            overflow = {}
            placed: list[tuple[int, float, float, str, str]] = []
            for (i, col), (span_rows, lines) in groups.items():
                frags = [f for f in fragments if i <= f.row < i + span_rows]
                if i < table.header_rows:  # the header row is drawn whole on every page
                    left = max(self.place(lines, [f], xs[col], "B", placed) for f in frags)
                else:
                    left = self.place(lines, frags, xs[col], "", placed)
                if left:
                    overflow[i + span_rows - 1] = max(overflow.get(i + span_rows - 1, 0.0), left)
            if not overflow:
                break
            for row, amount in overflow.items():
                extra[row] += amount
        else:  # pragma: no cover
            raise RuntimeError("table layout did not settle")
        self.draw_table(table, fragments, xs, placed)

    @staticmethod
    def cell_at(row: list[Cell], col: int) -> Cell:
        at = 0
        for cell in row:
            if at == col:
                return cell
            at += cell.span
        return Cell("")

    def content_height(self, lines: list[Line]) -> float:
        return lines[-1].dy + self.style.leading if lines else 0.0

    def paginate(self, table: Table, heights: list[float], start: tuple[int, float]) -> list[Fragment]:
        """Rows down the pages; a row that does not fit is broken at the page end (as Word
        allows by default) when two lines of it fit, else moved to the next page."""
        style = self.style
        page, y = start
        fragments: list[Fragment] = []
        header = list(range(table.header_rows))
        min_split = 2 * style.pad_y + 2 * style.leading
        for i, height in enumerate(heights):
            h = height
            while h > 0.001:
                room = self.bottom - y
                if h <= room + 0.001:
                    fragments.append(Fragment(i, page, y, y + h))
                    y += h
                    h = 0
                    continue
                if room >= min_split and i >= table.header_rows:
                    fragments.append(Fragment(i, page, y, self.bottom))
                    h = h - room + 2 * style.pad_y
                page += 1
                while len(self.pages) <= page:
                    self.pages.append([])
                y = MARGIN_TOP
                if style.repeat_header and i >= table.header_rows:
                    for r in header:
                        fragments.append(Fragment(r, page, y, y + heights[r]))
                        y += heights[r]
        self.y = y + 12.0
        self.last_page = page
        return fragments

    def place(self, lines: list[Line], fragments: list[Fragment], x: float, bold: str, placed: list) -> float:
        """Put a cell's lines into the row fragments it spans; returns the height left over."""
        style = self.style
        segments: list[list[float]] = []  # [page, top, bottom], consecutive fragments joined
        for f in fragments:
            if segments and segments[-1][0] == f.page and abs(segments[-1][2] - f.top) < 0.01:
                segments[-1][2] = f.bottom
            else:
                segments.append([f.page, f.top, f.bottom])
        remaining = list(lines)
        for page, top, bottom in segments:
            cursor = top + style.pad_y
            while remaining:
                line = remaining[0]
                gap = line.gap  # kept at the top of a page, as Word keeps "space before" in a cell
                if cursor + gap + style.leading > bottom - style.pad_y + 0.01:
                    break
                cursor += gap
                placed.append((int(page), x + style.pad_x + line.dx, cursor, line.text, bold))
                cursor += style.leading
                remaining.pop(0)
        if not remaining:
            return 0.0
        return remaining[-1].dy - remaining[0].dy + style.leading + remaining[0].gap

    def draw_table(self, table: Table, fragments: list[Fragment], xs: list[float], placed: list) -> None:
        style = self.style
        by_page: dict[int, list[Fragment]] = {}
        for f in fragments:
            by_page.setdefault(f.page, []).append(f)
        for page, frags in by_page.items():
            for n, f in enumerate(frags):
                row = table.rows[f.row]
                if f.row < table.header_rows and style.ruled:
                    self.op(page, "fill", xs[0], f.top, xs[-1] - xs[0], f.bottom - f.top, 0.85)
                col = 0
                for cell in row:
                    above = frags[n - 1].row if n else None
                    if style.ruled and not (cell.merged and above == f.row - 1):
                        self.op(page, "line", xs[col], f.top, xs[col + cell.span], f.top)
                    if style.ruled:
                        self.op(page, "line", xs[col], f.top, xs[col], f.bottom)
                    col += cell.span
                if style.ruled:
                    self.op(page, "line", xs[-1], f.top, xs[-1], f.bottom)
                if style.white_rules and f.row >= table.header_rows:
                    mid = (xs[3] + xs[4]) / 2
                    self.op(page, "line", mid, f.top, mid, f.bottom, 1.0)
                    self.op(page, "line", xs[0], (f.top + f.bottom) / 2, xs[-1], (f.top + f.bottom) / 2, 1.0)
            if style.ruled:
                self.op(page, "line", xs[0], frags[-1].bottom, xs[-1], frags[-1].bottom)
        for page, x, y, text, bold in placed:
            self.op(page, "text", x, y + style.size * 0.95, text, bold, style.size)


# --- the PDF --------------------------------------------------------------------------------


class RotatedPage(PDFPage):
    """A page stored portrait with /Rotate 90, as a scanner or a "rotate" tool leaves it."""

    __slots__ = ()

    @property
    def rotate(self) -> int:
        return 90


@contextmanager
def fixed_randomness() -> Iterator[None]:
    """fpdf2 salts encryption with os.urandom; fixtures must be byte-for-byte reproducible."""
    original = StandardSecurityHandler.get_random_bytes
    StandardSecurityHandler.get_random_bytes = classmethod(lambda cls, size: bytes(range(size)))  # type: ignore[assignment]
    try:
        yield
    finally:
        StandardSecurityHandler.get_random_bytes = original  # type: ignore[method-assign]


@contextmanager
def turned(pdf: FPDF) -> Iterator[None]:
    """Draw landscape content on a portrait page shown with /Rotate 90. The matrix carries the
    rounding noise of a rotation computed in floating point (cos 90° written as 0.000001), which
    leaves table rules a thousandth of a point off the axis: pdfplumber then calls every
    horizontal rule vertical (its `top == bottom` test), and finds no table."""
    pdf._out(f"q 0.000001 1 -1 0.000001 {PAGE_W:.2f} 0 cm")
    yield
    pdf._out("Q")


def render(
    doc: Doc, fonts: Fonts, style: Style = Style(), user_password: str | None = None, owner_password: str | None = None
) -> bytes:
    measure = FPDF(orientation="L", unit="pt", format="A4")
    fonts.install(measure)
    measure.add_page()
    layout = Layout(measure, style)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            layout.paragraph(block)
        else:
            if block.header_rows and layout.y > MARGIN_TOP:
                layout.y += 6.0
            layout.table(block)
            layout.y = max(layout.y, MARGIN_TOP)
            while len(layout.pages) - 1 > layout.last_page:
                layout.pages.pop()
    pdf = FPDF(orientation="P" if style.rotate else "L", unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer("tools/make_pdf_fixtures.py")
    fonts.install(pdf)
    for ops in layout.pages:
        pdf.add_page()
        if style.rotate:
            pdf.pages[pdf.page].__class__ = RotatedPage
        with turned(pdf) if style.rotate else nullcontext():
            for op in ops:
                draw(pdf, op, style)
    if user_password or owner_password:
        pdf.set_encryption(owner_password=owner_password or "owner", user_password=user_password)
    with fixed_randomness():
        return bytes(pdf.output())


def draw(pdf: FPDF, op: Op, style: Style) -> None:
    if op.kind == "fill":
        x, y, w, h, grey = op.args
        pdf.set_fill_color(int(255 * grey))
        pdf.rect(x, y, w, h, style="F")
    elif op.kind == "line":
        x1, y1, x2, y2, *white = op.args
        pdf.set_draw_color(255 if white else 0)
        pdf.set_line_width(0.5)
        pdf.line(x1, y1, x2, y2)
    elif op.kind == "text":
        x, y, text, base, size = op.args
        offsets = (0.0, 0.35) if style.fake_bold else (0.0,)
        for dx in offsets:
            if "\t" in text:  # a bullet, then its text at the hanging indent
                bullet, text = text.split("\t", 1)
                pdf.set_font("Arial-like", base, size)
                pdf.text(x - style.indent + dx, y, bullet)
            at = x + dx
            for segment, font_style in runs(text, base):
                pdf.set_font("Arial-like", font_style, size)
                pdf.text(at, y, segment)
                at += pdf.get_string_width(segment)


# --- the fixtures -----------------------------------------------------------------------------

TINY_HEADER = (
    "1. Rec No\t2. Recommendation\t3. Agreed/ Partly Agreed/ Not Agreed\t4. Response Action Taken/Planned\t"
    "5. Responsible Owner\t6. Target Date"
)
TINY_TOP = """Action Plan Submitted: 3 June 2019

A Response to the HMI Probation Inspection: Exampleshire Community Rehabilitation Company

Report Published: 20 May 2019

INTRODUCTION

This action plan responds to the inspection of Exampleshire Community Rehabilitation Company.

ACTION PLAN: Exampleshire CRC

"""
TINY_ROWS = [
    "1\tImprove the quality of risk assessments.\tAgreed\tRun risk workshops for all case managers.\tHead of Quality\tJune 2019",
    "\t\t\tAudit twenty cases each month.  Report findings to the board.\tQuality Lead\tSeptember 2019",
    "2\tReview staff workloads.\tPartly Agreed\tA workload tool is already in use.\t\t",
    "\t\t\tExtend the tool to all offices.\tHead of Operations\tDecember 2019",
    "Recommendation for HM Prison and Probation Service\t\t\t\t\t",
    "3\tProvide adequate office space.\tAgreed\tSurvey every office • Agree a plan with each landlord\tEstates Lead\tMarch 2020",
]


def tiny_text(rows: Sequence[str] = TINY_ROWS, top: str = TINY_TOP) -> str:
    return top + TINY_HEADER + "\n" + "\n".join(rows) + "\n"


SENTENCES = (
    "Case managers will complete a risk assessment within fifteen working days of sentence.",
    "Senior probation officers will check a sample of assessments every month and give feedback.",
    "Findings will be reported to the quality board, which will agree further training where needed.",
    "Practice guidance will be refreshed and shared with every team through briefings and the intranet.",
)


def prose(words: int) -> str:
    """About `words` words of plausible plan text, the same each run."""
    out: list[str] = []
    n = 0
    while len(out) < words:
        out += SENTENCES[n % len(SENTENCES)].split()
        n += 1
    return " ".join(out)


def edge_cases(fonts: Fonts) -> tuple[dict[str, bytes], dict[str, str]]:
    """PDF bytes and text twins, by fixture name (a PDF with no twin must fail: tests/cases/errors/)."""
    pdfs: dict[str, bytes] = {}
    twins: dict[str, str] = {}

    def plan(name: str, text: str, style: Style = Style(), **options: object) -> None:
        doc = plan_document(rows_from_text(text))
        pdfs[name] = render(doc, fonts, style, **options)  # type: ignore[arg-type]
        twins[name] = text

    base = tiny_text()
    plan("rotated", base, Style(rotate=True))
    plan("fake-bold", base, Style(fake_bold=True))
    plan("unruled", base, Style(ruled=False, pad_y=6.0))
    plan("white-rules", base, Style(white_rules=True))
    meetings = [
        f"\t\t\tAction {n}: hold review meeting number {n} with every team.\tTeam Manager {n}\tJune 2019"
        for n in range(1, 41)
    ]
    merged = [TINY_ROWS[0], *meetings, *TINY_ROWS[2:]]
    plan("merged-over-page-break", tiny_text(merged))
    plan("no-repeated-header", tiny_text(merged), Style(repeat_header=False))
    long_rec = TINY_ROWS[0].replace("Improve the quality of risk assessments.", prose(420))
    plan("merged-text-over-page-break", tiny_text([long_rec, *meetings[:30], *TINY_ROWS[2:]]))
    intro = "\n\n".join(prose(70) for _ in range(4))
    split = [TINY_ROWS[0], f"\t\t\t{prose(160)}  {prose(150)}\tQuality Lead\tSeptember 2019", *TINY_ROWS[2:]]
    plan("split-row", tiny_text(split, TINY_TOP.replace("INTRODUCTION\n", f"INTRODUCTION\n\n{intro}\n")))
    pdfs["encrypted-owner-only"] = render(plan_document(rows_from_text(base)), fonts, owner_password="owner")
    twins["encrypted-owner-only"] = base

    pdfs["encrypted"] = render(plan_document(rows_from_text(base)), fonts, user_password="secret")
    pdfs["image-only"] = scanned(pdfs["fake-bold"])
    letter = Doc(
        [Paragraph("Dear colleague,", bold=True), Paragraph("Thank you for your letter about the inspection. " * 5)]
    )
    pdfs["not-a-plan"] = render(letter, fonts)
    pdfs["empty"] = b""
    pdfs["html-saved-as-pdf"] = (
        b"<!DOCTYPE html>\n<html><head><title>Page not found</title></head><body>404</body></html>\n"
    )
    whole = pdfs["rotated"]
    pdfs["truncated"] = whole[: len(whole) // 3]
    columns = tiny_text().replace(TINY_HEADER, "Rec No\tRecommendation\tResponse\tOwner\tDate\tNotes")
    pdfs["unidentified-columns"] = render(plan_document_loose(columns), fonts)
    # Synonyms for only two columns (a number and an owner): neither a recommendation nor an action column.
    two = tiny_text().replace(TINY_HEADER, "Ref No\tIssue\tProposal\tLead officer\tComments\t")
    pdfs["two-known-columns"] = render(plan_document_loose(two, "Ref No"), fonts)
    plan("yos-split-over-pages", youth_plan_over_pages())
    # The same layout with no rules: cells are placed by the header's column x-positions.
    plan(
        "yos-unruled",
        (PLANS / "youth-justice-sub-actions.txt").read_text(encoding="utf-8"),
        Style(ruled=False, pad_y=6.0),
    )
    return pdfs, twins


def youth_plan_over_pages() -> str:
    """A youth offending service's plan (no status column, lettered actions, agency and progress)
    long enough to run over three pages, with rows broken by the page breaks."""
    text = (PLANS / "youth-justice-sub-actions.txt").read_text(encoding="utf-8")
    top, _, table = text.partition("Ref No\t")
    header, *rows = ("Ref No\t" + table).rstrip("\n").split("\n")
    extra = [
        f"5{letter}\t\t{SENTENCES[n % 4]} {prose(25 + 9 * n)}\tMarch 2026  June 2026\tTeam Manager {n + 1}\t"
        f"Northbrook YOS\tUpdate (June 2026): {prose(30 + 7 * n)}"
        for n, letter in enumerate("abcdefghij")
    ]
    long_rec = "5\tMake sure that every child receives the interventions set out in their plan.\t\t\t\t\t"
    return top + "\n".join([header, *rows, long_rec, *extra]) + "\n"


def plan_document_loose(text: str, header_starts: str = "Rec No") -> Doc:
    """A document whose table header the parser does not recognise: rendered as a plain ruled table."""
    rows = rows_from_text(text)
    at = next(n for n, row in enumerate(rows) if row.cells[0].startswith(header_starts))
    doc = Doc()
    add_loose_rows(doc, rows[:at])
    body = [[Cell(c) for c in (list(row.cells) + [""] * 6)[:6]] for row in rows[at:] if row.cells != ("",)]
    doc.blocks.append(Table(ACTION_WIDTHS, body, header_rows=1))
    return doc


def scanned(pdf_bytes: bytes) -> bytes:
    """The pages of a PDF as 1-bit images in a PDF with no text layer: a scan."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf_bytes)
    out = FPDF(orientation="L", unit="pt", format="A4")
    out.set_creation_date(FIXED_DATE)
    out.set_producer("tools/make_pdf_fixtures.py")
    for page in document:
        image = page.render(scale=50 / 72).to_pil().convert("1")
        if image.width < image.height:
            image = image.rotate(90, expand=True)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        out.add_page()
        out.image(buffer, x=0, y=0, w=PAGE_W, h=PAGE_H)
    document.close()
    return bytes(out.output())


def write_fixtures(out: Path = OUT) -> dict[str, int]:
    """Write every fixture into `out`; returns their sizes in bytes by relative path."""
    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        fonts = Fonts(Path(tmp))
        for source in sorted((ROOT / "source_plans").glob("*.txt")):
            files[f"rendered-from-real-text/{source.stem}.pdf"] = render(plan_document(read_text(source)), fonts)
        for source in sorted(PLANS.glob("*.txt")):
            files[f"plans/{source.stem}.pdf"] = render(plan_document(read_text(source)), fonts)
        pdfs, twins = edge_cases(fonts)
    files |= {f"{name}.pdf": data for name, data in pdfs.items()}
    files |= {f"{name}.txt": text.encode("utf-8") for name, text in twins.items()}
    for rel, data in sorted(files.items()):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    return {rel: len(data) for rel, data in sorted(files.items())}


def main() -> None:
    if not fonts_as_committed():
        print("note: these fonts differ from the ones the committed fixtures were made with", file=sys.stderr)
    for rel, size in write_fixtures().items():
        print(f"{rel:45} {size / 1024:6.1f} KiB")


if __name__ == "__main__":
    main()
