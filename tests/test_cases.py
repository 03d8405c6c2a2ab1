"""Per-behaviour golden cases: a few table rows in, the parsed records and warnings (or the error) out;
and one case per bad input, with the one line the build reports for it.

One small YAML file per behaviour in tests/cases/parse/: `about` says what it shows, `rows` are the
table's rows with cells separated by " | " (`HEADER` stands for the HMPPS six-column header row; a
case in another layout gives its own header row), after the headings every case shares — or after the
case's own `headings` (the lines above the table), when what it shows is how headings are read: its
output is then the plan's provider, council, inspection, fieldwork and dates, and its warnings —
and `output` is what the parser makes of them — written by `pytest --update-goldens` (pytest-golden),
then reviewed by eye. A heuristic ships with the case that shows where it must *not* fire.

One YAML file per bad input in tests/cases/errors/: `about` says what it is, the input is a file
(`source`, a path under tests/) or inline (`file`, its name, and `text` or `rows`, as `error_input`
reads them), and `output` is the build's one-line report for it, naming the file and the reason —
written by `--update-goldens` too. The hostile build (test_hostile.py) builds every one of them beside
the real plans and expects exactly these lines.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from probation_archive.model import Action, Plan, SourceError
from probation_archive.parse import parse_plan
from probation_archive.pipeline import parse_source
from probation_archive.read_text import rows_from_text

from .conftest import error_input, table_text


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


def headings_outcome(plan: Plan) -> dict[str, object]:
    """What a headings case checks: who the plan is from, what it answers, when, and the warnings."""
    return {
        "provider": {k: v for k, v in asdict(plan.provider).items() if k != "council"},  # council: below
        "council": plan.provider.council or None,
        "inspection": {"kind": plan.inspection.kind, "title": plan.inspection.title} if plan.inspection else None,
        "fieldwork": [plan.inspection.fieldwork_start, plan.inspection.fieldwork_end]
        if plan.inspection and plan.inspection.fieldwork_start
        else None,
        "published": plan.published,
        "submitted": plan.submitted,
        "warnings": [str(w) for w in plan.warnings],
    }


@pytest.mark.golden_test("cases/parse/*.yml")
def test_parse_case(golden) -> None:  # type: ignore[no-untyped-def]
    assert golden["about"].strip()
    headings = golden.get("headings")
    rows = rows_from_text(table_text(golden["rows"], headings))
    try:
        plan = parse_plan(rows, "case.txt", "0" * 64)
        result: dict[str, object] = outcome(plan) if headings is None else headings_outcome(plan)
    except SourceError as error:
        result = {"error": error.reason}
    assert result == golden.out["output"]


@pytest.mark.golden_test("cases/errors/*.yml")
def test_error_case(golden, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert golden["about"].strip()
    failure = parse_source(error_input(golden, tmp_path)).failure
    assert failure is not None and failure.kind == "source"  # the file's own fault, never a bug of ours
    assert "\n" not in str(failure)
    assert str(failure) == golden.out["output"]
