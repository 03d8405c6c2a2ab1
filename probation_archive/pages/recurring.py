"""Made before, made elsewhere: the list under each recommendation of a plan page, the Recurring
recommendations pages, and the About page's paragraph on how recurrence is found and how often it is
right. The finding itself is `recurrence.py`'s; this module only writes it.

The Recurring pages are paged so that none grows with the archive: `GROUPS_PER_PAGE` groups a page,
largest first, each showing at most `MEMBERS_INLINE` members; a larger group has pages of its own,
`MEMBERS_PER_PAGE` members each.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..archive import Archive
from ..model import Plan, Recommendation, stated
from ..present.markup import Html, join
from ..present.urls import permalink, rel
from ..present.words import STATUS_LABELS, escape_md, first_line, human_date, provider_label
from ..recurrence import (
    MEASURED_FALSE_POSITIVES,
    MEASURED_PAIRS,
    MEASURED_SAME,
    MEASURED_TRUE_POSITIVES,
    SHOWN,
    THRESHOLD,
    Match,
    Recurrence,
    RepeatFinding,
    Spread,
)
from .layout import breadcrumbs, markdown_page

PAGE_URL = "recurring/"
ABOUT_ANCHOR = "recurrence"  # the About page's section on the method
GROUPS_PER_PAGE = 25
MEMBERS_INLINE = 12
MEMBERS_PER_PAGE = 400


def year_of(iso: str | None) -> str:
    return iso[:4] if iso else "undated"


def in_plans(years: Sequence[str]) -> str:
    """`in its 2019 plan`, `in its 2017 and 2019 plans`."""
    unique = sorted(set(years))
    if len(unique) == 1:
        return f"in its {unique[0]} plan"
    return f"in its {', '.join(unique[:-1])} and {unique[-1]} plans"


def summary_words(matches: Sequence[Match], spread: Spread) -> list[str]:
    """The sentence's parts: the same provider before or again, and how many other providers.

    >>> m = Match("p-2017-01", "rec-1", "1", "P", "p", "2017-01", "agreed", 0.7, True, True)
    >>> summary_words([m], Spread(11, 2018, True, True))
    ['made to this provider before, in its 2017 plan', 'also made to 11 other providers since 2018']
    """
    parts = []
    before = [m.submitted for m in matches if m.same_provider and m.earlier]
    again = [m.submitted for m in matches if m.same_provider and not m.earlier]
    if before:
        parts.append("made to this provider before, " + in_plans([year_of(d) for d in before]))
    if again:
        parts.append("made to this provider again, " + in_plans([year_of(d) for d in again]))
    if spread.other_providers:
        n = spread.other_providers
        since = f" since {spread.since}" if spread.since else ""
        parts.append(f"also made to {n} other provider{'' if n == 1 else 's'}{since}")
    return parts


def match_item(here: str, match: Match) -> Html:
    """One related recommendation: its provider and plan, number, date and status, linked by permalink."""
    return Html('<li><a href="{}">{}, recommendation {}</a> · plan of {} · {} · similarity {}</li>').format(
        rel(here, match.url),
        provider_label(match.provider_name),
        match.label,
        human_date(match.submitted),
        STATUS_LABELS[stated(match.status)],
        f"{match.score:.2f}",  # formatted here: the fast path of `Html.format` takes bare fields
    )


def repeat_sentence(here: str, plan: Plan, finding: RepeatFinding | None) -> Html:
    """What the archive holds for the plan's own 'repeated from the previous inspection' flag."""
    if finding is None:
        return Html()
    said = "This plan says the recommendation was repeated from the previous inspection"
    if finding.match is not None:
        m = finding.match
        return Html(
            '<p class="repeat-found">{}: it is <a href="{}">recommendation {} of the plan of {}</a>.</p>'
        ).format(said, rel(here, m.url), m.label, human_date(m.submitted))
    if finding.reason == "no-earlier-plan":
        return Html(
            '<p class="repeat-missing">{}. The plan answering that inspection is not in this archive.</p>'
        ).format(said)
    earlier = join(
        (Html('<a href="{}">{}</a>').format(rel(here, f"plans/{slug}/"), slug) for slug in finding.earlier_plans), ", "
    )
    return Html(
        '<p class="repeat-missing">{}. None of the recommendations of this provider\'s earlier plans in this '
        "archive ({}) reads alike enough to name it.</p>"
    ).format(said, earlier)


