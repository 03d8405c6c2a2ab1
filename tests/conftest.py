"""Shared fixtures. `pytest --update-goldens` (pytest-golden's option) rewrites the expected parses in
tests/golden/ and the expected outputs of the per-behaviour cases in tests/cases/."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, settings

from probation_archive.export import plan_record
from probation_archive.gather import assign_slugs
from probation_archive.pipeline import read_plan
from probation_archive.themes import Theme, assign_plan_themes, load_themes

ROOT = Path(__file__).resolve().parent.parent
SOURCE_PLANS = ROOT / "source_plans"
REAL_SOURCES = sorted(SOURCE_PLANS.glob("*.txt"))
GOLDEN = ROOT / "tests" / "golden"

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
