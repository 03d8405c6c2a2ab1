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
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..archive import (
    Archive,
    current_provider,
    newest_first,
    newest_recommendations_first,
    oldest_first,
    plans_by_provider,
    shown_statuses,
    stride,
)
from ..model import (
    NOT_STATED,
    STATUSES,
    TARGET_STATUSES,
    Plan,
    ProviderType,
    Recommendation,
    StatusOrNotStated,
    stated,
)
from ..present.markup import Html, join
from ..present.urls import LUNR_JS as LUNR_JS  # site.py writes lunr.js there
from ..present.urls import permalink, provider_download_paths, rel
from ..present.words import STATUS_LABELS, TARGET_LABELS, action_targets, first_line, human_date, plain_text
from ..themes import theme_titles
from .layout import markdown_page
from .overdue import owners_file, rec_due

FACETS_PATH = "data/explorer-facets.json"
PAGE_URL = "explorer/"
PAGE_SIZE = 20  # results per screen; the first screen is in the HTML
SORTS = {"newest": "Newest first", "oldest": "Oldest first", "provider": "Provider (A–Z), newest first"}
# a recommendation's status column holds its status's position here
STATUS_CODES: tuple[StatusOrNotStated, ...] = (*STATUSES, NOT_STATED)
CSV_KEY = ("plan_id", "recommendation_id")  # a row of recommendations.csv: the plan's slug, the anchor
TYPE_FILTER_LABELS: Mapping[ProviderType, str] = {
    "YJS": "Youth justice",
    "national": "National (thematic)",
    "other": "Other",
}


def lunr_js_source() -> Path:
    """lunr.js 2.3.9 as shipped inside the installed `mkdocs` package (matches Python lunr's format)."""
    import mkdocs.contrib.search

    return Path(mkdocs.contrib.search.__file__).parent / "templates" / "search" / "lunr.js"


def sort_orders(plans: Sequence[Plan]) -> dict[str, list[int]]:
    """Each plan's rank under each sort (0 first): the archive's `newest_first` and `oldest_first`
    (undated plans last in both; plans of one date by slug), and by provider (its current name) with
    each provider's plans newest first.

    >>> from probation_archive.model import Provider
    >>> def plan(slug, name, date):
    ...     return Plan("s", "0", Provider(name, name, "CRC", name.lower()), date, None, (), None, slug=slug)
    >>> sort_orders([plan("a", "B", "2019-01"), plan("b", "A", None), plan("c", "A", "2020-02")])
    {'newest': [1, 2, 0], 'oldest': [0, 2, 1], 'provider': [2, 1, 0]}
    """
    position = {id(plan): n for n, plan in enumerate(plans)}
    newest = [position[id(plan)] for plan in newest_first(plans)]
    oldest = [position[id(plan)] for plan in oldest_first(plans)]
    rank_newest = _ranks(newest)
    names = {slug: current_provider(group).name for slug, group in plans_by_provider(plans).items()}
    by_provider = sorted(range(len(plans)), key=lambda n: (names[plans[n].provider.slug], rank_newest[n]))
    return {"newest": rank_newest, "oldest": _ranks(oldest), "provider": _ranks(by_provider)}


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
    theme_bit = {t.slug: 1 << n for n, t in enumerate(archive.themes)}
    recs = [rec for plan in plans for rec in plan.recommendations]
    return {
        "providers": [
            {
                "slug": slug,
                "name": archive.provider(slug).name,
                "type": archive.provider(slug).type,
                # the CSV download is these rows of the published file, byte for byte
                "csv": provider_download_paths(slug)["recommendations"],
            }
            for slug in providers
        ],
        "themes": [{"slug": t.slug, "title": t.title} for t in archive.themes],
        "statuses": [{"slug": s, "label": STATUS_LABELS[s]} for s in STATUS_CODES],
        "targets": [{"slug": s, "label": TARGET_LABELS[s]} for s in TARGET_STATUSES],  # bit N of recs.targets
        "owners": owners_file("{slug}"),  # a provider's action owners, fetched when it is chosen (Action owner)
        "groups": group_members(archive),  # the Recurring group filter: each group's recommendations (ids)
        "csv_key": list(CSV_KEY),  # the columns of recommendations.csv that name a row: plan, recommendation
        "due_from": DUE_FROM,  # recs.due counts months after this one (year × 12 + month − 1)
        "stride": stride(plans),  # the search index numbers a recommendation plan × stride + position
        "plans": {
            "slug": [p.slug for p in plans],
            "provider": [provider_of[p.provider.slug] for p in plans],
            "submitted": [p.submitted or "" for p in plans],
            "year": [str(date.year) if (date := p.submitted_date) else "" for p in plans],  # the Year filter
            "date": [human_date(p.submitted) for p in plans],
            "recs": [len(p.recommendations) for p in plans],
            "order": sort_orders(plans),
            "latest": [int(archive.versions.is_latest(p.slug)) for p in plans],  # 0: a later version updates it
        },
        "recs": {
            "status": [STATUS_CODES.index(stated(r.status)) for r in recs],
            "themes": [sum(theme_bit.get(t, 0) for t in r.themes) for r in recs],
            "before": made_before_column(archive),  # 0: not made before; 1: made before; 2: to the same provider
            "targets": target_column(recs),  # the Action target filter
            "due": due_column(archive),  # the month its first open target passes, counted from due_from; 0: none
        },
    }


