"""Shared fixtures. `pytest --update-goldens` (pytest-golden's option) rewrites the expected parses in
tests/golden/ and the expected outputs of the per-behaviour cases in tests/cases/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings

from probation_archive.gather import assign_slugs
from probation_archive.pipeline import read_plan
from probation_archive.publish.open_data import plan_record
from probation_archive.themes import Theme, assign_plan_themes, load_themes

ROOT = Path(__file__).resolve().parent.parent
SOURCE_PLANS = ROOT / "source_plans"
REAL_SOURCES = sorted(SOURCE_PLANS.glob("*.txt"))
GOLDEN = ROOT / "tests" / "golden"
ERROR_CASES = sorted((ROOT / "tests" / "cases" / "errors").glob("*.yml"))

# Property tests check what is generated, never how fast: on a loaded 2-core machine Hypothesis's
# timing health checks and deadlines fail at random, so they are off for every test.
settings.register_profile("archive", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("archive")


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real archive built once for the whole test session: `<root>/content` and `<root>/site`,
    MkDocs in strict mode (any MkDocs warning is a failure). Tests only read it."""
    from probation_archive.site import run

    root = tmp_path_factory.mktemp("built")
    report = run(SOURCE_PLANS, root / "content", root / "site", strict=True)
    assert report.failures == []
    return root


@pytest.fixture(scope="session")
def themes() -> tuple[Theme, ...]:
    return load_themes()


def published_record(path: Path, themes: tuple[Theme, ...]) -> dict[str, object]:
    """One source's plans.json entry as the build publishes it alone: parsed, slugged, themed."""
    plan, _ = read_plan(path)
    [plan], _ = assign_slugs([plan])
    return plan_record(assign_plan_themes(plan, themes))


def golden_records() -> list[dict]:
    """The reviewed parse of every real plan (tests/golden/<source>.yml), in source order: what
    tests compare counts with, so that adding a plan (and its golden) breaks no assertion."""
    return [yaml.safe_load((GOLDEN / f"{p.stem}.yml").read_text(encoding="utf-8")) for p in REAL_SOURCES]


def golden_total(key: str) -> int:
    """A count summed over the goldens: `golden_total("total")` recommendations, `"actions"`…"""
    return sum(record["counts"][key] for record in golden_records())


# --- the per-behaviour cases (tests/cases/) ---------------------------------------------------

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


def table_text(rows: list[str], headings: list[str] | None = None) -> str:
    """The case's rows as a text extraction: headings (the ones every case shares, unless the case
    gives its own), then one line per row, cells tab-separated (" | " in a case)."""
    lines = [
        HEADER if row == "HEADER" else "\t".join(cell.strip() for cell in row.split(" | "))
        for row in [*(HEADINGS if headings is None else headings), *rows]
    ]
    return "\n".join(lines) + "\n"


def error_input(case: Any, folder: Path) -> Path:
    """An error case's bad input as a file: its `source` (a path under tests/) where it is, or its
    inline content written into `folder` under its `file` name: `text` as it is (" | " stands for
    the tab between two cells), or `rows` after the headings every case shares (`table_text`)."""
    if source := case.get("source"):
        return ROOT / "tests" / source
    rows = case.get("rows")
    text = table_text(rows, case.get("headings")) if rows is not None else case["text"].replace(" | ", "\t")
    path = folder / case["file"]
    path.write_bytes(text.encode("utf-8"))
    return path


def error_cases() -> list[dict[str, Any]]:
    """Every error case (tests/cases/errors/*.yml), in file name order."""
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in ERROR_CASES]
