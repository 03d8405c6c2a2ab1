"""The about pages: method (with every extraction warning) and the accessibility statement.

Their words are in `templates/about.md.j2` and `templates/accessibility.md.j2`; this module gives
them the warnings and dates to show."""

from __future__ import annotations

from dataclasses import dataclass

from ..archive import Archive
from ..model import ParseWarning
from ..present.markup import Html
from ..present.urls import rel
from ..present.words import human_date, provider_label
from .recurring import recurrence_method
from .templates import template_page


@dataclass(frozen=True)
class ListedWarning:
    """One extraction warning as the about page lists it: the plan's link and name, the warning."""

    href: str
    provider: str
    submitted: str
    warning: ParseWarning


def render_about(archive: Archive) -> str:
    warnings = [
        ListedWarning(rel("about/", plan.url), provider_label(plan.provider.name), str(plan.submitted or ""), w)
        for plan in archive.plans
        for w in plan.warnings
    ]
    return template_page(
        {"title": "About and method"},
        "about.md.j2",
        warnings=warnings,
        count=len(warnings),
        recurrence=Html("\n".join(recurrence_method())),  # our own words and figures, no source text
    )


# When the accessibility statement was prepared and last reviewed (edit these when it is reviewed again);
# the site itself is tested on every build.
STATEMENT_PREPARED = "2026-11-25"
STATEMENT_REVIEWED = "2026-11-25"


def render_accessibility() -> str:
    """The accessibility statement, in the form of GOV.UK's model statement for public sector websites."""
    meta: dict[str, object] = {
        "title": "Accessibility statement",
        "description": "How accessible the Probation Action Plan Archive is, what is not yet accessible and "
        "why, how to report a problem, and the enforcement procedure.",
        "lastmod": STATEMENT_REVIEWED,
    }
    return template_page(
        meta,
        "accessibility.md.j2",
        prepared=human_date(STATEMENT_PREPARED),
        reviewed=human_date(STATEMENT_REVIEWED),
    )
