"""Citations and the metadata reference managers read: the three citation formats, the plan pages'
meta tags read the way Zotero's "Embedded Metadata" translator reads them, and the site-wide pieces
that need the site's address (robots.txt, sitemap lastmod, Report a problem)."""

from __future__ import annotations

import datetime
import hashlib
import html
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from probation_archive.model import Origin, Plan
from probation_archive.pages.cite import (
    TEMPLATE,
    Slot,
    bibtex_citation,
    citation_html,
    citation_text,
    citations,
    cite_block,
    cited,
    plain_citation,
    ris_citation,
)
from probation_archive.pages.plan import render_plan_page
from probation_archive.site import content_files, parse_sources, run
from probation_archive.themes import load_themes

from .conftest import SOURCE_PLANS, golden_records

SITE = "https://archive.example/probation/"
REPOSITORY = "https://github.com/example/archive"
DURHAM = "durham-tees-valley-crc-2020-05"
ACCESSED = datetime.date(2026, 11, 25)


@pytest.fixture(scope="module")
def plans() -> list[Plan]:
    return parse_sources(SOURCE_PLANS).plans


@pytest.fixture(scope="module")
def durham(plans: list[Plan]) -> Plan:
    return next(p for p in plans if p.slug == DURHAM)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built with its address and repository configured as the Pages workflow does."""
    root = tmp_path_factory.mktemp("cited")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", SITE)
        env.setenv("REPOSITORY_URL", REPOSITORY)
        report = run(SOURCE_PLANS, root / "content", root / "site", strict=True)
    assert report.failures == []
    return root


def source_hash(plan: Plan) -> str:
    """The first 16 hex digits of the SHA-256 of the plan's source file, read from source_plans/."""
    return hashlib.sha256((SOURCE_PLANS / plan.source).read_bytes()).hexdigest()[:16]


# --- the three formats -----------------------------------------------------------------------------


def test_plain_citation_of_a_real_recommendation(durham: Plan) -> None:
    rec = durham.recommendations[2]
    text = citation_text(plain_citation(durham, cited(durham, rec)), f"{SITE}{durham.url}#rec-3", ACCESSED)
    assert text == (
        "HM Prison and Probation Service (2020) Durham Tees Valley Community Rehabilitation Company: action plan, "
        "May 2020. Recommendation 3: “Durham Tees Valley CRC should improve the quality of work to assess…”. "
        f"Action plan submitted 20 May 2020. Probation Action Plan Archive, source SHA-256 {source_hash(durham)}. "
        f"Available at: {SITE}plans/{DURHAM}/#rec-3 (Accessed: 25 November 2026)."
    )


def test_bibtex_has_the_body_as_author_and_urldate(durham: Plan) -> None:
    rec = durham.recommendations[2]
    text = citation_text(bibtex_citation(durham, cited(durham, rec)), f"{SITE}{durham.url}#rec-3", ACCESSED)
    assert text.startswith("@techreport{hmpps_durham_tees_valley_crc_2020_05_rec_3,\n")
    fields = dict(re.findall(r"^  (\w+) = (.*?),?$", text, re.M))
    assert fields["author"] == "{{HM Prison and Probation Service}}"  # a body, never "Service, H. P. a. P."
    assert fields["urldate"] == "{2026-11-25}"
    assert fields["url"] == f"{{{SITE}plans/{DURHAM}/#rec-3}}"
    assert fields["date"] == "{2020-05-20}" and fields["year"] == "{2020}"
    assert "Recommendation 3: “Durham Tees Valley CRC should improve the quality" in fields["title"]
    assert fields["note"] == f"{{Probation Action Plan Archive, source SHA-256 {source_hash(durham)}}}"
    assert text.count("{") == text.count("}") and text.endswith("}")


def test_bibtex_escapes_what_a_source_contains(durham: Plan) -> None:
    rec = replace(durham.recommendations[0], text="Cut costs by 50% & {fix} the $budget_1 \\now")
    text = citation_text(bibtex_citation(durham, cited(durham, rec)), "u", ACCESSED)
    assert r"50\% \& \{fix\} the \$budget\_1 \textbackslash{}now" in text
    assert text.count("{") - text.count(r"\{") == text.count("}") - text.count(r"\}")


def test_ris_record(durham: Plan) -> None:
    rec = durham.recommendations[2]
    text = citation_text(ris_citation(durham, cited(durham, rec)), f"{SITE}{durham.url}#rec-3", ACCESSED)
    lines = text.split("\n")
    assert lines[0] == "TY  - RPRT" and lines[-1] == "ER  - "
    tags = {line[:2]: line[6:] for line in lines}
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines)
    assert tags["AU"] == "HM Prison and Probation Service"
    assert tags["DA"] == "2020/05/20" and tags["PY"] == "2020"
    assert tags["UR"] == f"{SITE}plans/{DURHAM}/#rec-3"
    assert tags["Y2"] == "2026/11/25"
    assert tags["DB"] == "Probation Action Plan Archive"
    assert tags["N1"] == f"Source SHA-256 {source_hash(durham)}"


