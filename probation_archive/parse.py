"""Rows -> Plan: find the headings and the action-plan table, and read it row by row.

The table's columns are recognised by meaning from its header (`table.read_header`): the HMPPS
table (Rec No | Recommendation | Agreed/Partly Agreed/Not Agreed | Response Action Taken/Planned
| Responsible Owner | Target Date), a youth justice plan's, a thematic plan's. Extractions break
it in many ways (cells lost or split, a recommendation spread over rows, lists over several
rows with one owner and date per row); every row is first fitted to the header's columns
(`table.fit_row`), then read by a small state machine. Whatever cannot be placed becomes a
warning. A column the table does not have is None in the record, never guessed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .model import (
    Action,
    Inspection,
    InspectionKind,
    Location,
    ParseWarning,
    Plan,
    Provider,
    Recommendation,
    Row,
    SourceError,
    Status,
)
from .normalise import (
    Item,
    collapse_spaces,
    combine_targets,
    council_place,
    ends_sentence,
    is_fragment_start,
    is_incomplete_phrase,
    is_lead_in,
    looks_garbled,
    make_provider,
    mentions_completion,
    parse_date_range,
    parse_document_date,
    parse_rag,
    parse_status,
    parse_target,
    progress_says_complete,
    split_cell_list,
    split_items,
    split_targets,
    starts_lowercase,
    strip_tags,
    version_note,
)
from .table import (
    LEAD_IN,
    REC_NUMBER,
    TableLayout,
    TableRow,
    cells_of,
    classify_row,
    fit_row,
    is_key,
    lead_in_row,
    read_header,
    section_addressee,
    summary_entry,
)

HMPPS = "HM Prison and Probation Service"
MOJ = "the Ministry of Justice"

# A recommendation's reference when it is not a plain number: `1.2`, `R3`, `S40`.
REC_REF = re.compile(r"^\s*((?:[A-Z]{1,2}\s?\d{1,3}(?:\.\d{1,3})*)|(?:\d{1,3}(?:\.\d{1,3})+))\s*[.):]?\s*$")
# An action's reference under its recommendation: `1a`, `1 b)`.
ACTION_REF = re.compile(r"^\s*(\d{1,3})\s?([a-z])\s*[.):]?\s*$")
_JOINED_NUMBER = re.compile(r"^\s*(\d{1,2})[.)]?\s+(?=[A-Z])")
_ITEM_NUMBER = re.compile(r"^\d{1,2}[.)]?\s+(?=[A-Z(\"'‘“])")


@dataclass
class ActionDraft:
    """Actions in the making: the items of an action cell and the owners and dates beside them."""

    items: list[Item]
    owners: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    where: Location | None = None
    ref: str | None = None
    agencies: list[str] = field(default_factory=list)
    progress: list[str] = field(default_factory=list)
    rags: list[str] = field(default_factory=list)


@dataclass
class RecDraft:
    number: int | None
    addressee: str
    where: Location
    text: list[str] = field(default_factory=list)
    status: Status | None = None
    rationale: list[str] = field(default_factory=list)
    drafts: list[ActionDraft] = field(default_factory=list)
    heading: str = ""
    wheres: list[Location] = field(default_factory=list)
    ref: str | None = None

    @property
    def label(self) -> str:
        """How the plan numbers it: `3`, `R3`."""
        return self.ref or str(self.number)


def canonical_addressee(who: str, provider: Provider) -> str:
    """Who must act, named the same way everywhere: the provider, HMPPS or the MoJ.

    >>> p = make_provider("Durham Tees Valley Community Rehabilitation Company", "DTV CRC")
    >>> canonical_addressee("Her Majesty's Prison and Probation Service", p), canonical_addressee("The CRC", p)
    ('HM Prison and Probation Service', 'Durham Tees Valley Community Rehabilitation Company')
    """
    text = collapse_spaces(who).strip(" :.,")
    lower = text.lower()
    if "ministry of justice" in lower or re.search(r"\bmoj\b", lower):
        return MOJ
    if "prison and probation service" in lower or re.search(r"\bhmpps\b", lower):
        return HMPPS
    if re.search(r"\b(?:board|manager|partnership)\b", lower):
        return text  # a body of the service, named as the plan names it ("The YOT Management Board")
    provider_words = (
        r"\b(crc|nps|yos|yot|yjs|division|community rehabilitation company|national probation service"
        r"|youth offending|youth justice service)\b"
    )
    names = (provider.name.lower(), provider.short_name.lower())
    if re.search(provider_words, lower) or any(difflib.SequenceMatcher(None, lower, n).ratio() > 0.6 for n in names):
        return provider.name
    return text


# --- the plan ---------------------------------------------------------------------------


# What each line above the table says, and the patterns that say so: like the table's `COLUMN_ROLES`,
# a line is read by the first role whose pattern it matches, so the order matters ("Version 3 –
# progress updated 30/06/2023" is a version line, not the plan's submission date; "Improvement plan
# following the inspection of …" names the inspection before any service plan is looked for).
# `value` is what the line gives; a role with no `value` is read and only accounted for.
_SERVICE = (
    r"youth\s+(?:offending|justice)(?:\s+(?:service|team|partnership)s?)?|yot|yos|yjs"
    r"|community\s+rehabilitation\s+company|national\s+probation\s+service|crc|nps"
)
HEADING_ROLES: tuple[tuple[str, str], ...] = (
    (
        "submitted",
        r"^(?:date\s+(?:of\s+)?)?(?:(?:improvement|action)\s+)*"
        r"(?:(?:plan\s+)?(?:submitted|submission(?:\s+date)?)|plan\s+agreed(?:\s+by\s+[^:]*)?)\b\s*:?\s*(?P<value>.*)$",
    ),
    (
        "published",
        r"^(?:date\s+(?:of\s+)?(?:the\s+)?(?:inspection\s+)?report(?:'s)?\s+publication"
        r"|(?:the\s+)?(?:hmi\s+probation\s+|inspection\s+)?report\s+(?:published|publication(?:\s+date)?|date))"
        r"\b\s*(?:on\s+)?:?\s*(?P<value>.*)$",
    ),
    # before "short-name": "ACTION PLAN: Update December 2021" names a version, not the provider
    (
        "updated",
        r"^(?:#+\s*)?(?:version\b|v\d|(?:progress\s+)?(?:last\s+)?updated\b|(?:latest\s+|last\s+)?progress\s+update"
        r"|action\s+plan\s*[:–—-]?\s*(?:update[ds]?|progress)\b)",
    ),
    ("rating", r"^(?:overall\s+(?:inspection\s+)?(?:rating|judgement|grade)|(?:inspection\s+)?rating\s*:)"),
    ("rag-key", r"^(?:rag\s+(?:key|ratings?|status)|key\s*:)|^red\b.*\bamber\b.*\bgreen\b"),
    (
        "response",
        r"^a\s+response\s+to\s+the\s+hmi\s+probation\s+(?:(?P<kind>thematic|joint)\s+)?inspection\b\s*:?\s*(?P<value>.*)$",
    ),
    ("short-name", r"^(?:#+\s*)?action\s+plan\s*:\s*(?P<value>.+)$"),
    (
        "in-response",
        r"^in\s+response\s+to\s+(?:the\s+|an?\s+)?"
        r"(?P<value>(?=.*\b(?:inspection|screening|inspectorate|hmi\s+probation)\b).+)$",
    ),
    (
        "following",
        r"^(?:an?\s+|the\s+)?(?:(?:improvement|action)\s+)+plan\s+(?:following|in\s+response\s+to|after)\s+"
        r"(?:the\s+|an?\s+)?(?P<title>(?:(?P<kind>joint|thematic)\s+)?inspection\s+of\s+(?P<service>.+?)\s+in\s+"
        r"(?P<value>.+?))\s*$",
    ),
    (
        "service-plan",
        rf"^(?P<value>.*?\b(?:{_SERVICE})\b.*?)\s*[-–—:,]?\s*(?:(?:improvement|action)\s+)+plan\b.*$",
    ),
    (
        "council",
        r"^(?P<value>(?:the\s+)?(?:(?:royal\s+)?(?:london\s+)?borough|city|county)\s+of\s+[\w'’ -]+"
        r"|[\w'’&, -]+?\s+council)$",
    ),
    ("directorate", r"^(?P<value>(?:[\w'’&,]+\s+){0,6}?(?:services?|directorate|department))$"),
    ("introduction", r"^(?:#+\s*)?(?:\d+\.?\s*)?introduction\b"),
)
# A line naming a body ("National Probation Service") carries on a name or title broken over lines.
_BODY_ROLES, _CARRIED_ON = {"council", "directorate"}, {"response", "inspection", "in-response"}
_HEADING_PATTERNS = tuple((role, re.compile(pattern, re.I)) for role, pattern in HEADING_ROLES)
_MAX_HEADING_WORDS = 30
_RAG_LINE = re.compile(r"^(?:red|amber|green|blue|black|grey|complete[d]?)\b", re.I)
_NAMES_INSPECTORATE = re.compile(r"\b(?:inspectorate\s+of\s+probation|hmi\s+probation)\b", re.I)
DATE_FORMS = "a date such as '24 November 2022', '24/11/2022', '2022-11-24' or 'November 2022'"
PROVIDER_HEADINGS = (
    "'A Response to the HMI Probation Inspection: <provider>', '<service> – Improvement Action Plan' "
    "(under its council's name or not), 'Improvement plan following the inspection of <service> in <place>' "
    "or 'ACTION PLAN: <provider>'"
)
_DATE_ROLES = {
    "submitted": ("plan submission date", "Action Plan Submitted: 24 November 2022"),
    "published": ("report publication date", "Report Published: 24 November 2022"),
}


def heading_role(line: str) -> tuple[str, re.Match[str]] | None:
    """What a line above the table says, by the first of `HEADING_ROLES` it matches; None for a line
    that is not a heading (a sentence of the introduction, a long paragraph).

    >>> heading_role("Plan submitted: 24/11/2022")[0], heading_role("Version 3 – progress updated 2023-06-30")[0]
    ('submitted', 'updated')
    >>> heading_role("Plan agreed by the Youth Justice Management Board: 12th January 2023")[0]
    'submitted'
    >>> heading_role("In response to the report, HMPPS/MoJ are required to draft an action plan. It is published.")
    """
    if len(line.split()) > _MAX_HEADING_WORDS or re.search(r"[.!?]\s+[A-Z]", line):
        return None
    return next(((role, m) for role, pattern in _HEADING_PATTERNS if (m := pattern.match(line))), None)


def _service_name(words: str) -> str:
    """A service as a plan names its kind, as a name: "youth justice services" -> "Youth Justice Service"."""
    singular = re.sub(r"\b(service|team|partnership)s\b", r"\1", collapse_spaces(words), flags=re.I)
    return " ".join(w[:1].upper() + w[1:] for w in singular.split())


def _capitalised(text: str) -> str:
    text = collapse_spaces(text).strip(" .,:;")
    return text[:1].upper() + text[1:]


def inspection_kind(word: str | None) -> InspectionKind:
    """What kind of inspection a heading's word names: `thematic`, `joint`, else the provider's own.

    >>> inspection_kind("Thematic"), inspection_kind(None)
    ('thematic', 'provider')
    """
    lower = (word or "").lower()
    return "thematic" if lower == "thematic" else "joint" if lower == "joint" else "provider"


@dataclass
class Headings:
    """What the lines above the table say the plan is: its provider (and the council it belongs to),
    the inspection it answers, and its dates; and the lines read only to be accounted for (a
    version or progress-updated line, an overall rating, a RAG key)."""

    submitted: str | None = None
    published: str | None = None
    provider_name: str = ""
    short_name: str = ""
    council: str = ""
    directorate: str = ""
    inspection_kind: InspectionKind | None = None  # when the heading says so
    inspection_title: str = ""
    fieldwork: tuple[str, str] | None = None
    updated: str = ""
    rating: str = ""
    rag_key: list[str] = field(default_factory=list)
    undated: dict[str, str] = field(default_factory=dict)  # a date role's line that gives no date

    def inspection(self, provider: Provider) -> Inspection:
        """The inspection the plan answers: as its heading names it, else the inspection of its provider."""
        start, end = self.fieldwork or (None, None)
        if self.inspection_title:
            return Inspection(self.inspection_kind or "provider", self.inspection_title, start, end)
        return replace(Inspection.of_provider(provider.name), fieldwork_start=start, fieldwork_end=end)

    def date_warnings(self) -> list[ParseWarning]:
        """One line for each date not found, saying what was looked for."""
        warnings = []
        for role, (what, example) in _DATE_ROLES.items():
            if getattr(self, role) is not None:
                continue
            if line := self.undated.get(role):
                warnings.append(ParseWarning(f"no {what}: {line!r} gives no date ({DATE_FORMS})"))
            else:
                warnings.append(ParseWarning(f"no {what} (looked for a line such as '{example}')"))
        return warnings

    def read(self, role: str, m: re.Match[str], line: str) -> str:
        """Take in one heading line; returns the role that a following line may continue."""
        value = (m.groupdict().get("value") or "").strip()
        if role in _DATE_ROLES:
            if getattr(self, role) is None:
                date = parse_document_date(value)
                setattr(self, role, date)
                if date is None:
                    self.undated.setdefault(role, line)
        elif role == "updated":
            self.updated = self.updated or line
        elif role == "rating":
            self.rating = self.rating or line
        elif role == "rag-key":
            self.rag_key.append(line)
        elif role == "short-name":
            self.short_name = self.short_name or value
        elif role == "response" and m["kind"]:
            self.inspection_kind, self.inspection_title = inspection_kind(m["kind"]), value
            return "inspection"
        elif role == "response":
            self.provider_name = value
        elif role == "in-response" and not self.inspection_title:
            self.name_inspection(value)
            return "in-response"
        elif role == "following" and not self.provider_name:
            place = collapse_spaces(value)
            if re.search(r"\bcouncil$", place, re.I):
                self.council, place = place, council_place(place)
            self.provider_name = f"{place} {_service_name(m['service'])}"
            self.inspection_kind = inspection_kind(m["kind"])
            self.inspection_title = _capitalised(m["title"])
        elif role == "service-plan" and not self.provider_name:
            self.provider_name = value.strip(" -–—:,")
        elif role == "council" and not self.council:
            self.council = value
        elif role == "directorate" and self.council and not self.provider_name:
            self.directorate = value
        return role

    def name_inspection(self, words: str) -> None:
        """The inspection named by an "In response to …" line (which may carry on to the next line)."""
        self.inspection_title = _capitalised(f"{self.inspection_title} {words}")
        lower = self.inspection_title.lower()
        self.inspection_kind = inspection_kind(
            "thematic" if "thematic" in lower else "joint" if "joint" in lower else None
        )
        self.fieldwork = parse_date_range(self.inspection_title)

    def finish(self) -> None:
        """A service named under its council's name is that council's service: "Youth Offending
        Services" under "Rotherham Metropolitan Borough Council" is Rotherham's."""
        if self.council and self.provider_name and re.match(rf"^(?:{_SERVICE})\b", self.provider_name, re.I):
            self.provider_name = f"{council_place(self.council)} {self.provider_name}"
        if not self.provider_name:
            self.provider_name = self.short_name


