"""The explorer: every recommendation in one place, filterable, with full-text search.

The build writes two files the explorer page loads: `data/explorer.json` (one compact
record per recommendation, with everything the filters need) and `data/explorer-index.json`
(a lunr index over recommendation and action text, built here with the Python `lunr`
package and loaded in the browser with `lunr.Index.load` from lunr.js 2.3.9).
"""

from __future__ import annotations

import json
from pathlib import Path

from lunr import lunr

from .model import NOT_STATED, STATUSES
from .pages import Archive, _page
from .render import STATUS_LABELS, esc, plain_text

LUNR_JS = "assets/javascripts/lunr.js"


def lunr_js_source() -> Path:
    """lunr.js 2.3.9 as shipped inside the installed `mkdocs` package (matches Python lunr's format)."""
    import mkdocs.contrib.search

    return Path(mkdocs.contrib.search.__file__).parent / "templates" / "search" / "lunr.js"


def explorer_records(archive: Archive) -> list[dict[str, object]]:
    """One record per recommendation: what the filters need, and what a result shows."""
    records: list[dict[str, object]] = []
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
                "number": rec.ref or rec.number,  # as the plan numbers it: 3, or R3
                "status": rec.status or NOT_STATED,
                "themes": list(rec.themes),
                "text": plain_text(rec.text),
                "actions": len(rec.actions),
            }
        )
    return records


def explorer_index(archive: Archive) -> str:
    """A serialised lunr index over each recommendation's text and its actions' text and owners."""
    documents = [
        {
            "id": str(n),  # the record's position in explorer.json: short refs keep the index small
            "text": rec.text,
            "actions": " ".join(f"{a.text} {a.owner or ''}" for a in rec.actions),
        }
        for n, (plan, rec) in enumerate(archive.recommendations())
    ]
    index = lunr(ref="id", fields=[{"field_name": "text", "boost": 2}, "actions"], documents=documents)
    return json.dumps(index.serialize(), separators=(",", ":"), sort_keys=True)


def explorer_json(archive: Archive) -> str:
    return json.dumps({"recommendations": explorer_records(archive)}, ensure_ascii=False, separators=(",", ":"))


TYPE_FILTER_LABELS = {"YJS": "Youth justice", "national": "National (thematic)", "other": "Other"}


def _options(name: str, label: str, values: list[tuple[str, str]]) -> str:
    options = "".join(f'<option value="{esc(v)}">{esc(text)}</option>' for v, text in values)
    return (
        f'<div class="filter"><label for="f-{name}">{label}</label>'
        f'<select id="f-{name}" name="{name}" data-filter="{name}"><option value="">All</option>{options}</select></div>'
    )


def render_explorer_page(archive: Archive) -> str:
    providers = [(slug, plans[-1].provider.name) for slug, plans in archive.providers().items()]
    types = sorted({p.provider.type for p in archive.plans})
    not_stated = any(rec.status is None for _, rec in archive.recommendations())
    statuses = [*STATUSES, *([NOT_STATED] if not_stated else [])]
    years = sorted({(p.submitted or "")[:4] for p in archive.plans if p.submitted}, reverse=True)
    form = (
        '<form id="explorer-form" class="explorer" role="search" aria-label="Filter recommendations" '
        'data-records="../data/explorer.json" data-index="../data/explorer-index.json">'
        '<div class="filter filter-q"><label for="f-q">Words in the recommendation or its actions</label>'
        '<input id="f-q" name="q" type="search" autocomplete="off" data-filter="q"></div>'
        + _options("provider", "Provider", providers)
        + _options("type", "Provider type", [(t, TYPE_FILTER_LABELS.get(t, t)) for t in types])
        + _options("theme", "Theme", [(t.slug, t.title) for t in archive.themes])
        + _options("status", "Status", [(s, STATUS_LABELS[s]) for s in statuses])
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