# The "Made before" filter (`recs.before` in the facets): a recommendation alike (recurrence.py) to one in
# an earlier plan, of any provider or of the same provider.
MADE_BEFORE = {"any": "Made before (to any provider)", "provider": "Made before to the same provider"}


def target_mask(rec: Recommendation) -> int:
    """The target statuses of a recommendation's actions (`action_targets`) as a bit mask: bit N set when one of
    them is `TARGET_STATUSES[N]` (the facets' `targets`); 0 for a recommendation with no action.

    >>> from probation_archive.model import Action, Target
    >>> def rec(*targets):
    ...     return Recommendation(1, "", "x", None, "", False, (), tuple(Action("a", None, t) for t in targets))
    >>> target_mask(rec(Target("2020", None, "planned"), None)), target_mask(rec())
    (24, 0)
    """
    return sum(1 << TARGET_STATUSES.index(s) for s in set(action_targets(rec)))


def target_column(recs: Sequence[Recommendation]) -> str:
    """Each recommendation's `target_mask` as one base-32 digit, all in one string: one byte per recommendation.

    >>> from probation_archive.model import Action, Target
    >>> def rec(*statuses):
    ...     actions = tuple(Action("a", None, Target("x", None, s)) for s in statuses)
    ...     return Recommendation(1, "", "x", None, "", False, (), actions)
    >>> target_column([rec(), rec("completed"), rec(*TARGET_STATUSES)])
    '01v'
    """
    return "".join("0123456789abcdefghijklmnopqrstuv"[target_mask(rec)] for rec in recs)


# The Action target filter: a recommendation with at least one action whose target has the status; "any": one
# with any action at all (the providers page's count of actions).
TARGET_FILTER_LABELS: dict[str, str] = {
    **{s: TARGET_LABELS[s] for s in TARGET_STATUSES},
    "any": "Has at least one action",
}


def made_before_column(archive: Archive) -> list[int]:
    """Per recommendation: 2 when made before to the same provider, 1 when only to others, 0 when not."""
    column = []
    for plan in archive.plans:
        for rec in plan.recommendations:
            spread = archive.recurrence.spread_of(plan, rec)
            column.append(2 if spread.before_same_provider else 1 if spread.before else 0)
    return column


def group_members(archive: Archive) -> list[list[int]]:
    """The groups of the Recurring recommendations pages, in their order (group N is the N-th), each as its
    members' recommendation ids (positions in the facets' columns), for the explorer's "Recurring group" filter;
    written only for the recommendations that are in a group, so a few bytes each."""
    position = {(p.slug, r.anchor): n for n, (p, r) in enumerate(archive.recommendations())}
    return [sorted(position[key] for key in group.members) for group in archive.recurrence.groups]


# The "Target date passed" filter (`recs.due` in the facets), computed in the reader's browser from today's
# date as the plan pages mark passed targets (`plan.due_after`): a recommendation of a plan's latest version
# with an action whose target month is over and that the plan does not state completed.
TARGET_PASSED = {"passed": "Target date passed; no later update in this archive"}
# `recs.due` counts months after December 1999 (a few bytes fewer per recommendation than year × 12 + month − 1);
# an earlier month, long passed, counts as 1.
DUE_FROM = 1999 * 12 + 11


def due_column(archive: Archive) -> list[int]:
    """Per recommendation: the first month in which one of its targets not stated completed has passed
    (`overdue.rec_due`: the earliest of its actions'); 0 when none can pass, or when a later version of its
    plan supersedes it. Counted in months after `DUE_FROM` (January 2000 is 1)."""
    months = [rec_due(archive, plan, rec) for plan in archive.plans for rec in plan.recommendations]
    return [max(month - DUE_FROM, 1) if month else 0 for month in months]


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
    return newest_recommendations_first(archive.recommendations())[:PAGE_SIZE]


