"""The site as a person uses it, in a real browser."""

from __future__ import annotations

import datetime
import io
import os
import re

import pdfplumber
import pytest
from axe_playwright_python.sync_playwright import Axe
from lunr.stemmer import porter_stemmer
from playwright.sync_api import Page, expect

from probation_archive.pages.cite import citation_text, citations, cited
from probation_archive.site import parse_sources

from ..conftest import SOURCE_PLANS
from .conftest import ARTIFACTS, screenshot

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PLAN = "plans/dorset-devon-and-cornwall-crc-2019-03/"
PAGES = {
    "home": "",
    "providers": "providers/",
    "provider": "providers/durham-tees-valley-crc/",
    "themes": "themes/",
    "theme": "themes/domestic-abuse/",
    "plan": PLAN,
    "explorer": "explorer/",
    "about": "about/",
    "glossary": "glossary/",
    "accessibility": "accessibility/",
    "open-data": "data/",
}


def in_viewport(page: Page, selector: str) -> bool:
    return page.eval_on_selector(
        selector, "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }"
    )


@pytest.mark.parametrize("name", ["home", "provider", "theme", "plan", "explorer", "open-data"])
def test_no_axe_violations(page: Page, base_url: str, name: str) -> None:
    page.goto(base_url + PAGES[name])
    if name == "explorer":
        expect(page.locator("#explorer-form[data-ready]")).to_have_count(1)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_renders_at_desktop_and_phone_width(page: Page, base_url: str, name: str) -> None:
    page.goto(base_url + PAGES[name])
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("footer")).to_contain_text("Open Government Licence v3.0")
    screenshot(page, f"{name}-desktop", full_page=False)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(base_url + PAGES[name])
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} scrolls sideways at phone width by {overflow}px"
    screenshot(page, f"{name}-phone", full_page=False)


def test_site_search_finds_recommendations_and_lands_on_one(page: Page, base_url: str, plans_json: dict) -> None:
    expected = {
        plan["id"]
        for plan in plans_json["plans"]
        for rec in plan["recommendations"]
        if "domestic abuse" in rec["text"].lower()
    }
    assert len(expected) >= 2
    page.goto(base_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").press_sequentially("domestic abuse", delay=20)
    results = page.locator(".md-search-result__link")
    expect(results.first).to_be_visible(timeout=15_000)
    page.wait_for_timeout(300)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    found = {m[1] for href in hrefs if (m := re.search(r"plans/([^/]+)/(?:\?[^#]*)?#rec-\d+", href))}
    assert expected <= found, f"search missed plans {expected - found}"
    screenshot(page, "search-domestic-abuse", full_page=False)
    # the theme page named by the query may come first (issue 12: hub pages are found, with a boost);
    # no other page may outrank the recommendations
    first = next(href for href in hrefs if "/themes/domestic-abuse/" not in href)
    assert "/plans/" in first, f"an index page outranks the recommendations: {hrefs[:3]}"
    rec_link = next(i for i, href in enumerate(hrefs) if re.search(r"plans/[^/]+/(?:\?[^#]*)?#rec-\d+", href))
    results.nth(rec_link).click()
    page.wait_for_url(re.compile(r"/plans/[^/]+/(\?[^#]*)?#rec-\d+"))
    anchor = page.url.split("#", 1)[1]
    assert in_viewport(page, f"h2#{anchor}")


def test_permalink_shows_and_highlights_the_recommendation(page: Page, base_url: str) -> None:
    page.goto(base_url + PLAN + "#rec-5")
    expect(page.locator('.rec[data-rec="rec-5"]')).to_have_class(re.compile(r"\bis-target\b"))
    assert in_viewport(page, "h2#rec-5")
    expect(page.locator("h2#rec-5")).to_contain_text("Recommendation 5")
    screenshot(page, "permalink-rec-5", full_page=False)


def test_copy_link_button_copies_the_permalink(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + PLAN)
    page.locator('.rec[data-rec="rec-2"] .copy-permalink').click()
    expect(page.locator('.rec[data-rec="rec-2"] .copy-permalink .label')).to_have_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == base_url + PLAN + "#rec-2"
    context.close()


@pytest.mark.parametrize(("theme", "status"), [("workforce", "agreed"), ("interventions", "partly-agreed")])
def test_explorer_filters_match_plans_json(
    page: Page, base_url: str, plans_json: dict, theme: str, status: str
) -> None:
    expected = sum(
        1
        for plan in plans_json["plans"]
        for rec in plan["recommendations"]
        if theme in rec["themes"] and rec["status"] == status
    )
    assert expected > 0
    page.goto(base_url + "explorer/")
    expect(page.locator("#explorer-form[data-ready]")).to_have_count(1)
    page.select_option("#f-theme", theme)
    page.select_option("#f-status", status)
    expect(page.locator("#explorer-count")).to_have_text(re.compile(rf"^{expected} recommendations?"))
    expect(page.locator("#explorer-results li")).to_have_count(expected)
    assert f"theme={theme}" in page.url and f"status={status}" in page.url
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)  # a shared filtered view opens filtered
    expect(page.locator("#explorer-count")).to_have_text(re.compile(rf"^{expected} recommendations?"))
    screenshot(page, f"explorer-{theme}-{status}", full_page=False)


