"""The whole archive, and every question about it answered once: plans by provider, newest first,
a provider's name, counts by status."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .model import NOT_STATED, STATUSES, Plan, Recommendation
from .providers import ProviderFacts, provider_facts
from .recurrence import Recurrence
from .themes import Theme


@dataclass(frozen=True)
class Archive:
    plans: tuple[Plan, ...]
    themes: tuple[Theme, ...]
    facts: dict[str, ProviderFacts] = field(default_factory=provider_facts)  # providers.yml, by slug
    recurrence: Recurrence = field(default_factory=Recurrence)  # recurrence.find_recurrence: made before, elsewhere

    def providers(self) -> dict[str, list[Plan]]:
        """Plans by provider slug, each provider's plans oldest first; providers by name."""
        grouped: dict[str, list[Plan]] = {}
        for plan in sorted(self.plans, key=lambda p: (p.provider.name, p.submitted or "", p.slug)):
            grouped.setdefault(plan.provider.slug, []).append(plan)
        return grouped

    def recommendations(self) -> list[tuple[Plan, Recommendation]]:
        return [(plan, rec) for plan in self.plans for rec in plan.recommendations]


def status_counts(recs: Sequence[Recommendation]) -> dict[str, int]:
    """Recommendations by status; `not-stated` too when some plan states no response."""
    counts = Counter(rec.status for rec in recs)
    stated = {status: counts.get(status, 0) for status in STATUSES}
    return stated | ({NOT_STATED: counts[None]} if counts.get(None) else {})


def newest_date(plans: Sequence[Plan]) -> str | None:
    """The date of the newest of some plans: a page's `lastmod` in the sitemap."""
    return max((p.submitted for p in plans if p.submitted), default=None)


def action_count(recs: Sequence[Recommendation]) -> int:
    return sum(len(rec.actions) for rec in recs)


def shown_statuses(archive: Archive) -> tuple[str, ...]:
    """The status columns of the site's tables: Not stated too once some plan states no response."""
    stated = all(rec.status is not None for _, rec in archive.recommendations())
    return STATUSES if stated else (*STATUSES, NOT_STATED)


def plans_per_year(plans: Sequence[Plan]) -> list[tuple[str, int]]:
    """How many plans were submitted in each year, oldest year first ('undated' last)."""
    years = Counter(str(date.year) if (date := plan.submitted_date) else "undated" for plan in plans)
    return sorted(years.items(), key=lambda item: (item[0] == "undated", item[0]))


def newest_plan(plans: Sequence[Plan]) -> Plan | None:
    dated = [plan for plan in plans if plan.submitted]
    return max(dated, key=lambda p: (p.submitted or "", p.slug)) if dated else None


def newest_first(pairs: Sequence[tuple[Plan, Recommendation]]) -> list[tuple[Plan, Recommendation]]:
    """Recommendations from the newest plan first (undated plans last), each plan's in document order."""
    by_plan = sorted({id(p): p for p, _ in pairs}.values(), key=lambda p: p.slug)
    dated = sorted((p for p in by_plan if p.submitted), key=lambda p: p.submitted or "", reverse=True)
    order = {id(p): n for n, p in enumerate(dated + [p for p in by_plan if not p.submitted])}
    return sorted(pairs, key=lambda pr: (order[id(pr[0])], pr[1].number))


def plans_by_provider(plans: Sequence[Plan]) -> dict[str, list[Plan]]:
    """Plans grouped by provider slug (slugs sorted), each group in slug order."""
    grouped: dict[str, list[Plan]] = {}
    for plan in by_slug(plans):
        grouped.setdefault(plan.provider.slug, []).append(plan)
    return dict(sorted(grouped.items()))


def stride(plans: list[Plan]) -> int:
    """Document numbers per plan: one per recommendation of the plan with most, and the last one
    for the plan itself (its title)."""
    return max((len(p.recommendations) for p in plans), default=0) + 2


def by_slug(plans: Sequence[Plan]) -> list[Plan]:
    return sorted(plans, key=lambda p: p.slug)
