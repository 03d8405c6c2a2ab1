"""The Open data page: what can be downloaded, under which licence, and what every field means.

Pure: plans in, Markdown out. The data dictionary is generated from `DICTIONARY`, one table of
field descriptions; a test checks that it names every key of `plans.schema.json` and every CSV
column, so a field cannot be added without being documented. Anything taken from a source
(provider names) is written as raw HTML built as `Html`, so it is escaped; links are relative to the
page's URL, `data/`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from ..archive import plans_by_provider
from ..model import Plan
from ..present.markup import Html, join
from ..present.urls import FEED_PATH, SCHEMA_PATH, download_paths, provider_download_paths, rel
from ..present.words import LICENCE
from .layout import dump_front_matter

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
            "`CRC` (Community Rehabilitation Company), `NPS` (National Probation Service), `YJS` (youth "
            "justice service; also known as youth offending team or service, YOT/YOS), `national` (the "
            "national bodies answering a thematic inspection) or `other`.",
        ),
        ("plans[].provider.slug", "string", "The provider's id, used in URLs and in `data/providers/<slug>/`."),
        (
            "plans[].inspection",
            "object",
            "The inspection the plan answers (every plan answers one): the inspection of its provider, or a "
            "thematic or joint inspection.",
        ),
        ("plans[].inspection.kind", "string", "`provider`, `thematic` or `joint`."),
        ("plans[].inspection.title", "string", "The inspection's title as the plan gives it."),
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
        (
            "plans[].counts.not-stated",
            "integer (optional)",
            "Recommendations whose response the plan does not state (present only when there are any).",
        ),
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
        (
            "plans[].recommendations[].id",
            "string",
            "Permanent anchor on the plan page: `rec-<number>`, or from the reference as written (`rec-1-2`, `rec-r3`).",
        ),
        (
            "plans[].recommendations[].number",
            "integer",
            "The recommendation's number in the document (its place in the plan where it has a `ref`).",
        ),
        (
            "plans[].recommendations[].ref",
            "string (optional)",
            "The reference as written when it is not a plain number: `1.2`, `R3`, `S40`.",
        ),
        ("plans[].recommendations[].url", "string", "Permalink relative to the site: `plans/<id>/#<id>`."),
        (
            "plans[].recommendations[].addressee",
            "string",
            "Who must act (the provider, HM Prison and Probation Service, the Ministry of Justice…).",
        ),
        ("plans[].recommendations[].text", "string", "The recommendation. Lines starting `- ` are list items."),
        (
            "plans[].recommendations[].status",
            "string or null",
            "The response: `agreed`, `partly-agreed`, `not-agreed` (Accepted, Partially accepted, Not accepted and "
            "Rejected read as these), or null where the document gives none (shown as Not stated).",
        ),
        (
            "plans[].recommendations[].rationale",
            "string",
            "Why it is not fully agreed, where the document says (empty otherwise).",
        ),
        ("plans[].recommendations[].repeated", "boolean", "True if repeated from the previous inspection."),
        ("plans[].recommendations[].themes", "array of strings", "Theme ids (one to three), most relevant first."),
        ("plans[].recommendations[].actions", "array", "The actions planned, in document order."),
        (
            "plans[].recommendations[].actions[].ref",
            "string (optional)",
            "The action's reference under its recommendation, as written: `1a`.",
        ),
        ("plans[].recommendations[].actions[].text", "string", "What will be done."),
        (
            "plans[].recommendations[].actions[].owner",
            "string or null",
            "Who owns the action (a role or team); null when the plan's table has no owner column.",
        ),
        (
            "plans[].recommendations[].actions[].agency",
            "string (optional)",
            "The agency that leads it, where the table has an agency column.",
        ),
        (
            "plans[].recommendations[].actions[].target",
            "object or null",
            "When it is due; null when the plan's table has no target column.",
        ),
        ("plans[].recommendations[].actions[].target.text", "string", "The target as the document words it."),
        (
            "plans[].recommendations[].actions[].target.date",
            "date or null",
            "The latest month that text names, as `YYYY-MM` (a range gives its end); null if it names none.",
        ),
        (
            "plans[].recommendations[].actions[].target.status",
            "string",
            "`completed`, `partly-completed`, `ongoing`, `planned` or `unknown` (shown on the site as *Unclear*), as "
            "the target text states it when the plan was submitted; `partly-completed`: some parts of the target are "
            "stated as completed and others are not (`Durham – completed Cleveland – May 2020`); `completed` also "
            "where the progress or RAG rating says, in so many words, that the action is complete.",
        ),
        (
            "plans[].recommendations[].actions[].progress",
            "string (optional)",
            "Progress reported against the action, verbatim, where the table has a progress column.",
        ),
        (
            "plans[].recommendations[].actions[].rag",
            "string or null (optional)",
            "The RAG rating as stated: `red`, `amber`, `green` or `complete`, where the table has a RAG column.",
        ),
        (
            "plans[].recommendations[].actions[].target.parts",
            "array",
            "Empty, except for a `partly-completed` target whose parts differ: then each part (`text`, `date`, "
            "`status`) as the document words it.",
        ),
        ("plans[].recommendations[].actions[].target.parts[].text", "string", "The part as the document words it."),
        ("plans[].recommendations[].actions[].target.parts[].date", "date or null", "The latest month it names."),
        ("plans[].recommendations[].actions[].target.parts[].status", "string", "The part's own status."),
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
        (
            "provider_type",
            "text",
            "`CRC`, `NPS`, `YJS` (youth justice service), `national` (the national bodies answering a thematic inspection) or `other`.",
        ),
        ("inspection_kind", "text", "`provider`, `thematic` or `joint`: the kind of inspection the plan answers."),
        ("inspection_title", "text", "That inspection's title."),
        ("submitted", "date", "When the plan was submitted (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`; empty if unknown)."),
        ("published", "date", "When the inspection report was published (same format)."),
        ("recommendation_id", "text", "`rec-<number>` (or `rec-<ref>`), the anchor on the plan page."),
        ("number", "integer", "The recommendation's number in the document."),
        ("ref", "text", "The reference as written when it is not a plain number (`R3`); empty otherwise."),
        ("url", "text", "Permalink: `plans/<plan_id>/#<recommendation_id>`, a full address when the site's is known."),
        ("addressee", "text", "Who must act."),
        (
            "status",
            "text",
            "`agreed`, `partly-agreed`, `not-agreed`, or empty where the document gives none (Not stated).",
        ),
        ("repeated", "boolean", "`true` if repeated from the previous inspection, else `false`."),
        ("themes", "text", "Theme ids separated by `;`."),
        ("text", "text", "The recommendation (lines starting `• ` are list items)."),
        ("rationale", "text", "Why it is not fully agreed, where the document says."),
        ("actions", "integer", "How many actions it has (see actions.csv)."),
        ("archive_version", "text", "The archive's version, the same on every row of every download."),
    ),
    "actions.csv": (
        ("plan_id", "text", "The plan's id."),
        ("provider", "text", "The provider's full name."),
        (
            "provider_type",
            "text",
            "`CRC`, `NPS`, `YJS` (youth justice service), `national` (the national bodies answering a thematic inspection) or `other`.",
        ),
        ("submitted", "date", "When the plan was submitted."),
        ("recommendation_id", "text", "The recommendation the action answers: `rec-<number>`."),
        ("number", "integer", "That recommendation's number."),
        ("url", "text", "That recommendation's permalink (a full address when the site's is known)."),
        ("recommendation_status", "text", "That recommendation's status (`agreed`, `partly-agreed`, `not-agreed`)."),
        ("action_number", "integer", "The action's position under its recommendation, from 1."),
        ("action_ref", "text", "The action's reference as written (`1a`); empty where it has none."),
        ("text", "text", "What will be done."),
        ("owner", "text", "Who owns the action; empty where the table has no owner column."),
        ("agency", "text", "The agency leading it, where the table has an agency column."),
        ("target_text", "text", "The target as the document words it."),
        ("target_date", "date", "The latest date in the target (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`; empty if none)."),
        (
            "target_status",
            "text",
            "`completed`, `partly-completed` (some parts done, others not; `target_text` holds every part), "
            "`ongoing`, `planned` or `unknown` (shown on the site as *Unclear*); empty where there is no target column.",
        ),
        ("progress", "text", "Progress against the action, verbatim, where the table has a progress column."),
        ("rag", "text", "`red`, `amber`, `green` or `complete`, where the table has a RAG column."),
        ("archive_version", "text", "The archive's version, the same on every row of every download."),
    ),
}


def _link(path: str, text: str) -> Html:
    """A link from the Data page (`data/`) to a file published at `path` under the site's root.

    >>> print(_link("data/providers/x/plans.json", "plans.json"), _link("feed.xml", "feed.xml"))
    <a href="providers/x/plans.json">plans.json</a> <a href="../feed.xml">feed.xml</a>
    """
    return Html('<a href="{}">{}</a>').format(rel(PAGE_URL, path), text)


def _count(plans: Sequence[Plan]) -> tuple[int, int]:
    return sum(len(p.recommendations) for p in plans), sum(p.counts()["actions"] for p in plans)


def file_size(size: int) -> str:
    """A file's size as people read it.

    >>> file_size(950), file_size(12_345), file_size(3_400_000)
    ('950 bytes', '12.3 kB', '3.4 MB')
    """
    if size < 1000:
        return f"{size} bytes"
    return f"{size / 1000:.1f} kB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"


def _size(sizes: Mapping[str, int], path: str) -> str:
    return file_size(sizes[path]) if path in sizes else "–"


def whole_archive_table(plans: Sequence[Plan], sizes: Mapping[str, int]) -> Html:
    """The whole archive's files: what each holds, how many records, how big."""
    recs, actions = _count(plans)
    paths = download_paths()
    rows = [
        (paths["json"], "Every plan, with its recommendations and actions, nested.", f"{len(plans)} plans"),
        (paths["recommendations"], "One row per recommendation.", f"{recs} rows"),
        (paths["actions"], "One row per action.", f"{actions} rows"),
        (SCHEMA_PATH, "The JSON Schema (draft 2020-12) that plans.json follows.", "–"),
        (FEED_PATH, "An Atom feed of the plans, newest first: follow it to hear of new ones.", f"{len(plans)} entries"),
    ]
    body = join(
        Html(
            '<tr><td data-label="File">{}</td><td data-label="What it holds">{}</td>'
            '<td class="num" data-label="Records">{}</td><td class="num" data-label="Size">{}</td></tr>'
        ).format(_link(path, path.rsplit("/", 1)[-1]), what, records, _size(sizes, path))
        for path, what, records in rows
    )
    head = join(Html('<th scope="col">{}</th>').format(h) for h in ("File", "What it holds", "Records", "Size"))
    return Html('<table class="downloads cards"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>').format(head, body)


