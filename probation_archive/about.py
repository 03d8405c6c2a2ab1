"""The about pages: method (with every extraction warning), glossary, accessibility statement."""

from __future__ import annotations

from .glossary import find_expansions
from .normalise import PROVIDER_TYPES
from .pages import Archive, _page, rel
from .render import STATUS_LABELS, TARGET_LABELS, also_called, esc, provider_label

# What each status means, word for word as the action plans define it in their introduction
# ("The action plan confirms whether recommendations are agreed, partly agreed or not agreed (see
# categorisations below)"); tests/test_pages.py checks every real plan still says exactly this.
STATUS_DEFINITIONS = {
    "agreed": "All of the recommendation is agreed with, can be achieved and is affordable.",
    "partly-agreed": "Only part of the recommendation is agreed with, is achievable, affordable and will be "
    "implemented. This might be because we cannot implement the whole recommendation because of commissioning, "
    "policy, operational or affordability reasons.",
    "not-agreed": "The recommendation is not agreed and will not be implemented. This might be because of "
    "commissioning, policy, operational or affordability reasons.",
}
TARGET_DEFINITIONS = {
    "completed": "The plan said the action was already done when it was submitted.",
    "ongoing": "The plan said the action was continuing, with no end date or an end date still to come.",
    "planned": "The plan gave a date by which the action would be done.",
    "unknown": "The target cell gave no date or status the archive could read; its words are shown as written.",
}


def render_about(archive: Archive) -> str:
    warnings = [(plan, w) for plan in archive.plans for w in plan.warnings]
    items = "".join(
        f'<li><a href="{rel("about/", plan.url)}">{esc(provider_label(plan.provider.name))}, {esc(plan.submitted or "")}</a>: '
        f"{esc(str(w))}</li>"
        for plan, w in warnings
    )
    return _page(
        {"title": "About and method"},
        "# About this archive and how it is made",
        "",
        "## What it is",
        "",
        "After HM Inspectorate of Probation inspects a probation provider, HM Prison and Probation Service (or the "
        "Ministry of Justice) publishes an action plan answering each recommendation: *Agreed*, *Partly Agreed* or "
        "*Not Agreed*, the actions planned, a responsible owner and a target date. This archive reads those "
        "documents and republishes them as web pages and open data. It is not an official publication: when in "
        "doubt, the source document linked from each plan page is the authority.",
        "",
        "## How plans are read",
        "",
        "- Each source document is read into table rows. The action-plan table has six columns (recommendation "
        "number, recommendation, status, response/actions, responsible owner, target date); rows that lost or "
        "split cells in extraction are realigned to those six columns by what their cells contain.",
        "- A recommendation broken over several rows is joined back together; a row that only carries on the "
        "previous action's sentence is joined to it; a list of bullets beside the same number of owners and "
        "dates becomes that many actions, paired in order. Where the counts differ, the bullets stay together "
        "with all their owners and dates, and a warning says so.",
        "- A recommendation with no number is numbered from its place in the table. Section rows such as "
        "*Recommendation for HM Prison and Probation Service* and lead-ins such as *The Ministry of Justice "
        "should:* set who the recommendation is for.",
        "- Target dates are kept as written, and also read as a month (a range gives its end) and a status: "
        "completed, ongoing, planned, or unclear. A cell that is not a recognisable date never becomes one.",
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
        f"## Extraction warnings ({len(warnings)})",
        "",
        f'<ul class="warnings">{items}</ul>' if warnings else "<p>None.</p>",
    )


def render_glossary(archive: Archive) -> str:
    texts: list[str] = [f"{name} ({code})" for name, code in PROVIDER_TYPES[:3]]
    for _, rec in archive.recommendations():
        texts.append(rec.text)
        for action in rec.actions:
            texts += [action.text, action.owner]
    terms = find_expansions(texts)
    for plans in archive.providers().values():  # the plans' own short names for their provider: "DDC CRC"
        provider = plans[-1].provider
        if also_called(provider):
            terms.setdefault(provider.short_name, provider.name)
    rows = "".join(
        f'<tr><th scope="row"><abbr>{esc(abbr)}</abbr></th><td>{esc(terms[abbr])}</td></tr>'
        for abbr in sorted(terms, key=str.lower)
    )
    return _page(
        {"title": "Glossary", "search": {"boost": 0.5}},
        "# Glossary",
        "",
        "## What the statuses mean { #statuses }",
        "",
        "Each plan says, for every recommendation, whether it is agreed. The plans define the three answers "
        "in their introduction, in these words:",
        "",
        '<dl class="definitions">',
        *(
            f'<dt id="status-{status}">{STATUS_LABELS[status]}</dt><dd>“{esc(text)}”</dd>'
            for status, text in STATUS_DEFINITIONS.items()
        ),
        "</dl>",
        "",
        "Statuses are as stated when each plan was submitted; the archive does not record what happened after.",
        "",
        "## Target status { #target-status }",
        "",
        "What the plan said about an action's target date when it was submitted:",
        "",
        '<dl class="definitions">',
        *(
            f'<dt id="target-{status}">{TARGET_LABELS[status]}</dt><dd>{esc(text)}</dd>'
            for status, text in TARGET_DEFINITIONS.items()
        ),
        '<dt id="target-passed">Target date passed</dt><dd>Shown by your browser, from today\'s date, beside '
        "an action whose target month is over and that the plan did not state as completed. It does not mean "
        "the action was not done: the archive only knows what the plan said when it was submitted.</dd>",
        "</dl>",
        "",
        "## Abbreviations { #abbreviations }",
        "",
        "Abbreviations used in the action plans, with the expansions the plans themselves give.",
        "",
        '<table class="glossary"><thead><tr><th scope="col">Abbreviation</th><th scope="col">Meaning</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>",
    )


def render_accessibility() -> str:
    return _page(
        {"title": "Accessibility statement"},
        "# Accessibility statement",
        "",
        "We want everyone to be able to use this archive. It aims to meet the Web Content Accessibility "
        "Guidelines (WCAG) 2.2 at level AA.",
        "",
        "## How we check it",
        "",
        "Every build is tested in a real browser: pages are checked with the axe-core engine against the "
        "WCAG 2.2 A and AA rules, the explorer is used with the keyboard only, and pages are checked at phone "
        "width. A recommendation's status is always shown in words, never by colour alone, and every chart has "
        "the same numbers in a table.",
        "",
        "## Known issues",
        "",
        "- The text of the plans comes from the published documents and keeps their wording, including "
        "abbreviations; the [glossary](glossary.md) expands them.",
        "- The explorer's full-text search needs JavaScript; without it, every recommendation is still listed "
        "on the provider and theme pages.",
        "",
        "## Reporting a problem",
        "",
        "If something on this site is hard to use, or a plan has been read wrongly, please open an issue in this "
        "project's repository, saying which page and what went wrong. We aim to reply within 10 working days.",
    )
