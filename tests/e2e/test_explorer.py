"""The explorer in a real browser, at desktop and phone width: first screen without JavaScript,
facets and fragments loaded on demand, phrase / stop-word / word-beginning search, empty state,
options with no result, sort, CSV download, and filters kept in the URL."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from lunr.stemmer import stemmer
from lunr.token import Token
from playwright.sync_api import Browser, Page, expect

from probation_archive.pages.explorer import PAGE_SIZE
from probation_archive.present.words import STATUS_LABELS, human_date
from probation_archive.publish.search_index import words

from .conftest import screenshot
from .test_browser import WCAG_TAGS

WIDTHS = {"desktop": 1280, "phone": 375}


@pytest.fixture(params=sorted(WIDTHS))
def width(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def sized(page: Page, width: str) -> Page:
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    return page


def recommendations(plans_json: dict) -> list[tuple[dict, dict]]:
    return [(plan, rec) for plan in plans_json["plans"] for rec in plan["recommendations"]]


def rec_words(rec: dict) -> list[list[str]]:
    """The texts the explorer searches, as words: recommendation, status label, each action, owner and
    progress note, the rationale."""
    texts = [rec["text"], STATUS_LABELS[rec["status"]], rec.get("rationale") or ""]
    texts += [f"{a['text']} {a['owner'] or ''} {a.get('progress') or ''}" for a in rec["actions"]]
    return [words(t) for t in texts]


def stems(text: list[str]) -> list[str]:
    return [str(stemmer(Token(w))) for w in text]


def has_phrase(rec: dict, phrase: str) -> bool:
    """The phrase's words, in order, in any of their forms ("risk assessments" holds "risk assessment")."""
    wanted = stems(words(phrase))
    return any(
        text[i : i + len(wanted)] == wanted
        for text in map(stems, rec_words(rec))
        for i in range(len(text) - len(wanted) + 1)
    )


def open_explorer(page: Page, base_url: str, query: str = "") -> None:
    page.goto(base_url + "explorer/" + query)
    expect(page.locator("#explorer-form[data-ready]")).to_have_count(1)