def provider_table(plans: Sequence[Plan], sizes: Mapping[str, int]) -> Html:
    """One row per provider: what its files hold, and links to them with their sizes."""
    rows = []
    for slug, group in plans_by_provider(plans).items():
        recs, _ = _count(group)
        paths = provider_download_paths(slug)
        links = join(
            (
                Html("{} ({})").format(_link(paths[kind], paths[kind].rsplit("/", 1)[1]), _size(sizes, paths[kind]))
                for kind in paths
            ),
            "<br>",
        )
        provider = group[0].provider
        holds = f"{len(group)} plan{'s' if len(group) != 1 else ''}, {recs} recommendations"
        rows.append(
            Html(
                '<tr id="{}"><th scope="row">{} ({})</th>'
                '<td data-label="What its file holds">{}</td><td data-label="Download">{}</td></tr>'
            ).format(slug, provider.name, provider.type, holds, links)
        )
    head = join(Html('<th scope="col">{}</th>').format(h) for h in ("Provider", "What its file holds", "Download"))
    return Html('<table class="cards"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>').format(head, join(rows))


def dataset_json_ld(plans: Sequence[Plan], version: str, site_url: str = "") -> str:
    """schema.org `Dataset` metadata for dataset search engines, as JSON safe inside a `<script>`.

    Every value is computed from the plans; addresses are absolute when the site's address is known."""
    dates = sorted(p.submitted for p in plans if p.submitted)
    formats = {"json": "application/json", "recommendations": "text/csv", "actions": "text/csv"}
    titles = {
        "json": "The whole archive (JSON)",
        "recommendations": "One row per recommendation (CSV)",
        "actions": "One row per action (CSV)",
    }
    data: dict[str, object] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": "Probation Action Plan Archive: action plans answering HM Inspectorate of Probation",
        "description": (
            "Every recommendation of HM Inspectorate of Probation's inspections in the archive, whether the "
            "government agreed to it, and the actions, owners and target dates of the action plan that answers it: "
            f"{len(plans)} plans, {_count(plans)[0]} recommendations and {_count(plans)[1]} actions, read from the "
            "published action plans."
        ),
        "license": LICENCE["url"],
        "isAccessibleForFree": True,
        "version": version,
        "keywords": ["probation", "HM Inspectorate of Probation", "action plans", "recommendations"],
        "creator": {"@type": "Organization", "name": "HM Prison and Probation Service"},
        "distribution": [
            {
                "@type": "DataDownload",
                "name": titles[kind],
                "encodingFormat": formats[kind],
                "contentUrl": site_url + path,
            }
            for kind, path in download_paths().items()
        ],
    }
    if dates:
        data["temporalCoverage"] = f"{dates[0]}/{dates[-1]}"
    if site_url:
        data["url"] = site_url + PAGE_URL
    return json.dumps(data, ensure_ascii=False, indent=None).replace("<", "\\u003c").replace(">", "\\u003e")


