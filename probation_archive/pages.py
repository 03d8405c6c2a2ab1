"""The archive's index pages: home, providers, themes, explorer, and the about pages.

Pure functions: the archive in, Markdown (with raw HTML for anything from a source,
escaped) out. Every count is computed here from parsed records, never in a template.
Links inside raw HTML are written relative to the page, as MkDocs will publish it
(`use_directory_urls`), and the site tests check every one.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .charts import ChartRow, stacked_bar_chart
from .export import provider_download_paths
from .model import NOT_STATED, STATUSES, TARGET_STATUSES, Plan, Recommendation
from .normalise import PROVIDER_TYPE_NAMES, slugify
from .providers import ProviderFacts, areas_index, provider_facts
from .render import (
    STATUS_LABELS,
    also_called,
    breadcrumbs,
    dump_front_matter,
    esc,
    escape_md,
    human_date,
    linked_badge,
    page_title,
    plain_text,
    provider_label,
    short_text,
    status_summary,
)
from .themes import Theme

# Site search finds the hub pages (a theme, a provider, an area) by their names and what they cover;
# the tables of recommendations they repeat are excluded from the index (data-search-exclude). Their
# boost lifts them over the index pages (0.3-0.5) yet keeps them under a recommendation (plan pages: 2),
# so a search for words of a recommendation still lands on it first.
HUB_SEARCH_BOOST = {"search": {"boost": 0.8}}
HOME, PROVIDERS, THEMES, AREAS = ("Home", ""), ("Providers", "providers/"), ("Themes", "themes/"), ("Areas", "areas/")


@dataclass(frozen=True)
class Archive:
    plans: tuple[Plan, ...]
    themes: tuple[Theme, ...]
    facts: dict[str, ProviderFacts] = field(default_factory=provider_facts)  # providers.yml, by slug

    def providers(self) -> dict[str, list[Plan]]:
        """Plans by provider slug, each provider's plans oldest first; providers by name."""
        grouped: dict[str, list[Plan]] = {}
        for plan in sorted(self.plans, key=lambda p: (p.provider.name, p.submitted or "", p.slug)):
            grouped.setdefault(plan.provider.slug, []).append(plan)
        return grouped

    def recommendations(self) -> list[tuple[Plan, Recommendation]]:
        return [(plan, rec) for plan in self.plans for rec in plan.recommendations]


def rel(from_url: str, to_url: str) -> str:
    """A link from one page's URL to another's, both site-relative (`plans/x/`, `` for home).

    >>> rel("plans/x/", "providers/y/#rec-1"), rel("", "themes/"), rel("themes/", "themes/")
    ('../../providers/y/#rec-1', 'themes/', './')
    """
    path, _, fragment = to_url.partition("#")
    target = posixpath.relpath(path or ".", from_url or ".")
    target = "./" if target == "." else target + ("/" if path.endswith("/") else "")
    return target + (f"#{fragment}" if fragment else "")


def status_counts(recs: Sequence[Recommendation]) -> dict[str, int]:
    """Recommendations by status; `not-stated` too when some plan states no response."""
    counts = Counter(rec.status for rec in recs)
    stated = {status: counts.get(status, 0) for status in STATUSES}
    return stated | ({NOT_STATED: counts[None]} if counts.get(None) else {})


TARGET_PHRASES = {
    "completed": "completed",
    "partly-completed": "partly completed",
    "ongoing": "ongoing",
    "planned": "planned",
    "unknown": "unclear",
}


def target_summary(recs: Sequence[Recommendation]) -> str:
    """The actions' targets of some recommendations, counted by status, in words.

    >>> target_summary([])
    '0 completed, 0 partly completed, 0 ongoing, 0 planned, 0 unclear'
    """
    counts = Counter(action.target.status if action.target else "unknown" for rec in recs for action in rec.actions)
    return ", ".join(f"{counts.get(status, 0)} {TARGET_PHRASES[status]}" for status in TARGET_STATUSES)


def newest_date(plans: Sequence[Plan]) -> str | None:
    """The date of the newest of some plans: a page's `lastmod` in the sitemap."""
    return max((p.submitted for p in plans if p.submitted), default=None)


