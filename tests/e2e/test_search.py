"""The header search and the explorer on the sharded index: what is fetched, and that both agree."""

from __future__ import annotations

import functools
import json
import re
import socketserver
import threading
from pathlib import Path
from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest
from playwright.sync_api import Page, expect

from .conftest import QuietHandler
from .test_explorer import show_all


def search_requests(page: Page) -> list[str]:
    """Paths of the search files the page and its worker request, in order (recorded from now)."""
    seen: list[str] = []
    page.context.on(
        "request",
        lambda request: (
            seen.append(urlsplit(request.url).path)
            if re.search(r"/search/|search-(worker|core)\.js|lunr\.js", request.url)
            else None
        ),
    )
    return seen


def header_search(page: Page, query: str) -> list[str]:
    page.locator(".md-search__input").first.click()
    page.locator(".md-search__input").press_sequentially(query, delay=20)
    results = page.locator(".md-search-result__link[href*='#rec-']")
    expect(results.first).to_be_attached(timeout=15_000)
    page.wait_for_timeout(300)
    return sorted({normalise(results.nth(i).get_attribute("href") or "") for i in range(results.count())})


def normalise(href: str) -> str:
    """plans/<slug>/#rec-N from a header result (absolute, with ?h=) or an explorer link (../plans/…)."""
    match = re.search(r"plans/[^/?#]+/", href)
    assert match, href
    return match[0] + "#" + href.split("#", 1)[1]


def shard_of(firsts: list[str], key: str) -> int:
    return max(i for i, first in enumerate(firsts) if first <= key)


def test_search_loads_nothing_big_until_typing_then_only_the_shards_its_words_need(
    page: Page, base_url: str, built: Path
) -> None:
    firsts = json.loads((built / "site" / "search" / "manifest.json").read_text(encoding="utf-8"))["shards"]
    sizes: dict[str, int] = {}
    page.on(
        "response",
        lambda r: (
            sizes.__setitem__(urlsplit(r.url).path, len(r.body())) if "/search" in r.url or "search-" in r.url else None
        ),
    )
    requested = search_requests(page)
    page.goto(base_url + "providers/")
    page.locator(".md-search__input").first.click()
    page.wait_for_timeout(500)
    before = list(requested)
    assert not [p for p in before if "/shards/" in p or "/fragments/" in p or p.endswith("manifest.json")]
    assert sum(sizes.get(p, 0) for p in before) <= 20_000, f"search files before typing: {sizes}"
    header_search(page, "domestic abuse")
    shards = {int(m[1]) for p in requested if (m := re.search(r"/shards/(\d+)\.json$", p))}
    # every beginning typed, and the whole words, fall in these shards (per word: the one its
    # letters sort into, and the one its stem sorts into)
    typed = {"domestic"[:n] for n in range(1, 9)} | {"abuse"[:n] for n in range(1, 6)} | {"domest", "abus"}
    assert shards == {shard_of(firsts, word) for word in typed}
    assert len(shards) < len(firsts), "the test site needs more than one shard to show anything"
    assert len(requested) == len(set(requested)), "a search file was fetched twice"
    fragments = {p for p in requested if "/fragments/" in p}
    assert 0 < len(fragments) <= 10


def explorer_hrefs(page: Page, explorer_url: str, query: str) -> set[str]:
    """Every result the explorer lists for `query`, once its answer is in and every page shown."""
    page.goto(explorer_url + "?words=" + quote_plus(query))
    expect(page.locator("#explorer-form[data-ready-query]")).to_have_attribute("data-ready-query", query)
    show_all(page)
    hrefs = page.locator("#explorer-results li a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    return {normalise(href or "") for href in hrefs}


@pytest.mark.parametrize(
    "query", ["domestic abuse", '"domestic abuse"', "partly agreed", "E&D", "Shelter", "recruit", "abused"]
)
def test_header_search_and_explorer_find_the_same_recommendations(page: Page, base_url: str, query: str) -> None:
    page.goto(base_url)
    header = header_search(page, query)
    explorer = sorted(explorer_hrefs(page, base_url + "explorer/", query))
    assert header == explorer and header


def test_quoted_phrase_and_status_words_narrow_the_results(page: Page, base_url: str, plans_json: dict) -> None:
    def found(query: str) -> set[str]:
        return explorer_hrefs(page, base_url + "explorer/", query)

    recs = [(p["id"], r) for p in plans_json["plans"] for r in p["recommendations"]]
    for status in ("not agreed", "partly agreed"):
        expected = {f"plans/{plan}/#{r['id']}" for plan, r in recs if r["status"] == status.replace(" ", "-")}
        assert found(status) == expected and len(expected) < len(recs)
    assert found("partly agreed")
    phrase, words = found('"domestic abuse"'), found("domestic abuse")
    assert phrase and phrase <= words
    texts = {f"plans/{plan}/#{r['id']}": r["text"] + " ".join(a["text"] for a in r["actions"]) for plan, r in recs}
    assert all(re.search(r"domestic\W+abuse", texts[href], re.I) for href in phrase)


def test_search_works_from_a_subfolder_of_a_plain_static_host(page: Page, built: Path, tmp_path: Path) -> None:
    """As on GitHub Pages' project sites: the site under /<repo>/, files served as they are."""
    (tmp_path / "archive").symlink_to(built / "site")
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        root = f"http://127.0.0.1:{server.server_address[1]}/archive/"
        page.unroute("**/*")
        page.goto(root)
        assert header_search(page, "OASys")
        server.shutdown()


def test_header_search_opens_the_explorer_with_its_own_parameter_and_old_links_still_work(
    page: Page, base_url: str
) -> None:
    """Issue #17: the header search linked `explorer/?q=…`, which Material's own search box reads too,
    so the explorer opened under Material's search. It links `?words=`; an old `?q=` link still fills
    the explorer's words box."""
    page.goto(base_url)
    page.locator(".md-search__input").first.click()
    page.locator(".md-search__input").press_sequentially("probation", delay=20)
    expect(page.locator(".md-search-result__link").first).to_be_attached(timeout=15_000)
    link = page.locator(".md-search-result__link", has_text="open the explorer")
    for _ in range(20):  # Material renders ten results, then more as the list is scrolled
        if link.count():
            break
        page.locator(".md-search__scrollwrap").evaluate("el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_timeout(200)
    expect(link).to_be_attached()
    href = link.get_attribute("href") or ""
    params = parse_qs(urlsplit(href).query)
    assert urlsplit(href).path.endswith("/explorer/") and params["words"] == ["probation"] and "q" not in params, href
    page.goto(href)
    expect(page.locator("#explorer-form[data-ready-query]")).to_have_attribute("data-ready-query", "probation")
    expect(page.locator("#f-q")).to_have_value("probation")
    assert not page.locator("#__search").is_checked(), "Material's search opened over the explorer"
    page.goto(base_url + "explorer/?q=probation")
    expect(page.locator("#explorer-form[data-ready-query]")).to_have_attribute("data-ready-query", "probation")
    assert parse_qs(urlsplit(page.url).query) == {"words": ["probation"]}  # rewritten: only "words"
