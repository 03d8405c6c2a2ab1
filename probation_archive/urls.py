"""Addresses: links between the site's pages, and the site's own public address.

Pages are known by their site-relative URL as MkDocs publishes them (`use_directory_urls`):
`plans/<slug>/`, `themes/`, and `` for the home page. Links inside raw HTML are written relative
to the page they are on, so the site works from any folder, and the site tests check every one.
"""

from __future__ import annotations

import os

from mkdocs.utils import get_relative_url


def rel(from_url: str, to_url: str) -> str:
    """A link from one page's URL to another's (or to a file), both site-relative; a `#fragment` is kept.

    >>> rel("plans/x/", "providers/y/#rec-1"), rel("", "themes/"), rel("themes/", "themes/")
    ('../../providers/y/#rec-1', 'themes/', './')
    >>> rel("plans/x/", ""), rel("", ""), rel("plans/x/", "sources/x.pdf#page=2"), rel("data/", "feed.xml")
    ('../../', './', '../../sources/x.pdf#page=2', '../feed.xml')
    """
    path, hash_sign, fragment = to_url.partition("#")
    # MkDocs' own function, on directories: "" (the home page) is "./", so the link keeps its slash.
    return get_relative_url(path or "./", from_url or "./") + hash_sign + fragment


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
