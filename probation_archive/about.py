"""The about pages: method (with every extraction warning), glossary, accessibility statement."""

from __future__ import annotations

from .glossary import find_expansions
from .normalise import PROVIDER_TYPES
from .pages import Archive, _page, rel
from .render import esc


def render_about(archive: Archive) -> str:
    warnings = [(plan, w) for plan in archive.plans for w in plan.warnings]
    items = "".join(
        f'<li><a href="{rel("about/", plan.url)}">{esc(plan.provider.short_name)}, {esc(plan.submitted or "")}</a>: '
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
    rows = "".join(
        f'<tr><th scope="row"><abbr>{esc(abbr)}</abbr></th><td>{esc(terms[abbr])}</td></tr>'
        for abbr in sorted(terms, key=str.lower)
    )
    return _page(
        {"title": "Glossary", "search": {"boost": 0.5}},
        "# Glossary",
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
