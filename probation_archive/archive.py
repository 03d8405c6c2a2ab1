"""The whole archive, and every question about it answered once: plans by provider, newest first
(`newest_first`), a provider's name (`current_provider`), counts by status."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from .model import NOT_STATED, STATUSES, Plan, Provider, Recommendation, StatusOrNotStated
from .providers import ProviderFacts, provider_facts
from .recurrence import Recurrence
from .themes import Theme
from .versions import Versions


@dataclass(frozen=True)
class Archive:
    plans: tuple[Plan, ...]
    themes: tuple[Theme, ...]
    facts: dict[str, ProviderFacts] = field(default_factory=provider_facts)  # providers.yml, by slug
    recurrence: Recurrence = field(default_factory=Recurrence)  # recurrence.find_recurrence: made before, elsewhere
    versions: Versions = field(default_factory=Versions)  # versions.find_versions: which plan updates which

    def latest_plans(self) -> tuple[Plan, ...]:
        """Each plan's latest version only (`versions.py`): what the hub pages count, an earlier version's
        statuses and targets being superseded by its update's."""
        return self._latest_plans

    @cached_property
    def _latest_plans(self) -> tuple[Plan, ...]:
        return tuple(p for p in self.plans if self.versions.is_latest(p.slug))

    def latest_recommendations(self) -> list[tuple[Plan, Recommendation]]:
        return list(self._latest_recommendations)

    @cached_property
    def _latest_recommendations(self) -> tuple[tuple[Plan, Recommendation], ...]:
        return tuple((plan, rec) for plan in self.latest_plans() for rec in plan.recommendations)

    def earlier_versions(self) -> int:
        """How many plans are superseded by a later version of themselves."""
        return len(self.plans) - len(self.latest_plans())

    def plan(self, slug: str) -> Plan:
        return self._by_slug[slug]

    @cached_property
    def _by_slug(self) -> dict[str, Plan]:
        return {p.slug: p for p in self.plans}

    def providers(self) -> dict[str, list[Plan]]:
        """Plans by provider slug, each provider's plans `newest_first`; providers by their `current_provider`
        name (then slug)."""
        return {slug: list(plans) for slug, plans in self._providers.items()}

    def provider(self, slug: str) -> Provider:
        """A provider as every page names it: `current_provider` of its plans."""
        return self._current[slug]

    @cached_property
    def _providers(self) -> dict[str, tuple[Plan, ...]]:
        grouped = plans_by_provider(self.plans)
        ordered = sorted(grouped.items(), key=lambda item: (current_provider(item[1]).name, item[0]))
        return {slug: tuple(plans) for slug, plans in ordered}

    @cached_property
    def _current(self) -> dict[str, Provider]:
        return {slug: current_provider(plans) for slug, plans in self._providers.items()}

    def recommendations(self) -> list[tuple[Plan, Recommendation]]:
        return list(self._recommendations)

    @cached_property
    def _recommendations(self) -> tuple[tuple[Plan, Recommendation], ...]:
        return tuple((plan, rec) for plan in self.plans for rec in plan.recommendations)

    @cached_property
    def every_status_stated(self) -> bool:
        """Whether every recommendation states its status (`shown_statuses`)."""
        return all(rec.status is not None for _, rec in self._recommendations)


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


def shown_statuses(archive: Archive) -> tuple[StatusOrNotStated, ...]:
    """The status columns of the site's tables: Not stated too once some plan states no response."""
    return STATUSES if archive.every_status_stated else (*STATUSES, NOT_STATED)


def plans_per_year(plans: Sequence[Plan]) -> list[tuple[str, int]]:
    """How many plans were submitted in each year, oldest year first ('undated' last)."""
    years = Counter(str(date.year) if (date := plan.submitted_date) else "undated" for plan in plans)
    return sorted(years.items(), key=lambda item: (item[0] == "undated", item[0]))


def oldest_first(plans: Iterable[Plan]) -> list[Plan]:
    """The explorer's other date order: oldest first; undated plans still last; one date's plans by slug."""
    ordered = by_slug(plans)
    return sorted((p for p in ordered if p.submitted), key=lambda p: p.submitted or "") + [
        p for p in ordered if not p.submitted
    ]


def newest_first(plans: Iterable[Plan]) -> list[Plan]:
    """The archive's one "newest first": by the date the plan was submitted (`submitted`, as the plan
    gives it), newest first; undated plans last; plans of one date (and the undated ones) by slug.

    >>> from probation_archive.model import Provider
    >>> def plan(slug, date):
    ...     return Plan("s", "0", Provider("n", "n", "CRC", "n"), date, "2018-01-01", (), None, slug=slug)
    >>> [p.slug for p in newest_first([plan("d", None), plan("b", "2019-05"), plan("c", "2020-01"),
    ...                               plan("a", "2019-05"), plan("e", None)])]
    ['c', 'a', 'b', 'd', 'e']
    """
    ordered = by_slug(plans)
    dated = sorted((p for p in ordered if p.submitted), key=lambda p: p.submitted or "", reverse=True)  # stable
    return dated + [p for p in ordered if not p.submitted]


def newest_plan(plans: Iterable[Plan]) -> Plan | None:
    """The first of `newest_first`, if any plan is dated."""
    ordered = newest_first(plans)
    return ordered[0] if ordered and ordered[0].submitted else None


def newest_recommendations_first(pairs: Sequence[tuple[Plan, Recommendation]]) -> list[tuple[Plan, Recommendation]]:
    """Recommendations with their plans in `newest_first` order, each plan's in document order."""
    order = {id(p): n for n, p in enumerate(newest_first({id(p): p for p, _ in pairs}.values()))}
    return sorted(pairs, key=lambda pr: (order[id(pr[0])], pr[1].number))


def current_provider(plans: Sequence[Plan]) -> Provider:
    """One provider's name, short name and type as the archive shows them on every page: as its newest
    plan (`newest_first`) gives them, its current name. (A plan keeps its own name in its title.)"""
    return newest_first(plans)[0].provider


def plans_by_provider(plans: Iterable[Plan]) -> dict[str, list[Plan]]:
    """Plans grouped by provider slug (slugs sorted), each group `newest_first`."""
    grouped: dict[str, list[Plan]] = {}
    for plan in newest_first(plans):
        grouped.setdefault(plan.provider.slug, []).append(plan)
    return dict(sorted(grouped.items()))


def stride(plans: list[Plan]) -> int:
    """Document numbers per plan: one per recommendation of the plan with most, and the last one
    for the plan itself (its title)."""
    return max((len(p.recommendations) for p in plans), default=0) + 2


def by_slug(plans: Iterable[Plan]) -> list[Plan]:
    return sorted(plans, key=lambda p: p.slug)
