"""Normalisers: pure functions from the raw strings of a source to clean values.

Dates, statuses, provider names and slugs, HTML fragments and bullet lists inside cells,
and the small tests the parser uses to tell a broken sentence from a new one.
"""

from __future__ import annotations

import datetime
import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .model import MONTH_NAMES, Provider, ProviderType, Rag, Status, Target, TargetStatus

_MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "", "jun", "jul", "aug", "sept sep", "oct", "nov", "dec")
MONTHS = {
    name: number
    for number, (month, abbreviations) in enumerate(zip(MONTH_NAMES, _MONTH_ABBREVIATIONS, strict=True), start=1)
    for name in (month.lower(), *abbreviations.split())
}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\s+((?:19|20)\d\d)\b", re.I | re.A)
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\s*,?\s+((?:19|20)\d\d)\b", re.I | re.A)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)\b")
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(\d{2})-(\d{2})\b")
# Fieldwork over several days of one month: "12th–14th November 2012", "3 - 5 May 2021".
_DAY_RANGE = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|—|to)\s*(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\s+((?:19|20)\d\d)\b",
    re.I | re.A,
)
# A range such as "October – December 2020": the first month borrows the year of the second.
_MONTH_RANGE = re.compile(rf"\b({_MONTH})\s*(?:-|–|—|to)\s*({_MONTH})\s+((?:19|20)\d\d)\b", re.I | re.A)

_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad"),
    None,
)
# Word and Symbol-font bullets arrive as private-use or odd characters.
_BULLETS = "•\uf0b7\uf0a7\uf076\uf0d8\u25aa\u25cf\u2022\u25e6\u2043\u2219"
_BULLET_CHARS = {ord(c): "•" for c in _BULLETS}


def normalise_unicode(text: str) -> str:
    """Fold compatibility characters (ligatures, non-breaking spaces), drop invisible ones.

    >>> normalise_unicode("e\ufb00ective\u00a0work\u200b")
    'effective work'
    """
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE))
    return text.translate(_BULLET_CHARS)


def collapse_spaces(text: str) -> str:
    """Collapse runs of white space to one space and trim.

    >>> collapse_spaces("  a \\n b  ")
    'a b'
    """
    return " ".join(text.split())


# --- statuses --------------------------------------------------------------------------

_STATUS_WORDS: dict[str, Status] = {
    "agreed": "agreed",
    "accepted": "agreed",
    "partly agreed": "partly-agreed",
    "partially agreed": "partly-agreed",
    "part agreed": "partly-agreed",
    "partly accepted": "partly-agreed",
    "partially accepted": "partly-agreed",
    "part accepted": "partly-agreed",
    "not accepted": "not-agreed",
    "not agreed": "not-agreed",
    "disagreed": "not-agreed",
    "rejected": "not-agreed",
}


def parse_status(cell: str) -> Status | None:
    """The status a cell states, or None when it states none of the three.

    >>> parse_status(" Partly  Agreed "), parse_status("NOT AGREED"), parse_status("f")
    ('partly-agreed', 'not-agreed', None)
    """
    words = collapse_spaces(re.sub(r"[^A-Za-z ]", " ", strip_tags(cell))).lower()
    return _STATUS_WORDS.get(words)


_RAG_WORDS: dict[str, Rag] = {
    "red": "red",
    "amber": "amber",
    "green": "green",
    "complete": "complete",
    "completed": "complete",
}


def parse_rag(cell: str) -> Rag | None:
    """A RAG rating as the plan states it: red, amber, green or complete; None for anything else.

    >>> parse_rag(" Amber "), parse_rag("COMPLETED"), parse_rag("Amber/Green"), parse_rag("")
    ('amber', 'complete', None, None)
    """
    return _RAG_WORDS.get(collapse_spaces(re.sub(r"[^A-Za-z ]", " ", strip_tags(cell))).lower())


