"""The explorer's data: facets that agree with the parsed records, fragments, the first
screen; theme and provider pages that stay small; a build that skips MkDocs when nothing changed."""

from __future__ import annotations

import dataclasses
import datetime
import html
import json
import re
import shutil
from pathlib import Path

import pytest

from probation_archive.archive import Archive, newest_recommendations_first
from probation_archive.model import Provider
from probation_archive.pages.explorer import (
    FACETS_PATH,
    PAGE_SIZE,
    STATUS_CODES,
    explorer_facets,
    first_screen,
    render_explorer_page,
    result_item,
)
from probation_archive.pages.hubs import LATEST_RECOMMENDATIONS, render_provider_page, render_theme_page
from probation_archive.present.urls import provider_download_paths
from probation_archive.publish.open_data import RECOMMENDATION_COLUMNS
from probation_archive.site import BUILD_STAMP, content_files, parse_sources, run
from probation_archive.themes import load_themes

from .conftest import SOURCE_PLANS, golden_records, golden_total


@pytest.fixture(scope="module")
def archive(themes) -> Archive:  # type: ignore[no-untyped-def]
    return Archive(tuple(parse_sources(SOURCE_PLANS).plans), themes)


@pytest.fixture(scope="module")
def big_archive(archive: Archive) -> Archive:
    """The real plans copied 80 times under 8 providers (10 plans each, one a year)."""
    plans = []
    for n in range(80):
        base = archive.plans[n % len(archive.plans)]
        provider = Provider(f"Provider {n % 8}", f"P{n % 8}", "CRC", f"provider-{n % 8}")
        submitted = f"{2000 + n // 8}-0{1 + n % 8}-15"
        slug = f"{provider.slug}-{submitted[:7]}"
        plans.append(dataclasses.replace(base, provider=provider, submitted=submitted, slug=slug))
    return Archive(tuple(sorted(plans, key=lambda p: p.slug)), archive.themes)


def test_facets_agree_with_every_recommendation(archive: Archive) -> None:
    facets = explorer_facets(archive)
    plans, recs = facets["plans"], facets["recs"]  # type: ignore[index]
    themes = [t["slug"] for t in facets["themes"]]  # type: ignore[index]
    providers = facets["providers"]  # type: ignore[index]
    assert sum(plans["recs"]) == len(recs["status"]) == len(recs["themes"]) == len(archive.recommendations())
    n = 0
    for p, plan in enumerate(archive.plans):
        assert plans["slug"][p] == plan.slug
        assert providers[plans["provider"][p]]["slug"] == plan.provider.slug
        for rec in plan.recommendations:
            assert STATUS_CODES[recs["status"][n]] == rec.status
            assert [t for bit, t in enumerate(themes) if recs["themes"][n] >> bit & 1] == [
                t for t in themes if t in rec.themes
            ]
            targets = {a.target.status if a.target else "unknown" for a in rec.actions}  # as the hub pages count
            mask = int(recs["targets"][n], 32)
            assert {t["slug"] for bit, t in enumerate(facets["targets"]) if mask >> bit & 1} == targets  # type: ignore[attr-defined]
            n += 1
    assert len(recs["targets"]) == n


def test_facets_name_each_providers_published_csv_and_the_columns_that_name_a_row(archive: Archive) -> None:
    """explorer.js downloads these rows of the published files, byte for byte (it knows no column)."""
    facets = explorer_facets(archive)
    files = content_files(archive.plans, load_themes())
    for provider in facets["providers"]:  # type: ignore[attr-defined]
        assert provider["csv"] == provider_download_paths(provider["slug"])["recommendations"]
        assert provider["csv"] in files
    assert set(facets["csv_key"]) <= set(RECOMMENDATION_COLUMNS)  # type: ignore[arg-type]


def test_facets_cost_a_few_bytes_per_recommendation(big_archive: Archive) -> None:
    text = json.dumps(explorer_facets(big_archive), separators=(",", ":"))
    per_plan = 60 + max(len(p.slug) for p in big_archive.plans)
    budget = 12 * len(big_archive.recommendations()) + per_plan * len(big_archive.plans) + 3000
    assert len(text.encode()) < budget


def test_sort_orders_are_permutations(big_archive: Archive) -> None:
    order = explorer_facets(big_archive)["plans"]["order"]  # type: ignore[index]
    plans = big_archive.plans
    for name, ranks in order.items():
        assert sorted(ranks) == list(range(len(plans))), name
    by_newest = sorted(range(len(plans)), key=lambda n: order["newest"][n])
    assert [plans[n].submitted for n in by_newest] == sorted((p.submitted for p in plans), reverse=True)
    by_provider = sorted(range(len(plans)), key=lambda n: order["provider"][n])
    assert [plans[n].provider.name for n in by_provider] == sorted(p.provider.name for p in plans)


