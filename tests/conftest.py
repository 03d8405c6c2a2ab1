"""Shared fixtures. `pytest --update-goldens` (pytest-golden's option) rewrites the expected parses in
tests/golden/ and the expected outputs of the per-behaviour cases in tests/cases/."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from probation_archive.export import plan_record
from probation_archive.gather import assign_slugs
from probation_archive.pipeline import read_plan
from probation_archive.themes import Theme, assign_plan_themes, load_themes

ROOT = Path(__file__).resolve().parent.parent
SOURCE_PLANS = ROOT / "source_plans"
REAL_SOURCES = sorted(SOURCE_PLANS.glob("*.txt"))

# Property tests check what is generated, never how fast: on a loaded 2-core machine Hypothesis's
# timing health checks and deadlines fail at random, so they are off for every test.
settings.register_profile("archive", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("archive")


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def themes() -> tuple[Theme, ...]:
    return load_themes()


def published_record(path: Path, themes: tuple[Theme, ...]) -> dict[str, object]:
    """One source's plans.json entry as the build publishes it alone: parsed, slugged, themed."""
    plan, _ = read_plan(path)
    [plan], _ = assign_slugs([plan])
    return plan_record(assign_plan_themes(plan, themes))