def result_item(plan: Plan, rec: Recommendation, provider_name: str) -> Html:
    """One result, exactly as explorer.js writes it (`renderItem`, which names the provider as the
    facets do: `Archive.provider`)."""
    actions = len(rec.actions)
    meta = (
        f"{provider_name} · {human_date(plan.submitted)} · recommendation {rec.label} · "
        f"{STATUS_LABELS[stated(rec.status)]} · {actions} action{'' if actions == 1 else 's'}"
    )
    text = plain_text(first_line(rec.text, 240))
    return Html('<li><a href="{}">{}</a><span class="meta">{}</span></li>').format(
        rel(PAGE_URL, permalink(plan, rec)), text, meta
    )


def count_text(count: int, plans: int) -> str:
    """The result count as explorer.js writes it with no filter.

    >>> count_text(32, 14), count_text(1, 1)
    ('32 recommendations in 14 plans', '1 recommendation in 1 plan')
    """
    return f"{count} recommendation{'' if count == 1 else 's'} in {plans} plan{'' if plans == 1 else 's'}"


def filter_fields(archive: Archive) -> list[Html]:
    """The explorer's selects, in the form's order. Action owner, Recurring group and Plan get their options
    from the data in the browser (a provider's owners.json; the facets), so the page does not grow with them."""
    providers = [(slug, archive.provider(slug).name) for slug in archive.providers()]
    types = sorted({p.provider.type for p in archive.plans})
    years = sorted({str(date.year) for p in archive.plans if (date := p.submitted_date)}, reverse=True)
    return [
        _options("provider", "Provider", providers),
        _options("type", "Provider type", [(t, TYPE_FILTER_LABELS.get(t, t)) for t in types]),
        _options("theme", "Theme", list(theme_titles(archive.themes).items())),
        _options("status", "Status", [(s, STATUS_LABELS[s]) for s in shown_statuses(archive)]),
        _options("year", "Year submitted", [(y, y) for y in years]),
        _options("before", "Made before", list(MADE_BEFORE.items()), all_label="Any"),
        _options("overdue", "Target date", list(TARGET_PASSED.items()), all_label="Any"),
        _options("target", "Action target", list(TARGET_FILTER_LABELS.items()), all_label="Any"),
        _options("owner", "Action owner", [], all_label="Any (choose a provider first)"),
        _options("group", "Recurring group", [], all_label="Any"),
        _options("plan", "Plan", [], all_label="All"),
        _options("version", "Versions", [("latest", "Latest version of each plan")], all_label="All versions"),
        _options("sort", "Sort", list(SORTS.items()), all_label=None),
    ]


def render_explorer_page(archive: Archive) -> str:
    total = len(archive.recommendations())
    shown = first_screen(archive)
    filters = filter_fields(archive)
    form = Html(
        '<form id="explorer-form" class="explorer" role="search" aria-label="Filter recommendations" '
        'data-facets="{}" data-site-root="{}" data-page-size="{}">'
        '<div class="filter filter-q"><label for="f-q">Words in the recommendation or its actions</label>'
        '<input id="f-q" name="words" type="search" autocomplete="off" data-filter="q" '
        'aria-describedby="f-q-hint"><span id="f-q-hint" class="hint">Put a phrase in quotes '
        "(\u201cdomestic abuse\u201d); the start of a word finds the whole word.</span></div>{}"
        '<div class="filter filter-buttons"><button type="reset" class="md-button">Clear filters</button>'
        '<button type="button" id="explorer-csv" class="md-button">Download these results (CSV)</button></div>'
        "</form>"
    ).format(rel(PAGE_URL, FACETS_PATH), rel(PAGE_URL, ""), PAGE_SIZE, join(filters))
    return markdown_page(
        {"title": "Explorer", "template": "explorer.html", "search": {"exclude": True}, "hide": ["toc"]},
        "# Explorer",
        "",
        "Every recommendation in the archive. Filter by provider, type, theme, status and year, by whether it "
        "was made before, by its actions' targets (their status, a target date passed, an action's owner), by "
        "plan, version or recurring group, or search the words of the recommendations and their actions. The "
        "address of this page keeps your filters, so you can share a filtered view.",
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
            join(result_item(p, r, archive.provider(p.provider.slug).name) for p, r in shown)
        ),
        Html(
            '<p class="explorer-more"><button type="button" id="explorer-more" class="md-button" '
            "hidden>Show {} more</button></p>"
        ).format(PAGE_SIZE),
        Html(
            "<noscript><p>Without JavaScript the explorer lists the newest {} recommendations and cannot "
            "filter them. Every plan, with all its recommendations, is linked from its "
            '<a href="{}">provider</a>\'s page, and all of them are in the '
            '<a href="{}">open data</a>.</p></noscript>'
        ).format(len(shown), rel(PAGE_URL, "providers/"), rel(PAGE_URL, "data/")),
    )
