"""Plan -> Markdown pages with YAML front matter. Pure: data in, text out.

Everything that comes from a source document is placed in raw HTML blocks built as `Html`
(`present/markup.py`: every value is escaped unless it is markup of ours) or in escaped Markdown
(`escape_md`), so nothing a source contains can become live markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from ..archive import Archive
from ..model import Action, Inspection, PartialDate, Plan, Recommendation, Status, Target, TargetStatus
from ..present.markup import Html, escape, join
from ..present.urls import absolute, rel, source_copy_path
from ..present.words import (
    INSPECTION_LABELS,
    RAG_LABELS,
    TARGET_LABELS,
    also_called,
    as_submitted,
    escape_md,
    human_date,
    page_title,
    plan_title,
    provider_label,
    reader_warning,
    short_text,
    status_summary,
    text_to_html,
)
from ..recurrence import Recurrence
from .cite import cite_block, cite_template, plan_description, plan_meta_tags
from .layout import HOME, LINK_ICON, PROVIDERS, breadcrumbs, dump_front_matter, linked_badge
from .recurring import made_before_block
from .versions import version_block, version_timeline


def front_matter(plan: Plan, site_url: str = "") -> dict[str, object]:
    """The page's metadata, as MkDocs and the site templates read it: `description` (printed by Material
    unescaped, so escaped here) and `head_meta`, the citation and Open Graph tags (escaped by main.html).
    Only what something reads (`lastmod`: sitemap.xml; `tab`: partials/tabs-item.html): the plan's data
    itself is published in plans.json."""

    return {
        "title": page_title(plan_title(plan)),
        "lastmod": plan.submitted,  # the sitemap's <lastmod>: the plan's own date, never the build's
        "tab": "Providers",  # the top tab highlighted: a plan is found under its provider
        "description": page_title(plan_description(plan)),
        "head_meta": plan_meta_tags(plan, site_url),
    }


def source_pages_link(plan: Plan, rec: Recommendation) -> Html:
    """For a PDF source, a link to the page the recommendation starts on (`source.pdf#page=N`)."""
    if not rec.pages or not plan.source.lower().endswith(".pdf"):
        return Html()
    pages = f"page {rec.pages[0]}" if len(rec.pages) == 1 else f"pages {rec.pages[0]}–{rec.pages[-1]}"
    href = rel(plan.url, f"sources/{plan.source}#page={rec.pages[0]}")
    return Html(' · <a class="source-page" href="{}">In the source document: {}</a>').format(href, pages)


def link_or_unrecorded(url: str, text: str) -> Html:
    """A link to an address from the sources file, or words saying it is not recorded (never a dead link).

    >>> print(link_or_unrecorded("", "x"), link_or_unrecorded("https://a.example/?x=1&y=2", "<r>"))
    <span class="unrecorded">address not recorded</span> <a href="https://a.example/?x=1&amp;y=2">&lt;r&gt;</a>
    """
    if not url:
        return Html('<span class="unrecorded">address not recorded</span>')
    return Html('<a href="{}">{}</a>').format(url, text)


def source_copy_label(plan: Plan) -> str:
    """What the archive's copy of the source is: the PDF or Word document as published, the web page as
    saved (its markup, shown as text), or the text it was built from."""
    suffix = plan.source.lower().rpartition(".")[2]
    labels = {
        "pdf": "the PDF as published",
        "docx": "the Word document as published",
        "html": "the web page as saved (its markup, shown as text)",
        "htm": "the web page as saved (its markup, shown as text)",
    }
    return labels.get(suffix, "the text the archive was built from")


def origin_facts(plan: Plan) -> list[Html]:
    """The plan's provenance, as `<dt>`/`<dd>` pairs: issuing body, original publication, the inspection
    report it answers, and the archive's own copy of the source."""
    origin = plan.origin
    report_when = f", published {human_date(origin.report_published)}" if origin.report_published else ""
    return [
        Html("<dt>Published by</dt><dd>{}</dd>").format(origin.publisher),
        Html("<dt>Original publication</dt><dd>{}</dd>").format(
            link_or_unrecorded(origin.publication_url, origin.publication_url)
        ),
        Html("<dt>Inspection report it answers</dt><dd>{}{} ({})</dd>").format(
            origin.report_title, report_when, link_or_unrecorded(origin.report_url, "read the report")
        ),
        Html('<dt>Source copy</dt><dd><a href="{}">{}</a>: {} (SHA-256 <code>{}</code>)</dd>').format(
            rel(plan.url, source_copy_path(plan.source)), plan.source, source_copy_label(plan), plan.source_sha256
        ),
    ]


