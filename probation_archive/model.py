"""The archive's data model: plain frozen dataclasses, no I/O.

A `Plan` is one published action plan: the provider it answers for, its dates, and its
`Recommendation`s in document order, each with its `Action`s and their `Target`s.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field, replace
from typing import Final, Literal, get_args

# The closed vocabularies of the model. Each is one Literal; the tuples that list them in order
# are derived from it, and the tables keyed by them (labels, definitions, codes) are typed by it, so
# mypy rejects a key that is not one of them.
Status = Literal["agreed", "partly-agreed", "not-agreed"]  # a recommendation's response, as stated
STATUSES: Final[tuple[Status, ...]] = get_args(Status)
# A recommendation whose plan states no response has no status (None); counts and tables show it as:
NOT_STATED: Final[Literal["not-stated"]] = "not-stated"
StatusOrNotStated = Literal[Status, "not-stated"]
TargetStatus = Literal["completed", "partly-completed", "ongoing", "planned", "unknown"]
TARGET_STATUSES: Final[tuple[TargetStatus, ...]] = get_args(TargetStatus)
Rag = Literal["red", "amber", "green", "complete"]  # a youth justice plan's RAG rating
InspectionKind = Literal["provider", "thematic", "joint"]  # the inspection of the plan's provider, or another
ProviderType = Literal["CRC", "NPS", "YJS", "national", "other"]


def stated(status: Status | None) -> StatusOrNotStated:
    """A recommendation's status as the tables show it: `not-stated` when its plan states none.

    >>> stated("agreed"), stated(None)
    ('agreed', 'not-stated')
    """
    return NOT_STATED if status is None else status


# The months as pages print them, and (with the abbreviations plans use) as the parser reads them.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_PARTIAL_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date as precise as its source states it: a year, a month or a day.

    The model keeps dates as the ISO strings the archive publishes (`2019`, `2019-06`, `2019-06-10`:
    front matter, JSON, CSV and goldens print them as they are); this is their type in memory, so
    that code compares them and cuts them to a month or a year instead of slicing strings.
    Dates order as their ISO strings do: a year before its months, a month before its days.

    >>> date = PartialDate.parse("2019-06-10")
    >>> date.year, date.month, date.day, date.precision, date.year_month, str(date)
    (2019, 6, 10, 'day', '2019-06', '2019-06-10')
    >>> PartialDate.parse("2019") < PartialDate.parse("2019-01") < PartialDate.parse("2019-01-31") < PartialDate(2019, 2)
    True
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.month is None and self.day is not None:
            raise ValueError(f"a day without a month: {self!r}")
        month, day = (1 if n is None else n for n in (self.month, self.day))
        datetime.date(self.year, month, day)  # ValueError for an impossible date: month 13, 30 February

    @classmethod
    def parse(cls, iso: str) -> PartialDate:
        """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`; ValueError for anything else or an impossible date.

        >>> PartialDate.parse("2020-04"), PartialDate.parse("2019")
        (PartialDate(year=2020, month=4, day=None), PartialDate(year=2019, month=None, day=None))
        """
        match = _PARTIAL_ISO.fullmatch(iso)
        if not match:
            raise ValueError(f"not a YYYY, YYYY-MM or YYYY-MM-DD date: {iso!r}")
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    @property
    def iso(self) -> str:
        """The ISO form at its own precision: `2019`, `2019-06` or `2019-06-10`."""
        parts = [f"{self.year:04d}", *(f"{n:02d}" for n in (self.month, self.day) if n is not None)]
        return "-".join(parts)

    def __str__(self) -> str:
        return self.iso

    def human(self) -> str:
        """The date in words, at its own precision: `29 March 2019`, `March 2019` or `2019`.

        >>> [PartialDate.parse(iso).human() for iso in ("2019-03-29", "2019-03", "2019")]
        ['29 March 2019', 'March 2019', '2019']
        """
        if self.month is None:
            return str(self.year)
        month = f"{MONTH_NAMES[self.month - 1]} {self.year}"
        return f"{self.day} {month}" if self.day is not None else month

    def to_month(self) -> PartialDate:
        """The same date no more precise than its month (a year stays a year)."""
        return replace(self, day=None)

    @property
    def year_month(self) -> str:
        """`2019-06`: the month in ISO form (the year alone when the month is not known)."""
        return self.to_month().iso

    @property
    def first_day(self) -> datetime.date:
        """The first day it can mean: `2019-06` -> 1 June 2019, `2019` -> 1 January 2019."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def number(self) -> int:
        """The date as one sortable number: `20190329`, `20190300` for a month, `20190000` for a year.

        >>> [PartialDate.parse(iso).number for iso in ("2019-03-29", "2019-03", "2019")]
        [20190329, 20190300, 20190000]
        """
        return self.year * 10000 + (self.month or 0) * 100 + (self.day or 0)

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()


@dataclass(frozen=True)
class Provider:
    name: str
    short_name: str
    type: ProviderType
    slug: str
    council: str = ""  # the council a youth justice service belongs to, when its plan's heading names it


@dataclass(frozen=True)
class Target:
    """A target cell: its verbatim text, the latest month it names, and a status.

    A `partly-completed` target keeps each of its parts (`"Durham – completed"`, `"Cleveland –
    May 2020"`) as a `Target` of its own, so that what is done and what is not stay apart."""

    text: str
    date: str | None
    status: TargetStatus
    parts: tuple[Target, ...] = ()

    @property
    def due(self) -> PartialDate | None:
        """`date`, typed: when the target falls due; None when it names no date."""
        return PartialDate.parse(self.date) if self.date else None