def made_before_block(plan: Plan, rec: Recommendation, recurrence: Recurrence | None) -> list[Html]:
    """Under a recommendation: the repeated flag traced, then its related recommendations (at most `SHOWN`)."""
    if recurrence is None:
        return []
    here = plan.url
    matches = recurrence.of(plan, rec)
    repeat = repeat_sentence(here, plan, recurrence.repeats.get((plan.slug, rec.anchor)))
    if not matches and not repeat:
        return []
    parts = summary_words(matches, recurrence.spread_of(plan, rec))
    summary = Html("<p><strong>Made before, made elsewhere:</strong> {}.</p>").format("; ".join(parts)) if parts else ""
    items = join(match_item(here, m) for m in matches)
    listing = (
        Html(
            '<ul class="related">{}</ul><p class="related-how"><a href="{}">How similar recommendations are found</a></p>'
        ).format(items, rel(here, f"about/#{ABOUT_ANCHOR}"))
        if matches
        else ""
    )
    return [Html('<div class="made-before" data-search-exclude>{}{}{}</div>').format(repeat, summary, listing)]


# --- the Recurring recommendations pages -------------------------------------------------------------


def page_url(number: int) -> str:
    """The address of the Recurring page `number` (1: `recurring/`)."""
    return PAGE_URL if number == 1 else f"{PAGE_URL}page-{number}/"


def group_url(number: int, part: int = 1) -> str:
    return f"{PAGE_URL}groups/{number}/" if part == 1 else f"{PAGE_URL}groups/{number}-{part}/"


def _path(url: str) -> str:
    return url.rstrip("/") + ".md" if url != PAGE_URL else f"{PAGE_URL}index.md"


def member_links(here: str, members: Sequence[tuple[Plan, Recommendation]]) -> Html:
    """Members by provider, each linked by permalink: `Provider: 2019 (rec 3), 2021 (rec 1)`."""
    by_provider: dict[str, list[tuple[Plan, Recommendation]]] = {}
    for plan, rec in members:
        by_provider.setdefault(plan.provider.name, []).append((plan, rec))
    rows = []
    for name in sorted(by_provider):
        links = join(
            (
                Html('<a href="{}">{} ({})</a>').format(
                    rel(here, permalink(plan, rec)), year_of(plan.submitted), rec.label
                )
                for plan, rec in by_provider[name]
            ),
            ", ",
        )
        rows.append(Html("<li>{}: {}</li>").format(provider_label(name), links))
    return Html('<ul class="group-members">{}</ul>').format(join(rows))


def group_facts(members: Sequence[tuple[Plan, Recommendation]]) -> str:
    """`7 recommendations to 5 providers, 2016–2021`."""
    providers = {plan.provider.slug for plan, _ in members}
    years = sorted({plan.submitted[:4] for plan, _ in members if plan.submitted})
    span = f", {years[0]}–{years[-1]}" if len(years) > 1 else f", {years[0]}" if years else ""
    return f"{len(members)} recommendations to {len(providers)} provider{'' if len(providers) == 1 else 's'}{span}"


