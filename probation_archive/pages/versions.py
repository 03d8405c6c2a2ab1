"""A plan's versions on its page: which version it is, the others linked with what they report, and under
each recommendation its target statuses version by version (a small timeline). Pure: data in, HTML out."""

from __future__ import annotations

from collections import Counter

from ..archive import Archive
from ..model import Plan, Recommendation
from ..present.markup import Html, join
from ..present.urls import permalink, rel
from ..present.words import TARGET_LABELS, human_date
from ..versions import completed_targets, match_recommendation, similarity


def more_completed(this: Plan, other: Plan, later: bool) -> str:
    """`reports 9 more targets completed` (or fewer, or the same number), `other` against `this`."""
    diff = completed_targets(other) - completed_targets(this)
    verb = "reports" if later else "reported"
    if diff == 0:
        return f"{verb} the same number of targets completed"
    targets = "target" if abs(diff) == 1 else "targets"
    return f"{verb} {abs(diff)} {'more' if diff > 0 else 'fewer'} {targets} completed"


def version_block(archive: Archive | None, plan: Plan) -> list[str]:
    """ "Version 2 of 3 of this plan", with every other version linked and what it reports; nothing when
    the plan has one version."""
    family = archive.versions.family(plan.slug) if archive else (plan.slug,)
    if archive is None or len(family) == 1:
        return []
    number = family.index(plan.slug) + 1
    items = []
    for n, slug in enumerate(family, 1):
        other = archive.plan(slug)
        when = human_date(other.submitted_month)
        if slug == plan.slug:
            items.append(Html("<li>Version {}, {}: this page</li>").format(n, when))
            continue
        later = n > number
        items.append(
            Html('<li><a href="{}">{} version, {}</a>, {}</li>').format(
                rel(plan.url, other.url), "A later" if later else "An earlier", when, more_completed(plan, other, later)
            )
        )
    note = Html(" ({})").format(plan.version_note) if plan.version_note else ""
    latest = "" if number == len(family) else Html(" Counts across the archive use the latest version.")
    return [
        Html(
            '<div class="plan-versions" data-search-exclude><p><strong>Version {} of {}</strong> of this plan{}.{}</p>'
            "<ul>{}</ul></div>"
        ).format(number, len(family), note, latest, join(items)),
        "",
    ]


def target_summary(rec: Recommendation) -> str:
    """A recommendation's targets by status in words: `1 completed, 1 planned` (`no target dates` when none)."""
    counts = Counter(a.target.status for a in rec.actions if a.target)
    if not counts:
        return "no target dates"
    return ", ".join(f"{n} {TARGET_LABELS[status].lower()}" for status, n in counts.most_common())


def version_timeline(archive: Archive | None, plan: Plan, rec: Recommendation) -> list[str]:
    """Under a recommendation of a plan with versions: its targets' statuses in each version, oldest
    first, each linked to the recommendation on that version's page (matched by reference, or by its
    text when reworded)."""
    family = archive.versions.family(plan.slug) if archive else (plan.slug,)
    if archive is None or len(family) == 1:
        return []
    items = []
    for slug in family:
        other = archive.plan(slug)
        found = rec if slug == plan.slug else match_recommendation(rec, other)
        when = human_date(other.submitted_month)
        if found is None:
            items.append(Html('<li><span class="when">{}</span>: not in this version</li>').format(when))
            continue
        reworded = Html(" (reworded)") if similarity(found.text, rec.text) < 1 else ""
        here = Html(' aria-current="true"') if slug == plan.slug else ""
        items.append(
            Html('<li{}><a href="{}"><span class="when">{}</span></a>{}: {}</li>').format(
                here, rel(plan.url, permalink(other, found)), when, reworded, target_summary(found)
            )
        )
    return [
        Html(
            '<div class="version-timeline" data-search-exclude><p>Targets version by version:</p><ol>{}</ol></div>'
        ).format(join(items)),
        "",
    ]
