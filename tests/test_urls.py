"""probation_archive.urls: one way to link pages, one way to read the site's address."""

from __future__ import annotations

import posixpath
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from probation_archive.model import Plan, Provider, Recommendation
from probation_archive.present.urls import (
    absolute,
    configured_site_url,
    normalise_site_url,
    page_url,
    permalink,
    rel,
    source_link,
)

from .conftest import ROOT

PAGES = ["", "plans/x-2019-03/", "providers/y/", "themes/", "themes/risk/", "about/", "data/", "explorer/"]
TARGETS = ["", "themes/", "plans/x-2019-03/#rec-1", "sources/a.pdf#page=3", "glossary/#status-agreed", "feed.xml"]


@pytest.mark.parametrize(
    ("here", "target", "link"),
    [
        ("plans/x/", "providers/y/", "../../providers/y/"),
        ("plans/x/", "", "../../"),  # the home page keeps its slash
        ("", "", "./"),
        ("themes/", "themes/", "./"),
        ("themes/risk/", "themes/", "../"),
        ("explorer/", "plans/x/#rec-r3", "../plans/x/#rec-r3"),
        ("plans/x/", "sources/x.pdf#page=2", "../../sources/x.pdf#page=2"),
        ("data/", "data/providers/x/recommendations.csv", "providers/x/recommendations.csv"),
    ],
)
def test_rel(here: str, target: str, link: str) -> None:
    assert rel(here, target) == link


@given(st.sampled_from(PAGES), st.sampled_from(TARGETS))
def test_a_link_leads_where_it_says_from_any_page(here: str, target: str) -> None:
    """Followed from the page, the link reaches the target (same path, same fragment, a folder stays a folder)."""
    link = rel(here, target)
    path, _, fragment = link.partition("#")
    assert posixpath.normpath(posixpath.join("/" + here, path)) == posixpath.normpath("/" + target.partition("#")[0])
    assert fragment == target.partition("#")[2]
    assert path.endswith("/") == (target.partition("#")[0].endswith("/") or not target.partition("#")[0])


def test_site_url_is_normalised_once_for_the_build_and_the_feed(monkeypatch: pytest.MonkeyPatch) -> None:
    assert normalise_site_url(" https://example.org/archive ") == "https://example.org/archive/"
    assert normalise_site_url("https://example.org/") == "https://example.org/" and normalise_site_url(" ") == ""
    monkeypatch.setenv("SITE_URL", "https://example.org/probation")
    assert configured_site_url() == "https://example.org/probation/"
    monkeypatch.delenv("SITE_URL")
    assert configured_site_url() == ""


def test_a_permalink_is_the_plan_page_and_the_recommendations_anchor() -> None:
    plan = Plan("s", "0", Provider("n", "n", "CRC", "n"), "2019-03", None, (), None, slug="x-crc-2019-03")
    numbered = Recommendation(3, "", "t", None, "", False, (), ())
    referenced = Recommendation(4, "", "t", None, "", False, (), (), ref="1.2")
    assert permalink(plan, numbered) == "plans/x-crc-2019-03/#rec-3"
    assert permalink(plan, referenced) == "plans/x-crc-2019-03/#rec-1-2"
    assert rel("providers/n/", permalink(plan, referenced)) == "../../plans/x-crc-2019-03/#rec-1-2"
    assert (
        absolute("https://example.org/a/", permalink(plan, numbered))
        == "https://example.org/a/plans/x-crc-2019-03/#rec-3"
    )
    assert absolute("", "feed.xml") == "feed.xml" and absolute("https://example.org/", "") == "https://example.org/"


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("index.md", ""),
        ("about.md", "about/"),
        ("providers/index.md", "providers/"),
        ("themes/risk.md", "themes/risk/"),
        ("reindex.md", "reindex/"),
    ],
)
def test_page_url(path: str, url: str) -> None:
    assert page_url(path) == url


def test_source_link() -> None:
    assert source_link("providers/index.md", "areas/index.md") == "../areas/index.md"
    assert source_link("index.md", "data/index.md") == "data/index.md"


# A permalink or an absolute address written by hand: `{plan.url}#{rec.anchor}`, `"#" + …`, `site_url + …`.
HAND_BUILT = re.compile(r"""\}#\{|["']#["'] \+|site_url \+|\{site_url\}""")


def test_no_address_is_built_by_hand_outside_urls() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted((ROOT / "probation_archive").rglob("*.py"))
        if path.name != "urls.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HAND_BUILT.search(line)
    ]
    assert found == []


URL_PARTS = st.lists(st.sampled_from(["a", "b", "..", ".", "", "x.pdf", "feed.xml", "c.d"]), max_size=5)


@given(URL_PARTS, st.booleans(), URL_PARTS, st.booleans())
def test_links_are_mkdocs_relative_urls(to: list[str], to_dir: bool, here: list[str], here_dir: bool) -> None:
    """`rel`'s remembered folders give exactly MkDocs' `get_relative_url`, for any two addresses."""
    from mkdocs.utils import get_relative_url

    from probation_archive.present.urls import _relative_url

    url, other = "/".join(to) + ("/" if to_dir else ""), "/".join(here) + ("/" if here_dir else "")
    assert _relative_url(url, other) == get_relative_url(url, other)
    assert _relative_url("/" + url, "//" + other) == get_relative_url("/" + url, "//" + other)
