"""Citations of one recommendation (plain text, BibTeX, RIS) and the meta tags reference managers read.

Pure: data in, text out. A citation is a list of pieces: text, and two slots the browser fills —
the permalink (absolute; the build knows it only when the site's address is configured) and the
date accessed (the moment the reader copies it). `citation_html` escapes the text and marks the
slots; `citation_text` fills them, for tests and for anything written without a browser.

The plain-text style is the author-date (Harvard) form GOV.UK publications use:
`Body (year) Title. Available at: URL (Accessed: 1 May 2025).`
The meta tags follow Google Scholar's inclusion guidelines (`citation_title`, `citation_author`,
`citation_publication_date` as `YYYY/MM/DD`, …) and what Zotero's "Embedded Metadata" translator reads
(`citation_technical_report_institution` makes the item a report).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import PartialDate, Plan, Recommendation
from ..present.markup import Html, join
from ..present.urls import absolute, permalink
from ..present.words import human_date, plain_text, plan_title, status_summary

ARCHIVE_NAME = "Probation Action Plan Archive"
FORMATS = {"text": "Plain text", "bibtex": "BibTeX", "ris": "RIS"}


@dataclass(frozen=True)
class Slot:
    """A value the browser fills in: `url` (the permalink), `accessed` in a date `style`, or one of the
    recommendation's `Cited` values (`number`, `words`, `words_bibtex`, `key`) in a plan page's shared
    citation template."""

    kind: str
    style: str = ""


Piece = str | Slot
URL = Slot("url")


@dataclass(frozen=True)
class Cited:
    """What a citation says of its recommendation: real values, or (`TEMPLATE`) the slots a plan page's
    one citation template leaves for the browser to fill from the recommendation's `data-cite-*`."""

    number: Piece  # as the plan numbers it: `3`, `R3`, `1.2`
    words: Piece  # its first words
    words_bibtex: Piece  # the same, escaped for BibTeX (a page writes it only where it differs)
    key: Piece  # what ends the BibTeX key (`hmpps_<plan slug>_rec_3`): the permalink's anchor, `rec_3`


TEMPLATE = Cited(Slot("number"), Slot("words"), Slot("words_bibtex"), Slot("key"))


def first_words(text: str, count: int = 12) -> str:
    """The first words of a recommendation, for a citation: its first line, cut after `count` words.

    >>> first_words("Improve the **quality** of risk assessments so that staff\\n- a list", 5)
    'Improve the quality of risk…'
    """
    words = plain_text(text.split("\n", 1)[0]).split()
    if len(words) <= count:
        return " ".join(words)
    return " ".join(words[:count]).rstrip(",;:–-") + "…"


def _date(iso: str | None, style: str) -> str:
    """`2019-03-29` as `2019/03/29` (RIS, Google Scholar) or `2019-03-29`; a year alone stays a year."""
    if not iso:
        return ""
    return iso.replace("-", "/") if style == "slash" else iso


def _year(plan: Plan) -> str:
    return str(date.year) if (date := plan.submitted_date) else "n.d."


def cited(plan: Plan, rec: Recommendation) -> Cited:
    """The values a citation takes from one recommendation."""
    words = first_words(rec.text)
    return Cited(rec.label, words, bibtex_escape(words), _key_part(rec.anchor))


def recommendation_title(plan: Plan, rec: Cited) -> list[Piece]:
    """`<plan title>. Recommendation 3: “Improve …”`"""
    return [f"{plan_title(plan)}. Recommendation ", rec.number, ": “", rec.words, "”"]


def source_words(plan: Plan) -> str:
    """What a citation identifies the plan's text by: its source document's SHA-256, the first 16 hex
    digits (the page's "Source copy" line gives it whole). The plan's own content, never the whole
    archive's version, so that adding a plan to the archive changes no other plan's page.

    >>> from probation_archive.model import Provider
    >>> source_words(Plan("a.txt", "ab" * 32, Provider("P", "P", "CRC", "p"), None, None, (), None))
    'source SHA-256 abababababababab'
    """
    return f"source SHA-256 {plan.source_sha256[:16]}" if plan.source_sha256 else "source not hashed"


def plain_citation(plan: Plan, rec: Cited) -> list[Piece]:
    """Author-date, as GOV.UK publications cite documents."""
    return [
        f"{plan.origin.publisher} ({_year(plan)}) ",
        *recommendation_title(plan, rec),
        f". Action plan submitted {human_date(plan.submitted)}. {ARCHIVE_NAME}, {source_words(plan)}. Available at: ",
        URL,
        " (Accessed: ",
        Slot("accessed", "long"),
        ").",
    ]


_BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_^~])")


