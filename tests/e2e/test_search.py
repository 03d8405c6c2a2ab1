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
from playwright.sync_api import Locator, Page, expect

from .conftest import QuietHandler, screenshot
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


# --- issue #20: never fail silently, say why it matched, forgive a typo, share it ------------------


def clear_search(page: Page) -> None:
    """Empty the header search box as a reader would (Material asks again on a key going up)."""
    box = page.locator(".md-search__input")
    box.press("Control+a")
    box.press("Backspace")
    expect(page.locator(".md-search-result__link")).to_have_count(0)


def typed(page: Page, query: str, state: str = "results") -> Locator:
    """Type `query` into the header search; the note above the results once it says `state`
    (results, none or error: search-page.js's `data-archive-note`)."""
    box = page.locator(".md-search__input")
    box.first.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    note = page.locator(f'.md-search-result__meta [data-archive-note="{state}"]')
    expect(note).to_be_attached(timeout=20_000)
    return note


def test_results_say_where_they_matched_with_the_words_highlighted(page: Page, base_url: str) -> None:
    """ "accommodation" is in an action, not in any recommendation's first line: the result shows
    the action's words around it, highlighted, and names the part ("In action 4")."""
    page.goto(base_url + "providers/")
    note = typed(page, "accommodation")
    # the About page's method section names "accommodation" too, so the count may add other pages
    expect(note).to_contain_text(
        re.compile(r"^\d+ recommendations? in \d+ plans?( and \d+ other pages?)?, best matches first")
    )
    result = page.locator(".md-search-result__link[href*='#rec-']").first
    expect(result.locator(".archive-where")).to_have_text(re.compile(r"^In action \d+:$"))
    expect(result.locator(".archive-excerpt mark")).to_have_text(["accommodation"])
    screenshot(page, "search-accommodation-excerpts", full_page=False)
    href = result.get_attribute("href") or ""
    assert parse_qs(urlsplit(href).query)["h"] == ["accommodation"], href
    page.goto(href)  # the words are highlighted on the plan's page (Material's ?h=)
    expect(page.locator(".md-content mark").first).to_have_text(re.compile("accommodation", re.I))


def test_a_pasted_search_address_opens_the_search_with_its_results(page: Page, base_url: str) -> None:
    page.goto(base_url + "glossary/?q=domestic+abuse")
    expect(page.locator(".md-search__input")).to_have_value("domestic abuse")
    expect(page.locator(".md-search-result__link[href*='#rec-']").first).to_be_visible(timeout=20_000)
    expect(page.locator('.md-search-result__meta [data-archive-note="results"]')).to_contain_text("best matches first")


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("accomodation", "accommodation"),
        ("ccommodation", "accommodation"),
        ("domestc abuse", "domestic abuse"),
        ("safegarding", "safeguarding"),
    ],
)
def test_an_unambiguous_typo_shows_the_results_of_the_word_meant(
    page: Page, base_url: str, typo: str, meant: str
) -> None:
    page.goto(base_url)
    note = typed(page, typo)
    missing = next(w for w in typo.split() if w not in meant.split())
    expect(note).to_contain_text(f"No plan holds “{missing}”: showing results for “{meant}”")
    if typo == "accomodation":
        screenshot(page, "search-typo-corrected", full_page=False)
    got = {
        normalise(h or "")
        for h in page.locator(".md-search-result__link[href*='#rec-']").evaluate_all(
            "els => els.map(a => a.getAttribute('href'))"
        )
    }
    page.goto(base_url)
    assert got and got == set(header_search(page, meant))


def test_a_typo_with_two_near_words_asks_which_one_click_runs_it(page: Page, base_url: str) -> None:
    """ "cort" is one letter from "court" and from "core": the search asks which, and runs the one chosen."""
    page.goto(base_url)
    note = typed(page, "cort ", state="none")
    expect(note).to_contain_text("No results: no plan holds “cort”. Did you mean")
    choices = note.locator("[data-archive-suggestion]")
    assert sorted(choices.evaluate_all("els => els.map(b => b.textContent)")) == ["core", "court"]
    screenshot(page, "search-did-you-mean", full_page=False)
    note.locator('[data-archive-suggestion="court "]').click()
    expect(page.locator(".md-search__input")).to_have_value("court ")
    expect(page.locator('.md-search-result__meta [data-archive-note="results"]')).to_contain_text("best matches first")
    expect(page.locator(".md-search-result__link[href*='#rec-']").first).to_be_attached()


