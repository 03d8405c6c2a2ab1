"""What passed its date without a word (#18): the "Target dates passed" page's fixed HTML and its data,
each provider's action owners for the explorer, and the provider page's line, checked against the plans'
own targets (the Wessex fixtures: a plan, its progress update and a new inspection; and the real plans)."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict

import pytest

from probation_archive.archive import Archive
from probation_archive.model import Plan
from probation_archive.normalise import slugify
from probation_archive.pages.overdue import DATA_PATH, month_number, overdue_json, owners_file, provider_owners
from probation_archive.pages.plan import due_after
from probation_archive.site import content_files, parse_sources
from probation_archive.themes import Theme
from probation_archive.versions import find_versions

from .conftest import SOURCE_PLANS
from .test_versions import FIRST, NEW, UPDATE, wessex

APRIL_2027, AUGUST_2028, OCTOBER_2028, APRIL_2029 = (
    month_number(m) for m in ("2027-04", "2028-08", "2028-10", "2029-04")
)


@pytest.fixture(scope="module")
def wessex_files(themes: tuple[Theme, ...]) -> dict[str, str]:
    return content_files(wessex("txt", themes), themes, "https://example.org/")


def owner_months(file: dict) -> Counter[tuple[str, int]]:  # type: ignore[type-arg]
    """(owner, month its own target passes) -> recommendations, read from an owners.json as overdue.js reads it."""
    names = [o["slug"] for o in file["owners"]]
    return Counter(
        (names[row[i]], row[i + 1])
        for rows in file["plans"].values()
        for row in rows
        for i in range(0, len(row), 2)
        if row[i + 1]
    )


def test_the_groups_hold_the_months_each_recommendation_of_a_latest_version_starts_to_pass(
    wessex_files: dict[str, str],
) -> None:
    """The first plan is superseded by its update (its targets are the update's to report); completed targets
    never pass; a recommendation counts under each owner whose own target passes, from that owner's month."""
    data = json.loads(wessex_files[DATA_PATH])
    assert data == {
        "explorer": "explorer/",
        "providers": [
            {
                "slug": "wessex-crc",
                "name": "Wessex Community Rehabilitation Company",
                "url": "providers/wessex-crc/",
                "owners": "data/providers/wessex-crc/owners.json",
                "due": [APRIL_2027, 1, AUGUST_2028, 1, APRIL_2029, 1],  # 2.1 of the update; 1.1 and 2.1 of the new plan
            }
        ],
    }
    assert owner_months(json.loads(wessex_files[data["providers"][0]["owners"]])) == {
        ("chief-executive", APRIL_2027): 1,
        ("chief-executive", APRIL_2029): 1,
        ("head-of-quality", AUGUST_2028): 1,
        ("quality-lead", OCTOBER_2028): 1,  # its own target (September 2028), not 1.1's first
    }  # Head of Court Services: every target stated completed


def test_a_providers_owners_file_follows_the_explorers_numbering(wessex_files: dict[str, str]) -> None:
    facets = json.loads(wessex_files["data/explorer-facets.json"])
    [provider] = facets["providers"]
    path = facets["owners"].replace("{slug}", provider["slug"])  # as explorer.js names the file
    assert path == owners_file("wessex-crc") == "data/providers/wessex-crc/owners.json"
    file = json.loads(wessex_files[path])
    names = [o["slug"] for o in file["owners"]]
    assert names == ["chief-executive", "head-of-court-services", "head-of-quality", "quality-lead"]
    recs = dict(zip(facets["plans"]["slug"], facets["plans"]["recs"], strict=True))
    assert {slug: len(rows) for slug, rows in file["plans"].items()} == recs
    owner = {slug: [[names[n] for n in row[::2]] for row in rows] for slug, rows in file["plans"].items()}
    assert (
        owner[FIRST]
        == owner[UPDATE]
        == [["head-of-quality", "quality-lead"], ["head-of-court-services"], ["chief-executive"], []]
    )
    assert file["plans"][FIRST][2] == [0, 0]  # superseded: never passes
    assert file["plans"][UPDATE][2] == [0, APRIL_2027]
    assert file["plans"][NEW][0] == [2, AUGUST_2028, 3, OCTOBER_2028]


def test_the_page_is_fixed_html_that_says_what_it_needs_without_a_script(wessex_files: dict[str, str]) -> None:
    page = wessex_files["overdue.md"]
    assert 'data-overdue="../data/overdue.json"' in page
    assert "target date passed; no later update in this archive" in page
    assert not re.search(r"\b(fail\w*|late|missed)\b", page, re.IGNORECASE)  # neutral words only
    assert "<noscript><p>This view needs your browser to know today's date" in page
    assert 'href="../explorer/?overdue=passed"' in page
    assert "target dates passed" in wessex_files["index.md"] and "(overdue.md)" in wessex_files["index.md"]


def test_the_provider_page_carries_its_months_for_the_browser_to_count(wessex_files: dict[str, str]) -> None:
    page = wessex_files["providers/wessex-crc.md"]
    assert (
        f'<p class="overdue-count" data-due="{APRIL_2027} 1 {AUGUST_2028} 1 {APRIL_2029} 1" '
        'data-href="../../explorer/?provider=wessex-crc&amp;overdue=passed" hidden></p>'
    ) in page


def expected_groups(archive: Archive) -> tuple[Counter[tuple[str, int]], Counter[tuple[str, str, int]]]:
    """Straight from the plans: (provider, month) and (provider, owner, month) -> recommendations."""
    providers: Counter[tuple[str, int]] = Counter()
    owners: Counter[tuple[str, str, int]] = Counter()
    for plan in archive.latest_plans():
        for rec in plan.recommendations:
            months: dict[str, list[int]] = defaultdict(list)
            for action in rec.actions:
                month = due_after(action.target) if action.target else None
                months[slugify(" ".join((action.owner or "").split()))].append(month_number(month) if month else 0)
            firsts = [m for ms in months.values() for m in ms if m]
            if firsts:
                providers[(plan.provider.slug, min(firsts))] += 1
            for owner, ms in months.items():
                if owner and any(ms):
                    owners[(plan.provider.slug, owner, min(m for m in ms if m))] += 1
    return providers, owners


def flat(due: list[int]) -> list[tuple[int, int]]:
    return list(zip(due[::2], due[1::2], strict=True))


def test_the_real_plans_groups_agree_with_their_targets(themes: tuple[Theme, ...]) -> None:
    plans: list[Plan] = parse_sources(SOURCE_PLANS).plans
    archive = Archive(tuple(plans), themes, versions=find_versions(plans))
    data = json.loads(overdue_json(archive))
    providers, owners = expected_groups(archive)
    got_providers = Counter({(p["slug"], m): n for p in data["providers"] for m, n in flat(p["due"])})
    assert got_providers == providers and sum(providers.values()) > 10
    got_owners: Counter[tuple[str, str, int]] = Counter()
    for slug, provider_plans in archive.providers().items():
        file = json.loads(json.dumps(provider_owners(archive, slug)))
        assert sum(map(len, file["plans"].values())) == sum(len(p.recommendations) for p in provider_plans)
        got_owners.update({(slug, owner, month): n for (owner, month), n in owner_months(file).items()})
    assert got_owners == owners and len({k[1] for k in owners}) > 10
