"""The Open data page: what can be downloaded, under which licence, and what every field means.

Pure: plans in, Markdown out. The data dictionary is generated from `DICTIONARY`, one table of
field descriptions; a test checks that it names every key of `plans.schema.json` and every CSV
column, so a field cannot be added without being documented. Anything taken from a source
(provider names) is escaped and written as raw HTML; links are relative to the page's URL, `data/`.
"""

from __future__ import annotations

from collections.abc import Sequence

from .export import LICENCE, SCHEMA_PATH, download_paths, plans_by_provider, provider_folder
from .feed import FEED_PATH
from .model import Plan
from .render import dump_front_matter, esc

DATA_PAGE_PATH = "data/index.md"
PAGE_URL = "data/"

# (field, type, description) for each download. Nested plans.json keys are written as paths:
# `plans[].provider.name` is the `name` of the `provider` of each item of `plans`.
DICTIONARY: dict[str, tuple[tuple[str, str, str], ...]] = {
    "plans.json": (
        (
            "archive_version",
            "string",
            "The archive's version: `sha256:` and 16 hex digits, a hash of everything "
            "published and of the parser's version. Same version, same data.",
        ),
        ("licence", "object", "The licence of the data."),
        ("licence.id", "string", "`OGL-UK-3.0` (its SPDX identifier)."),
        ("licence.name", "string", "`Open Government Licence v3.0`."),
        ("licence.url", "string", "The licence's text on the National Archives' site."),
        ("plans", "array", "Every plan, in `id` order."),
        (
            "plans[].id",
            "string",
            "The plan's permanent id: provider and month submitted, e.g. "
            "`durham-tees-valley-crc-2020-05`. Never changes once published.",
        ),
        ("plans[].source", "string", "File name of the original document, published under `sources/`."),
        ("plans[].source_sha256", "string", "SHA-256 of the original document (64 hex digits), to check a copy."),
        ("plans[].title", "string", "The plan's title as the site shows it."),
        ("plans[].provider", "object", "The probation provider the plan answers for."),
        ("plans[].provider.name", "string", "Full name, e.g. `Durham Tees Valley Community Rehabilitation Company`."),
        ("plans[].provider.short_name", "string", "The short name the document itself uses."),
        (
            "plans[].provider.type",
            "string",
            "`CRC` (Community Rehabilitation Company), `NPS` (National Probation "
            "Service), `YOS` (youth offending service) or `other`.",
        ),
        ("plans[].provider.slug", "string", "The provider's id, used in URLs and in `data/providers/<slug>/`."),
        (
            "plans[].submitted",
            "date or null",
            "When the action plan was submitted: `YYYY-MM-DD`, `YYYY-MM` or "
            "`YYYY`, as precise as the document; null if it does not say.",
        ),
        ("plans[].published", "date or null", "When the inspection report was published (same format)."),
        ("plans[].url", "string", "The plan's page, relative to the site's address: `plans/<id>/`."),
        ("plans[].counts", "object", "Counts computed from the parsed recommendations."),
        ("plans[].counts.agreed", "integer", "Recommendations agreed."),
        ("plans[].counts.partly-agreed", "integer", "Recommendations partly agreed."),
        ("plans[].counts.not-agreed", "integer", "Recommendations not agreed."),
        ("plans[].counts.total", "integer", "All recommendations."),
        ("plans[].counts.actions", "integer", "All actions."),
        (
            "plans[].declared_summary",
            "object or null",
            "The document's own summary table, where it has one "
            "(null otherwise); a build warning says where it disagrees with `counts`.",
        ),
        ("plans[].declared_summary.agreed", "integer", "Agreed, as the summary table states it."),
        ("plans[].declared_summary.partly-agreed", "integer", "Partly agreed, as the summary table states it."),
        ("plans[].declared_summary.not-agreed", "integer", "Not agreed, as the summary table states it."),
        ("plans[].declared_summary.total", "integer", "Total, as the summary table states it."),
        ("plans[].warnings", "array of strings", "What the parser was unsure of in this document."),
        ("plans[].recommendations", "array", "The recommendations, in document order."),
        ("plans[].recommendations[].id", "string", "Permanent anchor on the plan page: `rec-<number>`."),
        ("plans[].recommendations[].number", "integer", "The recommendation's number in the document."),
        ("plans[].recommendations[].url", "string", "Permalink relative to the site: `plans/<id>/#rec-<number>`."),
        (
            "plans[].recommendations[].addressee",
            "string",
            "Who must act (the provider, HM Prison and Probation Service, the Ministry of Justice…).",
        ),
        ("plans[].recommendations[].text", "string", "The recommendation. Lines starting `- ` are list items."),
        (
            "plans[].recommendations[].status",
            "string or null",
            "The response: `agreed`, `partly-agreed`, `not-agreed`, or null where the document gives none.",
        ),
        (
            "plans[].recommendations[].rationale",
            "string",
            "Why it is not fully agreed, where the document says (empty otherwise).",
        ),
        ("plans[].recommendations[].repeated", "boolean", "True if repeated from the previous inspection."),
        ("plans[].recommendations[].themes", "array of strings", "Theme ids (one to three), most relevant first."),
        ("plans[].recommendations[].actions", "array", "The actions planned, in document order."),
        ("plans[].recommendations[].actions[].text", "string", "What will be done."),
        ("plans[].recommendations[].actions[].owner", "string", "Who owns the action (a role or team)."),
        ("plans[].recommendations[].actions[].target", "object", "When it is due."),
        ("plans[].recommendations[].actions[].target.text", "string", "The target as the document words it."),
        (
            "plans[].recommendations[].actions[].target.date",
            "date or null",
            "The latest month that text names, as `YYYY-MM` (a range gives its end); null if it names none.",
        ),
        (
            "plans[].recommendations[].actions[].target.status",
            "string",
            "`completed`, `ongoing`, `planned` or `unknown` (shown on the site as *Unclear*), as the target text "
            "states it when the plan was submitted.",
        ),
        (
            "plans[].recommendations[].pages",
            "array of integers",
            "For a PDF source, the pages the recommendation came from (`source.pdf#page=N`); empty for text.",
        ),
    ),
    "recommendations.csv": (
        ("plan_id", "text", "The plan's id (`plans[].id` in plans.json)."),
        ("provider", "text", "The provider's full name."),
        ("provider_short_name", "text", "The short name the document uses."),
        ("provider_type", "text", "`CRC`, `NPS`, `YOS` or `other`."),
        ("submitted", "date", "When the plan was submitted (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`; empty if unknown)."),
        ("published", "date", "When the inspection report was published (same format)."),
        ("recommendation_id", "text", "`rec-<number>`, the anchor on the plan page."),
        ("number", "integer", "The recommendation's number in the document."),
        ("url", "text", "Permalink relative to the site: `plans/<plan_id>/#rec-<number>`."),
        ("addressee", "text", "Who must act."),
        ("status", "text", "`agreed`, `partly-agreed`, `not-agreed`, or empty where the document gives none."),
        ("repeated", "boolean", "`true` if repeated from the previous inspection, else `false`."),
        ("themes", "text", "Theme ids separated by `;`."),
        ("text", "text", "The recommendation (lines starting `- ` are list items)."),
        ("rationale", "text", "Why it is not fully agreed, where the document says."),
        ("actions", "integer", "How many actions it has (see actions.csv)."),
        ("archive_version", "text", "The archive's version, the same on every row of every download."),
    ),
    "actions.csv": (
        ("plan_id", "text", "The plan's id."),
        ("provider", "text", "The provider's full name."),
        ("provider_type", "text", "`CRC`, `NPS`, `YOS` or `other`."),
        ("submitted", "date", "When the plan was submitted."),
        ("recommendation_id", "text", "The recommendation the action answers: `rec-<number>`."),
        ("number", "integer", "That recommendation's number."),
        ("url", "text", "That recommendation's permalink, relative to the site."),
        ("recommendation_status", "text", "That recommendation's status (`agreed`, `partly-agreed`, `not-agreed`)."),
        ("action_number", "integer", "The action's position under its recommendation, from 1."),
        ("text", "text", "What will be done."),
        ("owner", "text", "Who owns the action."),
        ("target_text", "text", "The target as the document words it."),
        ("target_date", "date", "The latest date in the target (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`; empty if none)."),
        ("target_status", "text", "`completed`, `ongoing`, `planned` or `unknown` (shown on the site as *Unclear*)."),
        ("archive_version", "text", "The archive's version, the same on every row of every download."),
    ),
}