def test_no_results_say_which_words_found_nothing_and_offer_the_explorer_and_close_pages(
    page: Page, base_url: str
) -> None:
    page.goto(base_url + "providers/")
    note = typed(page, "safegarding zzxqv ", state="none")
    expect(note).to_contain_text("No results: no plan holds “safegarding” or “zzxqv”.")
    links = page.locator(".md-search-result__link")
    explorer = links.filter(has_text="Search the explorer for")
    href = explorer.get_attribute("href") or ""
    assert urlsplit(href).path.endswith("/explorer/") and parse_qs(urlsplit(href).query)["words"] == [
        "safegarding zzxqv "
    ], href
    expect(links.filter(has_text="Safeguarding")).to_have_count(1)  # the theme page whose name is close
    assert "themes/safeguarding/" in (links.filter(has_text="Safeguarding").get_attribute("href") or "")
    expect(page.locator(".md-search-result__meta")).not_to_contain_text("No matching documents")
    screenshot(page, "search-no-results", full_page=False)


@pytest.mark.parametrize("failure", ["404", "abort"])
def test_a_shard_that_cannot_be_had_says_search_could_not_load_and_try_again_works(
    page: Page, base_url: str, failure: str
) -> None:
    """A 404 shard (not a new deploy: the manifest has not changed) or a dropped connection (tried
    once more, then given up): the header search says so, never "no results", and Try again works
    once the shard can be had."""
    attempts: list[str] = []

    def fail(route):  # type: ignore[no-untyped-def]
        attempts.append(route.request.url)
        if failure == "404":
            route.fulfill(status=404, body="not found")
        else:
            route.abort()

    page.route("**/shards/*.json", fail)
    page.goto(base_url + "providers/")
    box = page.locator(".md-search__input")
    box.click()
    box.fill("probation ")
    box.press("End")  # one key up: one query
    note = page.locator('.md-search-result__meta [data-archive-note="error"]')
    expect(note).to_contain_text("Search could not load. Try again")
    expect(page.locator(".md-search-result__meta")).not_to_contain_text("No matching documents")
    expect(page.locator(".md-search-result__link[href*='#rec-']")).to_have_count(0)
    # a 404 is not tried again (the manifest is read again instead: the same build); a dropped connection is, once
    assert len(attempts) == (1 if failure == "404" else 2), attempts
    if failure == "abort":
        screenshot(page, "search-offline", full_page=False)
    page.unroute("**/shards/*.json")
    note.get_by_role("button", name="Try again").click()
    expect(page.locator('.md-search-result__meta [data-archive-note="results"]')).to_be_attached()
    expect(page.locator(".md-search-result__link[href*='#rec-']").first).to_be_attached()


def test_a_failed_search_core_does_not_break_the_worker_for_good(page: Page, base_url: str) -> None:
    page.route("**/search-core.js", lambda route: route.abort())
    page.goto(base_url + "providers/")
    note = typed(page, "probation ", state="error")
    page.unroute("**/search-core.js")
    note.get_by_role("button", name="Try again").click()
    expect(page.locator(".md-search-result__link[href*='#rec-']").first).to_be_attached(timeout=20_000)


def test_the_first_result_does_not_wait_for_an_unrelated_shard(page: Page, base_url: str, built: Path) -> None:
    """A shard that never comes (a stalled connection) holds up only the queries that need it."""
    firsts = json.loads((built / "site" / "search" / "manifest.json").read_text(encoding="utf-8"))["shards"]
    stalled = shard_of(firsts, "probation")
    assert shard_of(firsts, "domestic") != stalled and shard_of(firsts, "abuse") != stalled
    held = []
    page.route(f"**/shards/{stalled}.json", lambda route: held.append(route))  # never answered
    page.goto(base_url + "providers/")
    box = page.locator(".md-search__input")
    box.first.click()
    box.press_sequentially("probation ", delay=20)
    for _ in range(200):  # until the worker has asked for it
        if held:
            break
        page.wait_for_timeout(100)
    clear_search(page)
    typed(page, "domestic abuse ")
    assert held, "the stalled shard was asked for"
    expect(page.locator(".md-search-result__link[href*='#rec-']").first).to_be_attached()


