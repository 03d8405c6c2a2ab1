"""Versions of one plan: a plan published again with progress is a later version, not a new plan.

A plan is a version of an earlier plan of the same provider when
- the sources file says so (`updates: <file>`), or
- it answers the same inspection (the same report published date), or
- its heading says it updates an earlier plan (`Plan.version_note`: "Progress update: January 2020"):
  then it updates that provider's latest earlier plan.
A plan of the same provider answering another inspection (another report date) is a new plan.

    versions = find_versions(plans)
    versions.updates["wessex-crc-2026-11"]       # 'wessex-crc-2026-05': the plan it updates
    versions.family("wessex-crc-2026-05")        # ('wessex-crc-2026-05', 'wessex-crc-2026-11'), oldest first

Every version keeps its own page and permalink: nothing here changes a slug.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .model import Plan, Recommendation

REWORDED = 0.6  # how alike two recommendations' texts must be to be one recommendation reworded


@dataclass(frozen=True)
class Versions:
    """Which plan updates which: `updates[slug]` is the earlier plan's slug; families oldest first."""

    updates: dict[str, str] = field(default_factory=dict)
    families: dict[str, tuple[str, ...]] = field(default_factory=dict)  # only plans with more than one version

    def family(self, slug: str) -> tuple[str, ...]:
        """Every version of a plan, oldest first (the plan alone when it has no other)."""
        return self.families.get(slug, (slug,))

    def family_id(self, slug: str) -> str:
        """The slug of the family's first version: one name for all versions of one plan."""
        return self.family(slug)[0]

    def updated_by(self, slug: str) -> list[str]:
        """The plans that say they update this one, oldest first."""
        return [s for s in self.family(slug) if self.updates.get(s) == slug]

    def latest(self, slug: str) -> str:
        return self.family(slug)[-1]

    def is_latest(self, slug: str) -> bool:
        return self.latest(slug) == slug

    def number(self, slug: str) -> int:
        """1 for the first version, 2 for the next…"""
        return self.family(slug).index(slug) + 1


def version_order(plan: Plan) -> tuple[str, str]:
    """Versions in order: by the date submitted, then by slug (undated plans first)."""
    return (plan.submitted or "", plan.slug)


def earlier_version(plan: Plan, earlier: Sequence[Plan], by_source: dict[str, Plan]) -> Plan | None:
    """The plan that `plan` updates, among the same provider's `earlier` plans (oldest first), or None."""
    if plan.origin.updates and plan.origin.updates in by_source:
        return by_source[plan.origin.updates]
    same_report = [p for p in earlier if plan.published and p.published == plan.published]
    if same_report:
        return same_report[-1]
    if plan.version_note and earlier:
        return earlier[-1]
    return None


def find_versions(plans: Sequence[Plan]) -> Versions:
    """Which plans are versions of which (see the module's docstring).

    >>> from probation_archive.model import Provider
    >>> def plan(slug, submitted, published):
    ...     return Plan(slug + ".txt", "0", Provider("W", "W", "CRC", "w"), submitted, published, (), None, slug=slug)
    >>> found = find_versions([plan("w-1", "2020-01", "2019-12-01"), plan("w-2", "2020-06", "2019-12-01"),
    ...                        plan("w-3", "2022-02", "2021-12-01")])
    >>> found.updates, found.family("w-2"), found.family("w-3")
    ({'w-2': 'w-1'}, ('w-1', 'w-2'), ('w-3',))
    """
    by_source = {p.source: p for p in plans}
    ordered = sorted(plans, key=version_order)
    updates: dict[str, str] = {}
    for n, plan in enumerate(ordered):
        earlier = [p for p in ordered[:n] if p.provider.slug == plan.provider.slug]
        found = earlier_version(plan, earlier, by_source)
        if found is not None and found.slug != plan.slug:
            updates[plan.slug] = found.slug
    return Versions(updates, families_of(updates, [p.slug for p in ordered]))


def families_of(updates: dict[str, str], ordered: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Plans joined by `updates` into families, each in `ordered`'s order; plans on their own left out."""
    root = {slug: slug for slug in ordered}

    def find(slug: str) -> str:
        while root[slug] != slug:
            slug = root[slug]
        return slug

    for later, earlier in updates.items():
        root[find(later)] = find(earlier)
    groups: dict[str, list[str]] = {}
    for slug in ordered:
        groups.setdefault(find(slug), []).append(slug)
    return {slug: tuple(group) for group in groups.values() if len(group) > 1 for slug in group}


def match_recommendation(rec: Recommendation, other: Plan) -> Recommendation | None:
    """The recommendation of another version that is `rec`: the same reference, else the most alike
    text (at least `REWORDED` alike: a recommendation reworded a little), else None."""
    for candidate in other.recommendations:
        if candidate.label == rec.label and similarity(candidate.text, rec.text) >= REWORDED:
            return candidate
    scored = [(similarity(c.text, rec.text), c.number, c) for c in other.recommendations]
    best = max(scored, key=lambda s: (s[0], -s[1]), default=None)
    return best[2] if best and best[0] >= REWORDED else None


def similarity(a: str, b: str) -> float:
    """How alike two texts are, word by word, from 0 to 1."""
    return SequenceMatcher(None, a.lower().split(), b.lower().split(), autojunk=False).ratio()


def completed_targets(plan: Plan) -> int:
    """How many of a plan's actions have a target stated completed."""
    return sum(1 for rec in plan.recommendations for a in rec.actions if a.target and a.target.status == "completed")