def read_headings(lines: Sequence[str]) -> Headings:
    """The plan's dates, provider and inspection from the lines before the table (`HEADING_ROLES`).

    A response to a thematic or joint inspection names the inspection (its title) rather than a
    provider; the provider is then the body the `ACTION PLAN:` heading names. A line that is no
    heading carries on the provider's name, the inspection's title or the RAG key above it.

    >>> h = read_headings(["Kestrel Borough Council", "Youth Offending Service – Improvement Action Plan",
    ...                    "Report published: 2022-11-24", "Plan submitted: January 2023"])
    >>> h.provider_name, h.council, h.published, h.submitted
    ('Kestrel Youth Offending Service', 'Kestrel Borough Council', '2022-11-24', '2023-01')
    """
    found = Headings()
    current = ""
    for line in lines:
        text = collapse_spaces(strip_tags(line))
        if not text:
            continue
        matched = heading_role(text)
        if current == "rag-key" and _RAG_LINE.match(text):
            found.rag_key.append(text)  # "Green – action complete": the key's own line, whatever it says
        elif matched and not (matched[0] in _BODY_ROLES and current in _CARRIED_ON):
            current = found.read(*matched, text)
        elif current == "response":
            found.provider_name = f"{found.provider_name} {text}".strip()
        elif current == "inspection":
            found.inspection_title = f"{found.inspection_title} {text}".strip()
        elif current == "in-response" and not _NAMES_INSPECTORATE.search(found.inspection_title):
            found.name_inspection(text)
        else:
            current = ""
    found.finish()
    return found


