"""Shared fixtures. `pytest --update-goldens` rewrites the expected parses in tests/golden/."""

from __future__ import annotations

from pathlib import Path

import pytest

from probation_archive.themes import Theme, load_themes

ROOT = Path(__file__).resolve().parent.parent
SOURCE_PLANS = ROOT / "source_plans"
REAL_SOURCES = sorted(SOURCE_PLANS.glob("*.txt"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite tests/golden/*.yml from the parser")


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def themes() -> tuple[Theme, ...]:
    return load_themes()
