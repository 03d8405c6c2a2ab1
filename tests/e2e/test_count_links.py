"""Every number leads to its rows (#18): each count on the home, providers and themes pages links to the
explorer view that lists exactly those recommendations, and the explorer shows that many."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

HUBS = ["", "providers/", "themes/"]


@pytest.mark.parametrize("hub", HUBS, ids=["home", "providers", "themes"])
def test_each_count_opens_the_explorer_on_that_many_rows(page: Page, base_url: str, hub: str) -> None:
    page.goto(base_url + hub)
    links = page.locator("a.count-link")
    found = [(int(text), href) for text, href in links.evaluate_all("as => as.map(a => [a.textContent, a.href])")]
    assert len(found) >= 8, "every hub table's counts are links"
    checked = set()
    for count, href in found:
        if href in checked:
            continue
        checked.add(href)
        assert "/explorer/?" in href
        page.goto(href)
        expect(page.locator("#explorer-form[data-ready]")).to_have_count(1)
        expect(page.locator("#explorer-count")).to_have_text(re.compile(rf"^{count} recommendations?\b"))