def test_results_show_the_search_fragments_and_the_explorer_writes_none(archive: Archive) -> None:
    """The explorer's results come from the header search's per-plan fragments (numbered as its
    facets number plans): the archive writes each plan's result text once."""
    files = content_files(archive.plans, load_themes())
    assert not [path for path in files if path.startswith("data/fragments/")]
    facets = json.loads(files[FACETS_PATH])
    version = json.loads(files["search/manifest.json"])["version"]
    for number, slug in enumerate(facets["plans"]["slug"]):
        plan = next(p for p in archive.plans if p.slug == slug)
        shown = json.loads(files[f"search/{version}/fragments/{number}.json"])
        assert [r[0] for r in shown["recs"]] == [r.anchor for r in plan.recommendations]
        assert [r[3] for r in shown["recs"]] == [len(r.actions) for r in plan.recommendations]
        assert [r[1] for r in shown["recs"]] == [r.label for r in plan.recommendations]


STATUS_WORDS = {"agreed": "Agreed", "partly-agreed": "Partly agreed", "not-agreed": "Not agreed", None: "Not stated"}


def test_first_screen_is_the_newest_recommendations_in_the_html(archive: Archive) -> None:
    """The results written into the page, read back from its HTML and compared with the reviewed parses
    (the real plans are all dated, on different days): newest plan first, each plan's in its order."""
    page = render_explorer_page(archive)
    items = re.findall(r'<li><a href="([^"]+)">[^<]*</a><span class="meta">([^<]*)</span></li>', page)
    records = sorted(golden_records(), key=lambda record: record["submitted"], reverse=True)
    expected = [
        (
            f"../{rec['url']}",
            f"{record['provider']['name']} · {datetime.date.fromisoformat(record['submitted']):%-d %B %Y} · "
            f"recommendation {rec.get('ref') or rec['number']} · {STATUS_WORDS[rec['status']]} · "
            f"{len(rec['actions'])} action{'' if len(rec['actions']) == 1 else 's'}",
        )
        for record in records
        for rec in record["recommendations"]
    ][:PAGE_SIZE]
    assert [(href, html.unescape(meta)) for href, meta in items] == expected
    assert len(first_screen(archive)) == len(expected)
    assert f"{golden_total('total')} recommendations in {len(records)} plans, newest first" in page


def test_result_items_escape_source_text(archive: Archive) -> None:
    plan = archive.plans[0]
    rec = dataclasses.replace(plan.recommendations[0], text="<script>alert(1)</script> & more")
    provider = dataclasses.replace(plan.provider, name="<b>Evil</b>")
    item = result_item(dataclasses.replace(plan, provider=provider), rec, provider.name)
    assert "<script>" not in item and "<b>" not in item and "&lt;script&gt;" in item


def test_theme_and_provider_pages_stay_small(big_archive: Archive) -> None:
    theme = next(t for t in big_archive.themes if any(t.slug in r.themes for _, r in big_archive.recommendations()))
    page = render_theme_page(big_archive, theme)
    assert len(re.findall(r'<tr><td[^>]*><a href="\.\./\.\./plans/', page)) == LATEST_RECOMMENDATIONS
    assert f"../../explorer/?theme={theme.slug}" in page
    provider_page = render_provider_page(big_archive, "provider-0")
    assert provider_page.count("#rec-") == LATEST_RECOMMENDATIONS
    assert "../../explorer/?provider=provider-0" in provider_page
    total = sum(1 for _, r in big_archive.recommendations() if theme.slug in r.themes)
    assert f"See all {total} in the explorer" in page


def test_latest_recommendations_come_from_the_newest_plans(big_archive: Archive) -> None:
    pairs = newest_recommendations_first(big_archive.recommendations())
    dates = [p.submitted or "" for p, _ in pairs]
    assert dates == sorted(dates, reverse=True)


def test_a_build_with_nothing_changed_skips_mkdocs(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SOURCE_PLANS, sources)
    content, site = tmp_path / "content", tmp_path / "site"
    first = run(sources, content, site, strict=True)
    assert first.failures == [] and not first.site_up_to_date
    stamp = (site / BUILD_STAMP).read_text(encoding="utf-8")
    built = (site / "index.html").stat().st_mtime_ns
    again = run(sources, content, site, strict=True)
    assert again.site_up_to_date and (site / "index.html").stat().st_mtime_ns == built
    assert (site / BUILD_STAMP).read_text(encoding="utf-8") == stamp
    next(p for p in sorted(sources.iterdir()) if p.suffix == ".txt").unlink()
    changed = run(sources, content, site, strict=True)
    assert not changed.site_up_to_date and (site / BUILD_STAMP).read_text(encoding="utf-8") != stamp
    assert len(list((site / "plans").glob("*/index.html"))) == len(first.plans) - 1


def test_facets_give_each_plans_year_so_no_script_cuts_a_date_string(archive: Archive) -> None:
    """The Year filter reads the year the build wrote (as the reviewed parse dates each plan), not
    the first four characters of a date string: explorer.js slices no date."""
    plans = explorer_facets(archive)["plans"]
    years = dict(zip(plans["slug"], plans["year"], strict=True))  # type: ignore[index]
    assert years == {r["id"]: str(r["submitted"])[:4] if r["submitted"] else "" for r in golden_records()}
    script = (SOURCE_PLANS.parent / "theme_overrides" / "assets" / "javascripts" / "explorer.js").read_text()
    assert not re.search(r"submitted\[[^\]]*\]\.(slice|substr|substring)\(", script)