def test_the_page_template_filled_with_a_recommendations_values_is_its_citation(plans: list[Plan]) -> None:
    """BibTeX and RIS are written once per plan page, with slots the browser fills from each
    recommendation's data-cite-* values: filled the same way here, they give exactly the citation
    written for that recommendation, for every recommendation of every real plan. The values written
    are checked against the reviewed parses (tests/golden/), not against the function that wrote them."""
    records = {record["id"]: record for record in golden_records()}
    for plan in plans:
        for rec in plan.recommendations:
            values = cited(plan, rec)
            block = cite_block(plan, rec, SITE)
            written = {
                k.replace("-", "_"): html.unescape(v) for k, v in re.findall(r'data-cite-([a-z-]+)="([^"]*)"', block)
            }
            written.setdefault("words_bibtex", written["words"])  # written only where escaping changed them
            [golden] = [r for r in records[plan.slug]["recommendations"] if r["id"] == rec.anchor]
            assert written["number"] == (golden.get("ref") or str(golden["number"]))
            assert written["key"] == golden["id"].replace("-", "_")
            first = golden["text"].split("\n", 1)[0].replace("*", "").split()
            words = written["words"].removesuffix("…").split()
            assert words == first[: len(words)] or words[:-1] == first[: len(words) - 1], golden["id"]
            assert len(words) == min(12, len(first)) and written["words"].endswith("…") == (len(first) > 12)
            assert written["words_bibtex"] == written["words"]  # the real plans hold no TeX special character
            assert written == {name: getattr(values, name) for name in ("number", "words", "words_bibtex", "key")}
            for key, pieces in citations(plan, TEMPLATE).items():
                filled = [
                    getattr(values, p.kind) if isinstance(p, Slot) and p.kind not in ("url", "accessed") else p
                    for p in pieces
                ]
                assert citation_text(filled, "u", ACCESSED) == citation_text(
                    citations(plan, values)[key], "u", ACCESSED
                )


def test_bibtex_words_are_written_only_where_escaping_changed_them(durham: Plan) -> None:
    rec = durham.recommendations[0]
    assert "data-cite-words-bibtex" not in cite_block(durham, rec, SITE)
    odd = replace(rec, text="Cut costs by 50% & more")
    written = re.search(r'data-cite-words-bibtex="([^"]*)"', cite_block(durham, odd, SITE))
    assert written and html.unescape(written[1]) == r"Cut costs by 50\% \& more"


def test_a_plan_page_writes_bibtex_and_ris_once(durham: Plan) -> None:
    page = render_plan_page(durham, {}, SITE)
    assert html.unescape(page).count("@techreport{") == 1 and page.count("TY  - RPRT") == 1
    assert page.count('<details class="cite"') == len(durham.recommendations)
    template = re.findall(r'<div class="cite-template" hidden>(.*?)</div>\n', page, re.S)
    assert len(template) == 1
    assert re.findall(r'<div class="cite-format" data-format="(\w+)">', template[0]) == ["text", "bibtex", "ris"]
    assert template[0].count(f'data-href="{SITE}plans/{DURHAM}/"') == 3  # the page's address, in each format
    assert 'data-slot="words_bibtex"' in page


def test_citations_name_the_recorded_issuing_body(durham: Plan) -> None:
    other = replace(durham, origin=Origin(publisher="Ministry of Justice"))
    for pieces in citations(other, cited(other, other.recommendations[0])).values():
        assert "Ministry of Justice" in citation_text(pieces, "u", ACCESSED)


def test_citation_html_escapes_and_leaves_the_slots_to_the_browser(durham: Plan) -> None:
    rec = replace(durham.recommendations[0], text='<script>alert("x")</script> {{ config }}')
    html = citation_html(plain_citation(durham, cited(durham, rec)), f"{durham.url}#rec-1")
    assert "<script>" not in html and "{{" not in html
    assert f'<span class="cite-url" data-href="{durham.url}#rec-1">' in html
    assert '<span class="cite-accessed" data-style="long">date accessed</span>' in html


# --- plan pages: provenance ------------------------------------------------------------------------


def test_plan_page_says_who_published_it_and_that_addresses_are_not_recorded(durham: Plan) -> None:
    page = render_plan_page(durham, {}, "")
    assert "<dt>Published by</dt><dd>HM Prison and Probation Service</dd>" in page
    assert page.count("address not recorded") == 2  # the publication and the report: never a dead link
    assert "HM Inspectorate of Probation inspection: Durham Tees Valley Community Rehabilitation Company" in page
    assert ", published April 2020" in page
    assert "the text the archive was built from" in page