def action_count(recs: Sequence[Recommendation]) -> int:
    return sum(len(rec.actions) for rec in recs)


def first_line(text: str, limit: int = 160) -> str:
    """The recommendation's first line, cut at a word boundary."""
    line = text.split("\n", 1)[0]
    return line if len(line) <= limit else line[: line.rfind(" ", 0, limit)] + "…"


def shown_statuses(archive: Archive) -> tuple[str, ...]:
    """The status columns of the site's tables: Not stated too once some plan states no response."""
    stated = all(rec.status is not None for _, rec in archive.recommendations())
    return STATUSES if stated else (*STATUSES, NOT_STATED)


def counts_cells(counts: dict[str, int], statuses: Sequence[str] = STATUSES) -> str:
    return "".join(f'<td class="num" data-label="{STATUS_LABELS[s]}">{counts.get(s, 0)}</td>' for s in statuses)


def status_headers(statuses: Sequence[str] = STATUSES) -> str:
    return "".join(f'<th scope="col" class="num">{STATUS_LABELS[s]}</th>' for s in statuses)


REC_STATUS_HEADER = '<th scope="col">Status when submitted</th>'


def theme_links(rec: Recommendation, here: str, titles: dict[str, str]) -> str:
    return ", ".join(f'<a href="{rel(here, f"themes/{t}/")}">{esc(titles.get(t, t))}</a>' for t in rec.themes)


def rec_table(pairs: Sequence[tuple[Plan, Recommendation]], here: str, titles: dict[str, str], by_plan: bool) -> str:
    """A table of recommendations, each linking its permalink: across plans (a theme's page) with the plan
    and the whole text; within one plan (a provider's page) with the first line."""
    head = '<th scope="col">Plan</th>' if by_plan else ""
    linked: set[str | None] = set()
    rows = [
        '<table class="recs cards" data-search-exclude><thead><tr>'
        + head
        + '<th scope="col">No.</th>'
        + REC_STATUS_HEADER
        + '<th scope="col">Recommendation</th><th scope="col">Themes</th></tr></thead><tbody>'
    ]
    for plan, rec in pairs:
        url = f"{plan.url}#{rec.anchor}"
        plan_cell = (
            f'<td data-label="Plan"><a href="{rel(here, plan.url)}">{esc(provider_label(plan.provider.name))}</a>, '
            f"{esc(human_date(plan.submitted_month))}</td>"
            if by_plan
            else ""
        )
        rows.append(
            f'<tr>{plan_cell}<td data-label="No.">{rec.number}</td>'
            f'<td data-label="Status when submitted">{linked_badge(rec.status, here, linked)}</td>'
            f'<td data-label="Recommendation"><a href="{rel(here, url)}">'
            f"{esc(plain_text(rec.text) if by_plan else short_text(rec.text))}</a></td>"
            f'<td data-label="Themes">{theme_links(rec, here, titles)}</td></tr>'
        )
    rows.append("</tbody></table>")
    return "".join(rows)


def _page(meta: dict[str, object], *lines: str) -> str:
    return "\n".join([dump_front_matter(meta), *lines, ""])


# --- home -----------------------------------------------------------------------------------


def archive_period(plans: Sequence[Plan]) -> str:
    """The months the archive spans, from the earliest to the latest submission.

    >>> from .model import Provider
    >>> p = lambda d: Plan("s", "h", Provider("n", "n", "CRC", "n"), d, None, (), None)
    >>> archive_period([p("2019-03-29"), p("2018-11-12"), p(None)]), archive_period([p("2019-03-29")])
    ('November 2018 to March 2019', 'March 2019')
    """
    months = sorted(month for plan in plans if (month := plan.submitted_month))
    if not months:
        return "no dated plans yet"
    first, last = human_date(months[0]), human_date(months[-1])
    return first if first == last else f"{first} to {last}"