# "Completed", "Action complete", "Update (July 2013): completed – the panel met…"; not
# "to be completed", "not yet complete", "partially completed", "will be complete".
_SAYS_COMPLETE = re.compile(
    r"(?:^|[.:;]\s*|\baction\s+(?:is\s+|now\s+)?|\bthis\s+(?:action\s+)?(?:is|was|has\s+been)\s+(?:now\s+)?)"
    r"(?:fully\s+)?(?:complete|completed)\b(?!\s+(?:by|in|during|once|when|after)\b)",
    re.I,
)
_NOT_COMPLETE = re.compile(r"\b(?:not|yet|partly|partially|part|in)[\s-]+(?:yet\s+)?complete", re.I)


def progress_says_complete(text: str) -> bool:
    """Whether a progress note states, in so many words, that the action is complete.

    >>> progress_says_complete("Update (July 2013): Completed. The panel meets monthly.")
    True
    >>> progress_says_complete("Training to be completed by March 2014"), progress_says_complete("Not yet complete")
    (False, False)
    """
    plain = collapse_spaces(strip_tags(text))
    return bool(_SAYS_COMPLETE.search(plain)) and not _NOT_COMPLETE.search(plain)


# --- dates -----------------------------------------------------------------------------


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]  # the month regexes are ASCII-only, so every match is a key