def render_plan_page(
    plan: Plan,
    theme_titles: dict[str, str],
    site_url: str = "",
    recurrence: Recurrence | None = None,
    archive: Archive | None = None,
) -> str:
    """The Markdown page of one plan: header, then one section per recommendation (with what it
    recurs in, when the archive's `recurrence` is given)."""
    here = plan.url
    lines = [
        dump_front_matter(front_matter(plan, site_url)),
        breadcrumbs(
            here,
            [
                HOME,
                PROVIDERS,
                (provider_label(plan.provider.name), f"providers/{plan.provider.slug}/"),
                (f"Plan, {human_date(plan.submitted_month)}", here),
            ],
        ),
        "",
        f"# {escape_md(plan_title(plan))}",
        "",
        Html(
            '<p class="print-only print-stamp" data-search-exclude>Printed from <span class="print-url">'
            '{}</span> on <span class="print-date">date printed</span></p>'
        ).format(absolute(site_url, plan.url)),
        "",
        *plan_facts(plan),
        "",
        *version_block(archive, plan),
        *extraction_warnings(plan),
    ]
    linked: set[Status] = set()  # statuses whose badge already links to its definition on this page
    lines += recommendation_list(plan, linked)
    for rec in plan.recommendations:
        lines += render_recommendation(plan, rec, theme_titles, site_url, linked, recurrence, archive)
    if plan.recommendations:
        lines += [cite_template(plan, site_url), ""]
    return "\n".join(lines)


def fieldwork_words(inspection: Inspection) -> str:
    """'; fieldwork 12–14 November 2012' when the plan gives the inspection's fieldwork days, else ''.

    >>> fieldwork_words(Inspection("provider", "SQS", "2012-11-12", "2012-11-14"))
    '; fieldwork 12–14 November 2012'
    >>> fieldwork_words(Inspection("provider", "SQS", "2012-11-29", "2012-12-02"))
    '; fieldwork 29 November 2012 – 2 December 2012'
    >>> fieldwork_words(Inspection("provider", "SQS"))
    ''
    """
    if not (inspection.fieldwork_start and inspection.fieldwork_end):
        return ""
    start, end = PartialDate.parse(inspection.fieldwork_start), PartialDate.parse(inspection.fieldwork_end)
    if start.to_month() == end.to_month():
        return f"; fieldwork {start.day}–{end.human()}"
    return f"; fieldwork {start.human()} – {end.human()}"


def plan_facts(plan: Plan) -> list[Html | str]:
    """The plan at a glance, as a `<dl>`: provider, inspection, dates, counts, and where it came from."""
    counts = plan.counts()
    inspection = (
        [
            Html("<dt>{}</dt><dd>{}{}</dd>").format(
                INSPECTION_LABELS[plan.inspection.kind], plan.inspection.title, fieldwork_words(plan.inspection)
            )
        ]
        if plan.inspection
        else []
    )
    council = f", a service of {plan.provider.council}" if plan.provider.council else ""
    return [
        '<dl class="plan-facts">',
        Html('<dt>Provider</dt><dd><a href="{}">{}</a>{}{}</dd>').format(
            rel(plan.url, f"providers/{plan.provider.slug}/"), plan.provider.name, also_called(plan.provider), council
        ),
        *inspection,
        Html("<dt>Action plan submitted</dt><dd>{}</dd>").format(human_date(plan.submitted)),
        Html("<dt>Inspection report published</dt><dd>{}</dd>").format(human_date(plan.published)),
        Html("<dt>Recommendations</dt><dd>{} ({}); {} actions</dd>").format(
            counts["total"], status_summary(counts), counts["actions"]
        ),
        Html("<dt>Statuses and targets</dt><dd>{}; this archive does not record what happened after that</dd>").format(
            as_submitted(plan)
        ),
        *origin_facts(plan),
        "</dl>",
    ]


def extraction_warnings(plan: Plan) -> list[Html | str]:
    """What the parser was unsure of in this plan, folded away (nothing when it was sure of all)."""
    if not plan.warnings:
        return []
    return [
        Html(
            '<details class="extraction-warnings"><summary>Extraction warnings '
            "({}): what the parser was unsure of</summary><ul>"
        ).format(len(plan.warnings)),
        *(Html("<li>{}</li>").format(reader_warning(w)) for w in plan.warnings),
        "</ul></details>",
        "",
    ]


