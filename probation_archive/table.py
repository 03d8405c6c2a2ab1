"""The action-plan table's rows: recognise the header, section, summary and separator rows,
and fit each row's cells to the table's six columns.

Rec No | Recommendation | Agreed/Partly Agreed/Not Agreed | Response Action Taken/Planned |
Responsible Owner | Target Date. Text extractions lose or split cells; `align_row` puts them back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Row
from .normalise import collapse_spaces, normalise_unicode, parse_status, parse_target, strip_tags

WIDTH = 6
REC_NO, REC_TEXT, STATUS, ACTION, OWNER, TARGET = range(WIDTH)
COLUMN_LABELS = (
    ("Rec No", r"\brec(?:ommendation)?\.?\s*(?:no|number|ref)\b|^\W*\d*\W*no\.?$"),
    ("Recommendation", r"recommendation"),
    ("Agreed/Partly Agreed/Not Agreed", r"agreed|status|accepted"),
    ("Response Action Taken/Planned", r"action|response"),
    ("Responsible Owner", r"owner|responsib|lead"),
    ("Target Date", r"target|date|timescale|deadline"),
)
SUMMARY_LABELS = {"agreed": "agreed", "partly agreed": "partly-agreed", "not agreed": "not-agreed", "total": "total"}
REC_NUMBER = re.compile(r"^\s*(?:rec(?:ommendation)?\s*)?(\d{1,3})\s*[.):]?\s*$", re.I)
_SECTION = re.compile(r"recommendations?\s+(?:for|to)\s+(?P<who>.+?)\s*:?", re.I)


def cells_of(row: Row) -> list[str]:
    return [normalise_unicode(cell) for cell in row.cells]


def is_blank(cells: Sequence[str]) -> bool:
    """A row with no letters or digits: empty, or a separator such as `--\\t--`."""
    return not any(re.search(r"[A-Za-z0-9]", cell) for cell in cells)


def missing_columns(cells: Sequence[str]) -> list[str]:
    """For a row that starts like the table's header ("Rec No"), the columns it lacks.

    >>> missing_columns(["Rec No", "Recommendation", "Agreed", "Action", "Owner"])
    ['Target Date']
    """
    labels = [collapse_spaces(strip_tags(c)).lower() for c in cells]
    if not any(re.search(COLUMN_LABELS[0][1], label) for label in labels):
        return []
    return [name for name, pattern in COLUMN_LABELS if not any(re.search(pattern, label) for label in labels)]


def header_columns(cells: Sequence[str]) -> list[int] | None:
    """Indexes of the six columns in a header row, or None if this is not the header.

    >>> header_columns(["1. Rec No", "2. Recommendation", "3. Agreed/ Partly Agreed/ Not Agreed",
    ...                 "4. Response Action Taken/Planned", "5. Responsible Owner", "6. Target Date", ""])
    [0, 1, 2, 3, 4, 5]
    """
    labels = [collapse_spaces(strip_tags(c)).lower() for c in cells]
    if not any(re.search(COLUMN_LABELS[0][1], label) for label in labels):
        return None
    found: list[int] = []
    for _, pattern in COLUMN_LABELS:
        start = found[-1] + 1 if found else 0
        index = next((i for i in range(start, len(labels)) if re.search(pattern, labels[i])), None)
        if index is None:
            return None
        found.append(index)
    return found


def section_addressee(cells: Sequence[str]) -> str | None:
    """The 'who' of a section row such as `Reco\\tmmendations for HM Prison and Pro\\tbation Service`.

    Cells are joined without a separator, since such rows are split mid-word.

    >>> section_addressee(["Reco", "mmendation for HM Prison and Pro", "bation Service", "", "", ""])
    'HM Prison and Probation Service'
    """
    filled = [c for c in cells if c.strip()]
    if not filled or len(filled) > 4 or parse_status(filled[-1]):
        return None
    m = _SECTION.fullmatch(collapse_spaces(strip_tags("".join(filled))))
    return m["who"] if m else None


def summary_entry(cells: Sequence[str]) -> tuple[str, int] | None:
    """`("partly-agreed", 3)` for a summary-table row such as `Partly Agreed\\t3`."""
    filled = [collapse_spaces(strip_tags(c)) for c in cells if c.strip()]
    if len(filled) == 2 and filled[0].lower() in SUMMARY_LABELS and filled[1].isdigit():
        return SUMMARY_LABELS[filled[0].lower()], int(filled[1])
    return None


def is_summary_heading(cells: Sequence[str]) -> bool:
    """The summary table's heading row: the single word "Recommendations"."""
    return [collapse_spaces(strip_tags(c)).lower().rstrip(":") for c in cells if c.strip()] == ["recommendations"]


def _row_score(cells: Sequence[str]) -> int:
    """How plausible a six-cell row is, column by column (used to choose among alignments)."""
    score = 0
    if cells[REC_NO].strip():
        score += 1 if REC_NUMBER.match(cells[REC_NO]) else -2
    if cells[STATUS].strip():
        score += 3 if parse_status(cells[STATUS]) else -2
    if cells[ACTION].strip():
        score += 1
    owner_words = len(strip_tags(cells[OWNER]).split())
    if owner_words > 20 or (owner_words > 8 and strip_tags(cells[OWNER]).endswith(".")):
        score -= 3
    target = strip_tags(cells[TARGET])
    if target:
        score += 2 if parse_target(target).status != "unknown" else (-3 if len(target.split()) > 8 else 0)
    return score


def align_row(cells: Sequence[str]) -> list[str]:
    """Fit a row's cells to the six columns.

    Short rows lost their leading empty cells, so they are padded on the left. Long rows
    have an action number in a cell of its own (merged into the action) or stray empty
    cells (the one whose removal leaves the most plausible row goes).

    >>> align_row(["Schedule it.", "L&D Manager", "Complete"])
    ['', '', '', 'Schedule it.', 'L&D Manager', 'Complete']
    >>> align_row(["", "", "", "2.", "Hold workshops.", "Quality Team", "May 2020"])
    ['', '', '', '2. Hold workshops.', 'Quality Team', 'May 2020']
    """
    cells = list(cells)
    i = ACTION
    while len(cells) > WIDTH and i < len(cells) - 1:
        if re.fullmatch(r"\s*\d{1,2}\.?\s*", cells[i]) and cells[i + 1].strip():
            cells[i : i + 2] = [f"{cells[i].strip()} {cells[i + 1].strip()}"]
        else:
            i += 1
    while len(cells) > WIDTH:
        empties = [j for j in reversed(range(len(cells))) if not cells[j].strip()]
        if not empties:
            extra = len(cells) - WIDTH
            cells[ACTION : ACTION + extra + 1] = ["  ".join(cells[ACTION : ACTION + extra + 1])]
            break
        best = max(empties, key=lambda j: _row_score(cells[:j] + cells[j + 1 :]))
        del cells[best]
    return [""] * (WIDTH - len(cells)) + cells
