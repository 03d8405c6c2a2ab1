"""Characters → lines → a cell's text, as the parser reads text extractions.

A page's characters (`Char`, fake-bold copies dropped) group into `Line`s; a cell's lines join
into its text with the conventions of the text extractions: a line that starts with a bullet glyph
(Word's U+F0B7 and the like) starts a `•` item, a line that ends short of the cell's edge ends with
a double space (a line break), a paragraph (extra space above it) is opened with `<p>`, and a
wrapped line joins with one space. Bold or italic words within a cell come as `<b>`/`<i>`; a cell
set wholly in one style (a bold header, a bold number) is left plain. Text outside tables becomes
paragraphs, page numbers in the margins dropped.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import pdfplumber

from ..normalise import normalise_unicode
from .tolerances import DEFAULT_TOLERANCES, Tolerances

PARAGRAPH = "<p>"
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?\s*$", re.I)
_BOLD_FONT = re.compile(r"bold|black|heavy|demi", re.I)
_ITALIC_FONT = re.compile(r"italic|oblique", re.I)
# Closing brackets and punctuation: a line is never broken before one, even after a space
# (Unicode line breaking, UAX #14 rule LB13), so `word )` wraps as one word.
_NO_BREAK_BEFORE = frozenset(")]}!?,.:;/")
_SENTENCE_END = re.compile(r"[.;:!?]\s*$")


class Char(NamedTuple):
    """One visible character on a page and where it sits (pdfplumber's coordinates: `top` down
    from the top of the page)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    emphasis: str  # "b", "i", "bi" or "": from the font's name


class Run(NamedTuple):
    """A piece of a line's or a cell's text in one emphasis (`b`, `i`, `bi` or ''); in a cell's
    pieces, None marks the separator between two lines (its style is decided by its neighbours)."""

    text: str
    emphasis: str | None


class Paragraph(NamedTuple):
    """A paragraph outside tables, and where it starts on its page."""

    top: float
    text: str


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
    runs: list[Run] = field(default_factory=list, repr=False)  # its text, in runs of one emphasis
    space: float | None = None  # the width of a space between its words (None: one word)

    @property
    def bullet(self) -> bool:
        return normalise_unicode(self.text[:1]) == "•"


def font_emphasis(fontname: str) -> str:
    """`b`, `i`, `bi` or '' from a font's name (`ABCDEF+Arial-BoldItalicMT` -> `bi`).

    >>> font_emphasis("ABCDEF+Arial-BoldItalicMT"), font_emphasis("TimesNewRomanPSMT")
    ('bi', '')
    """
    return ("b" if _BOLD_FONT.search(fontname) else "") + ("i" if _ITALIC_FONT.search(fontname) else "")


def page_chars(page: pdfplumber.page.Page, *, tol: Tolerances = DEFAULT_TOLERANCES) -> list[Char]:
    """The page's visible characters, upright, with fake-bold duplicates removed."""
    chars = [
        Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"], font_emphasis(c.get("fontname", "")))
        for c in page.chars
        if c["text"].strip() and c.get("upright", True)
    ]
    if len({(c.text, int(c.x0), int(c.top)) for c in chars}) < len(chars):
        chars = dedupe(chars, tol.duplicate_char_distance)
    return chars


