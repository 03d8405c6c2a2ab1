"""The maintained sources file (`source_plans/sources.yml`): where each plan came from.

One entry per source file, by file name: the issuing body, the address the plan was published at,
the inspection report it answers (title, publication date, address), and for a file downloaded from
that address by `python build.py --fetch` (`fetch.py`), the day it was retrieved and its SHA-256. Every key is optional;
what a plan states in its own headings (the inspected provider, the report's publication date)
fills the report's title and date when the file leaves them out. Addresses come only from this
file: an address that is not recorded stays empty and the plan page says so.

Pure: `parse_sources_file` takes the file's text and the source file names, and returns the
records and one warning per problem (an entry that matches no file, an unknown key, an address
that is not `http(s)://`, a date that is not ISO); `origin_of` merges a record with a plan.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import yaml

from .model import ISSUING_BODY, Inspection, Origin, Plan
from .normalise import collapse_spaces

SOURCES_FILE = "sources.yml"
FIELDS = ("publisher", "publication_url", "report", "updates", "retrieved", "sha256")
REPORT_FIELDS = ("title", "published", "url")
_URL = re.compile(r"https?://[^\s<>\"'`]+\Z")
_DAY = re.compile(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\Z")
_SHA256 = re.compile(r"[0-9a-f]{64}\Z")
_ISO_DATE = re.compile(r"(?:19|20)\d\d(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?\Z")


@dataclass(frozen=True)
class SourceRecord:
    """One entry of the sources file, as written (empty where not recorded)."""

    publisher: str = ""
    publication_url: str = ""
    report_title: str = ""
    report_published: str = ""
    report_url: str = ""
    updates: str = ""  # the source file of the earlier plan this one is a later version of
    retrieved: str = ""  # the day `--fetch` downloaded the file from `publication_url`
    sha256: str = ""  # the downloaded file's SHA-256, to tell when the published copy changes


@dataclass
class SourcesFile:
    records: dict[str, SourceRecord] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _text(value: object) -> str:
    """A scalar as text (YAML reads `2019-02-15` as a date; keep it ISO)."""
    return "" if value is None else collapse_spaces(str(value))


def _record(name: str, entry: object, warn: list[str], names: frozenset[str] = frozenset()) -> SourceRecord:
    where = f"{SOURCES_FILE}: {name}"
    if entry is None:
        return SourceRecord()
    if not isinstance(entry, Mapping):
        warn.append(f"{where}: expected keys {', '.join(FIELDS)}; found {type(entry).__name__}")
        return SourceRecord()
    warn += [f"{where}: unknown key {key!r} (expected {', '.join(FIELDS)})" for key in entry if key not in FIELDS]
    report = entry.get("report") or {}
    if not isinstance(report, Mapping):
        warn.append(f"{where}: report: expected keys {', '.join(REPORT_FIELDS)}")
        report = {}
    warn += [
        f"{where}: report: unknown key {key!r} (expected {', '.join(REPORT_FIELDS)})"
        for key in report
        if key not in REPORT_FIELDS
    ]
    record = SourceRecord(
        publisher=_text(entry.get("publisher")),
        publication_url=_text(entry.get("publication_url")),
        report_title=_text(report.get("title")),
        report_published=_text(report.get("published")),
        report_url=_text(report.get("url")),
        updates=_updates(where, name, _text(entry.get("updates")), names, warn),
        retrieved=_text(entry.get("retrieved")),
        sha256=_text(entry.get("sha256")).lower(),
    )
    for key, url in (("publication_url", record.publication_url), ("report: url", record.report_url)):
        if url and not _URL.match(url):
            warn.append(f"{where}: {key}: {url!r} is not an http(s) address; not linked")
    if record.report_published and not _ISO_DATE.match(record.report_published):
        warn.append(f"{where}: report: published: {record.report_published!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if record.retrieved and not _DAY.match(record.retrieved):
        warn.append(f"{where}: retrieved: {record.retrieved!r} is not YYYY-MM-DD")
    if record.sha256 and not _SHA256.match(record.sha256):
        warn.append(f"{where}: sha256: {record.sha256!r} is not 64 hexadecimal digits")
    if (record.retrieved or record.sha256) and not record.publication_url:
        warn.append(f"{where}: retrieved/sha256 without the publication_url it was fetched from")
    return record


def _updates(where: str, name: str, updates: str, names: frozenset[str], warn: list[str]) -> str:
    """`updates: <file>`, kept only when it names another file of the source folder."""
    if updates and (updates == name or updates not in names):
        reason = "is this file itself" if updates == name else "matches no file in the source folder"
        warn.append(f"{where}: updates: {updates} {reason}; not read as a version")
        return ""
    return updates


def parse_sources_file(text: str, source_names: Sequence[str]) -> SourcesFile:
    """The records of a sources file, and a warning for each problem in it.

    >>> found = parse_sources_file("a.pdf:\\n  publication_url: https://example.org/a\\nb.pdf: {}\\n", ["a.pdf"])
    >>> found.records["a.pdf"].publication_url, found.warnings
    ('https://example.org/a', ['sources.yml: entry b.pdf matches no file in the source folder'])
    """
    found = SourcesFile()
    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        found.warnings.append(f"{SOURCES_FILE}: {line}not valid YAML ({getattr(error, 'problem', error)}); ignored")
        return found
    if not isinstance(data, Mapping):
        found.warnings.append(f"{SOURCES_FILE}: expected one entry per source file name; ignored")
        return found
    names = set(source_names)
    for name, entry in data.items():
        name = str(name)
        if name not in names:
            fetch = isinstance(entry, Mapping) and entry.get("publication_url") and not entry.get("sha256")
            hint = "; `make fetch` downloads its publication_url" if fetch else ""
            found.warnings.append(f"{SOURCES_FILE}: entry {name} matches no file in the source folder{hint}")
            continue
        found.records[name] = _record(name, entry, found.warnings, frozenset(names))
    found.warnings += [
        f"{name}: no entry in {SOURCES_FILE}; its publication and report addresses are not recorded"
        for name in source_names
        if name not in found.records
    ]
    return found


def _address(url: str) -> str:
    return url if _URL.match(url) else ""


def origin_of(plan: Plan, record: SourceRecord | None) -> Origin:
    """A plan's origin: the record's values, and where it leaves them out, what the plan states in
    its own headings (the report of the inspection the plan answers, `plan.inspection`, published on
    the date its heading gives). Addresses only from the record, and only http(s) ones.

    >>> from probation_archive.model import Provider
    >>> plan = Plan("a.txt", "0" * 64, Provider("Testshire CRC", "TCRC", "CRC", "t"), "2019-03", "2019-02-15", (), None)
    >>> origin_of(plan, None)
    Origin(publisher='HM Prison and Probation Service', publication_url='', report_title='HM Inspectorate of Probation inspection: Testshire CRC', report_published='2019-02-15', report_url='', updates='')
    """
    record = record or SourceRecord()
    return Origin(
        publisher=record.publisher or default_publisher(plan),
        publication_url=_address(record.publication_url),
        report_title=record.report_title or (plan.inspection or Inspection.of_provider(plan.provider.name)).title,
        report_published=record.report_published or plan.published,
        report_url=_address(record.report_url),
        updates=record.updates,
    )


def default_publisher(plan: Plan) -> str:
    """Who issued a plan when the sources file does not say: HM Prison and Probation Service answers
    for its CRCs and NPS divisions; a youth justice service's plan, or a national plan answering a
    thematic inspection, is issued by the body its own heading names (never HMPPS by default).

    >>> from probation_archive.model import Provider
    >>> def plan(name, kind):
    ...     return Plan("a.txt", "0" * 64, Provider(name, name, kind, "p"), None, None, (), None)
    >>> default_publisher(plan("Testshire CRC", "CRC")), default_publisher(plan("Northbrook Youth Offending Team", "YJS"))
    ('HM Prison and Probation Service', 'Northbrook Youth Offending Team')
    """
    return ISSUING_BODY if plan.provider.type in ("CRC", "NPS") else plan.provider.name


def with_origins(plans: Sequence[Plan], records: Mapping[str, SourceRecord]) -> list[Plan]:
    """Every plan with its origin filled in."""
    return [replace(plan, origin=origin_of(plan, records.get(plan.source))) for plan in plans]