def parse_plan(rows: Sequence[Row], source: str, source_sha256: str) -> Plan:
    """Parse one plan's rows. Raises `SourceError` when the rows are not an action plan.

    Recommendations come with no themes: they are assigned after the parse cache
    (`themes.assign_plan_themes`), so editing the taxonomy re-parses nothing."""
    all_cells = [cells_of(row) for row in rows]
    header_at, layout = find_header(all_cells, source)
    headings = read_headings([" ".join(c) for c in all_cells[:header_at]])
    if not headings.provider_name:
        raise SourceError(source, f"no provider named: looked above the table for {PROVIDER_HEADINGS}")
    national = headings.inspection_kind == "thematic"
    provider = make_provider(headings.provider_name, headings.short_name or headings.provider_name, national)
    provider = replace(provider, council=headings.council)
    reader = TableReader(provider, layout)
    for row, cells in zip(rows[header_at + 1 :], all_cells[header_at + 1 :], strict=True):
        reader.read(row.where, cells)
    recommendations = reader.finish()
    warnings = reader.warnings
    if not recommendations:
        raise SourceError(source, "the action-plan table has no recommendations")
    plan = Plan(
        source=source,
        source_sha256=source_sha256,
        provider=provider,
        submitted=headings.submitted,
        published=headings.published,
        recommendations=tuple(recommendations),
        declared_summary=reader.summary or None,
        warnings=(),
        inspection=headings.inspection(provider),
        version_note=version_note([" ".join(c) for c in all_cells[:header_at]]),
    )
    warnings.extend(headings.date_warnings())
    warnings.extend(check_targets(plan))
    warnings.extend(check_summary(plan))
    return Plan(**{**plan.__dict__, "warnings": tuple(sorted(warnings, key=lambda w: w.sort_key))})


