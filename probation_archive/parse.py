"""Rows -> Plan: find the headings and the action-plan table, and read it row by row.

The table has six columns: Rec No | Recommendation | Agreed/Partly Agreed/Not Agreed |
Response Action Taken/Planned | Responsible Owner | Target Date. Extractions break it in
many ways (cells lost or split, a recommendation spread over rows, lists over several
rows with one owner and date per row); every row is first aligned to the six columns,
then read by a small state machine. Whatever cannot be placed becomes a warning.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .model import Action, Location, ParseWarning, Plan, Provider, Recommendation, Row, SourceError
from .normalise import (
    Item,
    collapse_spaces,
    combine_targets,
    ends_sentence,
    is_fragment_start,
    is_incomplete_phrase,
    is_lead_in,
    looks_garbled,
    make_provider,
    mentions_completion,
    parse_document_date,
    parse_status,
    parse_target,
    split_cell_list,
    split_items,
    split_targets,
    starts_lowercase,
    strip_tags,
)
from .table import (
    ACTION,
    OWNER,
    REC_NO,
    REC_NUMBER,
    REC_TEXT,
    STATUS,
    TARGET,
    align_row,
    cells_of,
    header_columns,
    is_blank,
    is_summary_heading,
    missing_columns,
    section_addressee,
    summary_entry,
)

HMPPS = "HM Prison and Probation Service"
MOJ = "the Ministry of Justice"

LEAD_IN = re.compile(r"^(?P<who>[^.:]{2,140}?)\s+(?:should|must|is\s+to|are\s+to)\s*:\s*", re.I)
_JOINED_NUMBER = re.compile(r"^\s*(\d{1,2})[.)]?\s+(?=[A-Z])")
_ITEM_NUMBER = re.compile(r"^\d{1,2}[.)]?\s+(?=[A-Z(\"'‘“])")


@dataclass
class ActionDraft:
    """Actions in the making: the items of an action cell and the owners and dates beside them."""

    items: list[Item]
    owners: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    where: Location | None = None


@dataclass
class RecDraft:
    number: int | None
    addressee: str
    where: Location
    text: list[str] = field(default_factory=list)
    status: str | None = None
    rationale: list[str] = field(default_factory=list)
    drafts: list[ActionDraft] = field(default_factory=list)
    heading: str = ""
    wheres: list[Location] = field(default_factory=list)


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
    provider_words = (
        r"\b(crc|nps|yos|yot|division|community rehabilitation company|national probation service|youth offending)\b"
    )
    names = (provider.name.lower(), provider.short_name.lower())
    if re.search(provider_words, lower) or any(difflib.SequenceMatcher(None, lower, n).ratio() > 0.6 for n in names):
        return provider.name
    return text


# --- the plan ---------------------------------------------------------------------------


@dataclass
class Headings:
    submitted: str | None = None
    published: str | None = None
    provider_name: str = ""
    short_name: str = ""


def read_headings(lines: Sequence[str]) -> Headings:
    """The plan's dates and provider from the text before the table."""
    found = Headings()
    label = re.compile(
        r"^(?:#+\s*)?(action plan submitted|report published|a response to the hmi probation inspection|action plan|introduction)\b\s*:?\s*(.*)$",
        re.I,
    )
    current = ""
    for line in lines:
        text = collapse_spaces(strip_tags(line))
        m = label.match(text)
        if m:
            current, value = m[1].lower(), m[2]
            if current == "action plan submitted":
                found.submitted = parse_document_date(value)
            elif current == "report published":
                found.published = parse_document_date(value)
            elif current == "action plan" and value and not found.short_name:
                found.short_name = value
            elif current.startswith("a response"):
                found.provider_name = value
        elif current.startswith("a response") and text:
            found.provider_name = f"{found.provider_name} {text}".strip()
    return found


def parse_plan(rows: Sequence[Row], source: str, source_sha256: str) -> Plan:
    """Parse one plan's rows. Raises `SourceError` when the rows are not an action plan.

    Recommendations come with no themes: they are assigned after the parse cache
    (`themes.assign_plan_themes`), so editing the taxonomy re-parses nothing."""
    all_cells = [cells_of(row) for row in rows]
    header_at, columns = next(
        ((n, cols) for n, cells in enumerate(all_cells) if (cols := header_columns(cells)) is not None),
        (None, None),
    )
    if header_at is None or columns is None:
        if not any("action plan" in " ".join(c).lower() for c in all_cells):
            raise SourceError(source, "not an action plan (no 'Action Plan' heading and no recommendations table)")
        for cells in all_cells:
            if missing := missing_columns(cells):
                found = ", ".join(repr(collapse_spaces(c)) for c in cells if c.strip())
                raise SourceError(
                    source,
                    f"the table's columns cannot be identified: no {' / '.join(missing)} column (header: {found})",
                )
        raise SourceError(source, "no action-plan table found (no 'Rec No … Target Date' header row)")
    headings = read_headings([" ".join(c) for c in all_cells[:header_at]])
    if not headings.provider_name:
        headings.provider_name = headings.short_name
    if not headings.provider_name:
        raise SourceError(source, "no provider named (no 'A Response to the HMI Probation Inspection:' heading)")
    provider = make_provider(headings.provider_name, headings.short_name or headings.provider_name)
    reader = TableReader(provider, header_cells=all_cells[header_at])
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
    )
    if headings.submitted is None:
        warnings.append(ParseWarning("no 'Action Plan Submitted' date"))
    warnings.extend(check_targets(plan))
    warnings.extend(check_summary(plan))
    return Plan(**{**plan.__dict__, "warnings": tuple(sorted(warnings, key=lambda w: w.sort_key))})


