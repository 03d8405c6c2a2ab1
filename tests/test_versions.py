"""Versions of one plan (versions.py): the Wessex fixtures (tests/fixtures/plans/) as text and as PDF —
a first plan, its progress update (same inspection, one recommendation reworded) and a new inspection of
the same provider, which is not a version — and what the archive publishes of them."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from probation_archive.gather import assign_slugs
from probation_archive.model import Origin, Plan
from probation_archive.pipeline import read_plan
from probation_archive.site import content_files
from probation_archive.themes import Theme, assign_plan_themes
from probation_archive.versions import find_versions, match_recommendation

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
NAMES = ["hmpps-reordered", "wessex-progress-update", "wessex-new-inspection"]
FIRST, UPDATE, NEW = "wessex-crc-2026-05", "wessex-crc-2026-11", "wessex-crc-2028-04"


def wessex(kind: str, themes: tuple[Theme, ...]) -> list[Plan]:
    folder = FIXTURES / "plans" if kind == "txt" else FIXTURES / "pdf" / "plans"
    plans, _ = assign_slugs([read_plan(folder / f"{name}.{kind}")[0] for name in NAMES])
    return [assign_plan_themes(p, themes) for p in plans]


@pytest.mark.parametrize("kind", ["txt", "pdf"])
def test_an_update_of_the_same_inspection_is_a_version_and_a_new_inspection_is_not(
    kind: str, themes: tuple[Theme, ...]
) -> None:
    plans = wessex(kind, themes)
    assert sorted(p.slug for p in plans) == [FIRST, UPDATE, NEW]
    versions = find_versions(plans)
    assert versions.updates == {UPDATE: FIRST}
    assert versions.family(FIRST) == versions.family(UPDATE) == (FIRST, UPDATE)
    assert versions.family(NEW) == (NEW,)
    assert versions.updated_by(FIRST) == [UPDATE]
    assert [versions.is_latest(s) for s in (FIRST, UPDATE, NEW)] == [False, True, True]
    update = next(p for p in plans if p.slug == UPDATE)
    assert update.version_note == "Progress update: November 2026"


def test_a_reworded_recommendation_is_matched_and_a_different_one_is_not(themes: tuple[Theme, ...]) -> None:
    first, update, _ = sorted(wessex("txt", themes), key=lambda p: p.slug)
    reworded = update.recommendations[0]
    assert reworded.text != first.recommendations[0].text
    assert match_recommendation(reworded, first) == first.recommendations[0]
    # the same reference with another ask is not the same recommendation
    other = replace(reworded, text="Recruit more administrative staff to answer the telephones.")
    assert match_recommendation(other, first) is None


def test_a_heading_that_says_update_or_the_sources_file_makes_a_version(themes: tuple[Theme, ...]) -> None:
    first, _, new = sorted(wessex("txt", themes), key=lambda p: p.slug)
    # another report date, but the heading says it is a progress update: it updates the latest earlier plan
    noted = replace(new, version_note="Version 2 – progress at April 2028")
    assert find_versions([first, noted]).updates == {NEW: FIRST}
    # the sources file's `updates: <file>` says so, whatever the dates
    marked = replace(new, origin=Origin(updates=first.source))
    assert find_versions([first, marked]).updates == {NEW: FIRST}
    assert find_versions([first, new]).updates == {}


def test_the_archive_publishes_versions_on_pages_and_in_plans_json(themes: tuple[Theme, ...]) -> None:
    files = content_files(wessex("txt", themes), themes, "https://example.org/")
    records = {p["id"]: p for p in json.loads(files["data/plans.json"])["plans"]}
    assert (records[FIRST]["updates"], records[FIRST]["updated_by"]) == (None, [UPDATE])
    assert (records[UPDATE]["updates"], records[UPDATE]["updated_by"]) == (FIRST, [])
    assert (records[NEW]["updates"], records[NEW]["updated_by"]) == (None, [])
    # versions are never "related" to each other
    for rec in records[UPDATE]["recommendations"]:
        assert not any(r["url"].startswith(f"plans/{FIRST}/") for r in rec["related"])
    first_page, update_page = files[f"plans/{FIRST}.md"], files[f"plans/{UPDATE}.md"]
    assert "<strong>Version 1 of 2</strong> of this plan." in first_page
    assert "A later version, November 2026</a>, reports 2 more targets completed" in first_page
    assert "<strong>Version 2 of 2</strong> of this plan (Progress update: November 2026)." in update_page
    assert "An earlier version, May 2026</a>, reported 2 fewer targets completed" in update_page
    assert "plan-versions" not in files[f"plans/{NEW}.md"] and "version-timeline" not in files[f"plans/{NEW}.md"]
    # the reworded recommendation's timeline: planned in May, completed in November, linked both ways
    assert (
        '<li><a href="../wessex-crc-2026-05/#rec-1-1"><span class="when">May 2026</span></a> (reworded): 2 planned</li>'
        '<li aria-current="true"><a href="./#rec-1-1"><span class="when">November 2026</span></a>: 2 completed</li>'
    ) in update_page


def test_permalinks_of_versions_never_depend_on_each_other(themes: tuple[Theme, ...]) -> None:
    """Each version keeps the slug it would have alone: provider and month (same-month clashes: gather.py's rule)."""
    for plan in wessex("txt", themes):
        [alone], _ = assign_slugs([replace(plan, slug="")])
        assert alone.slug == plan.slug


def test_hub_counts_use_each_plans_latest_version_and_say_so(themes: tuple[Theme, ...]) -> None:
    files = content_files(wessex("txt", themes), themes, "https://example.org/")
    # the provider has three plans; the first is superseded by its update, so 4 + 4 recommendations are counted
    provider = files["providers/wessex-crc.md"]
    words = re.sub(r"<[^>]+>", "", provider)  # the counts are links to their rows: read their words
    assert "3 action plans · 8 recommendations (latest versions):" in words
    assert '<a class="count-link" data-unit="plans" href="../../explorer/?provider=wessex-crc">3</a>' in provider
    assert "1 earlier version of plans, superseded by a later update, is not counted" in provider
    assert "explorer/?provider=wessex-crc&amp;version=latest" in provider
    assert "<li>2 action plans (latest versions)</li>" in re.sub(r"<(?!/?li\b)[^>]+>", "", files["index.md"])
    assert '<a class="count-link" data-unit="plans" href="explorer/?version=latest">2</a>' in files["index.md"]
    facets = json.loads(files["data/explorer-facets.json"])
    assert dict(zip(facets["plans"]["slug"], facets["plans"]["latest"], strict=True)) == {FIRST: 0, UPDATE: 1, NEW: 1}
    assert '<option value="latest">Latest version of each plan</option>' in files["explorer.md"]


def test_a_superseded_versions_targets_never_count_as_passed(themes: tuple[Theme, ...]) -> None:
    """The explorer's "Target date passed" filter reads `recs.due`: the first month an open target passes,
    only for a plan's latest version (the first Wessex plan's targets are answered by its update)."""
    files = content_files(wessex("txt", themes), themes, "https://example.org/")
    facets = json.loads(files["data/explorer-facets.json"])
    due = iter(month and facets["due_from"] + month for month in facets["recs"]["due"])
    by_plan = {
        slug: [next(due) for _ in range(n)]
        for slug, n in zip(facets["plans"]["slug"], facets["plans"]["recs"], strict=True)
    }
    assert by_plan[FIRST] == [0, 0, 0, 0]  # superseded: its planned July 2026 targets are the update's to report
    assert by_plan[UPDATE] == [0, 0, 2027 * 12 + 3, 0]  # only 2.1 (March 2027) is open: passes in April 2027
    assert by_plan[NEW] == [2028 * 12 + 7, 0, 2029 * 12 + 3, 0]  # 1.1's first open target: July 2028
    assert '<option value="passed">Target date passed; no later update in this archive</option>' in files["explorer.md"]
