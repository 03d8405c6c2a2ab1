"""probation_archive.urls: one way to link pages, one way to read the site's address."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from probation_archive.present.urls import configured_site_url, normalise_site_url, rel

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