# The columns of a recommendation's actions table: (heading, whether an action has it, its cell: text,
# escaped as it is placed, or Html).
ACTION_COLUMNS: tuple[tuple[str, Callable[[Action], bool], Callable[[Action], str]], ...] = (
    ("Owner", lambda a: a.owner is not None, lambda a: a.owner or ""),
    ("Agency", lambda a: a.agency is not None, lambda a: a.agency or ""),
    ("Target", lambda a: a.target is not None, lambda a: a.target.text if a.target else ""),
    (
        "Target status when submitted",
        lambda a: a.target is not None,
        lambda a: target_status_html(a.target) if a.target else "",
    ),
    ("Progress", lambda a: a.progress is not None, lambda a: text_to_html(a.progress or "")),
    ("RAG", lambda a: a.rag is not None, lambda a: RAG_LABELS[a.rag] if a.rag else ""),
)


# The columns of most plans' action tables; archive.css labels a phone's action cards with these
# (`--c1`…) unless a table says otherwise, so most tables carry no label at all.
USUAL_ACTION_HEADS = ("Action", "Owner", "Target", "Target status when submitted")


def column_labels(heads: Sequence[str]) -> Html:
    """The ` style` naming a table's columns for archive.css's phone cards, when they are not the usual ones."""
    if tuple(heads) == USUAL_ACTION_HEADS:
        return Html()
    labels = ";".join(f"--c{n}:'{head}'" for n, head in enumerate(heads, 1))
    return Html(' style="{}"').format(labels)


# The templates of an action's row, made once (a large archive has hundreds of thousands of cells).
_ACTION_REF = Html('<span class="action-ref">{}</span> ')


@lru_cache(maxsize=16)
def action_row(columns: int) -> Html:
    """The template of an action's row with `columns` cells after the action's own: its reference and
    text, then each cell's attributes and content (one `format` a row).

    >>> print(action_row(2))
    <tr><td>{}{}</td><td{}>{}</td><td{}>{}</td></tr>
    """
    return Html("<tr><td>{}{}</td>" + "<td{}>{}</td>" * columns + "</tr>")


_TARGET_STATUS_CLASS = Html(' class="target-{}"')
_RAG_CLASS = Html(' class="rag rag-{}"')
_NO_ATTRIBUTES = Html()


def actions_table(rec: Recommendation) -> list[Html]:
    """The actions of a recommendation as a table (one line per row), with only the columns the
    plan has: a youth justice plan's agency, progress and RAG; no owner where it names none."""
    columns = [(head, cell) for head, present, cell in ACTION_COLUMNS if any(present(a) for a in rec.actions)]
    heads = join(Html('<th scope="col">{}</th>').format(head) for head, _ in columns)
    lines = [
        Html(
            '<table class="actions"{}><caption>Actions for recommendation {}</caption>'
            '<thead><tr><th scope="col">Action</th>{}</tr></thead><tbody>'
        ).format(column_labels(["Action", *(head for head, _ in columns)]), rec.label, heads)
    ]
    row = action_row(len(columns))
    for action in rec.actions:
        ref = _ACTION_REF.format(action.ref) if action.ref else ""
        cells = [part for head, cell in columns for part in (_cell_attributes(head, action), cell(action))]
        lines.append(row.format(ref, text_to_html(action.text), *cells))
    return [*lines, Html("</tbody></table>")]


def _cell_attributes(head: str, action: Action) -> Html:
    if head == "Target" and action.target:
        return due_after_attribute(action.target)
    if head == "Target status when submitted" and action.target:
        return _class_attribute(_TARGET_STATUS_CLASS, action.target.status)
    if head == "RAG" and action.rag:
        return _class_attribute(_RAG_CLASS, action.rag)
    return _NO_ATTRIBUTES


@lru_cache(maxsize=64)
def _class_attribute(template: Html, value: str) -> Html:
    """A cell's class attribute for a status or a RAG rating (a handful of values, on every row)."""
    return template.format(value)


def target_status_html(target: Target) -> Html:
    """A target's status in words; a partly-completed one lists each part with its own status.

    >>> print(target_status_html(Target("May 2020", "2020-05", "planned")))
    Planned
    >>> from probation_archive.normalise import parse_target
    >>> print(target_status_html(parse_target("Durham – completed Cleveland – May 2020")))
    Partly completed<ul class="target-parts"><li>Durham – completed: completed</li><li>Cleveland – May 2020: planned</li></ul>
    """
    label = TARGET_LABELS[target.status]
    if not target.parts:
        return _escaped_label(label)
    items = join(Html("<li>{}: {}</li>").format(part.text, TARGET_LABELS[part.status].lower()) for part in target.parts)
    return Html('{}<ul class="target-parts">{}</ul>').format(label, items)


