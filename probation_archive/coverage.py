"""Nothing lost: check that every word of a source's action-plan table reaches the output.

Structural rows (the header, section rows such as "Recommendations for HM Prison and
Probation Service", the summary table) and addressee lead-ins ("The CRC should:") are
accounted for by the fields they set; every other word must appear in a recommendation,
an action, an owner, a target, or a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

from .model import Plan, Row
from .normalise import parse_status, strip_tags, words
from .table import LEAD_IN, cells_of, classify_row, fit_row, read_header


@dataclass(frozen=True)
class Coverage:
    found: int
    total: int
    missing: tuple[str, ...]

    @property
    def ratio(self) -> float:
        return self.found / self.total if self.total else 1.0


def table_words(rows: Sequence[Row]) -> set[str]:
    """The words of the body of the action-plan table, structural rows left out (classified
    by `table.classify_row`, as the parser classifies them)."""
    found: set[str] = set()
    layout = None
    for row in rows:
        cells = cells_of(row)
        if layout is None:
            layout = read_header(cells)[0]
            continue
        if classify_row(cells, layout) != "body" or row.where.unit == "paragraph":
            continue  # a paragraph outside the table (a key, or text the parser warns of) is no table word
        fitted = fit_row(layout, cells)
        for field in fields(fitted):
            text = getattr(fitted, field.name)
            if field.name == "status" and parse_status(text):
                continue  # accounted for by the status it sets ("Accepted" is `agreed`)
            found.update(words(LEAD_IN.sub("", strip_tags(text)) if field.name == "recommendation" else text))
    return found


def output_words(plan: Plan) -> set[str]:
    """Every word the plan's published record holds, warnings included."""
    texts = [plan.provider.name, plan.provider.short_name, *map(str, plan.warnings)]
    texts += [plan.inspection.title] if plan.inspection else []
    for rec in plan.recommendations:
        texts += [rec.addressee, rec.text, rec.rationale, rec.status or ""]
        for action in rec.actions:
            texts += [action.text, action.owner or "", action.target.text if action.target else ""]
            texts += [action.ref or "", action.agency or "", action.progress or "", action.rag or ""]
    return {w for text in texts for w in words(text)}


def check_coverage(rows: Sequence[Row], plan: Plan) -> Coverage:
    """How many of the table's distinct words reach the output, and which do not."""
    source = table_words(rows)
    missing = sorted(source - output_words(plan))
    return Coverage(found=len(source) - len(missing), total=len(source), missing=tuple(missing))
