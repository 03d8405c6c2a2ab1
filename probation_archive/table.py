"""The action-plan table's rows: recognise the header, section, summary and separator rows,
and read each row's cells by what its column means.

The header's columns are recognised by meaning (`COLUMN_ROLES`), in any order, four to eight of
them: the HMPPS table (Rec No | Recommendation | Agreed/Partly Agreed/Not Agreed | Response Action
Taken/Planned | Responsible Owner | Target Date), a youth justice plan's (Ref No | Area requiring
improvement | Action required | Planned completion date | Lead officer | Agency | Progress) and the
like. Text extractions of the HMPPS table lose or split cells; `align_row` puts them back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Row
from .normalise import collapse_spaces, normalise_unicode, parse_status, parse_target, strip_tags

WIDTH = 6
REC_NO, REC_TEXT, STATUS, ACTION, OWNER, TARGET = range(WIDTH)
REF_LABEL = r"\brec(?:ommendation)?\.?\s*(?:no|number|ref)\b|^\W*\d*\W*(?:ref(?:erence)?\.?(?:\s*no\.?)?|no\.?|number)$"
REC_NUMBER = re.compile(r"^\s*(?:rec(?:ommendation)?\s*)?(\d{1,3})\s*[.):]?\s*$", re.I)
LEAD_IN = re.compile(r"^(?P<who>[^.:]{2,140}?)\s+(?:should|must|is\s+to|are\s+to)\s*:\s*", re.I)
_SECTION = re.compile(r"recommendations?\s+(?:for|to)\s+(?P<who>.+?)\s*:?", re.I)


def cells_of(row: Row) -> list[str]:
    return [normalise_unicode(cell) for cell in row.cells]


def is_blank(cells: Sequence[str]) -> bool:
    """A row with no letters or digits: empty, or a separator such as `--\\t--`."""
    return not any(re.search(r"[A-Za-z0-9]", cell) for cell in cells)


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
    """`("partly-agreed", 3)` for a summary-table row such as `Partly Agreed\\t3`: a status in any of
    the words a plan states it in (`Partially accepted`, `Not accepted`…), or `Total`, beside a number.

    >>> summary_entry(["Partially accepted", "2"]), summary_entry(["Total", "7"]), summary_entry(["Agreed", "soon"])
    (('partly-agreed', 2), ('total', 7), None)
    """
    filled = [collapse_spaces(strip_tags(c)) for c in cells if c.strip()]
    if len(filled) != 2 or not filled[1].isdigit():
        return None
    label = "total" if filled[0].lower().rstrip(":") == "total" else parse_status(filled[0])
    return (label, int(filled[1])) if label else None


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


# --- columns by meaning ------------------------------------------------------------------

# What each column means, and the header labels that say so. A label is read by the first role
# whose pattern it matches, so the order matters: "Progress against agreed action" is progress
# (not a status or an action), "Action owner" an owner, "Update" progress (not a date).
COLUMN_ROLES = (
    ("progress", r"progress|\bupdate|impact"),
    ("rag", r"\brag\b|red\s*/\s*amber"),
    ("owner", r"owner|responsib|\blead\b|by whom"),
    ("agency", r"\bagency|\borgani[sz]ation|\bpartner"),
    ("status", r"agreed|accepted|\bstatus"),
    ("ref", REF_LABEL),
    ("recommendation", r"recommendation|requiring improvement|for improvement"),
    ("action", r"action|response"),
    ("target", r"target|date|by when|timescale|deadline|completion"),
)
CLASSIC = ("ref", "recommendation", "status", "action", "owner", "target")  # the HMPPS table, in order
MIN_COLUMNS, MAX_COLUMNS = 4, 8
_MAX_LABEL_WORDS = 16


@dataclass(frozen=True)
class TableLayout:
    """Which column of the table holds what: `roles` maps a role ("owner") to its cell index.

    >>> layout = header_layout(["Ref No", "Area requiring improvement", "Action required", "Lead officer"])
    >>> layout.roles, layout.width, layout.has("status")
    ({'ref': 0, 'recommendation': 1, 'action': 2, 'owner': 3}, 4, False)
    """

    roles: dict[str, int]
    width: int

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_classic(self) -> bool:
        """The HMPPS six-column table in its usual order (read with `align_row`'s repairs)."""
        return tuple(sorted(self.roles, key=self.roles.__getitem__)) == CLASSIC


def column_role(label: str) -> str | None:
    """What a header label means, or None.

    >>> column_role("Planned completion date"), column_role("Progress against agreed action"), column_role("Notes")
    ('target', 'progress', None)
    """
    text = collapse_spaces(strip_tags(label)).lower()
    return next((role for role, pattern in COLUMN_ROLES if re.search(pattern, text)), None)


def read_header(cells: Sequence[str]) -> tuple[TableLayout | None, str | None]:
    """A row read as the table's header: (its layout, None), (None, why it cannot be the header)
    when it looks like one, or (None, None) when it does not.

    >>> read_header(["Ref No", "Issue", "Proposal", "Lead officer"])[1]
    "no recommendation or action column (unknown: 'Issue', 'Proposal')"
    >>> read_header(["Term", "Definition", "Additional comment"])
    (None, None)
    """
    labels = {i: collapse_spaces(strip_tags(c)) for i, c in enumerate(cells) if c.strip()}
    if not MIN_COLUMNS - 1 <= len(labels) <= MAX_COLUMNS or any(
        len(label.split()) > _MAX_LABEL_WORDS for label in labels.values()
    ):
        return None, None
    roles: dict[str, int] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for i, label in labels.items():
        role = column_role(label)
        if role is None:
            unknown.append(label)
        elif role in roles:
            repeated.append(label)
        else:
            roles[role] = i
    if len(roles) < 2 or not ({"ref", "recommendation"} & set(roles)):
        return None, None  # not a header row at all
    problems = []
    if not ({"recommendation", "action"} & set(roles)):
        problems.append("no recommendation or action column")
    if len(labels) < MIN_COLUMNS:
        problems.append(f"{len(labels)} columns (an action plan has {MIN_COLUMNS} to {MAX_COLUMNS})")
    if unknown:
        problems.append(f"unknown: {', '.join(map(repr, unknown))}")
    if repeated:
        problems.append(f"repeated: {', '.join(map(repr, repeated))}")
    if problems:
        return None, (f"{problems[0]} ({'; '.join(problems[1:])})" if len(problems) > 1 else problems[0])
    return TableLayout(roles, max(labels) + 1), None


def header_layout(cells: Sequence[str]) -> TableLayout | None:
    """The layout of a header row, or None when the row is not a header the archive can read."""
    return read_header(cells)[0]


@dataclass(frozen=True)
class TableRow:
    """One body row, its cells by meaning ('' where the row, or the table, has none)."""

    ref: str = ""
    recommendation: str = ""
    status: str = ""
    action: str = ""
    owner: str = ""
    agency: str = ""
    target: str = ""
    progress: str = ""
    rag: str = ""


def fit_row(layout: TableLayout, cells: Sequence[str]) -> TableRow:
    """A body row's cells by meaning, taken from the header's own column positions.

    The HMPPS table in its usual order keeps `align_row`'s repairs for text extractions that
    lose or split cells. Any other layout reads each cell at its header's position: a short row
    lost its leading empty cells (padded on the left), a long row's surplus empty cells go first
    and any text beyond the last column joins the last column (so nothing is lost).

    >>> layout = header_layout(["No.", "Recommendation", "Action", "By whom", "By when", "RAG"])
    >>> fit_row(layout, ["", "", "Hold a panel.", "YJS Manager", "May 2026", "Amber"]).rag
    'Amber'
    """
    if layout.is_classic:
        aligned = align_row(cells)
        return TableRow(**dict(zip(CLASSIC, aligned, strict=True)))
    fitted = list(cells)
    while len(fitted) > layout.width and "" in [c.strip() for c in fitted]:
        del fitted[max(j for j, c in enumerate(fitted) if not c.strip())]
    if len(fitted) > layout.width:
        fitted[layout.width - 1 :] = ["  ".join(fitted[layout.width - 1 :])]
    fitted = [""] * (layout.width - len(fitted)) + fitted
    return TableRow(**{role: fitted[i] for role, i in layout.roles.items()})


# --- one classification of rows, for the parser and the coverage check --------------------


def lead_in_row(cells: Sequence[str], layout: TableLayout) -> str | None:
    """The addressee of a row that only names who must act: `The YOT Management Board should:`,
    alone in the recommendation column (or across the table, read into its first cell). A lead-in
    in the action column ("Managers must:") introduces an action instead, and a short row (an
    extraction that lost cells) cannot show which column it was in.

    >>> layout = header_layout(["Ref No", "Recommendation", "Action", "Lead officer"])
    >>> lead_in_row(["", "The YJS Manager should:", "", ""], layout), lead_in_row(["", "The CRC should: act", "", ""], layout)
    ('The YJS Manager', None)
    >>> lead_in_row(["", "", "Managers must:", ""], layout), lead_in_row(["Managers must:"], layout)
    (None, None)
    """
    filled = [i for i, c in enumerate(cells) if c.strip()]
    if len(filled) != 1 or len(cells) < layout.width or filled[0] not in (0, layout.roles.get("recommendation")):
        return None
    m = LEAD_IN.fullmatch(collapse_spaces(strip_tags(cells[filled[0]])) + " ")
    return m["who"] if m else None


_KEY = re.compile(
    r"^\W*(?:(?:rag|rating|status)\s+)*(?:key|legend)\b|^\W*(?:red|amber|green|blue|complete(?:d)?)\s*[-–:=(]", re.I
)


def is_key(cells: Sequence[str]) -> bool:
    """Whether text outside the table is its key or legend ("Key: Red – not started; …", "RAG
    key", a line defining one rating), which explains the table and is no part of it.

    >>> is_key(["RAG key: Red – off track"]), is_key(["Green – on track"]), is_key(["Recommendation 5 follows."])
    (True, True, False)
    """
    return bool(_KEY.match(collapse_spaces(strip_tags(" ".join(cells)))))


def classify_row(cells: Sequence[str], layout: TableLayout) -> str:
    """What a row of the table body is: `blank`, `header` (repeated), `summary` (a summary-table
    row or its heading), `section` (`Recommendations for …`), `lead-in` (`The YJS Manager should:`)
    or `body`."""
    if is_blank(cells):
        return "blank"
    if summary_entry(cells) or is_summary_heading(cells):
        return "summary"
    if section_addressee(cells):
        return "section"
    if lead_in_row(cells, layout):
        return "lead-in"
    if header_layout(cells) == layout:
        return "header"
    return "body"
