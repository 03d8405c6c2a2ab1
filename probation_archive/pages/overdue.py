"""What passed its date without a word: the "Target dates passed" page (`overdue/`) and its data.

Which targets have passed depends on the day a page is read, so nothing here names a day: the build
writes, per recommendation of each plan's latest version, the first month in which one of its targets not
stated completed has passed (`rec_due`, as `plan.due_after` marks a plan page's targets), and the reader's
browser compares it with today's month (`overdue.js`). The page's HTML is fixed; its groups come from
`data/overdue.json`, where each provider holds how many of its recommendations start to pass in each month,
so the file grows with providers and months, never with the recommendations' text. Each provider's action
owners are in its own `owners.json` (`owners_file`: per recommendation, each owner and the month its own target
passes), read by the page for the provider the reader chooses and by the explorer's "Action owner" filter: one
file, so both count owners alike, and what a page loads stays small at any size of the archive.

Worded neutrally: "target date passed; no later update in this archive", never "failed" or "late".
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ..archive import Archive
from ..model import Action, Plan, Recommendation
from ..normalise import slugify
from ..present.markup import Html
from ..present.urls import provider_folder, rel
from .layout import markdown_page
from .plan import due_after

PAGE_URL = "overdue/"
EXPLORER_URL = "explorer/"  # where each group's count links, with its filters
DATA_PATH = "data/overdue.json"
TARGET_PASSED_WORDS = "target date passed; no later update in this archive"


def month_number(iso: str) -> int:
    """`2019-06` -> 2019 × 12 + 5: months as one number, as the scripts count them.

    >>> month_number("2019-06"), month_number("2020-01")
    (24233, 24240)
    """
    year, month = iso.split("-")[:2]
    return int(year) * 12 + int(month) - 1


def first_due(actions: Iterable[Action]) -> int:
    """The earliest `month_number` of the actions' `due_after` months; 0 when none can pass."""
    months = [m for a in actions if a.target and (m := due_after(a.target))]
    return min(month_number(m) for m in months) if months else 0


def rec_due(archive: Archive, plan: Plan, rec: Recommendation) -> int:
    """The first month in which one of the recommendation's targets not stated completed has passed; 0 when
    none can pass, or when a later version of its plan supersedes it (that version answers for it)."""
    return first_due(rec.actions) if archive.versions.is_latest(plan.slug) else 0


def owner_name(owner: str | None) -> str:
    """An action's owner as one line, or "" when the table names none.

    >>> owner_name("  Head of\\nArea "), owner_name(None)
    ('Head of Area', '')
    """
    return " ".join((owner or "").split())


@lru_cache(maxsize=1 << 14)
def owner_slug(owner: str | None) -> str:
    """The slug of an action's owner (`owner_name`, slugified); "" when the table names none."""
    return slugify(owner_name(owner))


def owner_dues(archive: Archive, plan: Plan, rec: Recommendation) -> dict[str, int]:
    """Each owner of the recommendation's actions (by slug, in order of first appearance) -> the first month
    in which one of that owner's targets has passed (0: none can, or the plan has a later version)."""
    by_owner: dict[str, list[Action]] = {}
    for action in rec.actions:
        if slug := owner_slug(action.owner):
            by_owner.setdefault(slug, []).append(action)
    latest = archive.versions.is_latest(plan.slug)
    return {slug: first_due(actions) if latest else 0 for slug, actions in by_owner.items()}


