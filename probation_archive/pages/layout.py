"""What every page shares: front matter, breadcrumbs, status badges, the status columns of tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import yaml

from ..model import NOT_STATED, STATUSES, TARGET_STATUSES, Recommendation, Status, StatusOrNotStated, stated
from ..present.markup import Html, join
from ..present.urls import rel
from ..present.words import STATUS_LABELS, TARGET_LABELS, action_targets

# The link icon is drawn by archive.css (`.link-icon`): once per site, not once per recommendation.
LINK_ICON = Html('<span class="link-icon" aria-hidden="true"></span>')


# Where each status is defined, in the plans' own words (the glossary's "What the statuses mean").
STATUS_DEFINITION_URL = "glossary/#status-{status}"


# libyaml's emitter where PyYAML has it (its wheels do): the same YAML as the Python one, 7 times faster.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump_front_matter(data: dict[str, object]) -> str:
    """A page's YAML front matter (`yaml.safe_dump`'s, through libyaml when it is there)."""
    return "---\n" + yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100) + "---\n"


# A status's symbol, beside its word in every badge.
STATUS_SYMBOLS: Mapping[StatusOrNotStated, str] = {
    "agreed": "✓",
    "partly-agreed": "◐",
    "not-agreed": "✗",
    NOT_STATED: "?",
}


def status_badge(status: Status | None) -> Html:
    """A status as text and style (never colour alone): a symbol, a word, a class.

    >>> print(status_badge("partly-agreed"))
    <span class="status status-partly-agreed"><span aria-hidden="true">◐ </span>Partly agreed</span>
    """
    return Html('<span class="status status-{}"><span aria-hidden="true">{} </span>{}</span>').format(
        status or "none", STATUS_SYMBOLS[stated(status)], STATUS_LABELS[stated(status)]
    )


def linked_badge(status: Status | None, here: str, linked: set[Status]) -> Html:
    """A status badge; the first of each status on a page links to that status's definition."""
    badge = status_badge(status)
    if status is None or status in linked:
        return badge
    linked.add(status)
    href = rel(here, STATUS_DEFINITION_URL.format(status=status))
    return Html(
        '<a class="status-link" href="{}">{}<span class="visually-hidden"> (what this means)</span></a>'
    ).format(href, badge)


def breadcrumbs(here: str, trail: list[tuple[str, str]]) -> Html:
    """A breadcrumb trail: `(title, site-relative URL)` pairs, the last one the current page."""
    items = [Html('<li><a href="{}">{}</a></li>').format(rel(here, url), title) for title, url in trail[:-1]]
    items.append(Html('<li aria-current="page">{}</li>').format(trail[-1][0]))
    return Html('<nav class="breadcrumbs" aria-label="Breadcrumb" data-search-exclude><ol>{}</ol></nav>').format(
        join(items)
    )


# Site search finds the hub pages (a theme, a provider, an area) by their names and what they cover;
# the tables of recommendations they repeat are excluded from the index (data-search-exclude). Their
# boost lifts them over the index pages (0.3-0.5) yet keeps them under a recommendation (plan pages: 2),
# so a search for words of a recommendation still lands on it first.
HUB_SEARCH_BOOST = {"search": {"boost": 0.8}}


HOME, PROVIDERS, THEMES = ("Home", ""), ("Providers", "providers/"), ("Themes", "themes/")


def count_link(count: int, here: str | None, query: str, unit: str = "recommendations") -> Html | int:
    """A count as a link to the explorer view that lists exactly those rows (`explorer/?<query>`); a zero,
    or a count on a page that gives no `here`, stays a number. A count of plans (`unit="plans"`) links to the
    view whose recommendations are in that many plans (`data-unit`, for the tests that follow each link).

    >>> print(count_link(3, "themes/", "theme=risk&status=agreed"), count_link(0, "themes/", "theme=risk"))
    <a class="count-link" href="../explorer/?theme=risk&amp;status=agreed">3</a> 0
    >>> print(count_link(2, "", "provider=x", unit="plans"))
    <a class="count-link" data-unit="plans" href="explorer/?provider=x">2</a>
    """
    if here is None or not count:
        return count
    unit_attr = Html(' data-unit="{}"').format(unit) if unit != "recommendations" else ""
    return Html('<a class="count-link"{} href="{}?{}">{}</a>').format(unit_attr, rel(here, "explorer/"), query, count)