def find_header(all_cells: Sequence[Sequence[str]], source: str) -> tuple[int, TableLayout]:
    """The index and layout of the action-plan table's header row; `SourceError` when there is none."""
    problem = None
    for n, cells in enumerate(all_cells):
        layout, why = read_header(cells)
        if layout is not None:
            return n, layout
        if why and problem is None:
            found = ", ".join(repr(collapse_spaces(c)) for c in cells if c.strip())
            problem = f"the table's columns cannot be identified: {why} (header: {found})"
    if not any("action plan" in " ".join(c).lower() for c in all_cells):
        raise SourceError(source, "not an action plan (no 'Action Plan' heading and no recommendations table)")
    raise SourceError(source, problem or "no action-plan table found (no 'Rec No … Target Date' header row)")


def check_targets(plan: Plan) -> list[ParseWarning]:
    """Warnings for targets whose status may not match their words: marked completed with a date
    after the plan was submitted (unless the action has progress or a RAG rating, columns updated after
    submission), or saying something is completed yet read as planned (the completion could not be
    placed on one part of the cell)."""
    submitted = plan.submitted_date.to_month() if plan.submitted_date else None
    warnings = []
    for rec in plan.recommendations:
        for action in rec.actions:
            target = action.target
            if target is None:
                continue
            updated_later = action.progress is not None or action.rag is not None
            due = target.due
            if submitted and not updated_later and target.status == "completed" and due and due > submitted:
                warnings.append(
                    ParseWarning(
                        f"recommendation {rec.number}: target {target.text!r} reads as completed but is dated after the plan was submitted ({submitted})"
                    )
                )
            if target.status == "planned" and mentions_completion(target.text):
                warnings.append(
                    ParseWarning(
                        f"recommendation {rec.number}: target {target.text!r} says something is completed but could "
                        "not be split into what is done and what is not; read as planned"
                    )
                )
    return warnings