def test_plan_page_links_recorded_addresses(durham: Plan) -> None:
    origin = Origin(
        publication_url="https://www.gov.uk/government/publications/x",
        report_title="An inspection of probation services in Durham",
        report_published="2020-04-02",
        report_url="https://www.justiceinspectorates.gov.uk/hmiprobation/x/",
    )
    page = render_plan_page(replace(durham, origin=origin, source="plan.pdf"), {}, "")
    assert '<a href="https://www.gov.uk/government/publications/x">' in page
    assert '<a href="https://www.justiceinspectorates.gov.uk/hmiprobation/x/">read the report</a>' in page
    assert "An inspection of probation services in Durham, published 2 April 2020" in page
    assert "the PDF as published" in page and "address not recorded" not in page


# --- what a reference manager reads -----------------------------------------------------------------


class Head(HTMLParser):
    """The `<meta>` and `<link>` tags of a page's `<head>` (Zotero reads meta tags in the head only)."""

    def __init__(self) -> None:
        super().__init__()
        self.in_head = False
        self.meta: list[tuple[str, str]] = []
        self.canonical = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "head":
            self.in_head = True
        elif self.in_head and tag == "meta":
            name = values.get("name") or values.get("property")
            if name and values.get("content"):
                self.meta.append((name, values["content"]))
        elif self.in_head and tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


# Zotero's Embedded Metadata translator (zotero/translators, "Embedded Metadata.js"): HIGHWIRE_MAPPINGS.
HIGHWIRE_MAPPINGS = {
    "citation_title": "title",
    "citation_publication_date": "date",
    "citation_date": "date",
    "citation_journal_title": "publicationTitle",
    "citation_book_title": "bookTitle",
    "citation_technical_report_institution": "institution",
    "citation_technical_report_number": "number",
    "citation_publisher": "publisher",
    "citation_abstract": "abstractNote",
    "citation_doi": "DOI",
    "citation_public_url": "url",
    "citation_language": "language",
}
HW_TYPES = {
    "citation_journal_title": "journalArticle",
    "citation_technical_report_institution": "report",
    "citation_conference_title": "conferencePaper",
    "citation_book_title": "bookSection",
    "citation_dissertation_institution": "thesis",
}


def clean_author(author: str, use_comma: bool) -> dict[str, str]:
    """`ZU.cleanAuthor`: trim punctuation; "Last, First" when `use_comma`, else split at the last space."""
    author = re.sub(r"[\s\u00a0.,/\[\]:]+$", "", re.sub(r"^[\s\u00a0.,/\[\]:]+", "", author))
    if use_comma:
        names = re.split(r", ?", author)
        return {"lastName": names[0], "firstName": names[1]} if len(names) > 1 else {"lastName": author}
    first, _, last = author.rpartition(" ")
    return {"lastName": last, "firstName": first} if first else {"lastName": last}


def zotero_item(head: Head) -> dict[str, object]:
    """The item Zotero's Embedded Metadata translator makes of a page (its Highwire path)."""
    names = [name for name, _ in head.meta]
    hw_type = next((HW_TYPES[n[n.rfind("citation_") :]] for n in names if n[n.rfind("citation_") :] in HW_TYPES), None)
    item: dict[str, object] = {"itemType": hw_type or ("journalArticle" if "citation_title" in names else None)}
    for key, field in HIGHWIRE_MAPPINGS.items():
        values = [content for name, content in head.meta if name.endswith(key)]  # getContentText: suffix match
        if values and values[0].strip():
            item[field] = " ".join(", ".join(values).split())
    nodes = [content for name, content in head.meta if name.endswith("citation_author")]
    creators = []
    for node in nodes:
        people = re.split(r"\s*;\s*", node)
        if len(people) == 1 and len(nodes) == 1:
            by_comma = re.split(r"\s*,\s*", people[0])
            if len(by_comma) > 1 and " " in by_comma[0] and " " in by_comma[1]:
                people = by_comma
        for person in people:
            person = person.strip()
            if person and re.search(r"[^\s,\-.;]", person):
                creators.append({**clean_author(person, "," in person), "creatorType": "author"})
    item["creators"] = creators
    if "abstractNote" not in item:
        item["abstractNote"] = dict(head.meta).get("description", "")
    if "url" not in item:
        item["url"] = head.canonical
    return item