def result_hrefs(page: Page) -> list[str]:
    """The results' links, without the words they highlight on the plan's page (`?h=`)."""
    hrefs = page.locator("#explorer-results li > a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    return [re.sub(r"\?h=[^#]*", "", href) for href in hrefs]


def show_all(page: Page) -> None:
    """Press "Show more" until every result is listed."""
    items, more = page.locator("#explorer-results li"), page.locator("#explorer-more")
    while more.is_visible():
        before = items.count()
        more.click()
        expect(items).not_to_have_count(before)


def count(page: Page) -> int:
    match = re.match(r"(\d+) recommendations?", page.locator("#explorer-count").inner_text())
    assert match, page.locator("#explorer-count").inner_text()
    return int(match[1])


def test_first_screen_is_in_the_html_and_works_without_javascript(
    browser: Browser, base_url: str, plans_json: dict, width: str
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": WIDTHS[width], "height": 900})
    page = context.new_page()
    page.goto(base_url + "explorer/")
    items = page.locator("#explorer-results li")
    total = len(recommendations(plans_json))
    expect(items).to_have_count(min(PAGE_SIZE, total))
    plans = len(plans_json["plans"])
    expect(page.locator("#explorer-count")).to_have_text(f"{total} recommendations in {plans} plans, newest first")
    expect(page.locator("noscript").first).to_be_attached()
    newest = max(plans_json["plans"], key=lambda p: (p["submitted"] or "", p["id"]))
    assert result_hrefs(page)[0] == f"../plans/{newest['id']}/#{newest['recommendations'][0]['id']}"
    screenshot(page, f"explorer-no-javascript-{width}", full_page=False)
    static_html = page.locator("#explorer-results").inner_html()
    context.close()

    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    page = context.new_page()
    tops: list[float] = []
    page.goto(base_url + "explorer/", wait_until="commit")
    page.wait_for_selector("#explorer-results li")
    tops.append(page.locator("#explorer-results li").first.bounding_box()["y"])  # type: ignore[index]
    expect(page.locator("#explorer-form[data-ready]")).to_have_count(1)
    tops.append(page.locator("#explorer-results li").first.bounding_box()["y"])  # type: ignore[index]
    assert tops[0] == tops[1], "the first result moved when the script started"
    assert page.locator("#explorer-results").inner_html() == static_html, "the script rewrote the first screen"
    context.close()


def test_filters_load_only_facets_and_fragments_of_shown_results(page: Page, base_url: str, plans_json: dict) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    provider = plans_json["plans"][0]["provider"]["slug"]
    open_explorer(page, base_url, f"?provider={provider}")
    data = [u.split("/data/", 1)[1] for u in requested if "/data/" in u]
    own = {str(n) for n, p in enumerate(plans_json["plans"]) if p["provider"]["slug"] == provider}
    assert "explorer-facets.json" in data
    assert not [u for u in requested if "/shards/" in u], "search shards were loaded before any word was typed"
    fragments = {
        u.rsplit("/", 1)[1].removesuffix(".json") for u in requested if re.search(r"/search/\w+/fragments/", u)
    }
    assert fragments and fragments <= own, f"fragments of plans not shown were fetched: {fragments - own}"


def test_results_come_a_page_at_a_time(sized: Page, base_url: str, plans_json: dict) -> None:
    open_explorer(sized, base_url)
    total = len(recommendations(plans_json))
    items = sized.locator("#explorer-results li")
    expect(items).to_have_count(min(PAGE_SIZE, total))
    more = sized.locator("#explorer-more")
    while more.is_visible():
        before = items.count()
        more.click()
        expect(items).to_have_count(min(before + PAGE_SIZE, total))
    assert items.count() == total
    assert len(set(result_hrefs(sized))) == total


def test_quoted_phrase_finds_the_phrase(sized: Page, base_url: str, plans_json: dict) -> None:
    phrase = "risk assessment"
    expected = {f"../plans/{p['id']}/#{r['id']}" for p, r in recommendations(plans_json) if has_phrase(r, phrase)}
    open_explorer(sized, base_url, "?words=risk+assessment")
    loose = count(sized)
    sized.fill("#f-q", f'"{phrase}"')
    expect(sized.locator("#explorer-count")).to_have_text(
        re.compile(rf"^{len(expected)} recommendations? in \d+ plans? matching")
    )
    show_all(sized)
    expect(sized.locator("#explorer-results li")).to_have_count(len(expected))
    assert set(result_hrefs(sized)) == expected
    assert 0 < len(expected) < loose, "the phrase should find fewer than its words anywhere"


def test_status_words_do_not_match_everything(sized: Page, base_url: str, plans_json: dict) -> None:
    """ "agreed", "partly agreed", "not agreed" are the statuses, as in the header search: never every
    recommendation through the word "agreed" in each label or the stop word "not"."""
    total = len(recommendations(plans_json))
    by_status = {
        s: sum(1 for _, r in recommendations(plans_json) if r["status"] == s) for s in ("agreed", "not-agreed")
    }
    open_explorer(sized, base_url, "?words=agreed")
    assert count(sized) == by_status["agreed"] < total
    sized.fill("#f-q", "not agreed")
    expected = by_status["not-agreed"]
    expect(sized.locator("#explorer-count")).to_have_text(
        re.compile(rf"^{expected} recommendations? in \d+ plans? matching")
    )
    assert expected < total


def test_a_word_beginning_finds_the_word(sized: Page, base_url: str, plans_json: dict) -> None:
    expected = sum(
        1 for _, r in recommendations(plans_json) if any(w.startswith("abus") for t in rec_words(r) for w in t)
    )
    assert expected > 0
    open_explorer(sized, base_url, "?words=abus")
    assert count(sized) == expected
    sized.fill("#f-q", "abuse")
    expect(sized.locator("#explorer-count")).to_have_text(
        re.compile(rf"^{expected} recommendations? in \d+ plans? matching")
    )


def test_empty_state_says_why_and_how_to_widen(sized: Page, base_url: str, width: str) -> None:
    open_explorer(sized, base_url, "?words=not+agreed&theme=workforce")
    empty = sized.locator("#explorer-empty")
    expect(empty).to_be_visible()
    expect(empty).to_contain_text("No recommendation matches all of")
    expect(empty).to_contain_text("Words: “not agreed”")
    expect(empty).to_contain_text("Theme: Workforce")
    results = Axe().run(sized, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()
    screenshot(sized, f"explorer-empty-{width}", full_page=False)
    sized.get_by_role("button", name=re.compile(r"^Remove Words: “not agreed” \(\d+ recommendations?\)$")).click()
    expect(empty).to_be_hidden()
    assert count(sized) > 0
    assert "words=" not in sized.url and "theme=workforce" in sized.url


def test_options_with_no_result_are_marked_and_skipped(page: Page, base_url: str, plans_json: dict) -> None:
    provider = plans_json["plans"][0]["provider"]
    years = {(p["submitted"] or "")[:4] for p in plans_json["plans"] if p["provider"]["slug"] == provider["slug"]}
    open_explorer(page, base_url, f"?provider={provider['slug']}")
    for option in page.locator("#f-year option").all():
        value = option.get_attribute("value")
        if not value:
            continue
        if value in years:
            expect(option).not_to_have_text(re.compile("none match"))
            expect(option).to_be_enabled()
        else:
            expect(option).to_have_text(re.compile(r"\(0, none match\)"))
            expect(option).to_be_disabled()
    page.focus("#f-year")
    for _ in range(len(years) + 3):
        page.keyboard.press("ArrowDown")
    assert page.input_value("#f-year") in years | {""}


def test_count_and_active_filters_sit_above_the_results(sized: Page, base_url: str, width: str) -> None:
    open_explorer(sized, base_url, "?theme=workforce&status=agreed")
    expect(sized.locator("#explorer-summary")).to_have_text("Filters: Theme: Workforce · Status: Agreed")
    count_box = sized.locator("#explorer-count").bounding_box()
    summary_box = sized.locator("#explorer-summary").bounding_box()
    first = sized.locator("#explorer-results li").first.bounding_box()
    assert count_box and summary_box and first
    assert count_box["y"] + count_box["height"] <= first["y"]
    assert summary_box["y"] + summary_box["height"] <= first["y"]
    for control in ("#f-theme", "#f-sort", "#explorer-csv", "#explorer-form button[type=reset]"):
        box = sized.locator(control).bounding_box()
        assert box and box["height"] >= 44, f"{control} is a small tap target"
    screenshot(sized, f"explorer-filtered-{width}", full_page=False)


@pytest.mark.parametrize("sort", ["newest", "oldest", "provider"])
def test_sort_orders_results(page: Page, base_url: str, plans_json: dict, sort: str) -> None:
    open_explorer(page, base_url, f"?sort={sort}")
    show_all(page)
    by_id = {p["id"]: p for p in plans_json["plans"]}
    shown = [by_id[re.match(r"\.\./plans/([^/]+)/", h)[1]] for h in result_hrefs(page)]  # type: ignore[index]
    dates = [p["submitted"] or "" for p in shown]
    if sort == "newest":
        assert dates == sorted(dates, reverse=True)
    elif sort == "oldest":
        assert dates == sorted(dates)
    else:
        names = [p["provider"]["name"] for p in shown]
        assert names == sorted(names)
    assert (f"sort={sort}" in page.url) == (sort != "newest")


def test_results_write_dates_as_the_rest_of_the_site(page: Page, base_url: str, plans_json: dict) -> None:
    open_explorer(page, base_url, "?sort=oldest")
    oldest = min(plans_json["plans"], key=lambda p: (p["submitted"] or "", p["id"]))
    meta = page.locator("#explorer-results li .meta").first.inner_text()
    assert f" · {human_date(oldest['submitted'])} · " in meta
    page.goto(base_url + oldest["url"])
    expect(page.locator("body")).to_contain_text(human_date(oldest["submitted"]))


def published_records(path: Path) -> dict[tuple[str, str], bytes]:
    """Each row of a published CSV, exactly as its bytes are, by (plan_id, recommendation_id)."""
    data = path.read_bytes()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    records = re.findall(rb'(?:[^"\n]|"[^"]*")*\n', data)  # a record ends at a line break outside quotes
    assert len(records) == len(rows) + 1 and b"".join(records) == data
    return {(row["plan_id"], row["recommendation_id"]): record for row, record in zip(rows, records[1:], strict=True)}


@pytest.mark.parametrize("query", ["?theme=workforce&sort=oldest", "?words=assessment&sort=provider"])
def test_csv_download_is_the_published_rows_of_the_results_byte_for_byte(
    page: Page, base_url: str, built: Path, query: str
) -> None:
    """Issue #17: the download is recommendations.csv (the explorer lists recommendations) cut to the
    results, in their order: the same columns, cells, formula guard, byte-order mark and line endings."""
    published = built / "site" / "data" / "recommendations.csv"
    open_explorer(page, base_url, query)
    expect(page.locator("#explorer-form[data-ready-query]")).to_have_count(1)
    show_all(page)
    shown = [normalise_href(h) for h in result_hrefs(page)]
    assert len(shown) == count(page) > 1
    with page.expect_download() as download:
        page.click("#explorer-csv")
    data = Path(download.value.path()).read_bytes()
    records = published_records(published)
    header = published.read_bytes().split(b"\n", 1)[0] + b"\n"
    assert header.startswith(b"\xef\xbb\xbf")
    assert data == header + b"".join(records[key] for key in shown)


def normalise_href(href: str) -> tuple[str, str]:
    """(plan slug, anchor) of an explorer result's link, ../plans/<slug>/#<anchor>."""
    match = re.fullmatch(r"\.\./plans/([^/]+)/#(rec-[a-z0-9-]+)", href)
    assert match, href
    return match[1], match[2]


@pytest.fixture
def shared_url(page: Page, base_url: str) -> Iterator[str]:
    open_explorer(page, base_url)
    page.select_option("#f-theme", "workforce")
    page.select_option("#f-sort", "provider")
    page.fill("#f-q", '"case management"')
    expect(page.locator("#explorer-form[data-ready-query]")).to_have_attribute("data-ready-query", '"case management"')
    yield page.url


def test_a_shared_url_reopens_filtered(page: Page, shared_url: str) -> None:
    before = page.locator("#explorer-count").inner_text()
    page.goto("about:blank")
    page.goto(shared_url)
    expect(page.locator("#explorer-form[data-ready]")).to_have_count(1)
    expect(page.locator("#f-q")).to_have_value('"case management"')
    expect(page.locator("#f-theme")).to_have_value("workforce")
    expect(page.locator("#f-sort")).to_have_value("provider")
    expect(page.locator("#explorer-count")).to_have_text(before)


# --- issue #20: failures the reader sees, where each result matched, counts that follow the words ---


def test_a_search_that_cannot_load_says_so_and_try_again_works(page: Page, base_url: str) -> None:
    page.route("**/shards/*.json", lambda route: route.abort())
    page.goto(base_url + "explorer/?words=probation")
    error = page.locator(".explorer-error")
    expect(error).to_contain_text("Check the connection, then try again.")
    expect(page.locator("#explorer-count")).to_have_text("Search could not load.")
    expect(page.locator("#explorer-results li")).to_have_count(0)  # never the unfiltered list, never "0 found"
    page.unroute("**/shards/*.json")
    error.get_by_role("button", name="Try again").click()
    expect(page.locator("#explorer-form[data-ready-query]")).to_have_attribute("data-ready-query", "probation")
    expect(page.locator("#explorer-count")).to_have_text(re.compile(r"^\d+ recommendations? in \d+ plans? matching"))
    expect(page.locator(".explorer-error")).to_have_count(0)


def test_show_more_and_the_csv_download_say_when_they_fail_and_try_again(page: Page, base_url: str) -> None:
    open_explorer(page, base_url)
    items = page.locator("#explorer-results li")
    before = items.count()
    page.route("**/fragments/*.json", lambda route: route.abort())
    page.click("#explorer-more")
    more_error = page.locator(".explorer-more + .explorer-error, #explorer-more + .explorer-error")
    expect(more_error).to_contain_text("The next results could not load.")
    expect(items).to_have_count(before)
    page.unroute("**/fragments/*.json")
    more_error.get_by_role("button", name="Try again").click()
    expect(items).not_to_have_count(before)
    page.route("**/recommendations.csv", lambda route: route.abort())
    page.click("#explorer-csv")
    csv_error = page.locator("#explorer-csv + .explorer-error")
    expect(csv_error).to_contain_text("the published CSV could not be loaded")
    page.unroute("**/recommendations.csv")
    with page.expect_download() as download:
        csv_error.get_by_role("button", name="Try again").click()
    assert Path(download.value.path()).read_bytes().startswith(b"\xef\xbb\xbf")


def test_results_show_where_they_matched_and_link_with_the_words_to_highlight(page: Page, base_url: str) -> None:
    open_explorer(page, base_url, "?words=accommodation")
    expect(page.locator("#explorer-form[data-ready-query]")).to_have_attribute("data-ready-query", "accommodation")
    first = page.locator("#explorer-results li").first
    expect(first.locator(".archive-where")).to_have_text(re.compile(r"^In action \d+:$"))
    expect(first.locator(".archive-excerpt mark")).to_have_text(["accommodation"])
    assert "?h=accommodation#rec-" in (first.locator("a").first.get_attribute("href") or "")


def test_facet_counts_follow_the_words(page: Page, base_url: str, plans_json: dict) -> None:
    """How many of *these* results are agreed, per status: the option says it, and choosing it lists as many."""
    open_explorer(page, base_url, "?words=domestic")
    expect(page.locator("#explorer-form[data-ready-query]")).to_have_attribute("data-ready-query", "domestic")
    total = count(page)
    options = page.locator("#f-status option:not([value=''])").evaluate_all(
        "els => els.map(o => [o.value, o.textContent])"
    )
    counts = {value: int(re.search(r"\((\d+)", text)[1]) for value, text in options}  # type: ignore[index]
    assert sum(counts.values()) == total < len(recommendations(plans_json))
    value, n = max(counts.items(), key=lambda kv: kv[1])
    page.select_option("#f-status", value)
    expect(page.locator("#explorer-count")).to_have_text(re.compile(rf"^{n} recommendations? in \d+ plans? matching"))


def test_a_word_in_no_plan_is_named_with_what_it_may_mean(page: Page, base_url: str) -> None:
    open_explorer(page, base_url, "?words=accomodation")
    suggest = page.locator("#explorer-empty [data-explorer-suggest]")
    expect(suggest).to_contain_text("No plan holds “accomodation”. Did you mean accommodation?")
    suggest.get_by_role("button", name="accommodation").click()
    expect(page.locator("#f-q")).to_have_value("accommodation")
    expect(page.locator("#explorer-form[data-ready-query]")).to_have_attribute("data-ready-query", "accommodation")
    expect(page.locator("#explorer-results li").first).to_be_visible()
