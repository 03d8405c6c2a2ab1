"""The Open data page: what can be downloaded, under which licence, and what every field means.

Pure: plans in, Markdown out; the page's words are in `templates/data.md.j2`. The data dictionary
is generated: plans.json's fields from the descriptions in its JSON Schema (`present/plans.schema.json`,
published beside it), the CSV columns from `CSV_COLUMNS`; tests check that every field of the schema
and every CSV column is documented, so a field cannot be added without its description. Anything taken from a source
(provider names) is written as raw HTML built as `Html`, so it is escaped; links are relative to the
page's URL, `data/`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from ..archive import current_provider, plans_by_provider
from ..model import Plan
from ..present.markup import Html, join
from ..present.schema import Field, schema_fields
from ..present.urls import FEED_PATH, SCHEMA_PATH, absolute, download_paths, provider_download_paths, rel
from ..present.words import LICENCE
from .templates import template_page

DATA_PAGE_PATH = "data/index.md"
PAGE_URL = "data/"

# The CSV files' columns, (column, type, description): the CSV files have no schema, so their columns
# are described here only (a test checks they are the columns `publish/open_data.py` writes).
# plans.json's fields are described in its schema (`present/plans.schema.json`).
CSV_COLUMNS: dict[str, tuple[tuple[str, str, str], ...]] = {
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
        provider = current_provider(group)
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
                "contentUrl": absolute(site_url, path),
            }
            for kind, path in download_paths().items()
        ],
    }
    if dates:
        data["temporalCoverage"] = f"{dates[0]}/{dates[-1]}"
    if site_url:
        data["url"] = absolute(site_url, PAGE_URL)
    return json.dumps(data, ensure_ascii=False, indent=None).replace("<", "\\u003c").replace(">", "\\u003e")


def dictionary() -> list[tuple[str, list[Field]]]:
    """Each download's fields, in order: plans.json's from its schema, the CSV files' from `CSV_COLUMNS`.
    The descriptions are ours (Markdown, with `<slug>` in code spans), so they are shown as written."""
    files = [("plans.json", list(schema_fields()))]
    files += [(file, [Field(*column) for column in columns]) for file, columns in CSV_COLUMNS.items()]
    return [(file, [Field(f.path, f.type, Html(f.description)) for f in fields]) for file, fields in files]


def render_data_page(
    plans: Sequence[Plan], version: str, sizes: Mapping[str, int] | None = None, site_url: str = ""
) -> str:
    """The Open data page (`data/index.md`): downloads with their sizes and record counts, version,
    licence, encoding and data dictionary; schema.org `Dataset` metadata in its front matter.
    `sizes` are the downloads' sizes in bytes, by path under `content/`. Its words are in
    `templates/data.md.j2`."""
    sizes = sizes or {}
    meta: dict[str, object] = {
        "title": "Open data",
        "description": "Download the archive's action plans, recommendations and actions as JSON and CSV "
        "(UTF-8), for the whole archive or one provider, under the Open Government Licence.",
        "json_ld": dataset_json_ld(plans, version, site_url),
    }
    return template_page(
        meta,
        "data.md.j2",
        version=version,
        whole_archive=whole_archive_table(plans, sizes),
        by_provider=provider_table(plans, sizes),
        licence=LICENCE,
        dictionary=dictionary(),
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
        lines.append(f"Sitemap: {absolute(site_url, 'sitemap.xml')}")
    return "\n".join(lines) + "\n"
