"""Browser test of "made before": the real plans with the two recurrence fixture plans (written by us), where
Durham Tees Valley CRC's 2020 recommendation 3 is found in its 2017 plan; the list is screenshotted and its
permalink followed."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from probation_archive.site import run

from ..conftest import ROOT, SOURCE_PLANS
from .conftest import ARTIFACTS, serve

RECURRENCE_FIXTURES = ROOT / "tests" / "fixtures" / "recurrence"


@pytest.fixture(scope="module")
def recurrence_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("recurrence-e2e")
    sources = root / "sources"
    sources.mkdir()
    for path in [*SOURCE_PLANS.glob("*.txt"), *RECURRENCE_FIXTURES.glob("*.txt")]:
        shutil.copy(path, sources)
    report = run(sources, root / "content", root / "site", strict=True)
    assert report.failures == []
    with serve(root / "site") as url:
        yield url


def test_made_before_list_links_to_the_earlier_recommendation(browser: Browser, recurrence_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(recurrence_url + "plans/durham-tees-valley-crc-2020-05/#rec-3")
    block = page.locator("#rec-3 ~ .rec .made-before").first
    expect(block).to_contain_text("made to this provider before, in its 2017 plan")
    expect(block).to_contain_text("recommendation 1 of the plan of 14 March 2017")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "recurrence-made-before.png"
    block.screenshot(path=str(shot))
    assert shot.stat().st_size > 1000
    block.locator("ul.related a").first.click()
    page.wait_for_url("**/plans/durham-tees-valley-crc-2017-03/#rec-1")
    expect(page.locator("#rec-1")).to_be_visible()
    context.close()


def test_a_groups_count_opens_the_explorer_on_its_members(browser: Browser, recurrence_url: str) -> None:
    """Every number leads to its rows (#18): a Recurring group's "N recommendations" is its explorer filter."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(recurrence_url + "recurring/")
    links = page.locator(".group-facts a.count-link")
    found = links.evaluate_all("as => as.map(a => [a.textContent, a.href])")
    assert found, "each group's count is a link"
    for text, href in found:
        assert "/explorer/?group=" in href
        page.goto(href)
        expect(page.locator("#explorer-form[data-ready]")).to_have_count(1)
        expect(page.locator("#explorer-count")).to_have_text(re.compile(rf"^{text} recommendations\b"))
        expect(page.locator("#f-group")).to_have_value(href.rsplit("=", 1)[1])
    context.close()
