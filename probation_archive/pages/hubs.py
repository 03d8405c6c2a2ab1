"""The archive's index pages: home, providers, areas and themes.

Pure functions: the archive in, Markdown (with raw HTML built as `Html`, so anything from a
source is escaped) out. Every count is computed here from parsed records, never in a template.
Links inside raw HTML are written relative to the page (`urls.rel`), as MkDocs will publish it
(`use_directory_urls`), and the site tests check every one.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..archive import (
    Archive,
    action_count,
    current_provider,
    newest_date,
    newest_first,
    newest_plan,
    newest_recommendations_first,
    plans_per_year,
    shown_statuses,
    status_counts,
)
from ..model import STATUSES, Plan, Recommendation, Status, StatusOrNotStated
from ..normalise import PROVIDER_TYPE_NAMES, slugify
from ..present.markup import Html, join
from ..present.urls import permalink, provider_download_paths, rel, source_link
from ..present.words import (
    also_called,
    escape_md,
    human_date,
    page_title,
    plain_text,
    provider_label,
    short_text,
)
from ..providers import ProviderFacts, areas_index
from ..themes import Theme, theme_titles
from .charts import ChartRow, stacked_bar_chart
from .layout import (
    HOME,
    HUB_SEARCH_BOOST,
    PROVIDERS,
    THEMES,
    breadcrumbs,
    count_link,
    counts_cells,
    linked_badge,
    linked_status_summary,
    linked_target_summary,
    markdown_page,
    status_headers,
    target_span,
)
from .overdue import provider_due


def theme_links(rec: Recommendation, here: str, titles: dict[str, str]) -> Html:
    links = (Html('<a href="{}">{}</a>').format(rel(here, f"themes/{t}/"), titles.get(t, t)) for t in rec.themes)
    return join(links, ", ")


def rec_table(pairs: Sequence[tuple[Plan, Recommendation]], here: str, titles: dict[str, str], by_plan: bool) -> Html:
    """A table of recommendations, each linking its permalink: across plans (a theme's page) with the plan
    and the whole text; within one plan (a provider's page) with the first line."""
    linked: set[Status] = set()
    rows = []
    for plan, rec in pairs:
        plan_cell = (
            Html('<td data-label="Plan"><a href="{}">{}</a>, {}</td>').format(
                rel(here, plan.url), provider_label(plan.provider.name), human_date(plan.submitted_month)
            )
            if by_plan
            else ""
        )
        rows.append(
            Html(
                '<tr>{}<td data-label="No.">{}</td><td data-label="Status when submitted">{}</td>'
                '<td data-label="Recommendation"><a href="{}">{}</a></td><td data-label="Themes">{}</td></tr>'
            ).format(
                plan_cell,
                rec.label,
                linked_badge(rec.status, here, linked),
                rel(here, permalink(plan, rec)),
                plain_text(rec.text) if by_plan else short_text(rec.text),
                theme_links(rec, here, titles),
            )
        )
    return Html(
        '<table class="recs cards" data-search-exclude><thead><tr>{}<th scope="col">No.</th>'
        '<th scope="col">Status when submitted</th><th scope="col">Recommendation</th><th scope="col">Themes</th>'
        "</tr></thead><tbody>{}</tbody></table>"
    ).format(Html('<th scope="col">Plan</th>') if by_plan else "", join(rows))


# --- home -----------------------------------------------------------------------------------


def archive_period(plans: Sequence[Plan]) -> str:
    """The months the archive spans, from the earliest to the latest submission.

    >>> from probation_archive.model import Provider
    >>> p = lambda d: Plan("s", "h", Provider("n", "n", "CRC", "n"), d, None, (), None)
    >>> archive_period([p("2019-03-29"), p("2018-11-12"), p(None)]), archive_period([p("2019-03-29")])
    ('November 2018 to March 2019', 'March 2019')
    """
    months = sorted(month for plan in plans if (month := plan.submitted_month))
    if not months:
        return "no dated plans yet"
    first, last = human_date(months[0]), human_date(months[-1])
    return first if first == last else f"{first} to {last}"


def versions_note(archive: Archive, here: str) -> list[Html]:
    """When some plans have later versions: the counts use each plan's latest version, and say so (nothing otherwise)."""
    earlier = archive.earlier_versions()
    if not earlier:
        return []
    return [
        Html(
            '<p class="versions-note">Counts use each plan\'s latest version: {} earlier version{} of plans, superseded '
            'by a later update, {} not counted (<a href="{}">see every version in the explorer</a>).</p>'
        ).format(earlier, "" if earlier == 1 else "s", "is" if earlier == 1 else "are", rel(here, "explorer/"))
    ]


def latest_words(archive: Archive) -> str:
    """ " (latest versions)" beside a count of the hub pages, once some plan has an earlier version."""
    return " (latest versions)" if archive.earlier_versions() else ""


def latest_query(archive: Archive, query: str) -> str:
    """An explorer query for the rows the hub pages count: latest versions only, once some plan has versions."""
    return "&".join(filter(None, [query, "version=latest" if archive.earlier_versions() else ""]))


def render_home(archive: Archive) -> str:
    recs = [rec for _, rec in archive.latest_recommendations()]
    by_theme = [
        (t, status_counts([r for r in recs if t.slug in r.themes]))
        for t in archive.themes
        if any(t.slug in r.themes for r in recs)
    ]
    latest = newest_first(archive.plans)[:5]
    statuses = shown_statuses(archive)
    return markdown_page(
        {"title": "Probation Action Plan Archive", "search": {"boost": 0.3}},
        "# Probation Action Plan Archive",
        "",
        "When HM Inspectorate of Probation inspects a probation provider, the government publishes an **action "
        "plan**: what it will do about each of the inspectors' recommendations, whether it agrees with it, who is "
        "responsible and by when. This archive brings those plans together so that anyone can read, search, compare "
        "and cite them. Every number on this site is counted from the plans themselves.",
        "",
        *archive_period_facts(archive),
        "",
        "<p>Statuses and targets are as each plan stated them when it was submitted; the archive does not record "
        "what happened after that.</p>",
        "",
        *archive_totals(archive),
        *versions_note(archive, ""),
        "",
        "## Recommendations by theme and status",
        "",
        *themes_chart(by_theme, statuses, latest_query(archive, "")),
        "",
        "## Latest plans",
        "",
        plan_table(latest, "", statuses),
        "",
        "Browse by [provider](providers/index.md), [area](areas/index.md) or [theme](themes/index.md), filter "
        "every recommendation in the [explorer](explorer.md), see the [target dates passed](overdue.md) with no "
        "later update in this archive, or download the [open data](data/index.md).",
    )


def archive_period_facts(archive: Archive) -> list[Html | str]:
    """The home page's facts of time: the months the plans span, the newest plan, plans per year."""
    newest = newest_plan(archive.plans)
    per_year = ", ".join(f"{year}: {n}" for year, n in plans_per_year(archive.plans))
    return [
        '<dl class="archive-period">',
        Html("<dt>Period covered</dt><dd>Plans submitted {}</dd>").format(archive_period(archive.plans)),
        Html("<dt>Last updated with a new plan</dt><dd>{}</dd>").format(
            Html('{}: the newest plan, <a href="{}">{}</a>').format(
                human_date(newest.submitted), rel("", newest.url), provider_label(newest.provider.name)
            )
            if newest
            else "no dated plan yet"
        ),
        Html("<dt>Plans per year</dt><dd>{}</dd>").format(per_year or "none yet"),
        "</dl>",
    ]


def archive_totals(archive: Archive) -> list[Html | str]:
    """The home page's totals: plans, providers, recommendations by status, actions by target (latest versions)."""
    recs = [rec for _, rec in archive.latest_recommendations()]
    latest = latest_query(archive, "")
    return [
        '<ul class="totals">',
        Html("<li><strong>{}</strong> action plans{}</li>").format(
            count_link(len(archive.latest_plans()), "", latest, unit="plans"), latest_words(archive)
        ),
        Html('<li><strong><a href="{}">{}</a></strong> providers</li>').format(
            rel("", "providers/"), len(archive.providers())
        ),
        Html("<li><strong>{}</strong> recommendations{}: {}</li>").format(
            count_link(len(recs), "", latest),
            latest_words(archive),
            linked_status_summary(status_counts(recs), "", latest),
        ),
        Html("<li><strong>{}</strong> actions{}, by their target when submitted: {}</li>").format(
            action_count(recs), latest_words(archive), linked_target_summary(recs, "", latest)
        ),
        "</ul>",
    ]


def themes_chart(
    by_theme: Sequence[tuple[Theme, dict[str, int]]], statuses: Sequence[StatusOrNotStated], versions: str = ""
) -> list[Html | str]:
    """Recommendations by theme and status: the chart, and the same numbers as a table (each count a link to
    its rows in the explorer; `versions`: the explorer's version filter when counts are of latest versions)."""
    query = {t.slug: "&".join(filter(None, [f"theme={t.slug}", versions])) for t, _ in by_theme}
    rows = join(
        Html(
            '<tr><th scope="row"><a href="themes/{}/">{}</a></th>{}<td class="num" data-label="Total">{}</td></tr>'
        ).format(
            t.slug,
            t.title,
            counts_cells(c, statuses, "", query[t.slug]),
            count_link(sum(c.values()), "", query[t.slug]),
        )
        for t, c in by_theme
    )
    chart = stacked_bar_chart(
        "themes-chart",
        "Recommendations by theme and status",
        [ChartRow(t.title, f"themes/{t.slug}/", f"explorer/?{query[t.slug]}", c) for t, c in by_theme],
    )
    return [
        Html(
            '<figure class="chart-figure">{}<figcaption>Each bar opens that theme\'s recommendations in the explorer; '
            "each theme name opens its page. A recommendation can have up to three themes. The same numbers as a "
            "table:</figcaption></figure>"
        ).format(chart),
        "",
        Html(
            '<table class="chart-table cards"><thead><tr><th scope="col">Theme</th>{}'
            '<th scope="col" class="num">Total</th></tr></thead><tbody>{}</tbody></table>'
        ).format(status_headers(statuses), rows),
    ]


def plan_table(plans: Sequence[Plan], here: str, statuses: Sequence[StatusOrNotStated] = STATUSES) -> Html:
    rows = (
        Html(
            '<tr><td data-label="Plan"><a href="{}">{}</a></td><td data-label="Submitted">{}</td>{}'
            '<td class="num" data-label="Actions">{}</td></tr>'
        ).format(
            rel(here, plan.url),
            plan.provider.name,
            human_date(plan.submitted),
            counts_cells(plan.counts(), statuses, here, f"plan={plan.slug}"),  # the explorer's Plan filter
            plan.counts()["actions"],
        )
        for plan in plans
    )
    return Html(
        '<table class="plans cards"><thead><tr><th scope="col">Plan</th><th scope="col">Submitted</th>{}'
        '<th scope="col" class="num">Actions</th></tr></thead><tbody>{}</tbody></table>'
    ).format(status_headers(statuses), join(rows))


# --- providers and areas ----------------------------------------------------------------------


def render_providers_index(archive: Archive) -> str:
    here = "providers/"
    statuses = shown_statuses(archive)
    rows = []
    for slug, plans in archive.providers().items():
        recs = [r for p in plans if archive.versions.is_latest(p.slug) for r in p.recommendations]
        provider = current_provider(plans)
        rows.append(
            Html(
                '<tr><td data-label="Provider"><a href="{}">{}</a></td><td data-label="Type">{}</td>'
                '<td class="num" data-label="Plans">{}</td><td class="num" data-label="Recommendations">{}</td>'
                '{}<td class="num" data-label="Actions">{}</td></tr>'
            ).format(
                rel(here, f"providers/{slug}/"),
                provider.name,
                provider.type,
                count_link(len(plans), here, f"provider={slug}", unit="plans"),
                count_link(len(recs), here, latest_query(archive, f"provider={slug}")),
                counts_cells(status_counts(recs), statuses, here, latest_query(archive, f"provider={slug}")),
                Html("{}{}").format(
                    action_count(recs),
                    target_span(
                        sum(1 for r in recs if r.actions), here, latest_query(archive, f"provider={slug}"), "any"
                    ),
                ),
            )
        )
    types = ", ".join(f"{code}: {name}" for code, name in PROVIDER_TYPE_NAMES.items())  # ours: Markdown as it is
    return markdown_page(
        {"title": "Providers", "search": {"boost": 0.5}},
        "# Providers",
        "",
        f"Every provider with a published action plan. Types — {types}. Looking for a place? See the "
        f"[areas]({source_link('providers/index.md', 'areas/index.md')}) each provider covered.",
        "",
        Html(
            '<table class="providers cards"><thead><tr><th scope="col">Provider</th><th scope="col">Type</th>'
            '<th scope="col" class="num">Plans</th><th scope="col" class="num">Recommendations</th>{}'
            '<th scope="col" class="num">Actions</th></tr></thead><tbody>{}</tbody></table>'
        ).format(status_headers(statuses), join(rows)),
        *versions_note(archive, here),
    )


LATEST_RECOMMENDATIONS = 20  # on a provider's or a theme's page; the explorer lists them all


def latest_section(pairs: Sequence[tuple[Plan, Recommendation]], here: str, titles: dict[str, str], query: str) -> str:
    """The latest recommendations, and a link into the explorer filtered to all of them."""
    latest = newest_recommendations_first(pairs)[:LATEST_RECOMMENDATIONS]
    explorer = f"{rel(here, 'explorer/')}?{query}"
    lead = (
        Html(
            '<p>The {} most recent of {} recommendations, newest plan first. <a href="{}">See all {} in the '
            "explorer</a>, where you can filter, search and download them.</p>"
        ).format(len(latest), len(pairs), explorer, len(pairs))
        if len(pairs) > len(latest)
        else Html(
            '<p>All {} recommendations, newest plan first; <a href="{}">filter, search and download them in the '
            "explorer</a>.</p>"
        ).format(len(pairs), explorer)
    )
    table = Html("<div data-search-exclude>{}</div>").format(rec_table(latest, here, titles, by_plan=True))
    return "\n".join(["## Latest recommendations { #latest data-search-exclude }", "", lead, "", table])


def provider_downloads(slug: str, here: str) -> Html:
    """A provider page's links to its own downloads (and to the Data page that explains them)."""
    paths = provider_download_paths(slug)
    links = join(
        (Html('<a href="{}">{}</a>').format(rel(here, path), path.rsplit("/", 1)[1]) for path in paths.values()), " · "
    )
    return Html(
        "<p class=\"provider-downloads\"><strong>Download this provider's data:</strong> {}; every plan's "
        'actions and full records are in the archive-wide files on the <a href="{}">Open data page</a></p>'
    ).format(links, rel(here, f"data/#{slug}"))


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
    areas = join(
        (Html('<a href="{}">{}</a>').format(rel(here, f"areas/#{area_anchor(area)}"), area) for area in facts.areas),
        ", ",
    )
    rows = [Html("<dt>Areas covered</dt><dd>{}</dd>").format(areas or "not recorded yet")]
    if facts.type:
        rows.append(Html("<dt>Type</dt><dd>{}</dd>").format(facts.type))
    if operated(facts):
        rows.append(Html("<dt>Operated</dt><dd>{}</dd>").format(operated(facts)))
    if facts.operated_to:
        succeeded = f"; succeeded by {facts.successor}" if facts.successor else ""
        rows.append(
            Html("<dt>Status</dt><dd>No longer operating since {}{}</dd>").format(
                human_date(facts.operated_to), succeeded
            )
        )
    elif facts.successor:
        rows.append(Html("<dt>Successor</dt><dd>{}</dd>").format(facts.successor))
    lines = ['<dl class="plan-facts provider-facts">', *rows, "</dl>"]
    return lines + ([Html("<p>{}</p>").format(facts.note)] if facts.note else [])


def render_provider_page(archive: Archive, slug: str) -> str:
    plans = archive.providers()[slug]  # newest first
    provider = archive.provider(slug)
    latest = [p for p in plans if archive.versions.is_latest(p.slug)]
    provider_recs = [r for p in latest for r in p.recommendations]
    here = f"providers/{slug}/"
    titles = theme_titles(archive.themes)
    pairs = [(plan, rec) for plan in latest for rec in plan.recommendations]
    counts = status_counts([r for _, r in pairs])
    return markdown_page(
        {"title": page_title(provider.name), "lastmod": newest_date(plans), "tab": "Providers", **HUB_SEARCH_BOOST},
        breadcrumbs(here, [HOME, PROVIDERS, (provider_label(provider.name), here)]),
        "",
        f"# {escape_md(provider.name)}",
        "",
        Html("<p>{}{} · {} action plan{} · {} recommendations{}: {}</p>").format(
            provider_label(provider.name),
            also_called(provider),
            count_link(len(plans), here, f"provider={slug}", unit="plans"),
            "s" if len(plans) != 1 else "",
            count_link(len(pairs), here, latest_query(archive, f"provider={slug}")),
            latest_words(archive),
            linked_status_summary(counts, here, latest_query(archive, f"provider={slug}")),
        ),
        provider_due(archive, slug),
        Html('<p class="target-summary">Targets of its {} actions{}: {}.</p>').format(
            action_count(provider_recs),
            latest_words(archive),
            linked_target_summary(provider_recs, here, latest_query(archive, f"provider={slug}")),
        ),
        *versions_note(archive, here),
        provider_downloads(slug, here),
        "",
        *provider_facts_list(archive.facts.get(slug), here),
        "",
        Html("<div data-search-exclude>{}</div>").format(plan_table(plans, here, shown_statuses(archive))),
        "",
        latest_section(pairs, here, titles, latest_query(archive, f"provider={slug}")) if pairs else "",
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
        links = join(
            (
                Html('<a href="{}">{}</a> ({} plan{})').format(
                    rel(here, f"providers/{slug}/"),
                    current_provider(providers[slug]).name,
                    count_link(len(providers[slug]), here, f"provider={slug}", unit="plans"),
                    "s" if len(providers[slug]) != 1 else "",
                )
                for slug in slugs
            ),
            "; ",
        )
        items.append(Html('<li id="{}"><strong>{}</strong>: {}</li>').format(area_anchor(area), area, links))
    unrecorded = [slug for slug in providers if slug not in archive.facts]
    return markdown_page(
        {"title": "Areas", **HUB_SEARCH_BOOST},
        "# Areas",
        "",
        "Which provider worked where: every local authority area, county or city a provider in the archive "
        "covered, with the providers that covered it. The list is kept by hand in "
        "`probation_archive/providers.yml`.",
        "",
        Html('<ul class="areas">{}</ul>').format(join(items)) if items else "<p>No areas are recorded yet.</p>",
        "",
        Html("<p>Not yet recorded: {}.</p>").format(
            join(
                (
                    Html('<a href="{}">{}</a>').format(
                        rel(here, f"providers/{s}/"), current_provider(providers[s]).name
                    )
                    for s in unrecorded
                ),
                ", ",
            )
        )
        if unrecorded
        else "",
    )


# --- themes ---------------------------------------------------------------------------------


def render_themes_index(archive: Archive) -> str:
    here = "themes/"
    recs = [rec for _, rec in archive.latest_recommendations()]
    statuses = shown_statuses(archive)
    rows = []
    for theme in archive.themes:
        in_theme = [r for r in recs if theme.slug in r.themes]
        rows.append(
            Html(
                '<tr><td data-label="Theme"><a href="{}">{}</a></td><td data-label="What it covers">{}</td>{}'
                '<td class="num" data-label="Total">{}</td></tr>'
            ).format(
                rel(here, f"themes/{theme.slug}/"),
                theme.title,
                theme.description,
                counts_cells(status_counts(in_theme), statuses, here, latest_query(archive, f"theme={theme.slug}")),
                count_link(len(in_theme), here, latest_query(archive, f"theme={theme.slug}")),
            )
        )
    return markdown_page(
        {"title": "Themes", "search": {"boost": 0.5}},
        "# Themes",
        "",
        "Each recommendation is given one to three themes from its own wording (the rules are in "
        "`probation_archive/themes.yml`, which anyone can propose changes to).",
        "",
        Html(
            '<table class="themes cards"><thead><tr><th scope="col">Theme</th><th scope="col">What it covers</th>{}'
            '<th scope="col" class="num">Total</th></tr></thead><tbody>{}</tbody></table>'
        ).format(status_headers(statuses), join(rows)),
        *versions_note(archive, here),
    )


def render_theme_page(archive: Archive, theme: Theme) -> str:
    here = f"themes/{theme.slug}/"
    titles = theme_titles(archive.themes)
    pairs = [(p, r) for p, r in archive.latest_recommendations() if theme.slug in r.themes]
    counts = status_counts([r for _, r in pairs])
    providers = len({p.provider.slug for p, _ in pairs})
    return markdown_page(
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
        Html("<p>{}</p>").format(theme.description),
        Html("<p>{} recommendations{} to {} provider{}: {} (as stated when each plan was submitted).</p>").format(
            count_link(len(pairs), here, latest_query(archive, f"theme={theme.slug}")),
            latest_words(archive),
            providers,
            "" if providers == 1 else "s",
            linked_status_summary(counts, here, latest_query(archive, f"theme={theme.slug}")),
        ),
        Html('<p class="target-summary">Targets of their {} actions{}: {}.</p>').format(
            action_count([r for _, r in pairs]),
            latest_words(archive),
            linked_target_summary([r for _, r in pairs], here, latest_query(archive, f"theme={theme.slug}")),
        ),
        *versions_note(archive, here),
        "",
        latest_section(pairs, here, titles, latest_query(archive, f"theme={theme.slug}"))
        if pairs
        else "<p>No recommendation has this theme yet.</p>",
    )