def _href(path: str) -> str:
    """A link from the Data page (`data/`) to a file published at `path` under the site's root.

    >>> _href("data/providers/x/plans.json"), _href("feed.xml")
    ('providers/x/plans.json', '../feed.xml')
    """
    return path.removeprefix(PAGE_URL) if path.startswith(PAGE_URL) else "../" + path


def _link(path: str, text: str) -> str:
    return f'<a href="{esc(_href(path))}">{esc(text)}</a>'


def _count(plans: Sequence[Plan]) -> tuple[int, int]:
    return sum(len(p.recommendations) for p in plans), sum(p.counts()["actions"] for p in plans)


def whole_archive_table(plans: Sequence[Plan]) -> str:
    recs, actions = _count(plans)
    paths = download_paths()
    rows = [
        (
            _link(paths["json"], "plans.json"),
            f"Every plan ({len(plans)}), with its recommendations and actions, nested.",
        ),
        (_link(paths["recommendations"], "recommendations.csv"), f"One row per recommendation ({recs} rows)."),
        (_link(paths["actions"], "actions.csv"), f"One row per action ({actions} rows)."),
        (_link(SCHEMA_PATH, "plans.schema.json"), "The JSON Schema (draft 2020-12) that plans.json follows."),
        (_link(FEED_PATH, "feed.xml"), "An Atom feed of the plans, newest first: follow it to hear of new ones."),
    ]
    body = "".join(f"<tr><td>{link}</td><td>{what}</td></tr>" for link, what in rows)
    head = '<th scope="col">File</th><th scope="col">What it holds</th>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def provider_table(plans: Sequence[Plan]) -> str:
    """One row per provider: what its files hold, and links to them."""
    rows = []
    for slug, group in plans_by_provider(plans).items():
        recs, actions = _count(group)
        paths = download_paths(provider_folder(slug))
        links = "<br>".join(_link(paths[kind], paths[kind].rsplit("/", 1)[1]) for kind in paths)
        provider = group[0].provider
        holds = f"{len(group)} plan{'s' if len(group) != 1 else ''}, {recs} recommendations, {actions} actions"
        rows.append(
            f'<tr><th scope="row">{esc(provider.name)} ({esc(provider.type)})</th><td>{holds}</td><td>{links}</td></tr>'
        )
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Provider", "What its files hold", "Downloads"))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def dictionary_table(file: str) -> str:
    """One download's fields as a Markdown table (descriptions are ours, not a source's)."""
    lines = ["| Field | Type | Meaning |", "| --- | --- | --- |"]
    lines += [f"| `{name}` | {kind} | {meaning} |" for name, kind, meaning in DICTIONARY[file]]
    return "\n".join(lines)


