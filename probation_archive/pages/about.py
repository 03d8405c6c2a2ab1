"""The about pages: method (with every extraction warning), glossary, accessibility statement."""

from __future__ import annotations

from ..archive import Archive
from ..present.markup import Html, join
from ..present.urls import rel
from ..present.words import human_date, provider_label
from .layout import markdown_page


def warnings_by_plan(archive: Archive) -> Html:
    """How many extraction warnings each plan has, a link to its page (which lists them) for each,
    grouped by provider: one line per provider, so the page stays small at thousands of plans.

    >>> from probation_archive.themes import load_themes
    >>> print(warnings_by_plan(Archive((), load_themes())))
    <p>None.</p>
    """
    lines = []
    for plans in archive.providers().values():
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
            lines.append(Html("<li>{}: {}</li>").format(provider_label(warned[0].provider.name), links))
    return Html('<ul class="warnings">{}</ul>').format(join(lines)) if lines else Html("<p>None.</p>")


def render_about(archive: Archive) -> str:
    warning_count = sum(len(plan.warnings) for plan in archive.plans)
    return markdown_page(
        {"title": "About and method"},
        "# About this archive and how it is made",
        "",
        "## What it is",
        "",
        "After HM Inspectorate of Probation inspects a probation provider, HM Prison and Probation Service (or the "
        "Ministry of Justice) publishes an action plan answering each recommendation: *Agreed*, *Partly Agreed* or "
        "*Not Agreed*, the actions planned, a responsible owner and a target date. A youth justice service's plan "
        "comes from its local authority in its own table, and a thematic inspection's from the national bodies "
        "it addresses. This archive reads those "
        "documents and republishes them as web pages and open data. It is not an official publication: when in "
        "doubt, the source document linked from each plan page is the authority.",
        "",
        "## How plans are read",
        "",
        "- Each source document is read into table rows. The action-plan table's columns are recognised by what "
        "their headings mean, in any order: reference, recommendation, status (agreed or accepted), action or "
        "response, owner (lead officer, by whom), agency, target date (by when, timescale), progress and RAG "
        "rating. A column the table does not have is left empty in the data, never guessed; a table with neither "
        "a recommendation nor an action column is not published. Rows of HM Prison and Probation Service's "
        "six-column table that lost or split cells in extraction are realigned by what their cells contain.",
        "- Youth justice plans often state no response (no agreed column): their recommendations are shown as "
        "*Not stated*. References such as `1a` and `1b` are actions of recommendation 1; `1.2`, `R3` or `S40` "
        "are kept as written and give the recommendation's link (`#rec-r3`). An action counts as completed from "
        "its progress note only when the note says so in so many words.",
        "- A recommendation broken over several rows is joined back together; a row that only carries on the "
        "previous action's sentence is joined to it; a list of bullets beside the same number of owners and "
        "dates becomes that many actions, paired in order. Where the counts differ, the bullets stay together "
        "with all their owners and dates, and a warning says so.",
        "- A recommendation with no number is numbered from its place in the table. Section rows such as "
        "*Recommendation for HM Prison and Probation Service* and lead-ins such as *The Ministry of Justice "
        "should:* set who the recommendation is for.",
        "- Target dates are kept as written, and also read as a month (a range gives its end) and a status: "
        "completed, partly completed, ongoing, planned, or unclear. A target whose parts differ (*Durham – completed "
        "Cleveland – May 2020*) is partly completed, and each part is shown with its own status. A cell that is not "
        "a recognisable date never becomes one.",
        "- Themes come from the recommendation's own words, using rules anyone can read in "
        "`probation_archive/themes.yml`.",
        "",
        "## What is checked",
        "",
        "- The numbers of agreed, partly agreed and not agreed recommendations are counted from the parsed "
        "recommendations and compared with the document's own summary table where it has one.",
        "- Nothing is dropped silently: every word of each action-plan table must reach the archive or a "
        "warning, and the build reports that coverage for every plan.",
        "- Text from the documents is always shown as text, never run as code.",
        "",
        "## Known limits",
        "",
        "- Source documents are the PDFs as published (read with pdfplumber; a scan with no text layer is "
        "refused, not OCR'd) or text extractions of them, which carry their own faults (split words, broken "
        "rows, OCR errors). Where the parser had to guess, the plan page lists a warning.",
        "- Themes are assigned by keyword rules, not by a person; they help browsing but are not a verdict.",
        "",
        f"## Extraction warnings ({warning_count})",
        "",
        "Each plan's page lists its own. Here, by provider, each plan's date links to its page, followed by how many it has.",
        "",
        warnings_by_plan(archive),
    )