def test_a_page_open_across_a_deploy_never_mixes_two_builds(page: Page, tmp_path: Path) -> None:
    """Issue #20: shards number plans by position. A page reads the archive of four plans, the site is
    rebuilt with a fifth that sorts first (every other plan moves up one), and the page searches again:
    its results must be the new build's, exactly as a page opened afresh finds them."""
    from probation_archive.site import run

    from ..conftest import REAL_SOURCES

    sources = tmp_path / "sources"
    sources.mkdir()
    plans = sorted(REAL_SOURCES)
    for path in plans[1:]:
        (sources / path.name).write_bytes(path.read_bytes())
    site = tmp_path / "site"
    assert run(sources, tmp_path / "content", site, strict=True).failures == []
    first = json.loads((site / "search" / "manifest.json").read_text(encoding="utf-8"))
    handler = functools.partial(QuietHandler, directory=str(site))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        root = f"http://127.0.0.1:{server.server_address[1]}/"
        page.unroute("**/*")
        page.goto(root + "providers/")
        assert header_search(page, "probation")  # the manifest, its shards and fragments of the first build
        (sources / plans[0].name).write_bytes(plans[0].read_bytes())
        assert run(sources, tmp_path / "content", site, strict=True).failures == []
        second = json.loads((site / "search" / "manifest.json").read_text(encoding="utf-8"))
        assert second["version"] != first["version"] and second["plans"] == first["plans"] + 1
        clear_search(page)
        after_deploy = header_search(page, "domestic abuse")
        fresh = page.context.new_page()
        fresh.goto(root + "providers/")
        assert after_deploy == header_search(fresh, "domestic abuse") and after_deploy
        fresh.close()
        server.shutdown()


def plans_shown(page: Page) -> list[str]:
    """The plans the header search shows, in order (each group's first link: the plan itself)."""
    hrefs = page.locator(".md-search-result__link").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    slugs = [m[1] for h in hrefs if "#" not in h and (m := re.search(r"plans/([^/?#]+)/", h))]
    return list(dict.fromkeys(slugs))


def shows_plans(page: Page, wanted: list[str], timeout_ms: int = 15_000) -> list[str]:
    """The plans shown once they are `wanted` (Material redraws the list just after the note), or
    the last seen when they never were."""
    shown: list[str] = []
    for _ in range(timeout_ms // 100):
        shown = plans_shown(page)
        if shown == wanted:
            break
        page.wait_for_timeout(100)
    return shown


def test_results_sort_newest_first_in_place_and_back(page: Page, base_url: str, plans_json: dict) -> None:
    """ "Newest first" re-sorts the same results by their plans' dates (undated last; equal dates in
    the best-match order), says so, and "Best matches first" puts them back."""
    submitted = {p["id"]: p["submitted"] or "" for p in plans_json["plans"]}
    page.goto(base_url + "providers/")
    note = typed(page, "staff")
    expect(note).to_contain_text("best matches first")
    best = plans_shown(page)
    assert len(best) >= 3, best
    by_date = sorted(best, key=lambda s: submitted[s], reverse=True)  # ISO dates sort as dates; stable
    assert by_date != best, "pick a query whose best matches are not already newest first"
    note.locator('[data-archive-order="newest"]').click()
    newest_note = page.locator('.md-search-result__meta [data-archive-note="results"]')
    expect(newest_note).to_contain_text("newest first")
    assert shows_plans(page, by_date) == by_date
    screenshot(page, "search-newest-first", full_page=False)
    newest_note.locator('[data-archive-order="best"]').click()
    expect(page.locator('.md-search-result__meta [data-archive-note="results"]')).to_contain_text("best matches first")
    assert shows_plans(page, best) == best