def test_explorer_full_text_search_covers_actions(page: Page, base_url: str, plans_json: dict) -> None:
    word = "Shelter"  # appears only in the actions of one recommendation (Cumbria and Lancashire, rec 7)
    hits = [
        (plan["id"], rec["id"])
        for plan in plans_json["plans"]
        for rec in plan["recommendations"]
        if any(word in a["text"] for a in rec["actions"])
    ]
    assert hits and not any(word in rec["text"] for p in plans_json["plans"] for rec in p["recommendations"])
    page.goto(base_url + f"explorer/?q={word}")
    expect(page.locator("#explorer-results li")).to_have_count(len(hits))
    href = page.locator("#explorer-results li a").first.get_attribute("href") or ""
    assert re.sub(r"\?h=[^#]*", "", href) == f"../plans/{hits[0][0]}/#{hits[0][1]}"


def test_explorer_works_with_the_keyboard_alone(page: Page, base_url: str) -> None:
    page.goto(base_url + "explorer/")
    expect(page.locator("#explorer-form[data-ready]")).to_have_count(1)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-q":
            break
    assert page.evaluate("document.activeElement.id") == "f-q", "the search box is not reachable with Tab"
    page.keyboard.type("recruitment")
    expect(page.locator("#explorer-count")).to_have_text(re.compile(r"matching “recruitment”"))
    before = page.locator("#explorer-results li").count()
    assert before > 0
    for field in ("f-provider", "f-type", "f-theme"):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == field
    page.keyboard.press("ArrowDown")  # choose the first theme with the keyboard
    expect(page.locator("#f-theme")).not_to_have_value("")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#explorer-results') !== null"):
            break
    assert page.evaluate("document.activeElement.tagName") == "A", "results are not reachable with Tab"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/plans/[^/]+/(\?h=[^#]*)?#rec-\d+"))  # ?h=: the words, highlighted there


def test_plan_page_prints_without_navigation(page: Page, base_url: str) -> None:
    page.goto(base_url + PLAN)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".copy-permalink"):
        assert page.locator(chrome).first.evaluate("el => getComputedStyle(el).display") == "none", chrome
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "plan-print.pdf"), format="A4")
    assert (ARTIFACTS / "plan-print.pdf").stat().st_size > 10_000


@pytest.mark.parametrize("query", ["perpetrators", "E&D", "L&D", "OASys", "Through The Gate", "Shelter", "recruit"])
def test_site_search_finds_whole_words_and_awkward_terms(
    page: Page, base_url: str, plans_json: dict, query: str
) -> None:
    """Whole words (not just prefixes), abbreviations with '&', mixed case, and words only in actions:
    the best result's recommendation (its text, its actions and their owners, from plans.json) holds
    every word of the query whole (as its stem: "recruit" is in "recruitment"), not just a word it begins."""
    page.goto(base_url)
    page.locator(".md-search__input").first.click()
    page.locator(".md-search__input").press_sequentially(query, delay=20)
    first = page.locator(".md-search-result__link[href*='#rec-']").first
    expect(first).to_be_attached(timeout=15_000)
    found = re.search(r"plans/([^/]+)/(?:\?[^#]*)?#(rec-[\w-]+)$", first.get_attribute("href") or "")
    assert found, first.get_attribute("href")
    [rec] = [r for p in plans_json["plans"] if p["id"] == found[1] for r in p["recommendations"] if r["id"] == found[2]]
    text = " ".join([rec["text"], *(a["text"] for a in rec["actions"]), *(a["owner"] or "" for a in rec["actions"])])
    stems = {str(porter_stemmer.stem(word)) for word in re.split(r"[^\w&]+", text.lower()) if word}
    for word in query.lower().split():
        assert str(porter_stemmer.stem(word)) in stems, f"{word!r} is not a whole word of {found[0]}"


WARWICKSHIRE = "plans/warwickshire-and-west-mercia-crc-2019-07/"


