"""Every number leads to its rows (#18): each count on the home page, the providers, themes and areas lists, one
provider's page and one theme's page links to the explorer view that lists exactly those recommendations (a count
of plans: the view whose recommendations are in that many plans), and the explorer shows that many. The provider
page's count of passed target dates is written by overdue.js from the reader's date, and is followed too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

HUBS = ["", "providers/", "themes/", "areas/", "a provider", "a theme"]
# where the page of "a provider" or "a theme" is linked from, and how
FIRST_LINK = {"a provider": ("providers/", "table.providers tbody a"), "a theme": ("themes/", "table.themes tbody a")}


def hub_url(page: Page, base_url: str, hub: str) -> str:
    if hub not in FIRST_LINK:
        return base_url + hub
    listing, selector = FIRST_LINK[hub]
    page.goto(base_url + listing)
    return str(page.locator(selector).first.evaluate("a => a.href"))


def count_links(page: Page) -> list[tuple[int, str, str]]:
    """Every count link on the page: (count, address, what it counts), each address once."""
    found = page.locator("a.count-link").evaluate_all(
        "as => as.map(a => [a.textContent, a.href, a.getAttribute('data-unit') || 'recommendations'])"
    )
    seen: dict[tuple[str, str], tuple[int, str, str]] = {}
    for text, href, unit in found:
        seen.setdefault((href, unit), (int(text), href, unit))
    return list(seen.values())


def expect_explorer_shows(page: Page, count: int, href: str, unit: str) -> None:
    assert "/explorer/?" in href
    page.goto(href)
    expect(page.locator("#explorer-form[data-ready]")).to_have_count(1)
    pattern = rf"^{count} recommendations?\b" if unit == "recommendations" else rf"\bin {count} plans?\b"
    expect(page.locator("#explorer-count")).to_have_text(re.compile(pattern))


@pytest.mark.parametrize("hub", HUBS, ids=["home", "providers", "themes", "areas", "provider", "theme"])
def test_each_count_opens_the_explorer_on_that_many_rows(page: Page, base_url: str, hub: str) -> None:
    page.goto(hub_url(page, base_url, hub))
    if hub == "a provider":  # its line of passed target dates, counted by the browser
        expect(page.locator(".overdue-count")).to_be_visible()
        expect(page.locator(".overdue-count a.count-link")).to_have_count(1)
    found = count_links(page)
    assert len(found) >= (2 if hub in ("areas/", "a theme") else 4), "the page's counts are links"
    if hub == "a provider":
        assert any("overdue=passed" in href for _, href, _ in found)
    for count, href, unit in found:
        expect_explorer_shows(page, count, href, unit)