def check_targets(plan: Plan) -> list[ParseWarning]:
    """Warnings for targets whose status may not match their words: marked completed with a date
    after the plan was submitted, or saying something is completed yet read as planned (the
    completion could not be placed on one part of the cell)."""
    submitted = (plan.submitted or "")[:7]
    warnings = []
    for rec in plan.recommendations:
        for action in rec.actions:
            target = action.target
            if submitted and target.status == "completed" and (target.date or "") > submitted:
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

    def __init__(self, provider: Provider, header_cells: Sequence[str]) -> None:
        self.provider = provider
        self.header = [collapse_spaces(c).lower() for c in header_cells]
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
        if is_blank(cells) or [collapse_spaces(c).lower() for c in cells] == self.header:
            return
        if entry := summary_entry(cells):
            self.summary[entry[0]] = entry[1]
            return
        if is_summary_heading(cells):
            return
        if self.summary:
            text = collapse_spaces(strip_tags(" ".join(cells)))
            self.warn(where, f"text after the summary table, not part of any recommendation: {text!r}")
            return
        if who := section_addressee(cells):
            self.addressee = canonical_addressee(who, self.provider)
            return
        row = align_row(cells)
        number, rec_text = self.number_and_text(where, row[REC_NO], row[REC_TEXT])
        status = parse_status(row[STATUS]) if row[STATUS].strip() else None
        rec = self.rec
        if number is not None or (status and (rec is None or rec.status)):
            rec = self.start_rec(where, number)
        elif rec is None:
            self.warn(where, f"text before the first recommendation: {collapse_spaces(strip_tags(' '.join(row)))!r}")
            return
        rec.wheres.append(where)
        if rec_text:
            self.add_rec_text(where, rec, rec_text)
        if row[STATUS].strip():
            if status and not rec.status:
                rec.status = status
            elif not status or status != rec.status:
                self.warn(
                    where,
                    f"recommendation {rec.number}: text in the status column is not a status: {collapse_spaces(strip_tags(row[STATUS]))!r}",
                )
        self.read_action(where, rec, row[ACTION], row[OWNER], row[TARGET])

    def number_and_text(self, where: Location, number_cell: str, text_cell: str) -> tuple[int | None, str]:
        text = text_cell
        if m := REC_NUMBER.match(number_cell):
            return int(m[1]), text
        if number_cell.strip():
            self.warn(
                where, f"rec number cell is not a number: {collapse_spaces(number_cell)!r}; read as recommendation text"
            )
            text = f"{number_cell} {text}"
        expected = (self.rec.number or len(self.recs)) + 1 if self.rec else 1
        if (m := _JOINED_NUMBER.match(strip_tags(text))) and int(m[1]) == expected:
            return expected, strip_tags(text)[m.end() :]
        return None, text

    def start_rec(self, where: Location, number: int | None) -> RecDraft:
        if self.rec and self.rec.heading:
            self.close_heading(self.rec)
        if number is None:
            number = (self.rec.number or 0) + 1 if self.rec else 1
            self.warn(where, f"recommendation has no number; numbered {number} from its place in the table")
        rec = RecDraft(number=number, addressee=self.addressee, where=where)
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

    def read_action(self, where: Location, rec: RecDraft, action: str, owner: str, target: str) -> None:
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
        recs: list[Recommendation] = []
        previous = 0
        for draft in self.recs:
            if draft.heading:
                self.close_heading(draft)
            number = self.settle_number(draft, previous)
            previous = number
            actions = [a for d in draft.drafts for a in self.resolve(draft, d)]
            text = collapse_spaces(" ".join(draft.text))
            if not text:
                self.warn(draft.where, f"recommendation {number} has no text")
            if draft.status is None:
                self.warn(draft.where, f"recommendation {number} has no status (Agreed / Partly Agreed / Not Agreed)")
            for action in actions:
                if action.target.status == "unknown" and action.target.text:
                    self.warn(
                        draft.where,
                        f"recommendation {number}: target {action.target.text!r} is not a date or a status; kept as text",
                    )
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
                )
            )
        return recs

    def settle_number(self, draft: RecDraft, previous: int) -> int:
        expected = previous + 1
        if draft.number is None or draft.number <= previous:
            self.warn(draft.where, f"recommendation number {draft.number} repeats or goes back; numbered {expected}")
            return expected
        if draft.number != expected:
            self.warn(draft.where, f"recommendation numbers skip from {previous} to {draft.number}")
        return draft.number

    def resolve(self, rec: RecDraft, draft: ActionDraft) -> list[Action]:
        """Pair items with owners and dates: N items beside N owners and N dates are N actions."""
        items, owners, targets = draft.items, draft.owners, draft.targets
        n = len(items)
        if n > 1 and len(owners) in (1, n) and len(targets) in (1, n) and n in (len(owners), len(targets)):
            return [
                make_action([item], owners[i % len(owners)], targets[i % len(targets) :][:1])
                for i, item in enumerate(items)
            ]
        if n > 1 and (len(owners) > 1 or len(targets) > 1):
            self.warn(
                draft.where,
                f"recommendation {rec.number}: {n} action items beside {len(owners)} owners and "
                f"{len(targets)} target dates; kept together as one action",
            )
        return [make_action(items, "; ".join(owners), targets)]


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


def make_action(items: Sequence[Item], owner: str, targets: Sequence[str]) -> Action:
    return Action(text=action_text(items), owner=collapse_spaces(owner), target=combine_targets(targets))