def linked_status_summary(counts: Mapping[str, int], here: str, query: str) -> Html:
    """`status_summary`, each count a link to its rows in the explorer (`query` and the status).

    >>> print(linked_status_summary({"agreed": 2, "not-agreed": 0}, "", "theme=risk"))
    <a class="count-link" href="explorer/?theme=risk&amp;status=agreed">2</a> agreed, 0 partly agreed, 0 not agreed
    """
    if counts.get(NOT_STATED) and not any(counts.get(s) for s in STATUSES):
        return Html("no status stated")
    keys: list[StatusOrNotStated] = [*STATUSES, *([NOT_STATED] if counts.get(NOT_STATED) else [])]
    return join(
        (
            Html("{} {}").format(
                count_link(counts.get(s, 0), here, "&".join(filter(None, [query, f"status={s}"]))),
                STATUS_LABELS[s].lower(),
            )
            for s in keys
        ),
        ", ",
    )


def linked_target_summary(recs: Sequence[Recommendation], here: str, query: str) -> Html:
    """`target_summary`: the actions counted by their target's status, each count followed by the recommendations
    it spans, a link to them in the explorer (`query` and the Action target filter); a zero stays plain.

    >>> from probation_archive.model import Action, Recommendation
    >>> rec = Recommendation(1, "", "x", "agreed", "", False, (), (Action("a", None, None), Action("b", None, None)))
    >>> print(linked_target_summary([rec], "", "theme=risk"))  # doctest: +NORMALIZE_WHITESPACE
    0 completed, 0 partly completed, 0 ongoing, 0 planned,
    2 unclear (in <a class="count-link" href="explorer/?theme=risk&amp;target=unknown">1</a> recommendation)
    """
    actions = {s: 0 for s in TARGET_STATUSES}
    spans = dict(actions)
    for rec in recs:
        targets = action_targets(rec)
        for s in targets:
            actions[s] += 1
        for s in set(targets):
            spans[s] += 1
    return join(
        (
            Html("{} {}{}").format(actions[s], TARGET_LABELS[s].lower(), target_span(spans[s], here, query, s))
            for s in TARGET_STATUSES
        ),
        ", ",
    )


def target_span(recs: int, here: str | None, query: str, target: str) -> Html:
    """` (in N recommendations)` after a count of actions, N a link to them in the explorer; nothing for none.

    >>> print(target_span(3, "themes/", "theme=risk", "planned"))
     (in <a class="count-link" href="../explorer/?theme=risk&amp;target=planned">3</a> recommendations)
    """
    if not recs:
        return Html("")
    link = count_link(recs, here, "&".join(filter(None, [query, f"target={target}"])))
    return Html(" (in {} recommendation{})").format(link, "" if recs == 1 else "s")


def counts_cells(
    counts: Mapping[str, int],
    statuses: Sequence[StatusOrNotStated] = STATUSES,
    here: str | None = None,
    query: str = "",
) -> Html:
    """A table row's counts by status; with `here`, each links to its rows in the explorer (`query` and the status)."""
    return join(
        Html('<td class="num" data-label="{}">{}</td>').format(
            STATUS_LABELS[s], count_link(counts.get(s, 0), here, "&".join(filter(None, [query, f"status={s}"])))
        )
        for s in statuses
    )


def status_headers(statuses: Sequence[StatusOrNotStated] = STATUSES) -> Html:
    return join(Html('<th scope="col" class="num">{}</th>').format(STATUS_LABELS[s]) for s in statuses)


def markdown_page(meta: dict[str, object], *lines: str) -> str:
    return "\n".join([dump_front_matter(meta), *lines, ""])
