"""The explorer: every recommendation in one place, filterable, with full-text search.

What a reader downloads grows by a few bytes per recommendation, not by its text:

- `data/explorer-facets.json`: columnar facet data, everything the filters, counts and sorting
  need (provider, type, year, status, themes as a bit mask) — one short column entry per
  recommendation — and each provider's published `recommendations.csv`, from which the CSV
  download takes the rows of the results, byte for byte. A recommendation's id is its position in these columns
  (plans in slug order, recommendations in document order).
- `search/fragments/<plan number>.json`: what a result shows (label, first line, number of actions), one
  small file per plan, fetched only for the results on screen — the header search's own fragments
  (`search_index.fragment`), so the archive writes them once.
- the words box asks the site's sharded search index (`search_index.py`, read in the browser by
  `search-core.js`), exactly as the header search does: a query fetches only the shards its words
  need. explorer.js reaches it through one function, `textSearch(query)`; the facets carry the
  index's document numbering (`stride`: plan position × stride + recommendation position).

The first page of results (newest first) is written into the HTML, so the page shows
results without JavaScript and nothing moves when the script starts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from ..archive import Archive, stride
from ..model import NOT_STATED, STATUSES, Plan, Recommendation
from ..present.markup import Html, join
from ..present.urls import LUNR_JS as LUNR_JS  # site.py writes lunr.js there
from ..present.urls import provider_download_paths, rel
from ..present.words import STATUS_LABELS, first_line, human_date, plain_text
from ..themes import theme_titles
from .layout import markdown_page

FACETS_PATH = "data/explorer-facets.json"
PAGE_URL = "explorer/"
PAGE_SIZE = 20  # results per screen; the first screen is in the HTML
SORTS = {"newest": "Newest first", "oldest": "Oldest first", "provider": "Provider (A–Z), newest first"}
STATUS_CODES = (*STATUSES, None)  # a recommendation's status column holds its position here
CSV_KEY = ("plan_id", "recommendation_id")  # a row of recommendations.csv: the plan's slug, the anchor
TYPE_FILTER_LABELS = {"YJS": "Youth justice", "national": "National (thematic)", "other": "Other"}


def lunr_js_source() -> Path:
    """lunr.js 2.3.9 as shipped inside the installed `mkdocs` package (matches Python lunr's format)."""
    import mkdocs.contrib.search

    return Path(mkdocs.contrib.search.__file__).parent / "templates" / "search" / "lunr.js"


def sort_orders(plans: Sequence[Plan]) -> dict[str, list[int]]:
    """Each plan's rank under each sort (0 first). Undated plans come last in both date orders;
    plans with the same date keep slug order.

    >>> from probation_archive.model import Provider
    >>> def plan(slug, name, date):
    ...     return Plan("s", "0", Provider(name, name, "CRC", name.lower()), date, None, (), None, slug=slug)
    >>> sort_orders([plan("a", "B", "2019-01"), plan("b", "A", None), plan("c", "A", "2020-02")])
    {'newest': [1, 2, 0], 'oldest': [0, 2, 1], 'provider': [2, 1, 0]}
    """
    positions = range(len(plans))

    def dated(n: int) -> bool:
        return bool(plans[n].submitted)

    newest = sorted(positions, key=lambda n: (not dated(n), _negated(plans[n].submitted or ""), n))
    oldest = sorted(positions, key=lambda n: (not dated(n), plans[n].submitted or "", n))
    rank_newest = _ranks(newest)
    by_provider = sorted(positions, key=lambda n: (plans[n].provider.name, rank_newest[n]))
    return {"newest": rank_newest, "oldest": _ranks(oldest), "provider": _ranks(by_provider)}


def _negated(iso: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in iso)


def _ranks(order: Sequence[int]) -> list[int]:
    ranks = [0] * len(order)
    for rank, n in enumerate(order):
        ranks[n] = rank
    return ranks


def explorer_facets(archive: Archive) -> dict[str, object]:
    """The explorer's columnar data: one entry per plan or per recommendation in each column."""
    plans = list(archive.plans)
    providers = list(archive.providers())
    provider_of = {slug: n for n, slug in enumerate(providers)}
    by_provider = archive.providers()
    theme_bit = {t.slug: 1 << n for n, t in enumerate(archive.themes)}
    recs = [rec for plan in plans for rec in plan.recommendations]
    return {
        "providers": [
            {
                "slug": slug,
                "name": by_provider[slug][-1].provider.name,
                "type": by_provider[slug][-1].provider.type,
                # the CSV download is these rows of the published file, byte for byte
                "csv": provider_download_paths(slug)["recommendations"],
            }
            for slug in providers
        ],
        "themes": [{"slug": t.slug, "title": t.title} for t in archive.themes],
        "statuses": [{"slug": s or NOT_STATED, "label": STATUS_LABELS[s]} for s in STATUS_CODES],
        "csv_key": list(CSV_KEY),  # the columns of recommendations.csv that name a row: plan, recommendation
        "stride": stride(plans),  # the search index numbers a recommendation plan × stride + position
        "plans": {
            "slug": [p.slug for p in plans],
            "provider": [provider_of[p.provider.slug] for p in plans],
            "submitted": [p.submitted or "" for p in plans],
            "date": [human_date(p.submitted) for p in plans],
            "recs": [len(p.recommendations) for p in plans],
            "order": sort_orders(plans),
        },
        "recs": {
            "status": [STATUS_CODES.index(r.status) for r in recs],
            "themes": [sum(theme_bit.get(t, 0) for t in r.themes) for r in recs],
        },
    }


def explorer_facets_json(archive: Archive) -> str:
    return json.dumps(explorer_facets(archive), ensure_ascii=False, separators=(",", ":"))


def _options(name: str, label: str, values: Sequence[tuple[str, str]], all_label: str | None = "All") -> Html:
    options = join(Html('<option value="{}">{}</option>').format(v, text) for v, text in values)
    first = Html('<option value="">{}</option>').format(all_label) if all_label else ""
    return Html(
        '<div class="filter"><label for="f-{name}">{label}</label>'
        '<select id="f-{name}" name="{name}" data-filter="{name}">{first}{options}</select></div>'
    ).format(name=name, label=label, first=first, options=options)


def first_screen(archive: Archive) -> list[tuple[Plan, Recommendation]]:
    """The results shown before any filter: the newest plans' recommendations, `PAGE_SIZE` of them."""
    plans = list(archive.plans)
    rank = sort_orders(plans)["newest"]
    ordered = sorted(range(len(plans)), key=lambda n: rank[n])
    pairs = [(plans[n], rec) for n in ordered for rec in plans[n].recommendations]
    return pairs[:PAGE_SIZE]


def result_item(plan: Plan, rec: Recommendation) -> Html:
    """One result, exactly as explorer.js writes it (`renderItem`)."""
    actions = len(rec.actions)
    meta = (
        f"{plan.provider.name} · {human_date(plan.submitted)} · recommendation {rec.label} · "
        f"{STATUS_LABELS[rec.status]} · {actions} action{'' if actions == 1 else 's'}"
    )
    text = plain_text(first_line(rec.text, 240))
    return Html('<li><a href="{}">{}</a><span class="meta">{}</span></li>').format(
        rel(PAGE_URL, f"{plan.url}#{rec.anchor}"), text, meta
    )


def count_text(count: int, plans: int) -> str:
    """The result count as explorer.js writes it with no filter.

    >>> count_text(32, 14), count_text(1, 1)
    ('32 recommendations in 14 plans', '1 recommendation in 1 plan')
    """
    return f"{count} recommendation{'' if count == 1 else 's'} in {plans} plan{'' if plans == 1 else 's'}"


def render_explorer_page(archive: Archive) -> str:
    providers = [(slug, plans[-1].provider.name) for slug, plans in archive.providers().items()]
    types = sorted({p.provider.type for p in archive.plans})
    not_stated = any(rec.status is None for _, rec in archive.recommendations())
    statuses = [*STATUSES, *([NOT_STATED] if not_stated else [])]
    years = sorted({str(date.year) for p in archive.plans if (date := p.submitted_date)}, reverse=True)
    total = len(archive.recommendations())
    shown = first_screen(archive)
    filters = [
        _options("provider", "Provider", providers),
        _options("type", "Provider type", [(t, TYPE_FILTER_LABELS.get(t, t)) for t in types]),
        _options("theme", "Theme", list(theme_titles(archive.themes).items())),
        _options("status", "Status", [(s, STATUS_LABELS[s]) for s in statuses]),
        _options("year", "Year submitted", [(y, y) for y in years]),
        _options("sort", "Sort", list(SORTS.items()), all_label=None),
    ]
    form = Html(
        '<form id="explorer-form" class="explorer" role="search" aria-label="Filter recommendations" '
        'data-facets="../{}" data-site-root="../" data-page-size="{}">'
        '<div class="filter filter-q"><label for="f-q">Words in the recommendation or its actions</label>'
        '<input id="f-q" name="words" type="search" autocomplete="off" data-filter="q" '
        'aria-describedby="f-q-hint"><span id="f-q-hint" class="hint">Put a phrase in quotes '
        "(\u201cdomestic abuse\u201d); the start of a word finds the whole word.</span></div>{}"
        '<div class="filter filter-buttons"><button type="reset" class="md-button">Clear filters</button>'
        '<button type="button" id="explorer-csv" class="md-button">Download these results (CSV)</button></div>'
        "</form>"
    ).format(FACETS_PATH, PAGE_SIZE, join(filters))
    return markdown_page(
        {"title": "Explorer", "template": "explorer.html", "search": {"exclude": True}, "hide": ["toc"]},
        "# Explorer",
        "",
        "Every recommendation in the archive. Filter by provider, type, theme, status and year, or search the "
        "words of the recommendations and their actions. The address of this page keeps your filters, so you "
        "can share a filtered view.",
        "",
        form,
        "",
        Html(
            '<div class="explorer-status" role="status" aria-live="polite">'
            '<p id="explorer-count" class="explorer-count">{}, newest first</p>'
            '<p id="explorer-summary" class="explorer-summary">No filters</p></div>'
        ).format(count_text(total, len(archive.plans))),
        '<div id="explorer-empty" class="explorer-empty" hidden></div>',
        Html('<ol id="explorer-results" class="explorer-results">{}</ol>').format(
            join(result_item(p, r) for p, r in shown)
        ),
        Html(
            '<p class="explorer-more"><button type="button" id="explorer-more" class="md-button" '
            "hidden>Show {} more</button></p>"
        ).format(PAGE_SIZE),
        Html(
            "<noscript><p>Without JavaScript the explorer lists the newest {} recommendations and cannot "
            "filter them. Every plan, with all its recommendations, is linked from its "
            '<a href="../providers/">provider</a>\'s page, and all of them are in the '
            '<a href="../data/">open data</a>.</p></noscript>'
        ).format(len(shown)),
    )