def render_recurring_pages(archive: Archive) -> dict[str, str]:
    """Every Recurring page, by path under `content/`: the paged list of groups, and the pages of
    groups too large to list in full."""
    groups = archive.recurrence.groups
    index = {(p.slug, r.anchor): (p, r) for p in archive.plans for r in p.recommendations}
    pages = max(1, -(-len(groups) // GROUPS_PER_PAGE))
    files: dict[str, str] = {}
    for number in range(1, pages + 1):
        here = page_url(number)
        shown = groups[(number - 1) * GROUPS_PER_PAGE : number * GROUPS_PER_PAGE]
        items = []
        for n, group in enumerate(shown, (number - 1) * GROUPS_PER_PAGE + 1):
            members = [index[key] for key in group.members]
            first_plan, first_rec = members[0]
            more = ""
            if len(members) > MEMBERS_INLINE:
                more = Html('<p><a href="{}">All {} recommendations of this group</a></p>').format(
                    rel(here, group_url(n)), len(members)
                )
                files.update(group_pages(n, members, here))
            items.append(
                Html('<li id="group-{}"><p class="group-ask">{}</p><p class="group-facts">{}</p>{}{}</li>').format(
                    n,
                    first_line(first_rec.text, 200),
                    group_facts(members),
                    member_links(here, members[:MEMBERS_INLINE]),
                    more,
                )
            )
        nav = pager(here, number, pages)
        files[_path(here)] = markdown_page(
            {"title": "Recurring recommendations" + (f" (page {number})" if number > 1 else "")},
            breadcrumbs(here, [("Home", ""), ("Recurring recommendations", here)]),
            "",
            "# Recurring recommendations",
            "",
            escape_md(
                f"Recommendations that ask the same thing, made to more than one plan: {len(groups)} groups, "
                "largest first. Each group joins recommendations whose words are alike enough "
                "(how alike, and how often that is right, is on the About page); a group can hold two "
                "asks that are close but not the same, so read the recommendations before citing a group."
            ),
            "",
            Html('<ol class="recurring-groups" start="{}">{}</ol>').format(
                (number - 1) * GROUPS_PER_PAGE + 1, join(items)
            )
            if items
            else "No recommendation in this archive has been made in more than one plan yet.",
            "",
            nav,
        )
    return files


def pager(here: str, number: int, pages: int) -> Html:
    if pages == 1:
        return Html()
    links = [
        Html('<a href="{}" rel="prev">Previous page</a>').format(rel(here, page_url(number - 1)))
        if number > 1
        else Html(),
        Html("<span>Page {} of {}</span>").format(number, pages),
        Html('<a href="{}" rel="next">Next page</a>').format(rel(here, page_url(number + 1)))
        if number < pages
        else Html(),
    ]
    return Html('<nav class="pager" aria-label="Recurring pages">{}</nav>').format(join(links, " · "))


def group_pages(number: int, members: list[tuple[Plan, Recommendation]], back: str) -> dict[str, str]:
    """The pages of one large group, `MEMBERS_PER_PAGE` members each."""
    parts = -(-len(members) // MEMBERS_PER_PAGE)
    files = {}
    for part in range(1, parts + 1):
        here = group_url(number, part)
        chunk = members[(part - 1) * MEMBERS_PER_PAGE : part * MEMBERS_PER_PAGE]
        others = join(
            (
                Html('<a href="{}">{}</a>').format(rel(here, group_url(number, p)), p) if p != part else Html(str(p))
                for p in range(1, parts + 1)
            ),
            " · ",
        )
        files[_path(here)] = markdown_page(
            {"title": f"Recurring recommendations: group {number}", "search": {"exclude": True}},
            breadcrumbs(
                here,
                [("Home", ""), ("Recurring recommendations", back), (f"Group {number}", here)],
            ),
            "",
            f"# Group {number}: {escape_md(first_line(members[0][1].text, 120))}",
            "",
            escape_md(group_facts(members) + "."),
            "",
            member_links(here, chunk),
            "",
            Html('<p class="pager">Parts: {}</p>').format(others) if parts > 1 else "",
        )
    return files


# --- the About page's section ------------------------------------------------------------------------


# The same pairs scored by a small embedding model (bench/bench_embedding.py runs it; its scores are kept in
# tests/cases/recurrence/embedding-scores.yml, and tests/test_recurrence_compared.py recomputes these from them).
COMPARED_MODEL = "all-MiniLM-L6-v2"
COMPARED_THRESHOLD = 0.60  # its best threshold on the pairs (by F1)
COMPARED_TRUE_POSITIVES = 33
COMPARED_FALSE_POSITIVES = 7


def recurrence_method() -> list[str]:
    """The About page's section on recurrence, in plain words, with the figures measured on the pairs."""
    found = MEASURED_TRUE_POSITIVES + MEASURED_FALSE_POSITIVES
    different = MEASURED_PAIRS - MEASURED_SAME
    return [
        f"## Made before, made elsewhere {{ #{ABOUT_ANCHOR} }}",
        "",
        "Under each recommendation, a plan page lists at most "
        f"{SHOWN} recommendations of other plans that ask the same thing: the same provider's earlier or later "
        "plans first, then other providers'. They are found by comparing words, not meaning: each "
        "recommendation's words are reduced to their stems, words every plan uses (\u201censure\u201d, "
        "\u201cimprove\u201d, \u201cmake sure\u201d, \u201curgent\u201d) count for little, a provider's own name "
        "counts for nothing, and rare words count for more than common ones. Two recommendations are listed "
        f"together when their similarity reaches {THRESHOLD:.2f} (on a scale from 0, no word in common, to 1, "
        "the same words).",
        "",
        f"To choose that threshold we labelled {MEASURED_PAIRS} pairs of recommendations by hand: "
        f"{MEASURED_SAME} that ask the same thing in different words, and {different} that share words but ask "
        "different things (housing for people leaving prison and the provider's office accommodation; "
        "training on risk assessment and training on a new case system). Some come from the plans in this "
        "archive; most were written by us in the plans' style, because the archive is still small. "
        f"At this threshold the method links {found} of the pairs, and {MEASURED_TRUE_POSITIVES} of those "
        f"really ask the same thing: about {round(100 * MEASURED_TRUE_POSITIVES / found)} in 100 links are right. "
        f"It finds {MEASURED_TRUE_POSITIVES} of the {MEASURED_SAME} pairs that ask the same thing: about "
        f"{round(100 * MEASURED_TRUE_POSITIVES / MEASURED_SAME)} in 100. It misses what is said in other words "
        "(\u201cworkloads\u201d and \u201ccaseloads\u201d), and it links asks that share their frame but not their "
        "subject when the subject is a word or two (\u201cjoint working with the police\u201d on two different "
        "schemes). Treat a listed recommendation as a lead to read, not as a finding.",
        "",
        *compared_method(),
        "When a plan says a recommendation was repeated from the previous inspection, its page names the "
        "earlier recommendation if the provider's earlier plan is in this archive, and says so plainly when it "
        "is not. The Recurring recommendations page groups recommendations that are alike in this way.",
        "",
    ]


def compared_method() -> list[str]:
    """The About page's words on the method tried beside this one, with its figures on the same pairs."""
    found = COMPARED_TRUE_POSITIVES + COMPARED_FALSE_POSITIVES
    return [
        f"We tried a small language model that compares meaning rather than words ({COMPARED_MODEL}) on the "
        f"same pairs. At its best threshold it links {found} pairs, {COMPARED_TRUE_POSITIVES} of them rightly "
        f"(about {round(100 * COMPARED_TRUE_POSITIVES / found)} in 100), and finds {COMPARED_TRUE_POSITIVES} of "
        f"the {MEASURED_SAME} pairs that ask the same thing (about "
        f"{round(100 * COMPARED_TRUE_POSITIVES / MEASURED_SAME)} in 100): as often right as comparing words and "
        "a little better at finding what is said in other words, but reading every recommendation of a large "
        "archive with it would add minutes to each build. So the archive compares words.",
        "",
    ]
