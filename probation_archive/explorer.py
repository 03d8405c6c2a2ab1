"""The explorer: every recommendation in one place, filterable, with full-text search.

The explorer page loads `data/explorer.json` (one compact record per recommendation, with
everything the filters need); its full-text box asks the site's sharded search index
(`search_index.py`, read in the browser by `search-core.js`), as the header search does.
"""

from __future__ import annotations

import json
from pathlib import Path

from .model import STATUSES
from .pages import Archive, _page
from .render import STATUS_LABELS, esc, plain_text
from .search_index import stride

LUNR_JS = "assets/javascripts/lunr.js"


def lunr_js_source() -> Path:
    """lunr.js 2.3.9 as shipped inside the installed `mkdocs` package (matches Python lunr's format)."""
    import mkdocs.contrib.search

    return Path(mkdocs.contrib.search.__file__).parent / "templates" / "search" / "lunr.js"


def explorer_records(archive: Archive) -> list[dict[str, object]]:
    """One record per recommendation: what the filters need, and what a result shows."""
    records = []
    for plan, rec in archive.recommendations():
        records.append(
            {
                "id": f"{plan.url}#{rec.anchor}",
                "plan": plan.slug,
                "provider": plan.provider.slug,
                "provider_name": plan.provider.name,
                "type": plan.provider.type,
                "year": (plan.submitted or "")[:4],
                "date": plan.submitted or "",
                "number": rec.number,
                "status": rec.status,
                "themes": list(rec.themes),
                "text": plain_text(rec.text),
                "actions": len(rec.actions),
            }
        )
    return records


def explorer_json(archive: Archive) -> str:
    """The records, and the search index's document numbering (`plan position * stride + rec position`)."""
    return json.dumps(
        {"stride": stride(list(archive.plans)), "recommendations": explorer_records(archive)},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _options(name: str, label: str, values: list[tuple[str, str]]) -> str:
    options = "".join(f'<option value="{esc(v)}">{esc(text)}</option>' for v, text in values)
    return (
        f'<div class="filter"><label for="f-{name}">{label}</label>'
        f'<select id="f-{name}" name="{name}" data-filter="{name}"><option value="">All</option>{options}</select></div>'
    )


def render_explorer_page(archive: Archive) -> str:
    providers = [(slug, plans[-1].provider.name) for slug, plans in archive.providers().items()]
    types = sorted({p.provider.type for p in archive.plans})
    years = sorted({(p.submitted or "")[:4] for p in archive.plans if p.submitted}, reverse=True)
    form = (
        '<form id="explorer-form" class="explorer" role="search" aria-label="Filter recommendations" '
        'data-records="../data/explorer.json" data-site-root="../">'
        '<div class="filter filter-q"><label for="f-q">Words in the recommendation or its actions</label>'
        '<input id="f-q" name="q" type="search" autocomplete="off" data-filter="q"></div>'
        + _options("provider", "Provider", providers)
        + _options("type", "Provider type", [(t, t) for t in types])
        + _options("theme", "Theme", [(t.slug, t.title) for t in archive.themes])
        + _options("status", "Status", [(s, STATUS_LABELS[s]) for s in STATUSES])
        + _options("year", "Year submitted", [(y, y) for y in years])
        + '<button type="reset" class="md-button">Clear filters</button></form>'
    )
    return _page(
        {"title": "Explorer", "template": "explorer.html", "search": {"exclude": True}, "hide": ["toc"]},
        "# Explorer",
        "",
        "Every recommendation in the archive. Filter by provider, type, theme, status and year, or search the "
        "words of the recommendations and their actions. The address of this page keeps your filters, so you "
        "can share a filtered view.",
        "",
        form,
        "",
        '<p id="explorer-count" class="explorer-count" role="status" aria-live="polite">'
        f"{len(archive.recommendations())} recommendations</p>",
        '<ol id="explorer-results" class="explorer-results"></ol>',
        "<noscript><p>The explorer needs JavaScript. Every recommendation is also listed on the "
        '<a href="../providers/">provider</a> and <a href="../themes/">theme</a> pages.</p></noscript>',
    )
