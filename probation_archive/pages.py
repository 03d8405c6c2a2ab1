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
from .model import STATUSES, Plan, Recommendation
from .normalise import PROVIDER_TYPES, slugify
from .providers import ProviderFacts, areas_index, provider_facts
from .render import (
    STATUS_LABELS,
    TARGET_LABELS,
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
    counts = Counter(rec.status for rec in recs)
    return {status: counts.get(status, 0) for status in STATUSES}


def counts_cells(counts: dict[str, int]) -> str:
    return "".join(f'<td class="num" data-label="{STATUS_LABELS[s]}">{counts[s]}</td>' for s in STATUSES)


STATUS_HEADERS = "".join(f'<th scope="col" class="num">{STATUS_LABELS[s]}</th>' for s in STATUSES)
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
            f"{esc(human_date((plan.submitted or '')[:7] or None))}</td>"
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
    months = sorted(plan.submitted[:7] for plan in plans if plan.submitted)
    if not months:
        return "no dated plans yet"
    first, last = human_date(months[0]), human_date(months[-1])
    return first if first == last else f"{first} to {last}"


def plans_per_year(plans: Sequence[Plan]) -> list[tuple[str, int]]:
    """How many plans were submitted in each year, oldest year first ('undated' last)."""
    years = Counter((plan.submitted or "")[:4] or "undated" for plan in plans)
    return sorted(years.items(), key=lambda item: (item[0] == "undated", item[0]))


def newest_plan(plans: Sequence[Plan]) -> Plan | None:
    dated = [plan for plan in plans if plan.submitted]
    return max(dated, key=lambda p: (p.submitted or "", p.slug)) if dated else None


def render_home(archive: Archive) -> str:
    recs = [rec for _, rec in archive.recommendations()]
    actions = [a for rec in recs for a in rec.actions]
    targets = Counter(a.target.status for a in actions)
    counts = status_counts(recs)
    by_theme = [
        (t, status_counts([r for r in recs if t.slug in r.themes]))
        for t in archive.themes
        if any(t.slug in r.themes for r in recs)
    ]
    latest = sorted(archive.plans, key=lambda p: (p.submitted or "", p.slug), reverse=True)[:5]
    chart_rows = "".join(
        f'<tr><th scope="row"><a href="themes/{esc(t.slug)}/">{esc(t.title)}</a></th>{counts_cells(c)}'
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
        f"<li><strong>{len(recs)}</strong> recommendations: "
        + ", ".join(f"{counts[s]} {STATUS_LABELS[s].lower()}" for s in STATUSES)
        + "</li>",
        f"<li><strong>{len(actions)}</strong> actions, by their target when submitted: "
        + ", ".join(f"{targets.get(t, 0)} {label.lower()}" for t, label in TARGET_LABELS.items())
        + "</li>",
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
        + STATUS_HEADERS
        + '<th scope="col" class="num">Total</th></tr></thead><tbody>'
        + chart_rows
        + "</tbody></table>",
        "",
        "## Latest plans",
        "",
        plan_table(latest, ""),
        "",
        "Browse by [provider](providers/index.md), [area](areas/index.md) or [theme](themes/index.md), filter "
        "every recommendation in the [explorer](explorer.md), or download the [open data](data/index.md).",
    )


def plan_table(plans: Sequence[Plan], here: str) -> str:
    rows = [
        '<table class="plans cards"><thead><tr><th scope="col">Plan</th><th scope="col">Submitted</th>'
        + STATUS_HEADERS
        + '<th scope="col" class="num">Actions</th></tr></thead><tbody>'
    ]
    for plan in plans:
        c = plan.counts()
        rows.append(
            f'<tr><td data-label="Plan"><a href="{rel(here, plan.url)}">{esc(plan.provider.name)}</a></td>'
            f'<td data-label="Submitted">{esc(human_date(plan.submitted))}</td>{counts_cells(c)}'
            f'<td class="num" data-label="Actions">{c["actions"]}</td></tr>'
        )
    rows.append("</tbody></table>")
    return "".join(rows)


# --- providers and areas ----------------------------------------------------------------------


def render_providers_index(archive: Archive) -> str:
    here = "providers/"
    rows = []
    for slug, plans in archive.providers().items():
        recs = [r for p in plans for r in p.recommendations]
        provider = plans[-1].provider
        rows.append(
            f'<tr><td data-label="Provider"><a href="{rel(here, f"providers/{slug}/")}">{esc(provider.name)}</a></td>'
            f'<td data-label="Type">{esc(provider.type)}</td><td class="num" data-label="Plans">{len(plans)}</td>'
            f'<td class="num" data-label="Recommendations">{len(recs)}</td>'
            f'{counts_cells(status_counts(recs))}<td class="num" data-label="Actions">'
            f"{sum(len(r.actions) for r in recs)}</td></tr>"
        )
    types = ", ".join(f"{code}: {name}" for name, code in PROVIDER_TYPES[:3])
    return _page(
        {"title": "Providers", "search": {"boost": 0.5}},
        "# Providers",
        "",
        f"Every provider with a published action plan. Types — {esc(types)}. Looking for a place? See the "
        "[areas](../areas/index.md) each provider covered.",
        "",
        '<table class="providers cards"><thead><tr><th scope="col">Provider</th><th scope="col">Type</th>'
        '<th scope="col" class="num">Plans</th><th scope="col" class="num">Recommendations</th>'
        + STATUS_HEADERS
        + '<th scope="col" class="num">Actions</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>",
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
    here = f"providers/{slug}/"
    titles = {t.slug: t.title for t in archive.themes}
    sections = []
    for plan in reversed(plans):  # newest first
        sections += [
            f"## Plan, {esc(human_date(plan.submitted))} {{ #{esc(plan.slug)} data-search-exclude }}",
            "",
            f'<p data-search-exclude><a href="{rel(here, plan.url)}">Read the action plan</a> · '
            + ", ".join(f"{plan.counts()[s]} {STATUS_LABELS[s].lower()}" for s in STATUSES)
            + f" · {plan.counts()['actions']} actions</p>",
            "",
            rec_table([(plan, r) for r in plan.recommendations], here, titles, by_plan=False),
            "",
        ]
    return _page(
        {"title": page_title(provider.name), "tab": "Providers", **HUB_SEARCH_BOOST},
        breadcrumbs(here, [HOME, PROVIDERS, (provider_label(provider.name), here)]),
        "",
        f"# {escape_md(provider.name)}",
        "",
        f"<p>{esc(provider_label(provider.name))}{esc(also_called(provider))} · "
        f"{len(plans)} action plan{'s' if len(plans) != 1 else ''}</p>",
        "",
        *provider_facts_list(archive.facts.get(slug), here),
        "",
        f"<div data-search-exclude>{plan_table(plans, here)}</div>",
        "",
        *sections,
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
    rows = []
    for theme in archive.themes:
        in_theme = [r for r in recs if theme.slug in r.themes]
        rows.append(
            f'<tr><td data-label="Theme"><a href="{rel(here, f"themes/{theme.slug}/")}">{esc(theme.title)}</a></td>'
            f'<td data-label="What it covers">{esc(theme.description)}</td>{counts_cells(status_counts(in_theme))}'
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
        + STATUS_HEADERS
        + '<th scope="col" class="num">Total</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>",
    )


def render_theme_page(archive: Archive, theme: Theme) -> str:
    here = f"themes/{theme.slug}/"
    titles = {t.slug: t.title for t in archive.themes}
    pairs = sorted(
        ((p, r) for p, r in archive.recommendations() if theme.slug in r.themes),
        key=lambda pr: (pr[0].provider.name, pr[0].submitted or "", pr[1].number),
    )
    counts = status_counts([r for _, r in pairs])
    return _page(
        # no "Theme:" in the title: site search matches word beginnings, and "the" would find every theme
        {"title": page_title(theme.title), "tab": "Themes", **HUB_SEARCH_BOOST},
        breadcrumbs(here, [HOME, THEMES, (theme.title, here)]),
        "",
        f"# {escape_md(theme.title)}",
        "",
        f"<p>{esc(theme.description)}</p>",
        f"<p>{len(pairs)} recommendations: "
        + ", ".join(f"{counts[s]} {STATUS_LABELS[s].lower()}" for s in STATUSES)
        + " (as stated when each plan was submitted).</p>",
        "",
        rec_table(pairs, here, titles, by_plan=True) if pairs else "<p>No recommendation has this theme yet.</p>",
    )