def parse_document_date(text: str) -> str | None:
    """An ISO date from a heading date: `YYYY-MM-DD`, or `YYYY-MM` when only a month is given.

    UK numeric dates are day first.

    >>> [parse_document_date(s) for s in ["29 March 2019", "10/06/2019", "12th November 2018", "APRIL 2020", "2022-11-24"]]
    ['2019-03-29', '2019-06-10', '2018-11-12', '2020-04', '2022-11-24']
    """
    if m := _DAY_MONTH_YEAR.search(text):
        day, month, year = int(m[1]), _month(m[2]), int(m[3])
    elif m := _ISO_DATE.search(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _NUMERIC_DATE.search(text):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    elif m := _MONTH_YEAR.search(text):
        return f"{int(m[2]):04d}-{_month(m[1]):02d}"
    else:
        return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:  # "31 February 2019", "30/02/2019"
        return None


def parse_date_range(text: str) -> tuple[str, str] | None:
    """The first and last day of a span of days within one month (an inspection's fieldwork), as
    ISO dates; None when the text names no such span.

    >>> parse_date_range("of youth offending work 12th–14th November 2012 by HM Inspectorate")
    ('2012-11-12', '2012-11-14')
    >>> parse_date_range("14 November 2012"), parse_date_range("14–12 November 2012")
    (None, None)
    """
    m = _DAY_RANGE.search(text)
    if not m:
        return None
    try:
        first, last = (datetime.date(int(m[4]), _month(m[3]), int(day)) for day in (m[1], m[2]))
    except ValueError:  # "30th–31st February 2012"
        return None
    return (first.isoformat(), last.isoformat()) if first < last else None


def target_dates(text: str) -> list[str]:
    """Every month a target cell names, as `YYYY-MM`, in order; a range gives its end.

    >>> target_dates("October – December 2020"), target_dates("May 2019  May 2019"), target_dates("Way 2013")
    (['2020-12'], ['2019-05', '2019-05'], [])
    """
    text = _MONTH_RANGE.sub(lambda m: f"{m[2]} {m[3]}", text)
    dates = [f"{int(m[3]):04d}-{_month(m[2]):02d}" for m in _DAY_MONTH_YEAR.finditer(text)]
    text = _DAY_MONTH_YEAR.sub(" ", text)
    dates += [f"{int(m[2]):04d}-{_month(m[1]):02d}" for m in _MONTH_YEAR.finditer(text)]
    return dates


_PARTLY = re.compile(r"\b(?:in part|part|partly|partially)\b", re.I)
_COMPLETED = re.compile(r"\b(?:complete|completed|achieved|done|in place|implemented)\b", re.I)
_ONGOING = re.compile(
    r"\b(?:ongoing|on-going|commenced|continuous|continuing|in progress|monthly|quarterly|weekly|annually)\b",
    re.I,
)
_TARGET_FILLER = re.compile(
    rf"\b(?:{_MONTH}|(?:19|20)\d\d|\d{{1,2}}(?:st|nd|rd|th)?|and|by|end|of|from|then|practice|"
    r"complete|completed|ongoing|on-going|commenced|continuous|monthly|quarterly|weekly|annually)\b",
    re.I,
)


def mentions_completion(text: str) -> bool:
    """Whether a target's words claim that something is done.

    >>> mentions_completion("Durham – completed"), mentions_completion("May 2020")
    (True, False)
    """
    return bool(_COMPLETED.search(text))


_STATED = re.compile(rf"{_COMPLETED.pattern}|\b(?:{_MONTH})\s*,?\s+(?:19|20)\d\d\b", re.I | re.A)
_LABEL_START = re.compile(r"\s*[-–—:,]?\s+(?=([A-Z][A-Za-z]+)\b)")


def _has_label(text: str) -> bool:
    """Whether text has a word other than dates and status words (`Durham`, `Training`)."""
    return bool(re.search(r"[A-Za-z]{2,}", _TARGET_FILLER.sub(" ", text)))


def split_target_parts(text: str) -> list[str]:
    """The parts of a target cell that states different things for different subjects: split at
    `;`, and where a labelled statement (`Durham – completed`) is followed by a new label.

    >>> split_target_parts("Durham – completed Cleveland – May 2020")
    ['Durham – completed', 'Cleveland – May 2020']
    >>> split_target_parts("Completed April 2019"), split_target_parts("Complete – Durham")
    (['Completed April 2019'], ['Complete – Durham'])
    """
    parts: list[str] = []
    for piece in text.split(";"):
        start = 0
        for m in _STATED.finditer(piece):
            label = _LABEL_START.match(piece, m.end())
            if (
                label
                and _has_label(piece[start : m.start()])
                and label[1].lower() not in MONTHS
                and not _TARGET_FILLER.fullmatch(label[1])
                and not (_COMPLETED.match(piece, label.end()) or _ONGOING.match(piece, label.end()))
            ):
                parts.append(piece[start : m.end()])
                start = m.end()
        parts.append(piece[start:])
    return [p for p in (collapse_spaces(part).strip(" ,") for part in parts) if p]


def _parse_target_part(text: str) -> Target:
    dates = target_dates(text)
    date = max(dates) if dates else None
    completed = mentions_completion(text)
    # Words other than dates and status words that could not be split into parts mean the cell
    # covers several things; then "completed" applies only to some of them (and a warning says so).
    labelled = _has_label(text)
    status: TargetStatus
    if completed and _PARTLY.search(text):
        status = "partly-completed"  # "Partially completed": only done in part
    elif completed and not (labelled and date):
        status = "completed"
    elif date:
        status = "planned"
    elif _ONGOING.search(text):
        status = "ongoing"
    else:
        status = "unknown"
    return Target(text=text, date=date, status=status)


def _joined(text: str, parts: Sequence[Target]) -> Target:
    """One target from its parts: the latest date, and a status that claims no more than the
    parts do — `partly-completed` (each part kept) when some are done and others are not."""
    parts = [leaf for part in parts for leaf in (part.parts or (part,))]
    if len(parts) == 1:
        return replace(parts[0], text=text)
    dates = [t.date for t in parts if t.date]
    statuses = {t.status for t in parts}
    status: TargetStatus
    if len(statuses) == 1:
        status = statuses.pop()
    elif statuses & {"completed", "partly-completed"}:
        return Target(text=text, date=max(dates) if dates else None, status="partly-completed", parts=tuple(parts))
    else:
        status = next((s for s in ("planned", "unknown", "ongoing") if s in statuses), "unknown")
    return Target(text=text, date=max(dates) if dates else None, status=status)


def parse_target(text: str) -> Target:
    """A target date cell as verbatim text, an ISO month (the latest named) and a status.

    >>> parse_target("Completed April 2019")
    Target(text='Completed April 2019', date='2019-04', status='completed', parts=())
    >>> parse_target("Ongoing practice").status, parse_target("May 2019").status
    ('ongoing', 'planned')
    >>> parse_target("Way 2013")
    Target(text='Way 2013', date=None, status='unknown', parts=())
    >>> [(p.text, p.status) for p in parse_target("Durham – completed Cleveland – May 2020").parts]
    [('Durham – completed', 'completed'), ('Cleveland – May 2020', 'planned')]
    """
    text = collapse_spaces(text)
    parts = split_target_parts(text)
    if len(parts) <= 1:
        return _parse_target_part(text)
    return _joined(text, [_parse_target_part(p) for p in parts])


def combine_targets(texts: Sequence[str]) -> Target:
    """One target for several target cells kept with one action: the latest date, and a
    status that claims no more than all of them share.

    >>> combine_targets(["Completed", "June 2019"]).status
    'partly-completed'
    >>> combine_targets([])
    Target(text='', date=None, status='unknown', parts=())
    """
    targets = [parse_target(t) for t in texts]
    if len(targets) == 1:
        return targets[0]
    if not targets:
        return Target(text="", date=None, status="unknown")
    return _joined("; ".join(t.text for t in targets), targets)


# --- providers -------------------------------------------------------------------------

PROVIDER_TYPES: tuple[tuple[str, ProviderType], ...] = (
    ("Community Rehabilitation Company", "CRC"),
    ("National Probation Service", "NPS"),
    ("Youth Justice Service", "YJS"),
    ("Youth Offending Service", "YJS"),  # the names youth justice services were known by
    ("Youth Offending Team", "YJS"),
    ("YJS", "YJS"),
    ("YOS", "YJS"),
    ("YOT", "YJS"),
)
NATIONAL: ProviderType = "national"  # the national bodies answering a thematic inspection
PROVIDER_TYPE_NAMES: dict[ProviderType, str] = {
    "CRC": "Community Rehabilitation Company",
    "NPS": "National Probation Service",
    "YJS": "Youth Justice Service (also known as Youth Offending Team or Service, YOT/YOS)",
    NATIONAL: "national bodies answering a thematic inspection",
}


def slugify(text: str) -> str:
    """A lowercase ASCII slug: words joined by hyphens, `&` read as `and`.

    >>> slugify("Warwickshire & West Mercia CRC")
    'warwickshire-and-west-mercia-crc'
    """
    text = unicodedata.normalize("NFKD", text.replace("&", " and ")).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def clean_provider_name(name: str) -> str:
    """The provider's full name as the heading gives it, tidied.

    >>> clean_provider_name("Warwickshire &  West Mercia Community Rehabilitation Company.")
    'Warwickshire and West Mercia Community Rehabilitation Company'
    """
    name = collapse_spaces(strip_tags(name).replace("&", " and ")).strip(" .,:;")
    return name


def make_provider(full_name: str, short_name: str, national: bool = False) -> Provider:
    """A `Provider` from the heading's full name and the short name the table uses; `national`
    for the bodies answering a thematic inspection.

    >>> make_provider("South West and South Central National Probation Service", "SWSC NPS")
    Provider(name='South West and South Central National Probation Service', short_name='SWSC NPS', type='NPS', slug='south-west-and-south-central-nps', council='')
    """
    name = clean_provider_name(full_name)
    kind: ProviderType = "other"
    short_kind = name
    for phrase, code in [] if national else PROVIDER_TYPES:
        if re.search(rf"\b{phrase}s?\b", name, re.I):  # "Youth Offending Services" too
            kind = code
            short_kind = re.sub(rf"\b{phrase}s?\b", code, name, flags=re.I)
            break
    kind = NATIONAL if national else kind
    return Provider(name=name, short_name=collapse_spaces(short_name), type=kind, slug=slugify(short_kind))


# A council's name, and the place it names: "Rotherham Metropolitan Borough Council" -> "Rotherham".
_COUNCIL = re.compile(
    r"^(?:the\s+)?(?:(?:royal\s+)?(?:london\s+)?borough\s+of\s+|city\s+(?:and\s+county\s+)?of\s+|county\s+of\s+)?"
    r"(?P<place>.+?)\s*(?:(?:metropolitan\s+)?(?:borough|district|county|city)\s+)?council$",
    re.I,
)
_COUNCIL_PREFIX = re.compile(
    r"^(?:the\s+)?(?:(?:royal\s+)?(?:london\s+)?borough|city|county)\s+(?:and\s+county\s+)?of\s+", re.I
)


def council_place(council: str) -> str:
    """The place a council is named after, for naming its service.

    >>> council_place("Rotherham Metropolitan Borough Council"), council_place("London Borough of Lambeth")
    ('Rotherham', 'Lambeth')
    >>> council_place("Kestrel Borough Council"), council_place("City of Westmoor Council")
    ('Kestrel', 'Westmoor')
    """
    name = collapse_spaces(council).strip(" .,:;")
    if m := _COUNCIL.match(name):
        return collapse_spaces(m["place"])
    return _COUNCIL_PREFIX.sub("", name)


# --- cell text -------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?(/?)>")
_BOLD_MARK, _ITALIC_MARK = "\x02", "\x03"  # where <b>/<i> were; Markdown in item text, dropped elsewhere
_EMPHASIS = {"b": _BOLD_MARK, "strong": _BOLD_MARK, "i": _ITALIC_MARK, "em": _ITALIC_MARK}
_INLINE_TAGS = {"b", "i", "em", "strong", "u", "span", "a", "font", "sup", "sub", "small", "abbr", "s", "mark"}


def strip_tags(text: str) -> str:
    """Plain text of an HTML fragment: tags removed (block tags leave a space), entities decoded.

    >>> strip_tags('<p>Rate &amp; <b>card</b></p><script>x</script>')
    'Rate & card x'
    """
    text = _TAG.sub(lambda m: "" if m[2].lower() in _INLINE_TAGS else " ", text)
    return collapse_spaces(html.unescape(text))


def is_lead_in(text: str) -> bool:
    """Whether text ends as a lead-in does, with a colon (emphasis marks aside).

    >>> is_lead_in("**Training – DDC will:**"), is_lead_in("Done.")
    (True, False)
    """
    return text.rstrip("*").rstrip().endswith(":")


@dataclass
class Item:
    """One item of a cell: a lead line and the sub-items listed under it."""

    lead: str
    subs: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return ([self.lead] if self.lead else []) + [f"- {sub}" for sub in self.subs]

    @property
    def is_heading(self) -> bool:
        """A lead-in such as "Training – DDC CRC will:" (bold or not) with nothing under it yet."""
        return not self.subs and is_lead_in(self.lead)

    def last_text(self) -> str:
        return self.subs[-1] if self.subs else self.lead


# Boundaries inside a cell: paragraphs and list items (HTML), bullets, a double space
# (the text extraction's paragraph break), "a) " sub-items, and "3. " numbered items.
_PARAGRAPH = "\x1e"
_BREAK = "\x1d"
_LIST_ITEM = "\x1f"
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "ol",
    "tr",
    "td",
    "th",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "blockquote",
}
_SUB_ITEM = re.compile(r"(?:^|(?<=\s))\(?([a-z])\)\s+(?=\S)")
_NUMBERED = re.compile(r"(?:^|(?<=[.;:!?]\s))(\d{1,2})\.?\s+(?=[A-Z])")
_BOUNDARY = re.compile(f"([{_PARAGRAPH}{_BREAK}{_LIST_ITEM}])")