def check_summary(plan: Plan) -> list[ParseWarning]:
    """Warnings where the document's own summary table disagrees with the parsed counts."""
    if not plan.declared_summary:
        return []
    counts = plan.counts()
    return [
        ParseWarning(f"summary table says {key} = {declared}, parsed {counts.get(key, 0)}")
        for key, declared in plan.declared_summary.items()
        if counts.get(key, 0) != declared
    ]


class TableReader:
    """Reads the body of the action-plan table, one row at a time."""

    def __init__(self, provider: Provider, layout: TableLayout) -> None:
        self.provider = provider
        self.layout = layout
        self.addressee = provider.name
        self.recs: list[RecDraft] = []
        self.summary: dict[str, int] = {}
        self.warnings: list[ParseWarning] = []

    def warn(self, where: Location | None, message: str) -> None:
        self.warnings.append(ParseWarning(message, where))

    @property
    def rec(self) -> RecDraft | None:
        return self.recs[-1] if self.recs else None

    # -- rows ----------------------------------------------------------------------

    def read(self, where: Location, cells: list[str]) -> None:
        kind = classify_row(cells, self.layout)
        if kind in ("blank", "header"):
            return
        if kind == "summary":
            if entry := summary_entry(cells):
                self.summary[entry[0]] = entry[1]
            return
        if where.unit == "paragraph" and kind == "body":
            self.outside_table(where, cells)
            return
        if self.summary:
            text = collapse_spaces(strip_tags(" ".join(cells)))
            self.warn(where, f"text after the summary table, not part of any recommendation: {text!r}")
            return
        if kind in ("section", "lead-in"):
            who = section_addressee(cells) or lead_in_row(cells, self.layout) or ""
            self.addressee = canonical_addressee(who, self.provider)
            return
        row = fit_row(self.layout, cells)
        number, ref, action_ref, rec_text = self.number_and_text(where, row.ref, row.recommendation)
        status = parse_status(row.status) if row.status.strip() else None
        rec = self.rec
        if action_ref and rec is not None and rec.number == number and not rec_text:
            number = None  # `1b` under recommendation 1: one of its actions
        if number is not None or ref is not None or (status and (rec is None or rec.status)):
            rec = self.start_rec(where, number, ref)
        elif rec is None:
            self.warn(where, f"text before the first recommendation: {collapse_spaces(strip_tags(' '.join(cells)))!r}")
            return
        rec.wheres.append(where)
        if rec_text:
            self.add_rec_text(where, rec, rec_text)
        if row.status.strip():
            if status and not rec.status:
                rec.status = status
            elif not status or status != rec.status:
                self.warn(
                    where,
                    f"recommendation {rec.label}: text in the status column is not a status: {collapse_spaces(strip_tags(row.status))!r}",
                )
        self.read_action(where, rec, row, action_ref)

    def outside_table(self, where: Location, cells: list[str]) -> None:
        """A paragraph the reader found outside any table (a Word document's, a web page's), below
        the header: a key or legend explains the table and is passed over; any other text is not part
        of a recommendation, and says so, since it is never read as an action."""
        if not is_key(cells):
            text = collapse_spaces(strip_tags(" ".join(cells)))
            self.warn(where, f"text outside the action-plan table, not part of any recommendation: {text!r}")

    def number_and_text(
        self, where: Location, number_cell: str, text_cell: str
    ) -> tuple[int | None, str | None, str, str]:
        """(number, reference, action reference, recommendation text) from a row's first two cells:
        `3` is recommendation 3; `R3` or `1.2` a recommendation known by that reference; `1a`
        an action of recommendation 1."""
        text = text_cell
        if m := REC_NUMBER.match(number_cell):
            return int(m[1]), None, "", text
        if m := ACTION_REF.match(number_cell):
            return int(m[1]), None, f"{m[1]}{m[2]}", text
        if m := REC_REF.match(number_cell):
            return None, m[1].replace(" ", ""), "", text
        if number_cell.strip():
            self.warn(
                where, f"rec number cell is not a number: {collapse_spaces(number_cell)!r}; read as recommendation text"
            )
            text = f"{number_cell} {text}"
        expected = (self.rec.number or len(self.recs)) + 1 if self.rec else 1
        if (m := _JOINED_NUMBER.match(strip_tags(text))) and int(m[1]) == expected:
            return expected, None, "", strip_tags(text)[m.end() :]
        return None, None, "", text

    def start_rec(self, where: Location, number: int | None, ref: str | None = None) -> RecDraft:
        if self.rec and self.rec.heading:
            self.close_heading(self.rec)
        if number is None and ref is None:
            number = (self.rec.number or 0) + 1 if self.rec else 1
            self.warn(where, f"recommendation has no number; numbered {number} from its place in the table")
        rec = RecDraft(number=number, addressee=self.addressee, where=where, ref=ref)
        self.recs.append(rec)
        return rec

    def add_rec_text(self, where: Location, rec: RecDraft, cell: str) -> None:
        text = collapse_spaces(" ".join(part for item in split_items(cell) for part in (item.lead, *item.subs)))
        if not text:
            return
        if not rec.text and (m := LEAD_IN.match(text)):
            rec.addressee = self.addressee = canonical_addressee(m["who"], self.provider)
            text = text[m.end() :]
            if not text:
                return
        if rec.text and " " not in text:
            last_word = re.sub(r"\W", "", rec.text[-1].split()[-1]).lower()
            if is_ocr_misreading(re.sub(r"\W", "", text).lower(), last_word):
                self.warn(where, f"recommendation {rec.number}: dropped {text!r}, an OCR repeat of {last_word!r}")
                return
        rec.text.append(text)

    # -- actions -------------------------------------------------------------------

    def read_action(self, where: Location, rec: RecDraft, row: TableRow, action_ref: str = "") -> None:
        """Read a row's action cells; its agency, progress and RAG go with the action it adds or carries on."""
        drafts = len(rec.drafts)
        last = rec.drafts[-1] if rec.drafts else None
        self.read_action_text(where, rec, row.action, row.owner, row.target)
        extras = [row.agency.strip(), row.progress.strip(), row.rag.strip()]
        if len(rec.drafts) > drafts:
            added = rec.drafts[drafts]
            added.ref = action_ref or None
        elif last is not None and (any(extras) or action_ref):
            added = last
            if action_ref:
                self.warn(where, f"recommendation {rec.label}: action {action_ref} has no action text")
                last.ref = last.ref or action_ref
        elif any(extras):
            added = ActionDraft([Item("")], where=where, ref=action_ref or None)
            rec.drafts.append(added)
            self.warn(where, f"recommendation {rec.label}: agency/progress/RAG with no action")
        else:
            return
        for values, extra in zip((added.agencies, added.progress, added.rags), extras, strict=True):
            if extra:
                values.append(extra)

    def read_action_text(self, where: Location, rec: RecDraft, action: str, owner: str, target: str) -> None:
        items = split_items(action)
        for item in items:
            item.lead = _ITEM_NUMBER.sub("", item.lead)
        owners = split_cell_list(owner)
        targets = split_targets(target)
        last = rec.drafts[-1] if rec.drafts else None
        if last and items and self.continues(last, items, owners, targets):
            join_item(last.items[-1], items.pop(0))
            if not items:
                self.absorb(where, rec, last, owners, targets)
                return
        if last and owners and last.owners and (is_incomplete_phrase(last.owners[-1]) or is_fragment_start(owners[0])):
            last.owners[-1] = f"{last.owners[-1]} {owners.pop(0)}"
        trailing_heading = ""
        if items and items[-1].is_heading and len(items) > max(len(owners), 1):
            trailing_heading = items.pop().lead  # a lead-in for the next row's action
        self.place_items(where, rec, last, items, owners, targets, (owner, target))
        if trailing_heading:
            rec.heading = " ".join(filter(None, [rec.heading, trailing_heading]))

    def place_items(
        self,
        where: Location,
        rec: RecDraft,
        last: ActionDraft | None,
        items: list[Item],
        owners: list[str],
        targets: list[str],
        raw: tuple[str, str],
    ) -> None:
        """Put a row's action items where they belong: a new action, the rationale, a lead-in,
        or the previous action; owners and dates with no items go to the previous action."""
        if not items:
            if last and (owners or targets):
                last.owners += owners
                last.targets += targets
            elif owners or targets:
                self.warn(where, f"recommendation {rec.number}: owner/target with no action: {raw[0]!r} {raw[1]!r}")
                rec.drafts.append(ActionDraft([Item("")], owners, targets, where))
            return
        if not owners and not targets:
            if all(item.is_heading for item in items):
                rec.heading = " ".join(filter(None, [rec.heading, *(i.lead for i in items)]))
            elif not rec.drafts and rec.status in ("partly-agreed", "not-agreed") and not rec.heading:
                rec.rationale.extend(item_text(i) for i in items)
            elif last:
                for item in items:
                    join_item(last.items[-1], item)
            else:
                self.add_draft(rec, items, owners, targets, where)
            return
        self.add_draft(rec, items, owners, targets, where)

    def add_draft(
        self, rec: RecDraft, items: list[Item], owners: list[str], targets: list[str], where: Location
    ) -> None:
        if rec.heading:
            first = items[0]
            items[0] = Item(rec.heading, ([first.lead] if first.lead else []) + first.subs)
            rec.heading = ""
        rec.drafts.append(ActionDraft(items, owners, targets, where))

    def close_heading(self, rec: RecDraft) -> None:
        """A lead-in left over at the end of a recommendation joins its last action."""
        if rec.drafts:
            rec.drafts[-1].items[-1].subs.append(rec.heading)
        else:
            rec.rationale.append(rec.heading)
        rec.heading = ""

    @staticmethod
    def continues(last: ActionDraft, items: list[Item], owners: list[str], targets: list[str]) -> bool:
        """Whether the first item of a cell carries on the previous action (a row broken mid-sentence)."""
        previous, first = last.items[-1].last_text(), items[0]
        if starts_lowercase(first.lead):
            return True
        if is_lead_in(previous) and not first.lead:
            return True
        if ends_sentence(previous) or not previous:
            return False
        if not owners and not targets:
            return True
        return len(items) > 1 and len(items) - 1 == len(owners) == len(targets)

    def absorb(self, where: Location, rec: RecDraft, last: ActionDraft, owners: list[str], targets: list[str]) -> None:
        """Owner and target cells of a row whose action text only carried on the previous action."""
        if owners and not targets and last.owners:
            last.owners[-1] = f"{last.owners[-1]} {' '.join(owners)}"  # an owner broken over a page
            return
        new_owners = [o for o in owners if o not in last.owners]
        new_targets = [t for t in targets if t not in last.targets]
        unreadable = [o for o in new_owners if looks_garbled(o)]
        unreadable += [t for t in new_targets if parse_target(t).status == "unknown"]
        if unreadable:
            self.warn(
                where,
                f"recommendation {rec.number}: ignored unreadable owner/target beside a continued action: "
                + ", ".join(map(repr, unreadable)),
            )
        last.owners += [o for o in new_owners if o not in unreadable]
        last.targets += [t for t in new_targets if t not in unreadable]

    # -- the end -------------------------------------------------------------------

    def finish(self) -> list[Recommendation]:
        """The recommendations read, built from their drafts (`build_recommendations`)."""
        for draft in self.recs:
            if draft.heading:
                self.close_heading(draft)
        recs, warnings = build_recommendations(self.recs, self.layout)
        self.warnings += warnings
        return recs


