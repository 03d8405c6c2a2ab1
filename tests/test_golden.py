"""Golden tests: each real plan's whole parse, as reviewed by eye, kept in tests/golden/<source>.yml;
and each fixture plan in another layout (tests/fixtures/plans/: youth justice, thematic, reordered
columns) in tests/golden/fixtures/<name>.yml.

Run `pytest --update-goldens` after a deliberate parser change, then read the diff line by line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from probation_archive.pipeline import read_plan
from probation_archive.themes import Theme

from .conftest import GOLDEN, REAL_SOURCES, ROOT, published_record

FIXTURE_PLANS = sorted((ROOT / "tests" / "fixtures" / "plans").glob("*.txt"))


@pytest.mark.parametrize(
    "source", REAL_SOURCES + FIXTURE_PLANS, ids=lambda p: p.stem if p in REAL_SOURCES else f"fixtures/{p.stem}"
)
def test_parse_matches_golden(source: Path, themes: tuple[Theme, ...], update_goldens: bool) -> None:
    assert read_plan(source)[1].missing == (), "nothing lost"
    record = published_record(source, themes)
    golden = GOLDEN / f"{source.stem}.yml" if source in REAL_SOURCES else GOLDEN / "fixtures" / f"{source.stem}.yml"
    text = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=110)
    if update_goldens or not golden.exists():
        golden.write_text(text, encoding="utf-8")
        if not update_goldens:
            pytest.fail(f"{golden.name} did not exist; written now — review it and commit it")
    assert record == yaml.safe_load(golden.read_text(encoding="utf-8"))


def test_every_real_plan_has_a_golden() -> None:
    assert REAL_SOURCES, "source_plans/ holds no plan"
    assert [p.stem for p in REAL_SOURCES if not (GOLDEN / f"{p.stem}.yml").exists()] == []
    assert sorted(p.stem for p in (GOLDEN / "fixtures").glob("*.yml")) == [p.stem for p in FIXTURE_PLANS]


# Plans as councils publish them, in the other formats (a Word document, web pages): their whole parse,
# reviewed by eye, in tests/golden/formats/<file>.yml (the rows each reader gives are in tests/golden/readers/).
FORMAT_PLANS = [
    ROOT / "tests" / "fixtures" / "docx" / "council-merged.docx",
    ROOT / "tests" / "fixtures" / "html" / "block-plan.html",
    ROOT / "tests" / "fixtures" / "html" / "table-plan.html",
]


@pytest.mark.parametrize("source", FORMAT_PLANS, ids=lambda p: p.name)
def test_word_and_web_page_plans_parse_whole_to_their_goldens(
    source: Path, themes: tuple[Theme, ...], update_goldens: bool
) -> None:
    coverage = read_plan(source)[1]
    assert coverage.missing == () and coverage.found == coverage.total > 0, "every word reaches the archive"
    record = published_record(source, themes)
    golden = GOLDEN / "formats" / f"{source.name}.yml"
    text = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=110)
    if update_goldens or not golden.exists():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
        if not update_goldens:
            pytest.fail(f"{golden.name} did not exist; written now — review it and commit it")
    assert record == yaml.safe_load(golden.read_text(encoding="utf-8"))