def test_zotero_reads_a_plan_page_as_a_report_by_the_issuing_body(built: Path) -> None:
    head = Head()
    head.feed((built / "site" / "plans" / DURHAM / "index.html").read_text(encoding="utf-8"))
    item = zotero_item(head)
    assert item["itemType"] == "report"
    assert item["title"] == "Durham Tees Valley Community Rehabilitation Company: action plan, May 2020"
    assert item["creators"] == [{"lastName": "HM Prison and Probation Service", "creatorType": "author"}]
    assert item["institution"] == "HM Prison and Probation Service"
    assert item["date"] == "2020/05/20"
    assert item["url"] == f"{SITE}plans/{DURHAM}/"
    assert item["language"] == "en"
    assert "6 recommendations" in str(item["abstractNote"])


def test_plan_pages_meet_google_scholars_and_open_graphs_tags(built: Path, plans: list[Plan]) -> None:
    for plan in plans:
        head = Head()
        head.feed((built / "site" / "plans" / plan.slug / "index.html").read_text(encoding="utf-8"))
        meta = dict(head.meta)
        assert meta["citation_title"] and meta["citation_author"]
        assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", meta["citation_publication_date"])  # Scholar: YYYY/MM/DD
        assert meta["og:title"] == meta["citation_title"]
        assert meta["og:url"] == meta["citation_public_url"] == f"{SITE}{plan.url}"
        assert plan.provider.name in meta["description"] and meta["og:description"] == meta["description"]
        assert [name for name, _ in head.meta].count("description") == 1  # page-specific, not the site's too


# --- site-wide ------------------------------------------------------------------------------------


def test_robots_txt_and_sitemap_lastmod_from_each_pages_data(built: Path, plans: list[Plan]) -> None:
    assert (built / "site" / "robots.txt").read_text(encoding="utf-8") == (
        f"User-agent: *\nAllow: /\nSitemap: {SITE}sitemap.xml\n"
    )
    sitemap = (built / "site" / "sitemap.xml").read_text(encoding="utf-8")
    lastmod = dict(re.findall(r"<loc>(.*?)</loc>\s*<lastmod>(.*?)</lastmod>", sitemap))
    for plan in plans:
        assert lastmod[SITE + plan.url] == plan.submitted
    newest = {p.provider.slug: p.submitted for p in sorted(plans, key=lambda p: p.submitted or "")}
    for slug, date in newest.items():
        assert lastmod[f"{SITE}providers/{slug}/"] == date


def test_every_page_links_report_a_problem_with_its_address(built: Path) -> None:
    pages = sorted((built / "site").rglob("index.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        address = SITE + str(page.parent.relative_to(built / "site")).removeprefix(".") + "/"
        address = address.replace(f"{SITE}/", SITE)
        links = re.findall(r'<a href="([^"]+)" data-page-issue>Report a problem with this page</a>', html)
        assert len(links) == 1, page
        assert links[0].startswith(f"{REPOSITORY}/issues/new?title=")
        assert "Page%3A%20" + address.replace(":", "%3A") in links[0], (page, links[0])


def test_csv_permalinks_are_absolute_on_a_site_with_an_address(built: Path) -> None:
    text = (built / "content" / "data" / "recommendations.csv").read_text(encoding="utf-8-sig")
    assert f",{SITE}plans/{DURHAM}/#rec-3," in text


def test_adding_a_plan_leaves_every_other_plan_page_as_it_was(plans: list[Plan], durham: Plan) -> None:
    """A plan page is cited by its own source, not by the whole archive's version (which the open data
    keeps): adding an unrelated plan leaves every other plan page's bytes as they were, so a build that
    adds one plan rewrites only the pages it concerns (issue #21). Only what relates to a plan may change:
    its recurrence matches, whose similarity weighs words by how rare they are in the whole archive
    (on six plans, a seventh moves a pair across the threshold)."""
    themes = load_themes()
    before = content_files(plans, themes, SITE)
    added = replace(
        durham,
        slug="added-provider-2030-01",
        source="added.txt",
        source_sha256="0" * 64,
        provider=replace(durham.provider, name="Added Provider", short_name="Added", slug="added-provider"),
        submitted="2030-01-15",
        published="2030-01-01",
        recommendations=tuple(
            replace(rec, text=f"Quartz zebra {n} xylophone", actions=()) for n, rec in enumerate(durham.recommendations)
        ),
    )
    after = content_files([*plans, added], themes, SITE)
    pages = sorted(path for path in before if path.startswith("plans/"))
    assert len(pages) == len(plans)

    def without_matches(page: str) -> list[str]:
        return [line for line in page.split("\n") if not line.startswith('<div class="made-before"')]

    assert [path for path in pages if without_matches(after[path]) != without_matches(before[path])] == []
    assert sum(after[path] == before[path] for path in pages) >= len(plans) - 2
    assert after[f"plans/{added.slug}.md"].count("ource SHA-256 0000000000000000") == 3  # text, BibTeX, RIS
    assert before["data/plans.json"] != after["data/plans.json"]  # its archive_version changed
    assert "archive_version" not in before[f"plans/{DURHAM}.md"]
