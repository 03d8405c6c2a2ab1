"""Per-behaviour golden cases: a few table rows in, the parsed records and warnings (or the error) out.

One small YAML file per behaviour in tests/cases/parse/: `about` says what it shows, `rows` are the
table's rows with cells separated by " | " (`HEADER` stands for the HMPPS six-column header row; a
case in another layout gives its own header row),
and `output` is what the parser makes of them — written by `pytest --update-goldens` (pytest-golden),
then reviewed by eye. A heuristic ships with the case that shows where it must *not* fire.
"""

from __future__ import annotations

import pytest

from probation_archive.model import Action, Plan, SourceError
from probation_archive.parse import parse_plan
from probation_archive.read_text import rows_from_text

HEADINGS = [
    "Action Plan Submitted: 3 March 2021",
    "A Response to the HMI Probation Inspection: Somewhere and Elsewhere Community Rehabilitation Company",
    "Report Published: 1 February 2021",
    "ACTION PLAN: Somewhere and Elsewhere CRC",
]
HEADER = "\t".join(
    [
        "1. Rec No",
        "2. Recommendation",
        "3. Agreed/ Partly Agreed/ Not Agreed",
        "4. Response Action Taken/Planned",
        "5. Responsible Owner",
        "6. Target Date",
    ]
)


def table_text(rows: list[str]) -> str:
    """The case's rows as a text extraction: headings, then one line per row, cells tab-separated."""
    lines = [HEADER if row == "HEADER" else "\t".join(cell.strip() for cell in row.split(" | ")) for row in rows]
    return "\n".join([*HEADINGS, *lines]) + "\n"


def action_outcome(action: Action) -> dict[str, object]:
    """An action's fields; `ref`, `agency`, `progress` and `rag` only where the table has them."""
    target = action.target
    extra = {"ref": action.ref, "agency": action.agency, "progress": action.progress, "rag": action.rag}
    return {
        "text": action.text,
        "owner": action.owner,
        "target": target.text if target else None,
        "status": target.status if target else None,
        **{key: value for key, value in extra.items() if value is not None},
    }


def outcome(plan: Plan) -> dict[str, object]:
    """What a case checks: every recommendation's fields that a heuristic decides, and the warnings."""
    return {
        "recommendations": [
            {
                "number": rec.number,
                "addressee": rec.addressee,
                "text": rec.text,
                "status": rec.status,
                "repeated": rec.repeated,
                **({"ref": rec.ref} if rec.ref else {}),
                "actions": [action_outcome(a) for a in rec.actions],
            }
            for rec in plan.recommendations
        ],
        "warnings": [str(w) for w in plan.warnings],
    }


@pytest.mark.golden_test("cases/parse/*.yml")
def test_parse_case(golden) -> None:  # type: ignore[no-untyped-def]
    rows = rows_from_text(table_text(golden["rows"]))
    try:
        result: dict[str, object] = outcome(parse_plan(rows, "case.txt", "0" * 64))
    except SourceError as error:
        result = {"error": error.reason}
    assert result == golden.out["output"]