@pytest.mark.parametrize(
    ("fmt", "pattern"),
    [
        ("text", r"\(Accessed: (\d{1,2} [A-Z][a-z]+ \d{4})\)\.$"),
        ("bibtex", r"urldate = \{(\d{4}-\d{2}-\d{2})\}"),
        ("ris", r"\nY2  - (\d{4}/\d{2}/\d{2})\n"),
    ],
)
def test_citation_copy_button_copies_it_with_the_date_accessed(browser, base_url: str, fmt: str, pattern: str) -> None:  # type: ignore[no-untyped-def]
    """The access date is the browser's date at the moment of copying; the permalink is absolute."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + PLAN)
    rec = page.locator('.rec[data-rec="rec-2"]')
    rec.locator(".cite summary").click()
    button = rec.locator(f'.copy-cite[data-copy="cite-{fmt}-rec-2"]')
    expect(button).to_be_visible()
    button.click()
    expect(button.locator("xpath=..").locator(".copy-status")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    today = page.evaluate(
        "(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]; })()"
    )
    found = re.search(pattern, copied)
    assert found, copied
    numbers = [int(n) for n in re.findall(r"\d+", found[1])]
    assert sorted(numbers) == sorted(today) or numbers[0] == today[2]  # "25 November 2026" names the month
    assert base_url + PLAN + "#rec-2" in copied
    assert "HM Prison and Probation Service" in copied and "Recommendation 2" in copied
    assert "date accessed" not in copied
    # BibTeX and RIS are filled in by the browser from the page's one template: exactly what the build's
    # own citation code writes for this recommendation (one implementation of each format)
    plan = next(p for p in parse_sources(SOURCE_PLANS).plans if p.url == PLAN)
    expected = citations(plan, cited(plan, plan.recommendations[1]))[fmt]
    assert copied == citation_text(expected, base_url + PLAN + "#rec-2", datetime.date(*today))
    context.close()


def test_every_plan_page_says_where_it_came_from(page: Page, base_url: str) -> None:
    page.goto(base_url + PLAN)
    facts = page.locator(".plan-facts")
    expect(facts).to_contain_text("Published by")
    expect(facts).to_contain_text("HM Prison and Probation Service")
    expect(facts).to_contain_text("the text the archive was built from")
    expect(facts.locator(".unrecorded")).to_have_count(2)  # no address recorded: said, not a dead link


def test_open_data_is_in_the_top_navigation_and_on_the_home_page(page: Page, base_url: str) -> None:
    page.goto(base_url)
    expect(page.locator(".md-tabs__link", has_text="Open data")).to_have_count(1)
    page.locator(".md-content a", has_text="open data").first.click()
    page.wait_for_url(re.compile(r"/data/$"))
    expect(page.locator("table.downloads")).to_contain_text("recommendations.csv")


def test_provider_page_links_its_own_downloads(page: Page, base_url: str) -> None:
    page.goto(base_url + PAGES["provider"])
    links = page.locator(".provider-downloads a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    # per provider, its recommendations; the archive-wide files (linked from the Data page) hold the rest
    assert [h for h in hrefs if h and h.endswith((".json", ".csv"))] == [
        "../../data/providers/durham-tees-valley-crc/recommendations.csv",
    ]
    assert "../../data/#durham-tees-valley-crc" in hrefs
    response = page.request.get(base_url + "data/providers/durham-tees-valley-crc/recommendations.csv")
    assert response.ok and response.body().startswith(b"\xef\xbb\xbf")


def test_printed_plan_is_compact_with_address_date_permalinks_and_citations(page: Page, base_url: str) -> None:
    """Issue #13: 7 recommendations printed as 16 A4 pages, with a heading stranded at a page foot."""
    page.goto(base_url + WARWICKSHIRE)
    page.emulate_media(media="print")
    stamp = page.locator(".print-stamp")
    expect(stamp).to_be_visible()
    expect(stamp).to_contain_text(base_url + WARWICKSHIRE)
    expect(stamp.locator(".print-date")).not_to_have_text("date printed")
    recs = page.locator(".rec")
    assert recs.count() == 7
    for i in range(recs.count()):
        cite = recs.nth(i).locator(".print-cite")
        expect(cite).to_be_visible()
        expect(cite).to_contain_text(f"{base_url}{WARWICKSHIRE}#rec-{i + 1}")
        expect(cite).to_contain_text("HM Prison and Probation Service (2019)")
    assert page.locator(".cite").first.evaluate("el => getComputedStyle(el).display") == "none"
    pdf = pdfplumber.open(io.BytesIO(page.pdf(format="A4")))
    pages = [p.extract_text() or "" for p in pdf.pages]
    print(f"\nWarwickshire (7 recommendations) prints as {len(pages)} A4 pages")
    assert len(pages) <= 8, len(pages)
    for number, text in enumerate(pages, 1):
        last = [line for line in text.splitlines() if line.strip()][-1]
        assert not re.fullmatch(r"(Recommendation \d+|Actions for recommendation \d+|Action Owner Target.*)", last), (
            f"page {number} ends with a heading: {last!r}"
        )


def test_report_a_problem_link_only_when_the_repository_is_configured(page: Page, base_url: str) -> None:
    """The e2e site is built without REPOSITORY_URL (as a local build is): no link, and no dead link."""
    page.goto(base_url + PLAN)
    expected = 1 if os.environ.get("REPOSITORY_URL") else 0
    expect(page.locator("a[data-page-issue]")).to_have_count(expected)