# --- the records: pure functions of the drafts ----------------------------------------------


def build_recommendations(
    drafts: Sequence[RecDraft], layout: TableLayout
) -> tuple[list[Recommendation], list[ParseWarning]]:
    """The recommendations, numbered in order, with their actions, and the warnings about what
    they lack: a number out of order, no text, no status (where the table has a status column),
    a target that is not a date."""
    recs: list[Recommendation] = []
    warnings: list[ParseWarning] = []
    previous = 0
    for draft in drafts:
        number, problem = settle_number(draft, previous)
        warnings += [ParseWarning(problem, draft.where)] if problem else []
        previous = number
        actions: list[Action] = []
        for action_draft in draft.drafts:
            made, problems = assemble_actions(draft, action_draft, layout)
            actions += made
            warnings += [ParseWarning(p, action_draft.where) for p in problems]
        text = collapse_spaces(" ".join(draft.text))
        if not text:
            warnings.append(ParseWarning(f"recommendation {number} has no text", draft.where))
        if draft.status is None and layout.has("status"):
            warnings.append(
                ParseWarning(
                    f"recommendation {number} has no status (Agreed / Partly Agreed / Not Agreed)", draft.where
                )
            )
        warnings += [
            ParseWarning(
                f"recommendation {number}: target {a.target.text!r} is not a date or a status; kept as text",
                draft.where,
            )
            for a in actions
            if a.target is not None and a.target.status == "unknown" and a.target.text
        ]
        recs.append(
            Recommendation(
                number=number,
                addressee=draft.addressee,
                text=text,
                status=draft.status,
                rationale="\n".join(draft.rationale),
                repeated=says_repeated(text),
                themes=(),
                actions=tuple(actions),
                pages=tuple(sorted({w.number for w in draft.wheres if w.unit == "page"})),
                ref=draft.ref,
            )
        )
    return recs, warnings


