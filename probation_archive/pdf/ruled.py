"""Ruled tables: the page's own visible rules cut it into cells, and each cell's characters
become its text (`lines.join_lines`).

Rules come from the page's lines and rectangles, not pdfplumber's edges: white or unfilled rules
are dropped (hidden rules must not split cells) and orientation is decided with a tolerance
(pdfplumber's exact `top == bottom` test misreads rules on rotated pages). pdfplumber's
`find_tables` is given those rules as explicit lines.
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import pdfplumber

from .lines import Char, Line, join_lines, text_lines, usual_pitch
from .open import pdf_library
from .tolerances import DEFAULT_TOLERANCES, Tolerances


class BBox(NamedTuple):
    """A box on the page in pdfplumber's coordinates (`top` down from the top of the page)."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class TableCell:
    """A cell of a ruled table; `text` is joined from its lines (and may take more from the next
    page when a row is broken by a page break)."""

    bbox: BBox
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
    padding: float  # the usual space between a cell's top and its first line
    pitch: float  # the usual distance between the lines of a cell

    def texts(self, n: int) -> list[str]:
        return [cell.text if cell else "" for cell in self.rows[n]]

    def cut_at_foot(self, *, tol: Tolerances = DEFAULT_TOLERANCES) -> bool:
        """Whether the page break visibly cut the row at the foot of the table inside a paragraph.

        Where paragraphs have space after them, a row ends that space below its tallest cell's
        last line, unless the page break cut that cell's paragraph: then its last line on the
        page has no space below it. So the room below the lowest line at the table's foot, far
        less than the room the page's other rows leave below theirs, shows the cut. (Where
        paragraphs have no space after, the two are the same and nothing shows.)
        """
        usual = [gap for row in self.rows[:-1] if (gap := row_gap(row)) is not None]
        foot = row_gap([self.bottom_cell(col) for col in range(len(self.columns))])
        return (
            bool(usual) and foot is not None and statistics.median(usual) - foot > tol.cut_row_room_ratio * self.pitch
        )

    def bottom_cell(self, col: int) -> TableCell | None:
        """The cell that reaches the bottom of the table in a column (perhaps merged from above)."""
        for row in reversed(self.rows):
            if col < len(row) and row[col] is not None:
                return row[col]
        return None


def row_gap(row: Sequence[TableCell | None]) -> float | None:
    """The least room below the last line of a cell that starts in a row (None: no text)."""
    gaps = [cell.bbox.bottom - cell.lines[-1].bottom for cell in row if cell is not None and cell.lines]
    return min(gaps) if gaps else None


def is_white(color: object, *, tol: Tolerances = DEFAULT_TOLERANCES) -> bool:
    """Whether a pdfplumber colour (a grey level, RGB or CMYK) is white; anything else is not."""
    if not isinstance(color, tuple | list) or not color or not all(isinstance(v, int | float) for v in color):
        return isinstance(color, int | float) and color >= tol.white_level
    if len(color) == 4:
        return all(v <= tol.white_ink for v in color)
    return all(v >= tol.white_level for v in color)


def rule_edges(page: pdfplumber.page.Page, *, tol: Tolerances = DEFAULT_TOLERANCES) -> tuple[list[dict], list[dict]]:
    """Vertical and horizontal edges of the visible rules on a page."""
    vertical: list[dict] = []
    horizontal: list[dict] = []
    for obj in [*page.lines, *page.rects, *page.curves]:
        stroked = obj.get("stroke", True) and not is_white(obj.get("stroking_color"), tol=tol)
        filled = obj.get("fill", False) and not is_white(obj.get("non_stroking_color"), tol=tol)
        if not (stroked or filled):
            continue
        if obj["object_type"] == "rect":
            x0, x1, top, bottom = obj["x0"], obj["x1"], obj["top"], obj["bottom"]
            if bottom - top <= tol.rule_thickness < x1 - x0:
                horizontal.append(edge("h", x0, x1, (top + bottom) / 2, (top + bottom) / 2))
            elif x1 - x0 <= tol.rule_thickness < bottom - top:
                vertical.append(edge("v", (x0 + x1) / 2, (x0 + x1) / 2, top, bottom))
            else:
                horizontal += [edge("h", x0, x1, top, top), edge("h", x0, x1, bottom, bottom)]
                vertical += [edge("v", x0, x0, top, bottom), edge("v", x1, x1, top, bottom)]
            continue
        points = obj.get("pts") or [(obj["x0"], obj["top"]), (obj["x1"], obj["bottom"])]
        for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
            if abs(ay - by) <= tol.rule_slant and abs(ax - bx) > tol.rule_slant:
                y = (ay + by) / 2
                horizontal.append(edge("h", min(ax, bx), max(ax, bx), y, y))
            elif abs(ax - bx) <= tol.rule_slant and abs(ay - by) > tol.rule_slant:
                x = (ax + bx) / 2
                vertical.append(edge("v", x, x, min(ay, by), max(ay, by)))
    return vertical, horizontal


def edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict:
    """A rule as pdfplumber's explicit table lines are given: an edge object."""
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


class CellGrid:
    """Finds the cell under a point: the cells' edges cut the table into squares, each owned by
    the cell that covers it (a merged cell owns several)."""

    def __init__(self, bbox: BBox, cells: Sequence[TableCell]) -> None:
        self.bbox = bbox
        self.xs = sorted({round(c.bbox.x0, 1) for c in cells} | {round(c.bbox.x1, 1) for c in cells})
        self.ys = sorted({round(c.bbox.top, 1) for c in cells} | {round(c.bbox.bottom, 1) for c in cells})
        self.owner: dict[tuple[int, int], TableCell] = {}
        for cell in cells:
            x0, top, x1, bottom = (round(v, 1) for v in cell.bbox)
            for i in range(bisect.bisect_left(self.xs, x0), bisect.bisect_left(self.xs, x1)):
                for j in range(bisect.bisect_left(self.ys, top), bisect.bisect_left(self.ys, bottom)):
                    self.owner[(i, j)] = cell

    def contains(self, x: float, y: float) -> bool:
        return self.bbox.x0 <= x <= self.bbox.x1 and self.bbox.top <= y <= self.bbox.bottom

    def cell_at(self, x: float, y: float) -> TableCell | None:
        return self.owner.get((bisect.bisect_right(self.xs, x) - 1, bisect.bisect_right(self.ys, y) - 1))


class FoundTable(NamedTuple):
    """A table pdfplumber found between the rules, before its cells have their characters."""

    grid: CellGrid
    columns: tuple[float, ...]  # x0 of each column
    rows: list[list[TableCell | None]]


def page_tables(
    page: pdfplumber.page.Page, number: int, chars: list[Char], *, tol: Tolerances = DEFAULT_TOLERANCES
) -> tuple[list[PageTable], list[Char]]:
    """The page's ruled tables, their cells' text filled in, and the characters outside them."""
    vertical, horizontal = rule_edges(page, tol=tol)
    if len(vertical) < 2 or len(horizontal) < 2:
        return [], chars
    settings = {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": vertical,
        "explicit_horizontal_lines": horizontal,
    }
    with pdf_library():
        found_tables = page.find_tables(settings)
    found_grids: list[FoundTable] = []
    for found in sorted(found_tables, key=lambda t: BBox(*t.bbox).top):
        if len(found.cells) < tol.min_table_cells:
            continue
        rows = [[TableCell(BBox(*bbox), r) if bbox else None for bbox in row.cells] for r, row in enumerate(found.rows)]
        columns = tuple(sorted({round(BBox(*c).x0, 1) for c in found.cells}))
        grid = CellGrid(BBox(*found.bbox), [cell for row in rows for cell in row if cell])
        found_grids.append(FoundTable(grid, columns, rows))
    outside: list[Char] = []
    for c in chars:
        x, y = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
        table = next((t for t in found_grids if t.grid.contains(x, y)), None)
        if table is None:
            outside.append(c)
        elif cell := table.grid.cell_at(x, y):
            cell.chars.append(c)
    tables = [filled_table(number, t.grid.bbox, t.columns, t.rows, tol=tol) for t in found_grids]
    return tables, outside


def filled_table(
    page: int,
    bbox: BBox,
    columns: tuple[float, ...],
    rows: list[list[TableCell | None]],
    *,
    tol: Tolerances = DEFAULT_TOLERANCES,
) -> PageTable:
    """A table whose cells have their characters: each cell's lines and text, and the table's
    usual line pitch and cell padding (by which its cells' breaks are judged)."""
    cells = [cell for row in rows for cell in row if cell]
    for cell in cells:
        cell.lines = text_lines(cell.chars, tol=tol)
        cell.chars = []
    pitch = usual_pitch((c.lines for c in cells), tol=tol)
    offsets = [round(c.lines[0].top - c.bbox.top, 1) for c in cells if c.lines]
    padding = min(statistics.multimode(offsets)) if offsets else 0.0
    for cell in cells:
        cell.text = join_lines(cell.lines, cell.bbox.x0, cell.bbox.x1, pitch, tol=tol)
    return PageTable(page, bbox.top, bbox.bottom, columns, rows, padding, pitch)