def _mark_boundaries(cell: str) -> str:
    def tag(m: re.Match[str]) -> str:
        name = m[2].lower()
        if name in {"li", "ul"}:
            return _PARAGRAPH if m[1] else _LIST_ITEM
        if name in _BLOCK_TAGS:
            return _PARAGRAPH
        if name in _EMPHASIS:
            return _EMPHASIS[name]  # bold and italics are kept, as Markdown
        return "" if name in _INLINE_TAGS else " "

    text = html.unescape(_TAG.sub(tag, cell))
    text = text.replace("•", _LIST_ITEM)
    return re.sub(r"[ \t]{2,}", _BREAK, text)


def _blocks(cell: str) -> list[tuple[str, str]]:
    """`(kind, text)` pieces of a cell; kind is the boundary before the piece."""
    kind, blocks = _PARAGRAPH, []
    for piece in _BOUNDARY.split(_mark_boundaries(cell)):
        if _BOUNDARY.fullmatch(piece):
            kind = piece
        elif piece.strip():
            for n, chunk in enumerate(_split_numbered(piece)):
                blocks.append((kind if n == 0 else _BREAK, chunk))
    return blocks


def split_items(cell: str) -> list[Item]:
    """Split a cell into its items, keeping lists as lists.

    A lead-in ending in ':' takes the list items and broken-off paragraphs after it as
    its sub-items (an HTML paragraph ends it); sub-items marked `a)`, `b)` belong to the
    item before them; anything else stands alone.

    >>> split_items("<p>SWSC will act by:</p> <ul> a) Reviewing WMT. b) Producing data.</ul> <p>Done.</p>")
    [Item(lead='SWSC will act by:', subs=['a) Reviewing WMT.', 'b) Producing data.']), Item(lead='Done.', subs=[])]
    >>> [i.lead for i in split_items("<ul> • Workshops. • Guidance.</ul>")]
    ['Workshops.', 'Guidance.']
    >>> split_items("Training – DDC will:  Develop it.  Audit it.")
    [Item(lead='Training – DDC will:', subs=['Develop it.', 'Audit it.'])]
    """
    items: list[Item] = []
    open_heading = False
    for kind, chunk in _blocks(cell):
        chunk = chunk.replace(_BOLD_MARK, "**").replace(_ITALIC_MARK, "*")
        parts = [collapse_spaces(s) for s in _split_sub_items(chunk, _next_sub_letter(items))]
        lead, subs = parts[0], [s for s in parts[1:] if s]
        starts_heading = kind == _BREAK and is_lead_in(lead)
        if open_heading and kind in (_LIST_ITEM, _BREAK) and lead and not starts_heading:
            items[-1].subs.append(lead)
            items[-1].subs.extend(subs)
            continue
        if not lead and items:
            items[-1].subs.extend(subs)
            continue
        items.append(Item(lead, subs))
        open_heading = is_lead_in(lead)
    return items