# When the accessibility statement was prepared and last reviewed (edit these when it is reviewed again);
# the site itself is tested on every build.
STATEMENT_PREPARED = "2026-11-25"
STATEMENT_REVIEWED = "2026-11-25"


def render_accessibility() -> str:
    """The accessibility statement, in the form of GOV.UK's model statement for public sector websites."""
    return markdown_page(
        {
            "title": "Accessibility statement",
            "description": "How accessible the Probation Action Plan Archive is, what is not yet accessible and "
            "why, how to report a problem, and the enforcement procedure.",
            "lastmod": STATEMENT_REVIEWED,
        },
        "# Accessibility statement for the Probation Action Plan Archive",
        "",
        "This accessibility statement applies to this website, the Probation Action Plan Archive, which republishes "
        "the action plans that answer HM Inspectorate of Probation's inspections.",
        "",
        "We want as many people as possible to be able to use this website. For example, that means you should be "
        "able to:",
        "",
        "- zoom in up to 400% without the text spilling off the screen",
        "- navigate the whole website using just a keyboard",
        "- navigate most of the website using speech recognition software",
        "- listen to the website using a screen reader",
        "- read every chart as a table of the same numbers",
        "- tell a recommendation's status by its words and symbol, not by colour alone",
        "",
        "We have also made the text as simple as we can, but the plans keep the wording of the government documents "
        "they are taken from. [AbilityNet](https://mcmw.abilitynet.org.uk/) has advice on making your device easier "
        "to use if you have a disability.",
        "",
        "## How accessible this website is",
        "",
        "We know some parts of this website are not fully accessible:",
        "",
        "- the original documents (under *Source copy* on each plan page) are the government's own files: a PDF may "
        "not be structured for a screen reader. The same text is on the plan page, as HTML.",
        "- the plans use many abbreviations; the [glossary](glossary.md) expands those the plans themselves define.",
        "- the explorer's filters and full-text search need JavaScript; without it, the explorer lists the newest "
        "recommendations, and every plan, with all its recommendations, is linked from its provider's page.",
        "",
        "## Feedback and contact information",
        "",
        "If you need information on this website in a different format, or something is hard to use, use the "
        "*Report a problem with this page* link at the foot of every page. It opens a new issue in the project's "
        "public repository with the page's address filled in; say what you need and what went wrong. We aim to "
        "reply within 10 working days.",
        "",
        "## Reporting accessibility problems with this website",
        "",
        "We are always looking to improve the accessibility of this website. If you find any problems not listed "
        "on this page or think we are not meeting accessibility requirements, report them with the *Report a "
        "problem with this page* link on the page concerned.",
        "",
        "## Enforcement procedure",
        "",
        "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies "
        "(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the 'accessibility "
        "regulations'). If you are not happy with how we respond to your complaint, contact the "
        "[Equality Advisory and Support Service (EASS)](https://www.equalityadvisoryservice.com/).",
        "",
        "## Technical information about this website's accessibility",
        "",
        "We are committed to making this website accessible, in accordance with the Public Sector Bodies (Websites "
        "and Mobile Applications) (No. 2) Accessibility Regulations 2018.",
        "",
        "### Compliance status",
        "",
        "This website is partially compliant with the [Web Content Accessibility Guidelines version 2.2]"
        "(https://www.w3.org/TR/WCAG22/) AA standard, due to the non-compliances listed below.",
        "",
        "### Non-accessible content",
        "",
        "The content listed below is non-accessible for the following reasons.",
        "",
        "#### Non-compliance with the accessibility regulations",
        "",
        "- Some original PDF documents may lack the tags and reading order a screen reader needs (WCAG 1.3.1 Info "
        "and relationships). They are published unchanged, as the record of what the government published; every "
        "plan's text is also on its HTML page.",
        "",
        "#### Content that's not within the scope of the accessibility regulations",
        "",
        "PDFs and other documents published before 23 September 2018 are not required to be accessible if they are "
        "not needed for services we provide.",
        "",
        "## What we're doing to improve accessibility",
        "",
        "Every build of this website is tested in a real browser: each kind of page is checked with the axe-core "
        "engine against the WCAG 2.2 A and AA rules, the explorer is used with the keyboard only, and pages are "
        "checked at phone width. A build that fails these checks is not published.",
        "",
        "## Preparation of this accessibility statement",
        "",
        f"This statement was prepared on {human_date(STATEMENT_PREPARED)}. It was last reviewed on "
        f"{human_date(STATEMENT_REVIEWED)}.",
        "",
        "This website is tested on every change, automatically (axe-core, keyboard and phone-width tests in "
        "Chromium), by the team that builds it.",
    )