def settle_number(draft: RecDraft, previous: int) -> tuple[int, str | None]:
    """A recommendation's number given the one before it, and what was wrong with it, if anything.

    >>> here = Location("line", 9)
    >>> settle_number(RecDraft(3, "", here), 2), settle_number(RecDraft(2, "", here), 2)[0]
    ((3, None), 3)
    """
    expected = previous + 1
    if draft.ref is not None:
        return expected, None  # known by its reference (`R3`): numbered by its place in the plan
    if draft.number is None or draft.number <= previous:
        return expected, f"recommendation number {draft.number} repeats or goes back; numbered {expected}"
    if draft.number != expected:
        return draft.number, f"recommendation numbers skip from {previous} to {draft.number}"
    return draft.number, None


def assemble_actions(rec: RecDraft, draft: ActionDraft, layout: TableLayout) -> tuple[list[Action], list[str]]:
    """Pair items with owners and dates: N items beside N owners and N dates are N actions; any
    other mix stays one action, with a warning. Returns the actions and the warnings."""
    items, owners, targets = draft.items, draft.owners, draft.targets
    n = len(items)
    problems: list[str] = []
    if n > 1 and len(owners) in (1, n) and len(targets) in (1, n) and n in (len(owners), len(targets)):
        pieces = [
            ActionPieces([item], [owners[i % len(owners)]], targets[i % len(targets) :][:1])
            for i, item in enumerate(items)
        ]
    else:
        if n > 1 and (len(owners) > 1 or len(targets) > 1):
            problems.append(
                f"recommendation {rec.number}: {n} action items beside {len(owners)} owners and "
                f"{len(targets)} target dates; kept together as one action"
            )
        pieces = [ActionPieces(items, owners, targets)]
    if draft.rags and parse_rag("; ".join(draft.rags)) is None:
        problems.append(
            f"recommendation {rec.label}: RAG rating {'; '.join(draft.rags)!r} is not red, amber, green or complete"
        )
    return [make_action(piece, draft, layout) for piece in pieces], problems


