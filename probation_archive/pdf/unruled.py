"""Tables drawn without rules: read from the text's own columns and row gaps.

Used when no ruled table has the action plan's header: the header's labels give the columns' left
edges, a gap clearly larger than the line spacing starts a new row, a header repeated at the top of
a later page is dropped, and a single line running across the columns is a section row.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..model import Location, Row
from ..normalise import normalise_unicode
from ..table import header_layout
from .assemble import PageContent
from .lines import Char, Line, join_lines, line_chunks, make_line, paragraphs, text_lines
from .tolerances import DEFAULT_TOLERANCES, Tolerances


class TextHeader(NamedTuple):
    """Where a table drawn without rules has its header: the index of its first line among the
    page's lines, its number of lines, and the columns' left edges its labels give."""

    at: int
    span: int
    lefts: list[float]


def text_table_rows(contents: Sequence[PageContent], *, tol: Tolerances = DEFAULT_TOLERANCES) -> list[Row]:
    """Read the action table from the text's own columns when it has no rules: the header's
    labels give the columns, and a gap clearly larger than the line spacing starts a new row.
    No header found: no rows."""
    for p, content in enumerate(contents):
        lines = text_lines(content.loose, tol=tol)
        found = find_text_header(lines, tol=tol)
        if found is None:
            continue
        at, span, lefts = found
        where = Location("page", content.number)
        rows = [Row((p.text,), where) for p in paragraphs(lines[:at], content.height, tol=tol)]
        header_cells = column_texts(lines[at : at + span], lefts, tol=tol)
        rows.append(Row(tuple(header_cells), where))
        body: list[tuple[int, list[Line]]] = [(content.number, lines[at + span :])]
        for later in contents[p + 1 :]:
            later_lines = text_lines(later.loose, tol=tol)
            repeated = column_texts(later_lines[:span], lefts, tol=tol) == header_cells
            body.append((later.number, later_lines[span:] if repeated else later_lines))
        pitch = line_pitch([page_lines for _, page_lines in body], tol=tol)
        rights = column_rights([line for _, page_lines in body for line in page_lines], lefts, tol=tol)
        for number, page_lines in body:
            group: list[Line] = []
            for line in [*page_lines, None]:
                if group and (line is None or line.top - group[-1].top > pitch + tol.row_gap_ratio * line.size):
                    rows.append(Row(text_row(group, lefts, pitch, rights, tol=tol), Location("page", number)))
                    group = []
                if line is not None:
                    group.append(line)
        return rows
    return []


def line_pitch(groups: Iterable[Sequence[Line]], *, tol: Tolerances = DEFAULT_TOLERANCES) -> float:
    """The distance between two lines of one paragraph: the smallest that is not an overlap."""
    pairs = [(b.top - a.top, b.size) for lines in groups for a, b in zip(lines, lines[1:], strict=False)]
    return min((gap for gap, size in pairs if gap >= tol.min_line_pitch_ratio * size), default=tol.fallback_line_pitch)


def column_rights(
    lines: Sequence[Line], lefts: Sequence[float], *, tol: Tolerances = DEFAULT_TOLERANCES
) -> list[float]:
    """Where each column's text stops, over the whole table: the right end of its longest line
    (the next column's left edge would overstate a narrow column's width by its padding, and a
    wrapped line would then read as a line break)."""
    ends = [0.0] * len(lefts)
    for line in lines:
        for col, piece in split_columns(line, lefts, tol=tol):
            ends[col] = max(ends[col], piece.x1)
    fallback = column_edges(lefts, max(ends, default=0.0), tol=tol)
    return [end + tol.column_end_margin if end else fallback[k] for k, end in enumerate(ends)]


def column_edges(lefts: Sequence[float], text_end: float, *, tol: Tolerances = DEFAULT_TOLERANCES) -> list[float]:
    """Each column's right edge from the columns' left edges alone: just short of the next
    column, and for the last, just after where the text ends (`text_end`).

    >>> column_edges([10.0, 50.0, 90.0], 130.0)
    [48.0, 88.0, 131.0]
    """
    return [*(x - tol.column_overhang for x in lefts[1:]), text_end + tol.column_end_margin]


def text_row(
    lines: Sequence[Line],
    lefts: Sequence[float],
    pitch: float,
    rights: Sequence[float] | None = None,
    *,
    tol: Tolerances = DEFAULT_TOLERANCES,
) -> tuple[str, ...]:
    """One row's cells; a single line running across the columns is a section row."""
    if len(lines) == 1:
        chunks = line_chunks(lines[0], tol=tol)
        if len(chunks) == 1 and any(chunks[0].x0 < left - tol.column_overhang < chunks[0].x1 for left in lefts):
            return (chunks[0].text, *([""] * (len(lefts) - 1)))
    return tuple(column_texts(lines, lefts, pitch, rights, tol=tol))


def find_text_header(lines: Sequence[Line], *, tol: Tolerances = DEFAULT_TOLERANCES) -> TextHeader | None:
    """The header of a table drawn without rules among a page's lines (None: none there)."""
    for i, line in enumerate(lines):
        lefts = [chunk.x0 for chunk in line_chunks(line, tol=tol)]
        if len(lefts) < tol.min_header_columns:
            continue
        span = 1
        while (
            span < tol.max_header_lines
            and i + span < len(lines)
            and lines[i + span].top - lines[i + span - 1].top <= tol.header_line_pitch_ratio * line.size
        ):
            span += 1
        for n in range(span, 0, -1):
            cells = column_texts(lines[i : i + n], lefts, tol=tol)
            if header_layout([normalise_unicode(c) for c in cells]) is not None:
                return TextHeader(i, n, lefts)
    return None


def column_texts(
    lines: Sequence[Line],
    lefts: Sequence[float],
    pitch: float | None = None,
    rights: Sequence[float] | None = None,
    *,
    tol: Tolerances = DEFAULT_TOLERANCES,
) -> list[str]:
    """Each column's text from the lines of one row (or header), cut at the columns' left edges."""
    cells: list[list[Line]] = [[] for _ in lefts]
    for line in lines:
        for col, piece in split_columns(line, lefts, tol=tol):
            cells[col].append(piece)
    if rights is None:
        rights = column_edges(lefts, max((ln.x1 for ln in lines), default=0.0), tol=tol)
    return [join_lines(cell, lefts[k], rights[k], pitch, tol=tol) if cell else "" for k, cell in enumerate(cells)]


def split_columns(
    line: Line, lefts: Sequence[float], *, tol: Tolerances = DEFAULT_TOLERANCES
) -> list[tuple[int, Line]]:
    """A line's characters shared out among the columns, as one line per column."""
    by_column: dict[int, list[Char]] = {}
    for c in line.chars:
        by_column.setdefault(max(0, bisect.bisect_right(lefts, c.x0 + tol.column_overhang) - 1), []).append(c)
    return [(col, make_line(chars, tol=tol)) for col, chars in sorted(by_column.items())]