def plans_per_year(plans: Sequence[Plan]) -> list[tuple[str, int]]:
    """How many plans were submitted in each year, oldest year first ('undated' last)."""
    years = Counter(str(date.year) if (date := plan.submitted_date) else "undated" for plan in plans)
    return sorted(years.items(), key=lambda item: (item[0] == "undated", item[0]))


def newest_plan(plans: Sequence[Plan]) -> Plan | None:
    dated = [plan for plan in plans if plan.submitted]
    return max(dated, key=lambda p: (p.submitted or "", p.slug)) if dated else None


def render_home(archive: Archive) -> str:
    recs = [rec for _, rec in archive.recommendations()]
    actions = [a for rec in recs for a in rec.actions]
    counts = status_counts(recs)
    by_theme = [
        (t, status_counts([r for r in recs if t.slug in r.themes]))
        for t in archive.themes
        if any(t.slug in r.themes for r in recs)
    ]
    latest = sorted(archive.plans, key=lambda p: (p.submitted or "", p.slug), reverse=True)[:5]
    statuses = shown_statuses(archive)
    chart_rows = "".join(
        f'<tr><th scope="row"><a href="themes/{esc(t.slug)}/">{esc(t.title)}</a></th>{counts_cells(c, statuses)}'
        f'<td class="num" data-label="Total">{sum(c.values())}</td></tr>'
        for t, c in by_theme
    )
    newest = newest_plan(archive.plans)
    per_year = ", ".join(f"{year}: {n}" for year, n in plans_per_year(archive.plans))
    return _page(
        {"title": "Probation Action Plan Archive", "search": {"boost": 0.3}},
        "# Probation Action Plan Archive",
        "",
        "When HM Inspectorate of Probation inspects a probation provider, the government publishes an **action "
        "plan**: what it will do about each of the inspectors' recommendations, whether it agrees with it, who is "
        "responsible and by when. This archive brings those plans together so that anyone can read, search, compare "
        "and cite them. Every number on this site is counted from the plans themselves.",
        "",
        '<dl class="archive-period">',
        f"<dt>Period covered</dt><dd>Plans submitted {esc(archive_period(archive.plans))}</dd>",
        "<dt>Last updated with a new plan</dt><dd>"
        + (
            f'{esc(human_date(newest.submitted))}: the newest plan, <a href="{newest.url}">'
            f"{esc(provider_label(newest.provider.name))}</a>"
            if newest
            else "no dated plan yet"
        )
        + "</dd>",
        f"<dt>Plans per year</dt><dd>{esc(per_year) or 'none yet'}</dd>",
        "</dl>",
        "",
        "<p>Statuses and targets are as each plan stated them when it was submitted; the archive does not record "
        "what happened after that.</p>",
        "",
        '<ul class="totals">',
        f"<li><strong>{len(archive.plans)}</strong> action plans</li>",
        f"<li><strong>{len(archive.providers())}</strong> providers</li>",
        f"<li><strong>{len(recs)}</strong> recommendations: " + status_summary(counts) + "</li>",
        f"<li><strong>{len(actions)}</strong> actions, by their target when submitted: {target_summary(recs)}</li>",
        "</ul>",
        "",
        "## Recommendations by theme and status",
        "",
        '<figure class="chart-figure">'
        + stacked_bar_chart(
            "themes-chart",
            "Recommendations by theme and status",
            [ChartRow(t.title, f"themes/{t.slug}/", f"explorer/?theme={t.slug}", c) for t, c in by_theme],
        )
        + "<figcaption>Each bar opens that theme's recommendations in the explorer; each theme name opens its "
        "page. A recommendation can have up to three themes. The same numbers as a table:</figcaption></figure>",
        "",
        '<table class="chart-table cards"><thead><tr><th scope="col">Theme</th>'
        + status_headers(statuses)
        + '<th scope="col" class="num">Total</th></tr></thead><tbody>'
        + chart_rows
        + "</tbody></table>",
        "",
        "## Latest plans",
        "",
        plan_table(latest, "", statuses),
        "",
        "Browse by [provider](providers/index.md), [area](areas/index.md) or [theme](themes/index.md), filter "
        "every recommendation in the [explorer](explorer.md), or download the [open data](data/index.md).",
    )


