"""The site's vocabulary: labels of statuses and targets, dates in words, a plan's title, text helpers.

A leaf: it imports only the model and `present.markup`, so every page and every published file
says a thing the same way.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache

from ..model import (
    NOT_STATED,
    STATUSES,
    TARGET_STATUSES,
    InspectionKind,
    ParseWarning,
    PartialDate,
    Plan,
    Provider,
    Rag,
    Recommendation,
    StatusOrNotStated,
    TargetStatus,
)
from .markup import Html, escape_text, join

# The labels of the model's vocabularies, typed by them: mypy rejects a key that is not one of them,
# and tests/test_model.py checks that each table names every value.
STATUS_LABELS: Mapping[StatusOrNotStated, str] = {
    "agreed": "Agreed",
    "partly-agreed": "Partly agreed",
    "not-agreed": "Not agreed",
    NOT_STATED: "Not stated",
}


RAG_LABELS: Mapping[Rag, str] = {"red": "Red", "amber": "Amber", "green": "Green", "complete": "Complete"}


INSPECTION_LABELS: Mapping[InspectionKind, str] = {
    "provider": "Inspection",
    "thematic": "Thematic inspection",
    "joint": "Joint inspection",
}


TARGET_LABELS: Mapping[TargetStatus, str] = {
    "completed": "Completed",
    "partly-completed": "Partly completed",
    "ongoing": "Ongoing",
    "planned": "Planned",
    "unknown": "Unclear",
}


PROVIDER_TYPE_CODES = (("Community Rehabilitation Company", "CRC"), ("National Probation Service", "NPS"))


def escape_md(text: str) -> str:
    """Escape text for an inline Markdown context (a heading, a link text).

    >>> print(escape_md("<b>A & B</b> [x](javascript:y)"))
    &lt;b&gt;A &amp; B&lt;/b&gt; \\[x\\]\\(javascript:y\\)
    """
    return " ".join(text.split()).translate(_MD_ESCAPES)


# `escape_md`'s replacements, a character at a time: HTML's three, and a backslash before Markdown's own.
_MD_ESCAPES = str.maketrans({char: html.escape(char) for char in "<>&"} | {c: "\\" + c for c in "\\`*_{}[]()#+-.!|~"})


_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![*\w])")


def inline_html(text: str) -> Html:
    """Escape text, then turn the bold (`**…**`) and italics (`*…*`) kept from the source into tags.

    >>> print(inline_html("a **bold** and *dynamic* <b>x</b> risk*"))
    a <strong>bold</strong> and <em>dynamic</em> &lt;b&gt;x&lt;/b&gt; risk*
    """
    # Marked safe here, the one place: the text is escaped first, and only our own two tags are added.
    # (On a plain str: `re.sub` on `Html` would join its pieces with `Html.join`, escaping our tags.)
    escaped = escape_text(text)
    if "*" not in escaped:
        return Html(escaped)  # no emphasis to mark (both patterns need a "*")
    return Html(_ITALIC.sub(r"<em>\1</em>", _BOLD.sub(r"<strong>\1</strong>", escaped)))


def plain_text(text: str) -> str:
    """Text with the Markdown emphasis markers taken out (for plain-text contexts).

    >>> plain_text("a **bold** and *dynamic* risk*")
    'a bold and dynamic risk*'
    """
    if "*" not in text:
        return text  # no emphasis to take out (both patterns need a "*")
    return _ITALIC.sub(r"\1", _BOLD.sub(r"\1", text))


def text_to_html(text: str) -> Html:
    """Plain text with `- ` list lines (as the parser writes them) -> escaped HTML.

    >>> print(text_to_html("Lead:\\n- one\\n- <two>"))
    <p>Lead:</p><ul><li>one</li><li>&lt;two&gt;</li></ul>
    """
    if "\n" not in text and not _LIST_LINE.match(text):  # one paragraph (most cells): no list to open
        return _PARAGRAPH.format(inline_html(text)) if text.strip() else Html()
    out: list[Html] = []
    depth = 0
    for line in text.split("\n"):
        m = _LIST_LINE.match(line)
        level = len(m[1]) // 2 + 1 if m else 0
        content = m[2] if m else line
        while depth > level:
            out.append(Html("</li></ul>" if depth > 1 else "</ul>"))
            depth -= 1
        if level == 0:
            if content.strip():
                out.append(_PARAGRAPH.format(inline_html(content)))
            continue
        while depth < level:
            if depth >= 1 and out and out[-1].endswith("</li>"):
                out[-1] = out[-1][: -len("</li>")]
            out.append(Html("<ul>"))
            depth += 1
        out.append(_ITEM.format(inline_html(content)))
    while depth > 0:
        out.append(Html("</li></ul>" if depth > 1 else "</ul>"))
        depth -= 1
    return join(out)


_LIST_LINE = re.compile(r"^( *)- (.*)$")  # a list item line of `text_to_html`: indent, then "- "
_PARAGRAPH = Html("<p>{}</p>")
_ITEM = Html("<li>{}</li>")


@lru_cache(maxsize=4096)
def human_date(iso: str | None) -> str:
    """An ISO date as the model keeps it, in words (`PartialDate.human`); None -> `not stated`.

    >>> human_date("2019-03-29"), human_date("2020-04"), human_date(None), human_date("spring 2019")
    ('29 March 2019', 'April 2020', 'not stated', 'spring 2019')
    """
    if not iso:
        return "not stated"
    try:
        return PartialDate.parse(iso).human()
    except ValueError:
        return iso  # not a date (a sources.yml date the build warned of): shown as written


def plan_title(plan: Plan) -> str:
    """The page title: the provider (or, for a thematic inspection, the inspection), then the month
    the plan was submitted."""
    when = human_date(plan.submitted_month) if plan.submitted else "undated"
    if plan.inspection and plan.inspection.kind == "thematic":
        return f"{plan.inspection.title}: national action plan, {when}"
    return f"{plan.provider.name}: action plan, {when}"


def page_title(text: str) -> str:
    """A page title for front matter, HTML-escaped: MkDocs' templates print titles unescaped
    (Jinja autoescape is off), so a source's provider name must never reach them as markup.

    >>> page_title("Partial <img src=x onerror=alert(1)// & Co")
    'Partial &lt;img src=x onerror=alert(1)// &amp; Co'
    """
    return html.escape(" ".join(text.split()), quote=True)


def status_summary(counts: Mapping[str, int]) -> str:
    """Recommendations counted by status, in words: every status, and how many state none when some do
    not; when none states one (a table with no status column), only that.

    >>> status_summary({"agreed": 7, "partly-agreed": 0, "not-agreed": 0})
    '7 agreed, 0 partly agreed, 0 not agreed'
    >>> status_summary({"agreed": 3, "not-stated": 4}), status_summary({"not-stated": 4})
    ('3 agreed, 0 partly agreed, 0 not agreed, 4 not stated', 'no status stated')
    """
    if counts.get(NOT_STATED) and not any(counts.get(s) for s in STATUSES):
        return "no status stated"
    keys: list[StatusOrNotStated] = [*STATUSES, *([NOT_STATED] if counts.get(NOT_STATED) else [])]
    return ", ".join(f"{counts.get(s, 0)} {STATUS_LABELS[s].lower()}" for s in keys)


def as_submitted(plan: Plan) -> str:
    """The caption that keeps a plan's statuses in their time: 'As stated when the plan was
    submitted, 19 July 2019'."""
    return f"As stated when the plan was submitted, {human_date(plan.submitted)}"