def dedupe(chars: list[Char], tolerance: float = DEFAULT_TOLERANCES.duplicate_char_distance) -> list[Char]:
    """Drop characters drawn again within `tolerance` of one already kept (fake bold).

    pdfplumber's `dedupe_chars` does this in quadratic time; this keeps a grid of kept ones.

    >>> chars = [Char("A", 1, 5, 1, 9, 9, ""), Char("A", 1.3, 5.3, 1, 9, 9, ""), Char("B", 5, 9, 1, 9, 9, "")]
    >>> [c.text for c in dedupe(chars)]
    ['A', 'B']
    """
    grid: dict[tuple[str, int, int], list[Char]] = {}
    kept: list[Char] = []
    for c in chars:
        gx, gy = int(c.x0 // tolerance), int(c.top // tolerance)
        near = (other for dx in (-1, 0, 1) for dy in (-1, 0, 1) for other in grid.get((c.text, gx + dx, gy + dy), ()))
        if any(abs(o.x0 - c.x0) <= tolerance and abs(o.top - c.top) <= tolerance and o.size == c.size for o in near):
            continue
        grid.setdefault((c.text, gx, gy), []).append(c)
        kept.append(c)
    return kept


def text_lines(chars: Sequence[Char], *, tol: Tolerances = DEFAULT_TOLERANCES) -> list[Line]:
    """Group characters into lines (top to bottom), spaces put back where the gaps are."""
    lines: list[list[Char]] = []
    for c in sorted(chars, key=lambda c: (c.top, c.x0)):
        if lines and c.top < lines[-1][0].top + tol.same_line_ratio * c.size:
            lines[-1].append(c)
        else:
            lines.append([c])
    return [make_line(sorted(group, key=lambda c: c.x0), tol=tol) for group in lines]


def make_line(chars: list[Char], *, tol: Tolerances = DEFAULT_TOLERANCES) -> Line:
    """One line from its characters (left to right): a space where a gap is wider than a kerning's,
    runs of text in one emphasis, and where its first unbreakable piece ends."""
    runs: list[Run] = []
    first_word_x1 = None  # where the first piece the line could not have been broken inside ends
    spaces: list[float] = []
    for n, c in enumerate(chars):
        if n and c.x0 - chars[n - 1].x1 > tol.word_gap_ratio * c.size:
            runs[-1] = runs[-1]._replace(text=runs[-1].text + " ")  # a space keeps the emphasis of the word before it
            spaces.append(c.x0 - chars[n - 1].x1)
            if first_word_x1 is None and c.text not in _NO_BREAK_BEFORE:
                first_word_x1 = chars[n - 1].x1
        if runs and runs[-1].emphasis == c.emphasis:
            runs[-1] = runs[-1]._replace(text=runs[-1].text + c.text)
        else:
            runs.append(Run(c.text, c.emphasis))
    return Line(
        "".join(run.text for run in runs),
        chars[0].x0,
        max(c.x1 for c in chars),
        min(c.top for c in chars),
        max(c.bottom for c in chars),
        statistics.median(c.size for c in chars),
        first_word_x1 if first_word_x1 is not None else chars[-1].x1,
        chars,
        runs,
        statistics.median(spaces) if spaces else None,
    )


def line_chunks(line: Line, *, tol: Tolerances = DEFAULT_TOLERANCES) -> list[Line]:
    """The runs of a line's text separated by gaps wider than a space: the cells of a table
    drawn without rules."""
    groups: list[list[Char]] = [[]]
    for n, c in enumerate(line.chars):
        if n and c.x0 - line.chars[n - 1].x1 > tol.column_gap_ratio * c.size:
            groups.append([])
        groups[-1].append(c)
    return [make_line(group, tol=tol) for group in groups if group]


def join_lines(
    lines: Sequence[Line],
    left: float,
    right: float,
    pitch: float | None = None,
    *,
    tol: Tolerances = DEFAULT_TOLERANCES,
) -> str:
    """A cell's text from its lines, breaks marked the way the parser reads them, and bold or
    italic words within it as `<b>`/`<i>` (a cell set wholly in one style is left plain).

    `left`/`right` are the cell's edges; `pitch` the usual distance between lines, beyond which a
    line has space above it (None: not looked at).
    """
    pieces: list[Run] = []
    limit = right - (min((line.x0 for line in lines), default=left) - left)
    for n, line in enumerate(lines):
        if n:
            prev = lines[n - 1]
            space_above = line.top - prev.top - pitch if pitch is not None else None
            pieces.append(Run(separator(prev, line, limit, space_above, tol=tol), None))
        runs = list(line.runs) or [Run(line.text, "")]
        if line.bullet:
            runs[0] = runs[0]._replace(text=runs[0].text[1:].lstrip())
            pieces.append(Run("• " if n == 0 else "", None))
        pieces += runs
    return with_emphasis(pieces)


def with_emphasis(pieces: Sequence[Run]) -> str:
    """Join a cell's pieces, emphasis as HTML tags. A wrapped line's space (or none) between two
    pieces in the same style stays inside the style; other separators are plain.

    >>> with_emphasis([Run("a spotlight on ", ""), Run("dynamic", "i"), Run(" ", None), Run("risk", "i"), Run(" factors", "")])
    'a spotlight on <i>dynamic risk</i> factors'
    >>> with_emphasis([Run("Heading", "b"), Run(" ", None), Run("text", "b")])
    'Heading text'
    """
    styles = {style for text, style in pieces if style is not None and text.strip()}
    if len(styles) <= 1:
        return "".join(piece.text for piece in pieces)
    spans: list[Run] = []
    for n, (text, style) in enumerate(pieces):
        if style is None:
            before = next((s for t, s in reversed(pieces[:n]) if s is not None and t), "")
            after = next((s for t, s in pieces[n + 1 :] if s is not None and t), "")
            style = before if before == after and text in (" ", "") else ""
        if spans and spans[-1].emphasis == style:
            spans[-1] = spans[-1]._replace(text=spans[-1].text + text)
        else:
            spans.append(Run(text, style))
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


def separator(
    prev: Line, line: Line, limit: float, space_above: float | None, *, tol: Tolerances = DEFAULT_TOLERANCES
) -> str:
    """How `line` joins the line before it in a cell: as a bullet, a paragraph (clear space above),
    a line break (a little space above, or the line before ended short), or a wrapped line."""
    if line.bullet:
        return " • "
    if space_above is not None and space_above > tol.paragraph_space_ratio * line.size:
        return f" {PARAGRAPH} "
    if space_above is not None and space_above > tol.line_break_space_ratio * line.size:
        return "  "
    if not wraps(prev, line, limit, tol=tol):
        return "  "  # the next word would have fitted: the line was broken on purpose
    return wrap_separator(prev, line)


def wraps(prev: Line, line: Line, limit: float, *, tol: Tolerances = DEFAULT_TOLERANCES) -> bool:
    """Whether `line` could be `prev` wrapped: its first word would not have fitted after it
    (after a space as wide as the lines' own, or a quarter of the font size: fonts differ)."""
    space = prev.space or line.space or tol.fallback_space_ratio * line.size
    first_word = line.first_word_x1 - line.x0
    return prev.x1 + min(space, tol.max_space_ratio * line.size) + first_word >= limit - tol.wrap_slack


def wrap_separator(prev: Line, line: Line) -> str:
    """How a wrapped line joins the line before it: a space, or nothing after a word broken at its
    hyphen (`7-` `minute`, `5-` `10`)."""
    if re.search(r"[A-Za-z0-9]-$", prev.text) and (
        line.text[:1].isalpha() or (prev.text[-2:-1].isdigit() and line.text[:1].isdigit())
    ):
        return ""
    return " "


def ends_sentence(line: Line) -> bool:
    """Whether a line ends a sentence (or a clause: `;`, `:`)."""
    return bool(_SENTENCE_END.search(line.text))


def usual_pitch(groups: Iterable[Sequence[Line]], *, tol: Tolerances = DEFAULT_TOLERANCES) -> float:
    """The commonest distance between consecutive lines of a cell (a new line, no paragraph)."""
    gaps = [round(b.top - a.top, 1) for lines in groups for a, b in zip(lines, lines[1:], strict=False)]
    gaps = [g for g in gaps if g > 0]
    return min(statistics.multimode(gaps)) if gaps else tol.fallback_pitch_ratio * tol.cell_font_size


def paragraphs(lines: Sequence[Line], page_height: float, *, tol: Tolerances = DEFAULT_TOLERANCES) -> list[Paragraph]:
    """Text outside tables as paragraphs; lines close together join, page numbers go."""
    out: list[Paragraph] = []
    previous: Line | None = None
    top_margin, bottom_margin = tol.page_margin_ratio * page_height, (1 - tol.page_margin_ratio) * page_height
    for line in lines:
        in_margin = line.top < top_margin or line.bottom > bottom_margin
        if in_margin and _PAGE_NUMBER.match(line.text):
            continue
        joins = (
            previous is not None
            and line.top - previous.bottom < tol.paragraph_join_gap_ratio * line.size
            and abs(line.size - previous.size) < tol.same_size_tolerance
        )
        if joins:
            out[-1] = out[-1]._replace(text=f"{out[-1].text} {line.text}")
        else:
            out.append(Paragraph(line.top, line.text))
        previous = line
    return out