def bibtex_escape(text: str) -> str:
    """Text safe inside a BibTeX field: TeX's special characters escaped.

    >>> print(bibtex_escape("R&D {50%} $x_1 ~ ^"))
    R\\&D \\{50\\%\\} \\$x\\_1 \\textasciitilde{} \\textasciicircum{}
    """
    named = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
    return _BIBTEX_SPECIAL.sub(lambda m: named.get(m[1], "\\" + m[1]), text)


def _key_part(text: str) -> str:
    return text.replace("-", "_")


def bibtex_citation(plan: Plan, rec: Cited) -> list[Piece]:
    """A `@techreport` with the issuing body as a corporate author (double braces) and `urldate`; its key,
    `hmpps_dorset_devon_and_cornwall_crc_2019_03_rec_3`, is ASCII and as stable as the permalink."""
    body = bibtex_escape(plan.origin.publisher)
    lines: list[Piece] = [
        f"@techreport{{hmpps_{_key_part(plan.slug)}_",
        rec.key,
        ",\n",
        f"  author = {{{{{body}}}}},\n",
        f"  title = {{{{{bibtex_escape(plan_title(plan))}. Recommendation ",
        rec.number,
        ": “",
        rec.words_bibtex,
        "”}},\n",
        f"  institution = {{{body}}},\n",
        "  type = {Action plan},\n",
        f"  year = {{{_year(plan)}}},\n",
    ]
    if plan.submitted:
        lines.append(f"  date = {{{plan.submitted}}},\n")
    lines += [
        "  url = {",
        URL,
        "},\n  urldate = {",
        Slot("accessed", "iso"),
        "},\n",
        f"  note = {{{ARCHIVE_NAME}, {bibtex_escape(source_words(plan))}}}\n}}",
    ]
    return lines


def ris_citation(plan: Plan, rec: Cited) -> list[Piece]:
    """An RIS record (`TY  - RPRT`); `Y2` is the access date, `DB` the archive."""

    def tag(name: str, value: str) -> str:
        return f"{name}  - {' '.join(value.split())}\n"

    pieces: list[Piece] = [
        tag("TY", "RPRT"),
        tag("AU", plan.origin.publisher),
        f"TI  - {' '.join(plan_title(plan).split())}. Recommendation ",
        rec.number,
        ": “",
        rec.words,
        "”\n",
        tag("PY", _year(plan)),
    ]
    if plan.submitted:
        pieces.append(tag("DA", _date(plan.submitted, "slash")))
    pieces += [
        tag("PB", plan.origin.publisher),
        tag("M3", "Action plan"),
        "UR  - ",
        URL,
        "\nY2  - ",
        Slot("accessed", "slash"),
        "\n",
        tag("DB", ARCHIVE_NAME),
        tag("N1", "S" + source_words(plan)[1:]),
        "ER  - ",
    ]
    return pieces


def citations(plan: Plan, rec: Cited) -> dict[str, list[Piece]]:
    """The three formats, by key of `FORMATS`."""
    return {
        "text": plain_citation(plan, rec),
        "bibtex": bibtex_citation(plan, rec),
        "ris": ris_citation(plan, rec),
    }


def format_accessed(day: datetime.date, style: str) -> str:
    """The access date as each format writes it (the browser does the same in archive.js).

    >>> [format_accessed(datetime.date(2026, 11, 5), s) for s in ("long", "iso", "slash")]
    ['5 November 2026', '2026-11-05', '2026/11/05']
    """
    if style == "long":
        return PartialDate(day.year, day.month, day.day).human()
    return day.isoformat().replace("-", "/") if style == "slash" else day.isoformat()


def citation_text(pieces: Sequence[Piece], permalink: str, accessed: datetime.date) -> str:
    """A citation with its slots filled: what the Copy button puts on the clipboard."""
    return "".join(
        piece
        if isinstance(piece, str)
        else permalink
        if piece.kind == "url"
        else format_accessed(accessed, piece.style)
        for piece in pieces
    )


def citation_html(pieces: Sequence[Piece], permalink: str) -> Html:
    """A citation as HTML, its text escaped; the slots are spans archive.js fills (the URL made
    absolute, the date of today, a recommendation's values in the shared template), and the access
    date reads "date accessed" until then."""
    out: list[object] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif piece.kind == "url":
            out.append(Html('<span class="cite-url" data-href="{0}">{0}</span>').format(permalink))
        elif piece.kind == "accessed":
            out.append(Html('<span class="cite-accessed" data-style="{}">date accessed</span>').format(piece.style))
        else:
            out.append(Html('<span class="cite-slot" data-slot="{}"></span>').format(piece.kind))
    return join(out)


# --- meta tags ----------------------------------------------------------------------------------


