"""The about pages: method (with every extraction warning) and the accessibility statement.

Their words are in `templates/about.md.j2` and `templates/accessibility.md.j2`; this module gives
them the warnings and dates to show."""

from __future__ import annotations

from ..archive import Archive
from ..present.markup import Html, join
from ..present.urls import rel
from ..present.words import human_date, provider_label
from .recurring import recurrence_method
from .templates import template_page


def warnings_by_plan(archive: Archive) -> Html:
    """How many extraction warnings each plan has, a link to its page (which lists them) for each,
    grouped by provider: one line per provider, so the page stays small at thousands of plans.

    >>> from probation_archive.themes import load_themes
    >>> print(warnings_by_plan(Archive((), load_themes())))
    <p>None.</p>
    """
    lines = []
    for slug, plans in archive.providers().items():
        warned = [plan for plan in plans if plan.warnings]
        if warned:
            links = join(
                (
                    Html('<a href="{}">{}</a> ({})').format(
                        rel("about/", plan.url), plan.submitted or "undated", len(plan.warnings)
                    )
                    for plan in warned
                ),
                ", ",
            )
            lines.append(Html("<li>{}: {}</li>").format(provider_label(archive.provider(slug).name), links))
    return Html('<ul class="warnings">{}</ul>').format(join(lines)) if lines else Html("<p>None.</p>")


def render_about(archive: Archive) -> str:
    return template_page(
        {"title": "About and method"},
        "about.md.j2",
        warnings=warnings_by_plan(archive),
        count=sum(len(plan.warnings) for plan in archive.plans),
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