def owner_names(plans: Sequence[Plan]) -> dict[str, str]:
    """Each owner slug -> the spelling the plans use most (ties: the first in sort order)."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for plan in plans:
        for rec in plan.recommendations:
            for action in rec.actions:
                if slug := owner_slug(action.owner):
                    spellings[slug][owner_name(action.owner)] += 1
    return {slug: min(c, key=lambda name: (-c[name], name)) for slug, c in sorted(spellings.items())}


def due_histogram(months: Iterable[int]) -> list[int]:
    """Months as a flat list `[month, how many, month, how many, …]`, in month order; zeros dropped.

    >>> due_histogram([24240, 0, 24233, 24240])
    [24233, 1, 24240, 2]
    """
    counts = Counter(m for m in months if m)
    return [n for month in sorted(counts) for n in (month, counts[month])]


def overdue_data(archive: Archive) -> dict[str, object]:
    """The page's groups: each provider with the months in which its recommendations' targets start to pass
    (only providers with one that can), and where its action owners are (`owners_file`, read when the reader
    asks for that provider's owners: one file a provider keeps the page's data small at any size)."""
    providers = []
    for slug, plans in archive.providers().items():
        if due := due_histogram(rec_due(archive, p, r) for p in plans for r in p.recommendations):
            name = archive.provider(slug).name
            providers.append(
                {"slug": slug, "name": name, "url": f"providers/{slug}/", "owners": owners_file(slug), "due": due}
            )
    return {"explorer": EXPLORER_URL, "providers": providers}  # addresses: site-relative


def overdue_json(archive: Archive) -> str:
    return json.dumps(overdue_data(archive), ensure_ascii=False, separators=(",", ":"))


def owners_file(provider_slug: str) -> str:
    """Where the explorer finds one provider's action owners: `data/providers/<slug>/owners.json`."""
    return f"{provider_folder(provider_slug)}/owners.json"


def provider_owners(archive: Archive, slug: str) -> dict[str, object]:
    """One provider's action owners for the explorer's "Action owner" filter: the owners (slug and name, by
    slug) and, per plan and recommendation in document order, a flat `[owner, due month, …]` list (the
    owner's position; 0 as the month: none of its targets can pass)."""
    plans = archive.providers()[slug]
    names = owner_names(plans)
    position = {owner: n for n, owner in enumerate(names)}
    return {
        "owners": [{"slug": owner, "name": name} for owner, name in names.items()],
        "plans": {
            plan.slug: [
                [n for owner, month in owner_dues(archive, plan, rec).items() for n in (position[owner], month)]
                for rec in plan.recommendations
            ]
            for plan in sorted(plans, key=lambda p: p.slug)
        },
    }


def owners_files(archive: Archive) -> Iterable[tuple[str, str]]:
    for slug in archive.providers():
        yield owners_file(slug), json.dumps(provider_owners(archive, slug), ensure_ascii=False, separators=(",", ":"))


def provider_due(archive: Archive, slug: str) -> Html:
    """A provider page's hidden line that overdue.js fills from the reader's date: how many of its
    recommendations (latest versions) have a target date passed, linked to those rows in the explorer."""
    plans = archive.providers()[slug]
    due = due_histogram(rec_due(archive, p, r) for p in plans for r in p.recommendations)
    if not due:
        return Html()
    here = f"providers/{slug}/"
    return Html(
        '<p class="overdue-count" data-due="{}" data-href="{}?provider={}&amp;overdue=passed" hidden></p>'
    ).format(" ".join(map(str, due)), rel(here, EXPLORER_URL), slug)


def render_overdue_page(archive: Archive) -> str:
    here = PAGE_URL
    return markdown_page(
        {"title": "Target dates passed", "search": {"boost": 0.3}},
        "# Target dates passed",
        "",
        "<p>Each plan gave its actions a target date. This page lists, by provider and by the owner each action "
        "names, the recommendations of each plan's latest version with an action whose target month is over and "
        "that the plan does not state completed: <em>target date passed; no later update in this archive</em>. "
        "It says nothing of what was done since: the archive holds only what the plans state.</p>",
        "",
        Html(
            '<div id="overdue" class="overdue" data-overdue="{}" data-site-root="{}" hidden>'
            '<p id="overdue-status" class="overdue-status" role="status">Counting from today\'s date…</p>'
            '<h2 id="by-provider">By provider</h2><div id="overdue-providers"></div>'
            '<h2 id="by-owner">By action owner</h2><p>A recommendation is counted under each owner whose own '
            "action's target date has passed. Owners are named as each provider's plans name them: choose a "
            'provider.</p><p><label for="overdue-provider">Provider</label> <select id="overdue-provider">'
            '</select></p><div id="overdue-owners" aria-live="polite"></div></div>'
        ).format(rel(here, DATA_PATH), rel(here, "")),
        Html(
            "<noscript><p>This view needs your browser to know today's date, and JavaScript is off. The same "
            'recommendations are listed by the <a href="{}">explorer</a>\'s <em>Target date</em> filter, which '
            "needs it too; every plan page marks its passed targets, and every plan is linked from its "
            '<a href="{}">provider</a>\'s page.</p></noscript>'
        ).format(f"{rel(here, 'explorer/')}?overdue=passed", rel(here, "providers/")),
    )