def _next_sub_letter(items: list[Item]) -> str:
    """The letter a list of `a)`, `b)` sub-items would go on with, after the last item's subs."""
    if items and items[-1].subs and (m := re.match(r"\(?([a-y])\)\s", items[-1].subs[-1])):
        return chr(ord(m[1]) + 1)
    return "a"


def _split_numbered(text: str) -> list[str]:
    starts = [m.start() for m in _NUMBERED.finditer(text) if text[: m.start()].strip()]
    bounds = [0, *starts, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _split_sub_items(text: str, first: str = "a") -> list[str]:
    """`"lead a) one b) two"` -> `["lead", "a) one", "b) two"]` (only for a run a, b, c…).

    `first` is the letter the run may start from: "c" when a paragraph carries on a list that
    ended with "b)" in the paragraph before (each sub-item typed as its own paragraph).

    >>> _split_sub_items("c) three d) four", first="c")
    ['', 'c) three ', 'd) four']
    """
    expected, starts = first, []
    for m in _SUB_ITEM.finditer(text):
        if m[1] == expected:
            starts.append(m.start())
            expected = chr(ord(expected) + 1)
    if not starts and first != "a":
        return _split_sub_items(text)
    if not starts:
        return [text]
    bounds = [0, *starts, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def split_cell_list(cell: str) -> list[str]:
    """Split an owner or target cell into its entries (HTML paragraphs or double spaces).

    >>> split_cell_list("<p>Director</p> <p>Deputy Director</p>"), split_cell_list("May 2019  May 2019")
    (['Director', 'Deputy Director'], ['May 2019', 'May 2019'])
    """
    pieces = _BOUNDARY.split(_mark_boundaries(cell).replace(_BOLD_MARK, "").replace(_ITALIC_MARK, ""))
    return [collapse_spaces(p) for p in pieces if collapse_spaces(p) and not _BOUNDARY.fullmatch(p)]


def split_targets(cell: str) -> list[str]:
    """Target entries: as `split_cell_list`, and a bare run of months split into one each.

    >>> split_targets("May 2019 May 2019"), split_targets("Durham – completed Cleveland – May 2020")
    (['May 2019', 'May 2019'], ['Durham – completed Cleveland – May 2020'])
    """
    entries: list[str] = []
    for entry in split_cell_list(cell):
        months = list(_MONTH_YEAR.finditer(entry))
        if len(months) > 1 and not _MONTH_YEAR.sub("", entry).strip():
            entries.extend(m[0] for m in months)
        else:
            entries.append(entry)
    return entries


# --- sentence tests ----------------------------------------------------------------------

_CONNECTORS = {"and", "or", "of", "for", "to", "the", "a", "an", "in", "with", "by", "on", "&", "-", "–", "/"}


def ends_sentence(text: str) -> bool:
    """Whether text ends as a finished sentence or lead-in does.

    >>> ends_sentence("Heads of Area."), ends_sentence("at CRC, Local"), ends_sentence("will:")
    (True, False, True)
    """
    return bool(re.search(r"[.!?:;)\]\"'”’]\s*$", text))


def starts_lowercase(text: str) -> bool:
    """Whether text starts mid-sentence (a lowercase letter).

    >>> starts_lowercase("failure to attend"), starts_lowercase("Training")
    (True, False)
    """
    m = re.search(r"[A-Za-z]", text)
    return m is not None and text[m.start()].islower() and m.start() < 3


def is_incomplete_phrase(text: str) -> bool:
    """Whether a name or phrase was cut short: an open bracket or a trailing connector.

    >>> is_incomplete_phrase("JIU (Transitioning to KSS Excellence and"), is_incomplete_phrase("JIU Lead")
    (True, False)
    """
    words = text.split()
    return (
        text.count("(") > text.count(")")
        or bool(words and words[-1].lower().rstrip(",") in _CONNECTORS)
        or text.rstrip().endswith(",")
    )


def is_fragment_start(text: str) -> bool:
    """Whether text is the tail of a phrase cut short: an unmatched `)` or a lowercase start.

    >>> is_fragment_start("Effectiveness function )"), is_fragment_start("JIU (E&E)")
    (True, False)
    """
    return text.count(")") > text.count("(") or starts_lowercase(text)


def looks_garbled(text: str) -> bool:
    """Whether a short cell is OCR noise rather than words: long runs of one letter.

    >>> looks_garbled("IIIIGIIIII GFO"), looks_garbled("Interim CPO")
    (True, False)
    """
    return bool(re.search(r"([A-Za-z])\1{3,}", text))


def words(text: str) -> list[str]:
    """The words of a text, lowercased, for coverage checks (letters only, two or more).

    >>> words("<p>Rate-card & OASys (2019)</p>")
    ['rate', 'card', 'oasys']
    """
    return re.findall(r"[a-z]{2,}", strip_tags(normalise_unicode(text)).lower())


_VERSION_NOTE = re.compile(
    r"^(?:#+\s*)?(?:action plan\s*[:–—-]?\s*(?:update|progress)|updated action plan|progress update|update on progress|"
    r"version\s+\d+\b|v\d+\s*[–—-])",
    re.I,
)


def version_note(lines: Sequence[str]) -> str | None:
    """The heading line that says a plan updates an earlier one, as written; None when none does.
    Only a short line that starts with such words counts: an introduction that mentions updates does not.

    >>> version_note(["Action Plan Submitted: 1 March 2021", "Version 3 – progress at March 2021"])
    'Version 3 – progress at March 2021'
    >>> version_note(["Action Plan Update December 2021"]), version_note(["Progress update: January 2020"])
    ('Action Plan Update December 2021', 'Progress update: January 2020')
    >>> version_note(["ACTION PLAN: Update December 2021"])
    'ACTION PLAN: Update December 2021'
    >>> version_note(["The action plan will be updated every quarter.", "Action Plan Submitted: 1 May 2020"]) is None
    True
    """
    for line in lines:
        text = collapse_spaces(strip_tags(line))
        if len(text) <= 80 and _VERSION_NOTE.match(text):
            return text
    return None
