"""What passed its date without a word (#18): the Target dates passed page, read on a fixed day (Playwright's
clock), groups the recommendations by provider and by action owner exactly as the plans' targets say (computed
here in Python), each count opens the explorer on that many rows, and without JavaScript the page says why it
cannot count."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from probation_archive.archive import Archive
from probation_archive.pages.overdue import month_number
from probation_archive.site import parse_sources
from probation_archive.themes import Theme
from probation_archive.versions import find_versions

from ..conftest import SOURCE_PLANS
from ..test_overdue import expected_groups
from .conftest import screenshot

TODAY = datetime.datetime(2019, 10, 15, 12)  # inside the real plans' targets: some have passed, some not
NOW = month_number("2019-10")


@pytest.fixture(scope="module")
def expected(themes: tuple[Theme, ...]) -> tuple[Counter[str], Counter[tuple[str, str]], int]:
    """From the plans: recommendations with a target passed by TODAY, per provider and per (provider, owner)."""
    plans = parse_sources(SOURCE_PLANS).plans
    providers, owners = expected_groups(Archive(tuple(plans), themes, versions=find_versions(plans)))
    by_provider = Counter({slug: 0 for slug, _ in providers})
    for (slug, month), n in providers.items():
        by_provider[slug] += n if month <= NOW else 0
    by_owner = Counter({(slug, owner): 0 for slug, owner, _ in owners})
    for (slug, owner, month), n in owners.items():
        by_owner[(slug, owner)] += n if month <= NOW else 0
    total = sum(providers.values())
    return +by_provider, +by_owner, total


def table_counts(page: Page, box: str) -> dict[tuple[str, ...], tuple[int, str]]:
    """A group table's rows by the explorer parameters their count links to: (provider[, owner]) -> (count, href)."""
    rows = page.locator(f"#{box} a.count-link").evaluate_all("as => as.map(a => [a.textContent, a.href])")
    out = {}
    for text, href in rows:
        query = parse_qs(urlparse(href).query)
        assert query["overdue"] == ["passed"]
        out[tuple(query["provider"] + query.get("owner", []))] = (int(text), href)
    return out


def test_the_page_groups_by_provider_and_owner_from_the_readers_date(page: Page, base_url: str, expected) -> None:  # type: ignore[no-untyped-def]
    by_provider, by_owner, total = expected
    assert 0 < sum(by_provider.values()) < total, "the fixed day must fall among the targets"
    page.clock.set_fixed_time(TODAY)
    page.goto(base_url + "overdue/")
    expect(page.locator("#overdue[data-ready]")).to_have_count(1)
    expect(page.locator("#overdue-status")).to_contain_text(
        f"As of October 2019 (today's date in your browser): {sum(by_provider.values())} recommendation"
    )
    expect(page.locator("#overdue-status")).to_contain_text("target date passed; no later update in this archive")
    providers = table_counts(page, "overdue-providers")
    assert {key[0]: n for key, (n, _) in providers.items()} == dict(by_provider)
    owners: dict[tuple[str, ...], tuple[int, str]] = {}
    for (slug,) in providers:  # by owner: one provider at a time, from its owners.json
        page.select_option("#overdue-provider", slug)
        expect(page.locator(f"#overdue[data-owners-ready='{slug}']")).to_have_count(1)
        owners.update(table_counts(page, "overdue-owners"))
    assert {key: n for key, (n, _) in owners.items()} == dict(by_owner)
    screenshot(page, "overdue")
    for count, href in [max(providers.values()), max(owners.values())]:
        page.goto(href)
        expect(page.locator("#explorer-form[data-ready]")).to_have_count(1)
        expect(page.locator("#explorer-count")).to_have_text(re.compile(rf"^{count} recommendations?\b"))
    expect(page.locator("#f-owner")).not_to_have_value("")  # the owner's own targets: its option is chosen


def test_without_javascript_the_page_says_it_needs_todays_date(browser: Browser, base_url: str) -> None:
    """Chromium with scripts off in Playwright still parses <noscript> as text: read it, and see that nothing
    that needs the script (the empty tables, "Counting…") is shown."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "overdue/")
    expect(page.locator("#overdue")).to_be_hidden()
    html = page.content()
    assert "<noscript><p>This view needs your browser to know today's date, and JavaScript is off." in html
    assert '<a href="../explorer/?overdue=passed">explorer</a>' in html
    context.close()


def test_the_home_page_and_the_navigation_lead_to_it(page: Page, base_url: str) -> None:
    page.goto(base_url)
    expect(page.locator(".md-tabs a[href='overdue/'], .md-nav a[href='overdue/']").first).to_be_attached()
    page.locator(".md-content a[href='overdue/']").first.click()
    expect(page).to_have_url(re.compile(r"/overdue/$"))
    expect(page.locator("h1")).to_contain_text("Target dates passed")