@dataclass(frozen=True)
class Action:
    """One action. `owner` and `target` are None when the plan's table has no such column;
    `ref` (`1a`), `agency`, `progress` (verbatim) and `rag` only where the table has them."""

    text: str
    owner: str | None
    target: Target | None
    ref: str | None = None
    agency: str | None = None
    progress: str | None = None
    rag: Rag | None = None


@dataclass(frozen=True)
class Recommendation:
    number: int
    addressee: str
    text: str
    status: Status | None  # None: the plan states no response
    rationale: str
    repeated: bool
    themes: tuple[str, ...]
    actions: tuple[Action, ...]
    pages: tuple[int, ...] = ()  # the PDF pages it came from (empty for a text extraction)
    ref: str | None = None  # the reference as written when it is not a plain number: `1.2`, `R3`

    @property
    def anchor(self) -> str:
        """The permanent HTML id of this recommendation on its plan page: `rec-3`, or from its
        reference as written: `rec-1-2`, `rec-r3`."""
        if self.ref:
            return "rec-" + "-".join(re.findall(r"[a-z0-9]+", self.ref.lower()))
        return f"rec-{self.number}"

    @property
    def label(self) -> str:
        """How the plan numbers it: `3`, `R3`."""
        return self.ref or str(self.number)


@dataclass(frozen=True)
class Inspection:
    """The inspection a plan answers (every plan answers one): `kind` is `provider`, `thematic` or `joint`."""

    kind: InspectionKind
    title: str
    fieldwork_start: str | None = None  # the fieldwork's first and last days (ISO), when the plan gives them
    fieldwork_end: str | None = None

    @classmethod
    def of_provider(cls, provider_name: str) -> Inspection:
        """The inspection of a provider, titled as a plan's response heading names it when it gives
        no other title (and the default title of the report a plan answers).

        >>> Inspection.of_provider("Testshire CRC")
        Inspection(kind='provider', title='HM Inspectorate of Probation inspection: Testshire CRC', fieldwork_start=None, fieldwork_end=None)
        """
        return cls("provider", f"HM Inspectorate of Probation inspection: {provider_name}")


ISSUING_BODY = "HM Prison and Probation Service"


@dataclass(frozen=True)
class Origin:
    """Where a plan came from, as the maintained sources file records it (`source_plans/sources.yml`):
    who issued it, where it was published, and the inspection report it answers. An address that is
    not recorded is empty — never guessed."""

    publisher: str = ISSUING_BODY
    publication_url: str = ""
    report_title: str = ""
    report_published: str | None = None
    report_url: str = ""
    updates: str = ""  # the source file of the earlier plan this one is a version of (`updates:`)


@dataclass(frozen=True)
class Plan:
    source: str
    source_sha256: str
    provider: Provider
    submitted: str | None
    published: str | None
    recommendations: tuple[Recommendation, ...]
    declared_summary: dict[str, int] | None
    warnings: tuple[ParseWarning, ...] = field(default=())
    slug: str = ""
    inspection: Inspection | None = None
    origin: Origin = Origin()
    version_note: str | None = None  # a heading that says the plan updates an earlier one ("Progress update: …")

    @property
    def url(self) -> str:
        """Site-relative URL of the plan page: `plans/<slug>/`."""
        return f"plans/{self.slug}/"

    @property
    def submitted_date(self) -> PartialDate | None:
        """`submitted`, typed: when the plan was submitted, as precisely as it says; None if it does not."""
        return PartialDate.parse(self.submitted) if self.submitted else None

    @property
    def submitted_month(self) -> str | None:
        """The month the plan was submitted, `2019-03`, as its title and permalink name it (the year
        alone when the plan gives no month); None when the plan is undated."""
        date = self.submitted_date
        return date.year_month if date else None

    def counts(self) -> dict[str, int]:
        """Recommendations by status (`not-stated` too, when there are any), their total, and
        the number of actions."""
        counts: dict[str, int] = {status: 0 for status in STATUSES}
        for rec in self.recommendations:
            if rec.status is not None:
                counts[rec.status] += 1
        if unstated := sum(1 for rec in self.recommendations if rec.status is None):
            counts[NOT_STATED] = unstated
        counts["total"] = len(self.recommendations)
        counts["actions"] = sum(len(rec.actions) for rec in self.recommendations)
        return counts


@dataclass(frozen=True)
class Location:
    """Where in its source a row was found: a line of a text extraction, a page of a PDF, or in a
    Word document or web page a `paragraph` outside any table (the Nth of the document, or of the
    page's main content) or a table `row` (the Nth table row; for a plan laid out as blocks, the
    Nth row the blocks are read as). A `paragraph` is known to lie outside the table.

    >>> str(Location("page", 3)), str(Location("row", 12))
    ('page 3', 'row 12')
    """

    unit: Literal["line", "page", "paragraph", "row"]
    number: int

    def __str__(self) -> str:
        return f"{self.unit} {self.number}"


@dataclass(frozen=True)
class ParseWarning:
    """Something the parser was unsure of, and where (None: the document as a whole).

    >>> str(ParseWarning("recommendation 3 has no status", Location("line", 40)))
    'line 40: recommendation 3 has no status'
    """

    message: str
    location: Location | None = None

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    @property
    def sort_key(self) -> int:
        """Document order: located warnings by their line or page, the rest last."""
        return self.location.number if self.location else 10**9


@dataclass(frozen=True)
class Row:
    """One row as a reader found it: its cells, and where it was."""

    cells: tuple[str, ...]
    where: Location


class SourceError(Exception):
    """A source file that cannot be published, and why. `str()` is the one-line report."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