@lru_cache(maxsize=16)
def _escaped_label(label: str) -> Html:
    return escape(label)


def due_after(target: Target) -> str | None:
    """The first month after a target's period (`YYYY-MM`), for a target not stated as completed:
    from then on, the browser marks it "target date passed". None when there is no date.

    >>> due_after(Target("May 2019", "2019-05", "planned")), due_after(Target("2019", "2019", "ongoing"))
    ('2019-06', '2020-01')
    >>> due_after(Target("31/12/2019", "2019-12-31", "planned")), due_after(Target("Done", "2019-05", "completed"))
    ('2020-01', None)
    """
    return _month_after(target.date, target.status)


@lru_cache(maxsize=4096)
def _month_after(date: str | None, status: TargetStatus) -> str | None:
    """`due_after` of a target's `date` and `status` (a few hundred distinct pairs in any archive)."""
    if status == "completed" or not date:
        return None
    due = PartialDate.parse(date)
    month = due.month or 12
    return PartialDate(due.year + month // 12, month % 12 + 1).iso


def due_after_attribute(target: Target) -> Html:
    return _due_after_attribute(target.date, target.status)


@lru_cache(maxsize=4096)
def _due_after_attribute(date: str | None, status: TargetStatus) -> Html:
    """`due_after_attribute` of a target's `date` and `status`: the same few hundred pairs on every page."""
    month = _month_after(date, status)
    return Html(' data-due-after="{}"').format(month) if month else Html()


def recommendation_list(plan: Plan, linked: set[Status]) -> list[str]:
    """The plan's recommendations at a glance: number, status, first words, link."""
    if len(plan.recommendations) < 2:
        return []
    items = join(
        Html('<li><a href="#{}">Recommendation {}</a> {} {}</li>').format(
            rec.anchor, rec.label, linked_badge(rec.status, plan.url, linked), short_text(rec.text, 90)
        )
        for rec in plan.recommendations
    )
    return [
        "## Recommendations in this plan { #recommendations data-search-exclude }",
        "",
        Html('<ol class="rec-list" data-search-exclude>{}</ol>').format(items),
        "",
    ]


def render_recommendation(
    plan: Plan,
    rec: Recommendation,
    theme_titles: dict[str, str],
    site_url: str,
    linked: set[Status],
    recurrence: Recurrence | None = None,
    archive: Archive | None = None,
) -> list[str]:
    """One recommendation's section: heading, status and themes, text, rationale, actions, citation."""
    here = plan.url
    themes = join(
        (
            Html('<a class="theme-tag" href="{}">{}</a>').format(rel(here, f"themes/{t}/"), theme_titles.get(t, t))
            for t in rec.themes
        ),
        ", ",
    )
    repeated = Html(' · <span class="repeated">Repeated from the previous inspection</span>') if rec.repeated else ""
    lines = [
        f"## Recommendation {escape_md(rec.label)}: {escape_md(short_text(rec.text, 70))} {{ #{rec.anchor} }}",
        "",
        Html('<div class="rec" data-rec="{}">').format(rec.anchor),
        Html(
            '<p class="rec-meta"><span class="as-submitted">Status when the plan was submitted:</span> '
            "{badge} · For: {addressee}{repeated}{themes}{source_page}"
            ' <button type="button" class="copy-permalink" data-anchor="{anchor}" data-label="{label}">'
            '{icon} <span class="label">Copy link</span>'
            '<span class="visually-hidden"> to recommendation {label}</span></button></p>'
        ).format(
            badge=linked_badge(rec.status, here, linked),
            addressee=rec.addressee,
            repeated=repeated,
            themes=Html(" · Themes: {}").format(themes) if themes else "",
            source_page=source_pages_link(plan, rec),
            anchor=rec.anchor,
            icon=LINK_ICON,
            label=rec.label,
        ),
        Html('<div class="rec-text">{}</div>').format(text_to_html(rec.text)),
    ]
    if rec.rationale:
        lines.append(
            Html('<div class="rationale"><p><strong>Why it is not fully agreed:</strong></p>{}</div>').format(
                text_to_html(rec.rationale)
            )
        )
    lines += made_before_block(plan, rec, recurrence)
    lines += version_timeline(archive, plan, rec)
    if rec.actions:
        lines += actions_table(rec)
    lines += [cite_block(plan, rec, site_url), "</div>", ""]
    return lines