def plan_table(plans: Sequence[Plan], here: str, statuses: Sequence[str] = STATUSES) -> str:
    rows = [
        '<table class="plans cards"><thead><tr><th scope="col">Plan</th><th scope="col">Submitted</th>'
        + status_headers(statuses)
        + '<th scope="col" class="num">Actions</th></tr></thead><tbody>'
    ]
    for plan in plans:
        c = plan.counts()
        rows.append(
            f'<tr><td data-label="Plan"><a href="{rel(here, plan.url)}">{esc(plan.provider.name)}</a></td>'
            f'<td data-label="Submitted">{esc(human_date(plan.submitted))}</td>{counts_cells(c, statuses)}'
            f'<td class="num" data-label="Actions">{c["actions"]}</td></tr>'
        )
    rows.append("</tbody></table>")
    return "".join(rows)


# --- providers and areas ----------------------------------------------------------------------


def render_providers_index(archive: Archive) -> str:
    here = "providers/"
    statuses = shown_statuses(archive)
    rows = []
    for slug, plans in archive.providers().items():
        recs = [r for p in plans for r in p.recommendations]
        provider = plans[-1].provider
        rows.append(
            f'<tr><td data-label="Provider"><a href="{rel(here, f"providers/{slug}/")}">{esc(provider.name)}</a></td>'
            f'<td data-label="Type">{esc(provider.type)}</td><td class="num" data-label="Plans">{len(plans)}</td>'
            f'<td class="num" data-label="Recommendations">{len(recs)}</td>'
            f'{counts_cells(status_counts(recs), statuses)}<td class="num" data-label="Actions">'
            f"{sum(len(r.actions) for r in recs)}</td></tr>"
        )
    types = ", ".join(f"{code}: {name}" for code, name in PROVIDER_TYPE_NAMES.items())
    return _page(
        {"title": "Providers", "search": {"boost": 0.5}},
        "# Providers",
        "",
        f"Every provider with a published action plan. Types — {esc(types)}. Looking for a place? See the "
        "[areas](../areas/index.md) each provider covered.",
        "",
        '<table class="providers cards"><thead><tr><th scope="col">Provider</th><th scope="col">Type</th>'
        '<th scope="col" class="num">Plans</th><th scope="col" class="num">Recommendations</th>'
        + status_headers(statuses)
        + '<th scope="col" class="num">Actions</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>",
    )


LATEST_RECOMMENDATIONS = 20  # on a provider's or a theme's page; the explorer lists them all


def newest_first(pairs: Sequence[tuple[Plan, Recommendation]]) -> list[tuple[Plan, Recommendation]]:
    """Recommendations from the newest plan first (undated plans last), each plan's in document order."""
    by_plan = sorted({id(p): p for p, _ in pairs}.values(), key=lambda p: p.slug)
    dated = sorted((p for p in by_plan if p.submitted), key=lambda p: p.submitted or "", reverse=True)
    order = {id(p): n for n, p in enumerate(dated + [p for p in by_plan if not p.submitted])}
    return sorted(pairs, key=lambda pr: (order[id(pr[0])], pr[1].number))


def latest_section(pairs: Sequence[tuple[Plan, Recommendation]], here: str, titles: dict[str, str], query: str) -> str:
    """The latest recommendations, and a link into the explorer filtered to all of them."""
    latest = newest_first(pairs)[:LATEST_RECOMMENDATIONS]
    explorer = f'<a href="{rel(here, "explorer/")}?{esc(query)}">'
    lead = (
        f"<p>The {len(latest)} most recent of {len(pairs)} recommendations, newest plan first. "
        f"{explorer}See all {len(pairs)} in the explorer</a>, where you can filter, search and download them.</p>"
        if len(pairs) > len(latest)
        else f"<p>All {len(pairs)} recommendations, newest plan first; {explorer}filter, search and download them "
        "in the explorer</a>.</p>"
    )
    table = f"<div data-search-exclude>{rec_table(latest, here, titles, by_plan=True)}</div>"
    return "\n".join(["## Latest recommendations { #latest data-search-exclude }", "", lead, "", table])