def dictionary_table(file: str) -> str:
    """One download's fields as a Markdown table (descriptions are ours, not a source's)."""
    lines = ["| Field | Type | Meaning |", "| --- | --- | --- |"]
    lines += [f"| `{name}` | {kind} | {meaning} |" for name, kind, meaning in DICTIONARY[file]]
    return "\n".join(lines)


def render_data_page(
    plans: Sequence[Plan], version: str, sizes: Mapping[str, int] | None = None, site_url: str = ""
) -> str:
    """The Open data page (`data/index.md`): downloads with their sizes and record counts, version,
    licence, encoding and data dictionary; schema.org `Dataset` metadata in its front matter.
    `sizes` are the downloads' sizes in bytes, by path under `content/`."""
    sizes = sizes or {}
    meta: dict[str, object] = {
        "title": "Open data",
        "description": "Download the archive's action plans, recommendations and actions as JSON and CSV "
        "(UTF-8), for the whole archive or one provider, under the Open Government Licence.",
        "json_ld": dataset_json_ld(plans, version, site_url),
    }
    return "\n".join(
        [
            dump_front_matter(meta),
            "# Open data",
            "",
            "Everything in this archive can be downloaded, for the whole archive or for one provider, "
            "to use in a spreadsheet, a database or a program.",
            "",
            Html("**Archive version:** <code>{}</code>").format(version),
            "",
            "## The whole archive",
            "",
            whole_archive_table(plans, sizes),
            "",
            "## By provider",
            "",
            "Each provider's recommendations as a CSV file, with the columns of `recommendations.csv`. For a "
            "provider's actions, or its plans as JSON, filter the whole archive's `actions.csv` or `plans.json` by "
            "`provider` (or `plan_id`), or open the [explorer](../explorer.md), choose the provider and download "
            "the results. (The archive's files are not repeated in full for every provider: at two thousand plans "
            "that would double the size of the site.)",
            "",
            provider_table(plans, sizes),
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
            Html(
                'The data is published under the <a href="{}">{}</a>, as are the government documents it is taken '
                "from. You may copy, publish, adapt and use it, also commercially, if you acknowledge the source: "
                "*Contains public sector information licensed under the Open Government Licence v3.0.*"
            ).format(LICENCE["url"], LICENCE["name"]),
            "",
            "Each plan's page links its original document, with the document's SHA-256 so that a copy can be checked.",
            "",
            "## Data dictionary",
            "",
            "Dates are ISO 8601, as precise as the document states them: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. "
            "Links (`url`) in plans.json are relative to the site's address; in the CSV files they are full "
            "addresses when the site's address is known.",
            "",
            "## Encoding (opening the CSV files in Excel)",
            "",
            "The CSV files are UTF-8 and start with a byte-order mark, so that Excel opens them with dashes (–), "
            "pound signs (£) and accents intact; other programs read them as ordinary UTF-8. Each has a header "
            "row; an empty cell means no value. A cell holds the same text as plans.json, except that list items "
            "start with `•` instead of `- `. A cell that a spreadsheet would run as a formula (one starting with "
            "`=`, `@`, or `+`/`-` followed by anything but a number) starts with `'` instead, so that it is shown "
            "as text.",
            "",
            *[block for file in DICTIONARY for block in (f"### {file}", "", dictionary_table(file), "")],
        ]
    )


def robots_txt(site_url: str = "") -> str:
    """`robots.txt`: every page may be indexed; the sitemap's address when the site's is known
    (crawlers read it only at a host's root, so it matters when the site is published there).

    >>> print(robots_txt("https://example.org/"), end="")
    User-agent: *
    Allow: /
    Sitemap: https://example.org/sitemap.xml
    """
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url}sitemap.xml")
    return "\n".join(lines) + "\n"