def render_data_page(plans: Sequence[Plan], version: str) -> str:
    """The Open data page (`data/index.md`): downloads, version, licence and data dictionary."""
    return "\n".join(
        [
            dump_front_matter({"title": "Open data"}),
            "# Open data",
            "",
            "Everything in this archive can be downloaded, for the whole archive or for one provider, "
            "to use in a spreadsheet, a database or a program.",
            "",
            f"**Archive version:** <code>{esc(version)}</code>",
            "",
            "## The whole archive",
            "",
            whole_archive_table(plans),
            "",
            "## By provider",
            "",
            "The same three files, holding only that provider's plans.",
            "",
            provider_table(plans),
            "",
            "## Version",
            "",
            "Every download states the version of the archive it came from: the `archive_version` key at the top "
            "of each `plans.json`, the last column (`archive_version`) of every CSV row, and the `version` of the "
            "feed's `generator`. It is a hash of the archive's content, not a date: two files with the same version "
            "hold the same data, and rebuilding the site from the same documents gives the same version.",
            "",
            "## Licence",
            "",
            f'The data is published under the <a href="{esc(LICENCE["url"])}">{esc(LICENCE["name"])}</a>, as are '
            "the government documents it is taken from. You may copy, publish, adapt and use it, also commercially, "
            "if you acknowledge the source: *Contains public sector information licensed under the Open Government "
            "Licence v3.0.*",
            "",
            "Each plan's page links its original document, with the document's SHA-256 so that a copy can be checked.",
            "",
            "## Data dictionary",
            "",
            "Dates are ISO 8601, as precise as the document states them: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. "
            "Links (`url`) are relative to the site's address. The CSV files are UTF-8 with a header row; an empty "
            "cell means no value, and a cell that would start with `=`, `+`, `-` or `@` starts with `'` instead, "
            "so that a spreadsheet shows it as text and does not run it as a formula.",
            "",
            *[block for file in DICTIONARY for block in (f"### {file}", "", dictionary_table(file), "")],
        ]
    )