def provider_downloads(slug: str, here: str) -> str:
    """A provider page's links to its own downloads (and to the Data page that explains them)."""
    paths = provider_download_paths(slug)
    links = " · ".join(f'<a href="{rel(here, path)}">{path.rsplit("/", 1)[1]}</a>' for path in paths.values())
    return (
        f"<p class=\"provider-downloads\"><strong>Download this provider's data:</strong> {links}; every plan's "
        f'actions and full records are in the archive-wide files on the <a href="{rel(here, "data/")}#{esc(slug)}">'
        "Open data page</a></p>"
    )


def operated(facts: ProviderFacts) -> str:
    """When a provider operated, in words: 'June 2014 to June 2021', 'since June 2014'."""
    if facts.operated_from and facts.operated_to:
        return f"{human_date(facts.operated_from)} to {human_date(facts.operated_to)}"
    if facts.operated_to:
        return f"until {human_date(facts.operated_to)}"
    return f"since {human_date(facts.operated_from)}" if facts.operated_from else ""


def provider_facts_list(facts: ProviderFacts | None, here: str) -> list[str]:
    """The provider's areas, type, years and successor from providers.yml, as a definition list."""
    if facts is None:
        return ["<p>The areas this provider covered are not recorded in the archive yet.</p>"]
    areas = ", ".join(f'<a href="{rel(here, f"areas/#{area_anchor(area)}")}">{esc(area)}</a>' for area in facts.areas)
    rows = [f"<dt>Areas covered</dt><dd>{areas or 'not recorded yet'}</dd>"]
    if facts.type:
        rows.append(f"<dt>Type</dt><dd>{esc(facts.type)}</dd>")
    if operated(facts):
        rows.append(f"<dt>Operated</dt><dd>{esc(operated(facts))}</dd>")
    if facts.operated_to:
        rows.append(
            f"<dt>Status</dt><dd>No longer operating since {esc(human_date(facts.operated_to))}"
            + (f"; succeeded by {esc(facts.successor)}" if facts.successor else "")
            + "</dd>"
        )
    elif facts.successor:
        rows.append(f"<dt>Successor</dt><dd>{esc(facts.successor)}</dd>")
    lines = ['<dl class="plan-facts provider-facts">', *rows, "</dl>"]
    return lines + ([f"<p>{esc(facts.note)}</p>"] if facts.note else [])


def render_provider_page(archive: Archive, slug: str) -> str:
    plans = archive.providers()[slug]
    provider = plans[-1].provider
    provider_recs = [r for p in plans for r in p.recommendations]
    here = f"providers/{slug}/"
    titles = {t.slug: t.title for t in archive.themes}
    pairs = [(plan, rec) for plan in plans for rec in plan.recommendations]
    counts = status_counts([r for _, r in pairs])
    return _page(
        {"title": page_title(provider.name), "lastmod": newest_date(plans), "tab": "Providers", **HUB_SEARCH_BOOST},
        breadcrumbs(here, [HOME, PROVIDERS, (provider_label(provider.name), here)]),
        "",
        f"# {escape_md(provider.name)}",
        "",
        f"<p>{esc(provider_label(provider.name))}{esc(also_called(provider))} · {len(plans)} action plan"
        f"{'s' if len(plans) != 1 else ''} · {len(pairs)} recommendations: " + status_summary(counts) + "</p>",
        f'<p class="target-summary">Targets of its {action_count(provider_recs)} actions: '
        f"{target_summary(provider_recs)}.</p>",
        provider_downloads(slug, here),
        "",
        *provider_facts_list(archive.facts.get(slug), here),
        "",
        f"<div data-search-exclude>{plan_table(list(reversed(plans)), here, shown_statuses(archive))}</div>",
        "",
        latest_section(pairs, here, titles, f"provider={slug}") if pairs else "",
    )


def area_anchor(area: str) -> str:
    """The id of an area on the areas page: `area-<slug>`.

    >>> area_anchor("Telford and Wrekin")
    'area-telford-and-wrekin'
    """
    return f"area-{slugify(area)}"


