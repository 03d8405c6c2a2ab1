"""The archive's data model: plain frozen dataclasses, no I/O.

A `Plan` is one published action plan: the provider it answers for, its dates, and its
`Recommendation`s in document order, each with its `Action`s and their `Target`s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

STATUSES = ("agreed", "partly-agreed", "not-agreed")
NOT_STATED = "not-stated"  # counted for recommendations whose plan states no response
TARGET_STATUSES = ("completed", "partly-completed", "ongoing", "planned", "unknown")


@dataclass(frozen=True)
class Provider:
    name: str
    short_name: str
    type: str
    slug: str


@dataclass(frozen=True)
class Target:
    """A target cell: its verbatim text, the latest month it names, and a status.

    A `partly-completed` target keeps each of its parts (`"Durham – completed"`, `"Cleveland –
    May 2020"`) as a `Target` of its own, so that what is done and what is not stay apart."""

    text: str
    date: str | None
    status: str
    parts: tuple[Target, ...] = ()


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
    rag: str | None = None


@dataclass(frozen=True)
class Recommendation:
    number: int
    addressee: str
    text: str
    status: str | None
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
    """The inspection a plan answers, where the plan names it: `kind` is `provider`, `thematic` or `joint`."""

    kind: str
    title: str


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

    @property
    def url(self) -> str:
        """Site-relative URL of the plan page: `plans/<slug>/`."""
        return f"plans/{self.slug}/"

    def counts(self) -> dict[str, int]:
        """Recommendations by status (`not-stated` too, when there are any), their total, and
        the number of actions."""
        counts = {status: 0 for status in STATUSES}
        for rec in self.recommendations:
            if rec.status in counts:
                counts[rec.status] += 1
        if stated := sum(1 for rec in self.recommendations if rec.status is None):
            counts[NOT_STATED] = stated
        counts["total"] = len(self.recommendations)
        counts["actions"] = sum(len(rec.actions) for rec in self.recommendations)
        return counts


@dataclass(frozen=True)
class Location:
    """Where in its source a row was found: a line of a text extraction or a page of a PDF.

    >>> str(Location("page", 3))
    'page 3'
    """

    unit: Literal["line", "page"]
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