REPEATED = re.compile(
    r"\brecommendation\s+(?:has\s+been|is|was|is\s+being)\s+repeated\s+from\s+(?:the|a|our)\s+previous\s+inspection\b",
    re.I,
)


def says_repeated(text: str) -> bool:
    """Whether a recommendation says it was repeated from the previous inspection — in the words
    the plans use ("This recommendation has been repeated from the previous inspection."), not
    any "repeated" (a recommendation may well be about repeated missed appointments).

    >>> says_repeated("Improve RMPs. This recommendation has been repeated from the previous inspection.")
    True
    >>> says_repeated("Reduce repeated missed appointments")
    False
    """
    return bool(REPEATED.search(text))


# Characters OCR confuses for one another (each pair both ways): "stakeholders" read "stakenoiders".
OCR_CONFUSABLE = {frozenset(pair) for pair in ("hn", "li", "il", "l1", "i1", "o0", "s5", "rn", "ce", "ec", "bh", "uv")}


def is_ocr_misreading(word: str, previous: str) -> bool:
    """Whether `word`, alone on a continuation row, is an OCR misreading of the `previous` word
    (a line repeated by the extraction), not a word of the text: the same length, the same first and
    last letters, and every difference a pair of shapes OCR confuses. An inflection or a plural of
    the previous word is never one (it changes the length or the ending).

    >>> is_ocr_misreading("stakenoiders", "stakeholders")
    True
    >>> is_ocr_misreading("victims", "victim"), is_ocr_misreading("reviewed", "review"), is_ocr_misreading("access", "assess")
    (False, False, False)
    """
    if not word or word == previous or len(word) != len(previous) or len(word) < 4:
        return False
    if word[0] != previous[0] or word[-1] != previous[-1]:
        return False
    return all(a == b or frozenset((a, b)) in OCR_CONFUSABLE for a, b in zip(word, previous, strict=True))


def item_text(item: Item) -> str:
    return "\n".join(item.lines())


def join_item(last: Item, item: Item) -> None:
    """Append an item that carries on `last`: mid-sentence text joins with a space."""
    if item.lead:
        tail = last.subs[-1] if last.subs else last.lead
        joined = f"{tail} {item.lead}" if not re.search(r"[.!?:]\s*$", tail) else f"{tail}\n{item.lead}"
        if last.subs:
            last.subs[-1] = joined.strip()
        else:
            last.lead = joined.strip()
    last.subs.extend(item.subs)


def action_text(items: Sequence[Item]) -> str:
    """Action text: one item as its lines; several as a Markdown-style list.

    >>> print(action_text([Item("Do A:", ["a) one"]), Item("Do B.")]))
    - Do A:
      - a) one
    - Do B.
    """
    if len(items) == 1:
        return item_text(items[0])
    lines: list[str] = []
    for item in items:
        if item.lead:
            lines.append("- " + item.lead.replace("\n", "\n  "))
            lines += [f"  - {sub}" for sub in item.subs]
        else:
            lines += [f"- {sub}" for sub in item.subs]
    return "\n".join(lines)


@dataclass(frozen=True)
class ActionPieces:
    """The items, owners and target cells that make one action."""

    items: list[Item]
    owners: list[str]
    targets: list[str]


def make_action(piece: ActionPieces, draft: ActionDraft, layout: TableLayout) -> Action:
    """One action from its pieces and the draft's agency, progress and RAG. A column the table
    lacks is None; a target reads as completed when the progress (or the RAG rating) says so."""
    progress = "\n".join(draft.progress) if layout.has("progress") else None
    rag = parse_rag("; ".join(draft.rags)) if layout.has("rag") else None
    target = combine_targets(piece.targets) if layout.has("target") else None
    if (
        target is not None
        and target.status != "completed"
        and (rag == "complete" or progress_says_complete(progress or ""))
    ):
        target = replace(target, status="completed")
    return Action(
        text=action_text(piece.items),
        owner=collapse_spaces("; ".join(piece.owners)) if layout.has("owner") else None,
        target=target,
        ref=draft.ref,
        agency=collapse_spaces("; ".join(draft.agencies)) if layout.has("agency") else None,
        progress=progress,
        rag=rag,
    )