def render_areas_index(archive: Archive) -> str:
    """Every area any provider covered, each with the providers (and their plans) that covered it."""
    here = "areas/"
    providers = archive.providers()
    index = areas_index(archive.facts, list(providers))
    items = []
    for area, slugs in index.items():
        links = "; ".join(
            f'<a href="{rel(here, f"providers/{slug}/")}">{esc(providers[slug][-1].provider.name)}</a> '
            f"({len(providers[slug])} plan{'s' if len(providers[slug]) != 1 else ''})"
            for slug in slugs
        )
        items.append(f'<li id="{area_anchor(area)}"><strong>{esc(area)}</strong>: {links}</li>')
    unrecorded = [slug for slug in providers if slug not in archive.facts]
    return _page(
        {"title": "Areas", **HUB_SEARCH_BOOST},
        "# Areas",
        "",
        "Which provider worked where: every local authority area, county or city a provider in the archive "
        "covered, with the providers that covered it. The list is kept by hand in "
        "`probation_archive/providers.yml`.",
        "",
        f'<ul class="areas">{"".join(items)}</ul>' if items else "<p>No areas are recorded yet.</p>",
        "",
        (
            "<p>Not yet recorded: "
            + ", ".join(
                f'<a href="{rel(here, f"providers/{s}/")}">{esc(providers[s][-1].provider.name)}</a>'
                for s in unrecorded
            )
            + ".</p>"
        )
        if unrecorded
        else "",
    )


# --- themes ---------------------------------------------------------------------------------


def render_themes_index(archive: Archive) -> str:
    here = "themes/"
    recs = [rec for _, rec in archive.recommendations()]
    statuses = shown_statuses(archive)
    rows = []
    for theme in archive.themes:
        in_theme = [r for r in recs if theme.slug in r.themes]
        rows.append(
            f'<tr><td data-label="Theme"><a href="{rel(here, f"themes/{theme.slug}/")}">{esc(theme.title)}</a></td>'
            f'<td data-label="What it covers">{esc(theme.description)}</td>{counts_cells(status_counts(in_theme), statuses)}'
            f'<td class="num" data-label="Total">{len(in_theme)}</td></tr>'
        )
    return _page(
        {"title": "Themes", "search": {"boost": 0.5}},
        "# Themes",
        "",
        "Each recommendation is given one to three themes from its own wording (the rules are in "
        "`probation_archive/themes.yml`, which anyone can propose changes to).",
        "",
        '<table class="themes cards"><thead><tr><th scope="col">Theme</th><th scope="col">What it covers</th>'
        + status_headers(statuses)
        + '<th scope="col" class="num">Total</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>",
    )


def render_theme_page(archive: Archive, theme: Theme) -> str:
    here = f"themes/{theme.slug}/"
    titles = {t.slug: t.title for t in archive.themes}
    pairs = [(p, r) for p, r in archive.recommendations() if theme.slug in r.themes]
    counts = status_counts([r for _, r in pairs])
    providers = len({p.provider.slug for p, _ in pairs})
    return _page(
        # no "Theme:" in the title: site search matches word beginnings, and "the" would find every theme
        {
            "title": page_title(theme.title),
            "lastmod": newest_date([p for p, _ in pairs]),
            "tab": "Themes",
            **HUB_SEARCH_BOOST,
        },
        breadcrumbs(here, [HOME, THEMES, (theme.title, here)]),
        "",
        f"# {escape_md(theme.title)}",
        "",
        f"<p>{esc(theme.description)}</p>",
        f"<p>{len(pairs)} recommendations to {providers} provider{'' if providers == 1 else 's'}: "
        + status_summary(counts)
        + " (as stated when each plan was submitted).</p>",
        f'<p class="target-summary">Targets of their {action_count([r for _, r in pairs])} actions: '
        f"{target_summary([r for _, r in pairs])}.</p>",
        "",
        latest_section(pairs, here, titles, f"theme={theme.slug}")
        if pairs
        else "<p>No recommendation has this theme yet.</p>",
    )
