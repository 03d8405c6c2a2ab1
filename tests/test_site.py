"""The generated content builds with `mkdocs build --strict`, and the built site has no broken links."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .test_build import PINNED_PERMALINKS


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag in ("a", "link") and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if tag == "script":
            self.scripts.append(values.get("src") or "inline")


def parse_html(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


@pytest.fixture(scope="module")
def site(built: Path) -> Path:
    return built / "site"  # the session's one build (MkDocs strict: any MkDocs warning fails it)


def test_every_plan_page_has_its_permalinked_recommendations(site: Path) -> None:
    for slug, count in PINNED_PERMALINKS.values():
        page = parse_html(site / "plans" / slug / "index.html")
        assert {f"rec-{n}" for n in range(1, count + 1)} <= page.ids


def test_no_broken_internal_links_or_anchors(site: Path) -> None:
    pages = {p: parse_html(p) for p in site.rglob("*.html")}
    checked = 0
    for page, links in pages.items():
        for href in links.hrefs:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//") or href.startswith("mailto:"):
                continue
            base = site if parts.path.startswith("/") else page.parent
            target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            assert target.exists(), f"{page.relative_to(site)} links to missing {href}"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in pages[target].ids, f"{page.relative_to(site)} links to missing anchor {href}"
            checked += 1
    assert checked > 50


def test_open_data_is_published_with_the_site(site: Path) -> None:
    for name in ("plans.json", "recommendations.csv", "actions.csv"):
        assert (site / "data" / name).stat().st_size > 1000


def test_no_page_loads_anything_from_the_network(site: Path) -> None:
    for page in site.rglob("*.html"):
        links = parse_html(page)
        external = [s for s in links.scripts if s.startswith(("http:", "https:", "//"))]
        assert external == [], page
