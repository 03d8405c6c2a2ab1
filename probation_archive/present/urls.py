"""Addresses: links between the site's pages, and the site's own public address.

Pages are known by their site-relative URL as MkDocs publishes them (`use_directory_urls`):
`plans/<slug>/`, `themes/`, and `` for the home page. Links inside raw HTML are written relative
to the page they are on, so the site works from any folder, and the site tests check every one.
"""

from __future__ import annotations

import os
import posixpath
from functools import lru_cache

from mkdocs.utils import get_relative_url

from ..model import Plan, Recommendation


def rel(from_url: str, to_url: str) -> str:
    """A link from one page's URL to another's (or to a file), both site-relative; a `#fragment` is kept.

    >>> rel("plans/x/", "providers/y/#rec-1"), rel("", "themes/"), rel("themes/", "themes/")
    ('../../providers/y/#rec-1', 'themes/', './')
    >>> rel("plans/x/", ""), rel("", ""), rel("plans/x/", "sources/x.pdf#page=2"), rel("data/", "feed.xml")
    ('../../', './', '../../sources/x.pdf#page=2', '../feed.xml')
    """
    path, hash_sign, fragment = to_url.partition("#")
    # MkDocs' own function, on directories: "" (the home page) is "./", so the link keeps its slash.
    return _relative_url(path or "./", from_url or "./") + hash_sign + fragment


def _relative_url(url: str, other: str) -> str:
    """MkDocs' `get_relative_url(url, other)`, each address split into its folders once (a build makes
    hundreds of thousands of links among a few thousand pages).

    >>> _relative_url("providers/y/", "plans/x/"), _relative_url("./", "data/feed.xml"), _relative_url("a/b", "a/c/")
    ('../../providers/y/', '../', '../b')
    """
    other_parts, dest_parts = _folders_of_page(other), _folders(url)
    common = 0
    for a, b in zip(other_parts, dest_parts, strict=False):
        if a != b:
            break
        common += 1
    relurl = "/".join(("..",) * (len(other_parts) - common) + dest_parts[common:]) or "."
    return relurl + "/" if url.endswith("/") else relurl


@lru_cache(maxsize=1 << 14)
def _folders(path: str) -> tuple[str, ...]:
    """MkDocs' `_norm_parts`: the path's parts, normalised (`..` taken out, never above the root)."""
    path = posixpath.normpath(path if path.startswith("/") else "/" + path)[1:]
    return tuple(path.split("/")) if path else ()


@lru_cache(maxsize=1 << 14)
def _folders_of_page(url: str) -> tuple[str, ...]:
    """The folders a link is written from: a file's name (it has a dot) left out, as MkDocs does."""
    dirname, _, basename = url.rpartition("/")
    return _folders(dirname if "." in basename else url)


def page_url(path: str) -> str:
    """A generated Markdown page's site-relative URL as MkDocs publishes it (`use_directory_urls`).

    >>> page_url("about.md"), page_url("providers/index.md"), page_url("index.md"), page_url("plans/x.md")
    ('about/', 'providers/', '', 'plans/x/')
    """
    stem = path.removesuffix(".md")
    return stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"


def source_link(from_path: str, to_path: str) -> str:
    """A Markdown link from one source page to another, as MkDocs resolves (and checks) them.

    >>> source_link("providers/index.md", "areas/index.md"), source_link("index.md", "explorer.md")
    ('../areas/index.md', 'explorer.md')
    """
    return get_relative_url(to_path, from_path)


def permalink(plan: Plan, rec: Recommendation) -> str:
    """A recommendation's permanent address, site-relative: `plans/<slug>/#<anchor>` (`rel` or `absolute` it).

    >>> from probation_archive.model import Provider
    >>> plan = Plan("s", "0", Provider("n", "n", "CRC", "n"), None, None, (), None, slug="x-crc-2019-03")
    >>> permalink(plan, Recommendation(3, "", "t", None, "", False, (), (), ref="R3"))
    'plans/x-crc-2019-03/#rec-r3'
    """
    return f"{plan.url}#{rec.anchor}"


def absolute(site_url: str, path: str) -> str:
    """A site-relative path (`plans/x/`, `feed.xml`, `` for the home page) at the site's address, which
    ends in `/` (`normalise_site_url`); with no address configured, the path as it is.

    >>> absolute("https://example.org/archive/", "plans/x/#rec-1"), absolute("", "feed.xml")
    ('https://example.org/archive/plans/x/#rec-1', 'feed.xml')
    """
    return site_url + path


WEB_PAGE_SUFFIXES = (".html", ".htm")


def source_copy_path(source: str) -> str:
    """Where the archive publishes a plan's original document: `sources/<file>`; a web page as
    `sources/<file>.txt`, the same bytes, so a browser shows its markup as text and never runs its
    scripts on the archive's own address.

    >>> source_copy_path("a.pdf"), source_copy_path("b.HTML")
    ('sources/a.pdf', 'sources/b.HTML.txt')
    """
    return f"sources/{source}.txt" if source.lower().endswith(WEB_PAGE_SUFFIXES) else f"sources/{source}"


def normalise_site_url(site_url: str) -> str:
    """The site's address with one trailing slash, or `""` when it is not configured.

    >>> normalise_site_url(" https://example.org/archive "), normalise_site_url("")
    ('https://example.org/archive/', '')
    """
    url = site_url.strip()
    return url if not url or url.endswith("/") else url + "/"


def configured_site_url() -> str:
    """The site's public address, from the SITE_URL environment variable (as in mkdocs.yml), normalised."""
    return normalise_site_url(os.environ.get("SITE_URL", ""))


SCHEMA_PATH = "data/plans.schema.json"


def download_paths(folder: str = "data") -> dict[str, str]:
    """The three downloads of one folder, by format: `{"json": "data/plans.json", ...}`."""
    return {
        "json": f"{folder}/plans.json",
        "recommendations": f"{folder}/recommendations.csv",
        "actions": f"{folder}/actions.csv",
    }


def provider_folder(provider_slug: str) -> str:
    """Where one provider's downloads live: `data/providers/<slug>`."""
    return f"data/providers/{provider_slug}"


PROVIDER_DOWNLOADS = ("recommendations",)  # per provider: the small file; the archive-wide files hold the rest


def provider_download_paths(provider_slug: str) -> dict[str, str]:
    """One provider's downloads, by format: `{"recommendations": "data/providers/<slug>/recommendations.csv"}`."""
    paths = download_paths(provider_folder(provider_slug))
    return {kind: paths[kind] for kind in PROVIDER_DOWNLOADS}


FEED_PATH = "feed.xml"


LUNR_JS = "assets/javascripts/lunr.js"  # lunr.js's stemmer, for a word the text never had