def plan_description(plan: Plan) -> str:
    """One sentence saying what the page holds (meta description, Open Graph).

    Counts come from the parsed plan."""
    counts = plan.counts()
    return (
        f"The action plan {plan.origin.publisher} submitted on {human_date(plan.submitted)} in answer to the HM "
        f"Inspectorate of Probation inspection of {plan.provider.name}: {counts['total']} recommendations "
        f"({status_summary(counts)}) and {counts['actions']} actions."
    )


def plan_meta_tags(plan: Plan, site_url: str) -> list[dict[str, str]]:
    """The `<meta>` tags of a plan page, as `{"name" or "property": ..., "content": ...}` (unescaped; the
    template escapes them). Addresses only when the site's address is known: a relative one is useless
    to a reference manager."""
    title = plan_title(plan)
    description = plan_description(plan)
    tags = [
        {"name": "citation_title", "content": title},
        # The trailing comma makes Zotero read the body as one name ("HM Prison and Probation Service"),
        # not as a first name "HM Prison and Probation" and a surname "Service".
        {"name": "citation_author", "content": f"{plan.origin.publisher},"},
        {"name": "citation_technical_report_institution", "content": plan.origin.publisher},
        {"name": "citation_language", "content": "en"},
    ]
    if plan.submitted:
        tags.append({"name": "citation_publication_date", "content": _date(plan.submitted, "slash")})
    if site_url:
        tags.append({"name": "citation_public_url", "content": absolute(site_url, plan.url)})
        if plan.source.lower().endswith(".pdf"):
            tags.append({"name": "citation_pdf_url", "content": absolute(site_url, f"sources/{plan.source}")})
    tags += [
        {"property": "og:type", "content": "article"},
        {"property": "og:site_name", "content": ARCHIVE_NAME},
        {"property": "og:title", "content": title},
        {"property": "og:description", "content": description},
        {"property": "og:locale", "content": "en_GB"},
    ]
    if site_url:
        tags.append({"property": "og:url", "content": absolute(site_url, plan.url)})
    return tags


# --- on the page --------------------------------------------------------------------------------


def cite_block(plan: Plan, rec: Recommendation, site_url: str) -> Html:
    """ "Cite this recommendation", and the permalink a printed page shows under it. The citations
    themselves are not written out here: the browser puts this recommendation's values (its
    `data-cite-*`) into the page's one `cite_template` — the formats when the reader opens "Cite this
    recommendation", the plain citation under the printed permalink when the page loads. Writing
    every format out for every recommendation was over a fifth of a plan page's bytes."""
    address = absolute(site_url, permalink(plan, rec))
    values = cited(plan, rec)
    data = join(
        Html(' data-cite-{}="{}"').format(name, value)
        for name, value in (
            ("number", values.number),
            ("words", values.words),
            ("words-bibtex", values.words_bibtex if values.words_bibtex != values.words else None),
            ("key", values.key),
        )
        if isinstance(value, str)
    )
    # plan pages are not in Material's index (mkdocs_hooks) and the archive's own index reads the
    # plans, not the pages: no data-search-exclude needed here
    return Html(
        '<details class="cite"{data}><summary>Cite this recommendation</summary>'
        '<p class="cite-note">The date accessed is filled in when you copy a citation.</p></details>\n'
        '<p class="print-only print-cite"><strong>Permalink:</strong> '
        '<span class="cite-url" data-href="{permalink}">{permalink}</span></p>'
    ).format(data=data, permalink=address)


def format_box(key: str, body: Html) -> Html:
    """One format of a citation in a box with its own Copy button; the browser names the box after
    the recommendation it fills it for (`cite-bibtex-rec-3`)."""
    return Html(
        '<div class="cite-format" data-format="{key}"><p class="cite-label"><span>{name}</span> '
        '<button type="button" class="copy-cite">Copy<span class="visually-hidden"> the '
        '{name} citation of recommendation <span class="cite-slot" data-slot="number"></span></span>'
        '</button><span class="copy-status" role="status"></span></p>'
        '<pre class="cite-{key}"><code>{body}</code></pre></div>'
    ).format(key=key, name=FORMATS[key], body=body)


def cite_template(plan: Plan, site_url: str) -> Html:
    """A plan page's citations, once, with slots for what differs by recommendation (the printed
    page's "Cite as" line is the plain-text one). The same functions as every other citation build
    them (one implementation of each format); archive.js fills the slots."""
    page = absolute(site_url, plan.url)
    boxes = join(format_box(key, citation_html(pieces, page)) for key, pieces in citations(plan, TEMPLATE).items())
    return Html('<div class="cite-template" hidden>{}</div>').format(boxes)