def reader_warning(warning: ParseWarning) -> str:
    """A parser warning as readers see it: without the source line number (maintainers find those on
    the About page); a PDF page number stays, as readers can open the page.

    >>> from probation_archive.model import Location
    >>> line, page = ParseWarning("no status", Location("line", 45)), ParseWarning("odd row", Location("page", 3))
    >>> reader_warning(line), reader_warning(page)
    ('no status', 'page 3: odd row')
    """
    return warning.message if warning.location and warning.location.unit == "line" else str(warning)


def short_text(text: str, limit: int = 160) -> str:
    """A text's first line, cut at a word boundary.

    >>> short_text("Provide a suite of interventions\\nmore", 20)
    'Provide a suite of…'
    """
    line = plain_text(text.split("\n", 1)[0]).strip()
    return line if len(line) <= limit else line[: line.rfind(" ", 0, limit)].rstrip(" ,;:") + "…"


@lru_cache(maxsize=4096)
def provider_label(name: str) -> str:
    """A provider's name with its type as the usual initials (breadcrumbs, tables).

    >>> provider_label("Durham Tees Valley Community Rehabilitation Company")
    'Durham Tees Valley CRC'
    """
    for phrase, code in PROVIDER_TYPE_CODES:
        name = re.sub(rf"\b{phrase}\b", code, name)
    return name


def also_called(provider: Provider) -> str:
    """' (the plan calls it DDC CRC)' when the plan's own short name is not just the name written
    differently ("Warwickshire & West Mercia CRC" is the same name, and is never shown as a second one).

    >>> also_called(Provider("Dorset, Devon and Cornwall Community Rehabilitation Company", "DDC CRC", "CRC", "x"))
    ' (the plan calls it DDC CRC)'
    >>> also_called(Provider("Warwickshire and West Mercia Community Rehabilitation Company",
    ...                      "Warwickshire & West Mercia CRC", "CRC", "x"))
    ''
    """
    short, label = provider.short_name, provider_label(provider.name)
    same = re.findall(r"\w+", short.replace("&", "and").lower()) == re.findall(r"\w+", label.lower())
    return "" if same or not short else f" (the plan calls it {short})"


def target_summary(recs: Sequence[Recommendation]) -> str:
    """The actions' targets of some recommendations, counted by status, in words.

    >>> target_summary([])
    '0 completed, 0 partly completed, 0 ongoing, 0 planned, 0 unclear'
    """
    counts = Counter(status for rec in recs for status in action_targets(rec))
    return ", ".join(f"{counts.get(status, 0)} {TARGET_LABELS[status].lower()}" for status in TARGET_STATUSES)


def action_targets(rec: Recommendation) -> list[TargetStatus]:
    """The target status of each of a recommendation's actions, as `target_summary` counts them (no target:
    `unknown`, shown as *Unclear*)."""
    return [action.target.status if action.target else "unknown" for action in rec.actions]


def first_line(text: str, limit: int = 160) -> str:
    """The recommendation's first line, cut at a word boundary."""
    line = text.split("\n", 1)[0]
    return line if len(line) <= limit else line[: line.rfind(" ", 0, limit)] + "…"


LICENCE = {
    "id": "OGL-UK-3.0",
    "name": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
