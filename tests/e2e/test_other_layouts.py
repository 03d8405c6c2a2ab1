"""Browser tests on a site of the plans in other layouts (tests/fixtures/plans/: youth justice plans with
sub-actions, progress and RAG, a thematic national plan, an HMPPS plan with its columns reordered): the
explorer's "Youth justice" type and "Not stated" status filters, and the plan pages' new columns."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from probation_archive.pages.explorer import PAGE_SIZE
from probation_archive.site import run

from ..conftest import ROOT
from .conftest import ARTIFACTS, screenshot, serve

FIXTURE_PLANS = ROOT / "tests" / "fixtures" / "plans"


@pytest.fixture(scope="module")
def other_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("other-layouts")
    report = run(FIXTURE_PLANS, root / "content", root / "site", strict=True)
    assert report.failures == []
    return root


@pytest.fixture(scope="module")
def other_plans(other_site: Path) -> list[dict]:
    return json.loads((other_site / "content" / "data" / "plans.json").read_text(encoding="utf-8"))["plans"]


@pytest.fixture(scope="module")
def other_url(other_site: Path) -> Iterator[str]:
    with serve(other_site / "site") as url:
        yield url


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == [], "JavaScript errors on the page"
    context.close()


def test_youth_justice_type_filter(tab: Page, other_url: str, other_plans: list[dict]) -> None:
    expected = sum(len(p["recommendations"]) for p in other_plans if p["provider"]["type"] == "YJS")
    assert expected > 0
    tab.goto(other_url + "explorer/")
    expect(tab.locator("#explorer-form[data-ready]")).to_have_count(1)
    expect(tab.locator('#f-type option[value="YJS"]')).to_have_text(re.compile(r"^Youth justice"))
    tab.select_option("#f-type", "YJS")
    expect(tab.locator("#explorer-count")).to_have_text(re.compile(rf"^{expected} recommendations"))
    expect(tab.locator("#explorer-results li")).to_have_count(min(expected, PAGE_SIZE))  # the first screen
    expect(tab.locator("#explorer-results li .meta").first).to_contain_text("Not stated")
    assert "type=YJS" in tab.url
    screenshot(tab, "explorer-youth-justice", full_page=False)


def test_not_stated_status_filter(tab: Page, other_url: str, other_plans: list[dict]) -> None:
    expected = sum(1 for p in other_plans for rec in p["recommendations"] if rec["status"] is None)
    assert expected > 0
    tab.goto(other_url + "explorer/?status=not-stated")
    expect(tab.locator("#explorer-form[data-ready]")).to_have_count(1)
    expect(tab.locator("#explorer-count")).to_have_text(re.compile(rf"^{expected} recommendations"))
    expect(tab.locator("#explorer-results li")).to_have_count(min(expected, PAGE_SIZE))  # the first screen


def test_youth_plan_page_shows_sub_actions_agency_and_progress(
    tab: Page, other_url: str, other_plans: list[dict]
) -> None:
    plan = next(p for p in other_plans if p["source"] == "youth-justice-sub-actions.txt")
    tab.goto(other_url + plan["url"])
    rec = tab.locator('.rec[data-rec="rec-1"]')
    expect(rec.locator(".status")).to_have_text(re.compile("Not stated"))
    heads = rec.locator("table.actions thead th").all_text_contents()
    assert heads == ["Action", "Owner", "Agency", "Target", "Target status when submitted", "Progress"]
    first = plan["recommendations"][0]["actions"][0]
    row = rec.locator("table.actions tbody tr").first
    expect(row.locator(".action-ref")).to_have_text(first["ref"])

    def cell(head: str):  # type: ignore[no-untyped-def]
        return row.locator("td").nth(heads.index(head))

    expect(cell("Agency")).to_have_text(first["agency"])
    expect(cell("Progress")).to_contain_text("Completed.")
    expect(cell("Target status when submitted")).to_have_text("Completed")
    # at phone width each cell is labelled with its own column, not the usual table's
    tab.set_viewport_size({"width": 375, "height": 800})
    labels = [
        re.sub(r'"\s*"', "", row.locator("td").nth(n).evaluate("el => getComputedStyle(el, '::before').content"))
        for n in range(len(heads))
    ]
    assert labels == [f'"{head}: "' for head in heads]
    screenshot(tab, "plan-youth-justice")


def test_thematic_plan_keeps_its_references_as_anchors(tab: Page, other_url: str, other_plans: list[dict]) -> None:
    plan = next(p for p in other_plans if p.get("inspection", {}).get("kind") == "thematic")
    tab.goto(other_url + plan["recommendations"][2]["url"])
    heading = tab.locator("h2#rec-r3")
    expect(heading).to_contain_text("Recommendation R3")
    expect(tab.locator(".plan-facts")).to_contain_text(plan["inspection"]["title"])
    rag_plan = next(p for p in other_plans if p["source"] == "youth-justice-rag.txt")
    tab.goto(other_url + rag_plan["url"])
    rag_table = tab.locator("table.actions").first
    rag_column = rag_table.locator("thead th").all_text_contents().index("RAG")
    expect(rag_table.locator("tbody tr").first.locator("td").nth(rag_column)).to_have_text("Green")


def reordered_plan(other_plans: list[dict]) -> dict:
    return next(p for p in other_plans if p["source"] == "hmpps-reordered.txt")


def test_header_search_titles_a_result_with_the_label_its_plan_page_shows(
    tab: Page, other_url: str, other_plans: list[dict]
) -> None:
    """Issue #17: recommendation "2.1" is the reordered plan's third; the header search called it
    "Recommendation 3"."""
    plan = reordered_plan(other_plans)
    tab.goto(other_url + plan["url"])
    tab.locator(".md-search__input").first.click()
    tab.locator(".md-search__input").press_sequentially("caseloads", delay=20)
    result = tab.locator(".md-search-result__link[href*='#rec-2-1']")
    expect(result.first).to_be_attached(timeout=15_000)
    expect(result.first.locator("h1, h2, h3").first).to_have_text("Recommendation 2.1")
    expect(tab.locator("h2#rec-2-1")).to_contain_text("Recommendation 2.1")


def test_copy_link_announces_the_recommendation_by_its_label(
    browser: Browser, other_url: str, other_plans: list[dict]
) -> None:
    """Issue #17: the screen reader heard "Link to recommendation 1-2 copied" (the anchor's words)."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    plan = reordered_plan(other_plans)
    page.goto(other_url + plan["url"])
    page.locator('.copy-permalink[data-anchor="rec-1-2"]').click()
    expect(page.locator("#archive-announcer")).to_have_text("Link to recommendation 1.2 copied")
    assert page.evaluate("navigator.clipboard.readText()") == other_url + plan["url"] + "#rec-1-2"
    context.close()


