"""Nothing lost: check that every word of a source's action-plan table reaches the output.

Structural rows (the header, section rows such as "Recommendations for HM Prison and
Probation Service", the summary table) and addressee lead-ins ("The CRC should:") are
accounted for by the fields they set; every other word must appear in a recommendation,
an action, an owner, a target, or a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .model import Plan, Row
from .normalise import strip_tags, words
from .parse import LEAD_IN
from .table import (
    REC_TEXT,
    align_row,
    cells_of,
    header_columns,
    is_blank,
    is_summary_heading,
    section_addressee,
    summary_entry,
)


@dataclass(frozen=True)
class Coverage:
    found: int
    total: int
    missing: tuple[str, ...]

    @property
    def ratio(self) -> float:
        return self.found / self.total if self.total else 1.0


def table_words(rows: Sequence[Row]) -> set[str]:
    """The words of the body of the action-plan table, structural rows left out."""
    found: set[str] = set()
    in_table = False
    for row in rows:
        cells = cells_of(row)
        if not in_table:
            in_table = header_columns(cells) is not None
            continue
        if (
            is_blank(cells)
            or summary_entry(cells)
            or is_summary_heading(cells)
            or section_addressee(cells)
            or header_columns(cells)
        ):
            continue
        aligned = align_row(cells)
        aligned[REC_TEXT] = LEAD_IN.sub("", strip_tags(aligned[REC_TEXT]))
        for cell in aligned:
            found.update(words(cell))
    return found


def output_words(plan: Plan) -> set[str]:
    """Every word the plan's published record holds, warnings included."""
    texts = [plan.provider.name, plan.provider.short_name, *map(str, plan.warnings)]
    for rec in plan.recommendations:
        texts += [rec.addressee, rec.text, rec.rationale, rec.status or ""]
        for action in rec.actions:
            texts += [action.text, action.owner, action.target.text]
    return {w for text in texts for w in words(text)}


def check_coverage(rows: Sequence[Row], plan: Plan) -> Coverage:
    """How many of the table's distinct words reach the output, and which do not."""
    source = table_words(rows)
    missing = sorted(source - output_words(plan))
    return Coverage(found=len(source) - len(missing), total=len(source), missing=tuple(missing))