def test_a_version_timeline_links_each_version_of_a_recommendation(tab: Page, other_url: str) -> None:
    """The Wessex progress update (tests/fixtures/plans/wessex-progress-update.txt) is version 2 of the
    reordered plan: its page says so, and the reworded recommendation 1.1 shows its targets version by version."""
    tab.goto(other_url + "plans/wessex-crc-2026-11/#rec-1-1")
    expect(tab.locator(".plan-versions")).to_contain_text(
        "Version 2 of 2 of this plan (Progress update: November 2026)."
    )
    timeline = tab.locator('[data-rec="rec-1-1"] .version-timeline')
    expect(timeline.locator("li")).to_have_text(["May 2026 (reworded): 2 planned", "November 2026: 2 completed"])
    timeline.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.locator('[data-rec="rec-1-1"]').screenshot(path=str(ARTIFACTS / "version-timeline.png"))
    assert (ARTIFACTS / "version-timeline.png").stat().st_size > 0
    timeline.get_by_role("link", name="May 2026").click()
    expect(tab).to_have_url(re.compile(r"/plans/wessex-crc-2026-05/#rec-1-1$"))
    expect(tab.locator('[data-rec="rec-1-1"] .version-timeline li[aria-current="true"]')).to_have_text(
        "May 2026: 2 planned"
    )


def test_a_provider_pages_count_of_latest_versions_opens_those_rows(tab: Page, other_url: str) -> None:
    """Wessex CRC has three plans, the first superseded by its progress update: its page counts the latest
    versions' 8 recommendations, and its link opens the explorer on exactly those (all versions: 12)."""
    tab.goto(other_url + "providers/wessex-crc/")
    expect(tab.locator(".versions-note")).to_contain_text("1 earlier version of plans")
    tab.get_by_role("link", name="filter, search and download them in the explorer").click()
    expect(tab.locator("#explorer-form[data-ready]")).to_have_count(1)
    expect(tab.locator("#explorer-results li")).to_have_count(8)
    expect(tab.locator("#explorer-summary")).to_contain_text("Latest version of each plan")
    tab.select_option("#f-version", "")
    expect(tab.locator("#explorer-results li")).to_have_count(12)


def test_target_date_passed_filter_counts_open_targets_of_latest_versions(
    tab: Page, other_url: str, other_site: Path
) -> None:
    """The filter is computed in the browser from today's date; the expected count is computed here from the
    facets' `recs.due` (months after `due_from` to the month an open target passes) and today's date."""
    facets = json.loads((other_site / "content" / "data" / "explorer-facets.json").read_text(encoding="utf-8"))
    today = datetime.date.today()
    now = today.year * 12 + today.month - 1
    expected = sum(1 for due in facets["recs"]["due"] if due and facets["due_from"] + due <= now)
    assert expected > 0
    tab.goto(other_url + "explorer/?overdue=passed")
    expect(tab.locator("#explorer-form[data-ready]")).to_have_count(1)
    expect(tab.locator("#explorer-count")).to_have_text(re.compile(rf"^{expected} recommendations?\b"))
    expect(tab.locator("#explorer-summary")).to_contain_text("Target date passed; no later update in this archive")
