"""Open data: the whole archive as `plans.json`, and one CSV row per recommendation / action.

Every download states the archive's version, a hash of its content (never the time of the
build, so the same sources always give byte-identical files): `archive_version` is the first
key of `plans.json` and the last column of every CSV row. `provider_files` gives every
download, for the whole archive and the small per-provider files, by its path under `content/`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict

from .. import PARSER_VERSION
from ..archive import by_slug, plans_by_provider
from ..model import Action, Inspection, Plan, Provider, Target
from ..present.schema import schema_text
from ..present.urls import SCHEMA_PATH, absolute, download_paths, permalink, provider_download_paths
from ..present.words import LICENCE, plan_title
from ..recurrence import Recurrence
from ..versions import Versions

RECOMMENDATION_COLUMNS = (
    "plan_id",
    "provider",
    "provider_short_name",
    "provider_type",
    "inspection_kind",
    "inspection_title",
    "submitted",
    "published",
    "recommendation_id",
    "number",
    "ref",
    "url",
    "addressee",
    "status",
    "repeated",
    "themes",
    "text",
    "rationale",
    "actions",
    "archive_version",
)
ACTION_COLUMNS = (
    "plan_id",
    "provider",
    "provider_type",
    "submitted",
    "recommendation_id",
    "number",
    "url",
    "recommendation_status",
    "action_number",
    "action_ref",
    "text",
    "owner",
    "agency",
    "target_text",
    "target_date",
    "target_status",
    "progress",
    "rag",
    "archive_version",
)


def _optional(**fields: object) -> dict[str, object]:
    """The fields that are not None: the optional keys of a record (`inspection`, `ref`, `agency`,
    `progress`, `rag`) appear only where the plan has them."""
    return {key: value for key, value in fields.items() if value is not None}


def target_record(target: Target | None) -> dict[str, object] | None:
    """A target as `plans.json` gives it (None where the plan's table has no target column); `parts`
    is empty except for a partly-completed target whose parts differ (each then with its own text,
    date and status).

    >>> target_record(Target("May 2020", "2020-05", "planned"))
    {'text': 'May 2020', 'date': '2020-05', 'status': 'planned', 'parts': []}
    """
    if target is None:
        return None
    parts = [{"text": p.text, "date": p.date, "status": p.status} for p in target.parts]
    return {"text": target.text, "date": target.date, "status": target.status, "parts": parts}


def action_record(action: Action) -> dict[str, object]:
    """An action as `plans.json` gives it: `ref`, `agency`, `progress` and `rag` only where the plan has them
    (built key by key: a large archive has hundreds of thousands of actions)."""
    record: dict[str, object] = {} if action.ref is None else {"ref": action.ref}
    record["text"] = action.text
    record["owner"] = action.owner
    if action.agency is not None:
        record["agency"] = action.agency
    record["target"] = target_record(action.target)
    if action.progress is not None:
        record["progress"] = action.progress
    if action.rag is not None:
        record["rag"] = action.rag
    return record


def related_records(plan: Plan, recurrence: Recurrence | None) -> list[list[dict[str, object]] | None]:
    """Per recommendation, its `related` list (`recurrence.py`): the permalink, the similarity and whether
    it is the same provider's; None for all when recurrence was not computed (a plan on its own)."""
    if recurrence is None:
        return [None] * len(plan.recommendations)
    return [
        [{"url": m.url, "score": m.score, "same_provider": m.same_provider} for m in recurrence.of(plan, rec)]
        for rec in plan.recommendations
    ]


def provider_record(provider: Provider) -> dict[str, object]:
    """A provider as `plans.json` gives it: `council` only when the plan names one.

    >>> provider_record(Provider("Westbay Youth Offending Service", "Westbay YOS", "YJS", "westbay-yjs"))["type"]
    'YJS'
    >>> provider_record(Provider("Westbay YOS", "Westbay YOS", "YJS", "westbay-yjs", "Westbay Council"))["council"]
    'Westbay Council'
    """
    record = asdict(provider)
    if not provider.council:
        del record["council"]
    return record


def inspection_record(inspection: Inspection) -> dict[str, object]:
    """An inspection as `plans.json` gives it: the fieldwork dates only when the plan gives them.

    >>> inspection_record(Inspection("provider", "SQS", "2012-11-12", "2012-11-14"))
    {'kind': 'provider', 'title': 'SQS', 'fieldwork_start': '2012-11-12', 'fieldwork_end': '2012-11-14'}
    >>> inspection_record(Inspection("thematic", "Thematic"))
    {'kind': 'thematic', 'title': 'Thematic'}
    """
    return _optional(**asdict(inspection))


def version_fields(plan: Plan, versions: Versions | None) -> dict[str, object]:
    """`updates` and `updated_by` when the archive's versions are known (`versions.py`); nothing for a plan on its own."""
    if versions is None:
        return {}
    return {"updates": versions.updates.get(plan.slug), "updated_by": versions.updated_by(plan.slug)}


def plan_record(
    plan: Plan, recurrence: Recurrence | None = None, versions: Versions | None = None
) -> dict[str, object]:
    """One plan in the exact shape of `plans.json` (other tools read it: keep it stable). Each
    recommendation has `related` when the archive's recurrence is given; the plan has `updates` and
    `updated_by` when the archive's versions are."""
    return {
        "id": plan.slug,
        "source": plan.source,
        "source_sha256": plan.source_sha256,
        "title": plan_title(plan),
        "provider": provider_record(plan.provider),
        **_optional(inspection=inspection_record(plan.inspection) if plan.inspection else None),
        "submitted": plan.submitted,
        "published": plan.published,
        "url": plan.url,
        "counts": plan.counts(),
        "declared_summary": plan.declared_summary,
        "warnings": [str(w) for w in plan.warnings],
        **version_fields(plan, versions),
        "recommendations": [
            {
                "id": rec.anchor,
                "number": rec.number,
                **_optional(ref=rec.ref),
                "url": permalink(plan, rec),
                "addressee": rec.addressee,
                "text": rec.text,
                "status": rec.status,
                "rationale": rec.rationale,
                "repeated": rec.repeated,
                "themes": list(rec.themes),
                "actions": [action_record(action) for action in rec.actions],
                "pages": list(rec.pages),
                **({"related": related} if related is not None else {}),
            }
            for rec, related in zip(plan.recommendations, related_records(plan, recurrence), strict=True)
        ],
    }


def archive_version(plans: Sequence[Plan]) -> str:
    """The archive's version: a hash of everything it publishes and of the parser's version.

    It changes when a source is added, removed or edited, when the parser reads a source
    differently, or when a theme is reassigned — and never because of when or where it was built.

    >>> version = archive_version([])
    >>> version.startswith("sha256:"), len(version), version == archive_version([])
    (True, 23, True)
    """
    digest = hashlib.sha256()
    for piece in canonical_pieces(plans):
        digest.update(piece.encode("utf-8"))
    return "sha256:" + digest.hexdigest()[:16]


def canonical_pieces(plans: Sequence[Plan]) -> Iterator[str]:
    """`{"parser_version": …, "plans": [every plan_record, by slug]}` as canonical JSON (keys sorted, no
    spaces), a plan at a time: the text is hashed as it is made, and no plan's record outlives its piece.

    >>> "".join(canonical_pieces([])) == _canonical({"parser_version": PARSER_VERSION, "plans": []})
    True
    """
    yield _canonical({"parser_version": PARSER_VERSION, "plans": []})[:-2]  # up to the list's "["
    for n, plan in enumerate(by_slug(plans)):
        yield ("," if n else "") + _canonical(plan_record(plan))
    yield "]}"


def _canonical(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def plans_json(
    plans: Sequence[Plan],
    version: str | None = None,
    recurrence: Recurrence | None = None,
    versions: Versions | None = None,
) -> str:
    """`{"archive_version": ..., "licence": {...}, "plans": [...]}`: plans in slug order, one plan per
    line with no indentation (a diff shows which plans changed; indenting every nested field made the
    file two fifths bigger at 500 plans), ending in a newline. `version` defaults to
    `archive_version(plans)`; pass the whole archive's version when `plans` is one provider's share
    of it. With `recurrence`, every recommendation lists its `related` ones."""

    def compact(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    head = compact({"archive_version": version or archive_version(plans), "licence": LICENCE})[:-1]
    records = ",\n".join(compact(plan_record(p, recurrence, versions)) for p in by_slug(plans))
    return f'{head},"plans":[\n{records}\n]}}\n' if records else f'{head},"plans":[]}}\n'


def plans_schema() -> str:
    """The JSON Schema of `plans.json`, as published beside it (`data/plans.schema.json`); the Data page's
    dictionary is read from the same file (`present/plans.schema.json`)."""
    return schema_text()


BOM = "\ufeff"  # Excel reads a CSV as UTF-8 only when it starts with the byte-order mark
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?%?")


_FORMULA_STARTS = ("=", "@", "\t", "\r", "+", "-")  # the first characters `runs_as_formula` looks at


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet would run a cell as a formula: it starts with `=`, `@`, a tab or a
    return, or with `+`/`-` and is not simply a number.

    >>> [runs_as_formula(t) for t in ["=1+1", "@cmd", "-2+3", "- Review", "-5", "+44", "• Review", "A-B"]]
    [True, True, True, True, False, False, False, False]
    """
    if text[:1] in ("=", "@", "\t", "\r"):
        return True
    return text[:1] in ("+", "-") and not _NUMBER.fullmatch(text)


def csv_text(text: str) -> str:
    """A text field as the CSV gives it: list items marked with "•" (the JSON's "- " would start a
    formula in a spreadsheet), otherwise the same text as the JSON.

    >>> csv_text("Lead:\\n- one\\n  - two\\nA - B")
    'Lead:\\n• one\\n  • two\\nA - B'
    """
    return _LIST_ITEM.sub(r"\1• ", text) if "- " in text else text  # no "- ": no list item to mark


_LIST_ITEM = re.compile(r"^( *)- ", re.M)


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (only a cell that would run as one
    gets a leading `'`).

    >>> safe_cell("=HYPERLINK(1)"), safe_cell(3), safe_cell(None), safe_cell(True), safe_cell("-5")
    ("'=HYPERLINK(1)", '3', '', 'true', '-5')
    """
    if type(value) is str:
        return "'" + value if value[:1] in _FORMULA_STARTS and runs_as_formula(value) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if runs_as_formula(text) else text


def _csv(columns: Sequence[str], rows: Sequence[Mapping[str, object]]) -> str:
    """UTF-8 text starting with a byte-order mark, a header row, one row per record."""
    return _with_header(columns, [_csv_rows(columns, rows)])


def _csv_rows(columns: Sequence[str], rows: Sequence[Mapping[str, object]]) -> str:
    """The CSV lines of some records (no header)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([[safe_cell(row[c]) for c in columns] for row in rows])
    return buffer.getvalue()


def _with_header(columns: Sequence[str], lines: Iterable[str]) -> str:
    """A CSV file: the byte-order mark, the header row, then the lines of its records."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(columns)
    return "".join([BOM, buffer.getvalue(), *lines])


def recommendations_csv(plans: Sequence[Plan], version: str | None = None, site_url: str = "") -> str:
    """One row per recommendation, plans in slug order; `archive_version` is the last column."""
    version = version or archive_version(plans)
    return _with_header(
        RECOMMENDATION_COLUMNS, [recommendation_lines(plan, version, site_url) for plan in by_slug(plans)]
    )


def recommendation_lines(plan: Plan, version: str, site_url: str = "") -> str:
    """The lines of `recommendations.csv` of one plan's recommendations."""
    rows = []
    for rec in plan.recommendations:
        rows.append(
            {
                "plan_id": plan.slug,
                "provider": plan.provider.name,
                "provider_short_name": plan.provider.short_name,
                "provider_type": plan.provider.type,
                "inspection_kind": plan.inspection.kind if plan.inspection else None,
                "inspection_title": plan.inspection.title if plan.inspection else None,
                "submitted": plan.submitted,
                "published": plan.published,
                "recommendation_id": rec.anchor,
                "number": rec.number,
                "ref": rec.ref,
                "url": absolute(site_url, permalink(plan, rec)),
                "addressee": rec.addressee,
                "status": rec.status,
                "repeated": rec.repeated,
                "themes": ";".join(rec.themes),
                "text": csv_text(rec.text),
                "rationale": csv_text(rec.rationale),
                "actions": len(rec.actions),
                "archive_version": version,
            }
        )
    return _csv_rows(RECOMMENDATION_COLUMNS, rows)


def actions_csv(plans: Sequence[Plan], version: str | None = None, site_url: str = "") -> str:
    """One row per action, in document order; `archive_version` is the last column."""
    version = version or archive_version(plans)
    return _with_header(ACTION_COLUMNS, [action_lines(plan, version, site_url) for plan in by_slug(plans)])


def action_lines(plan: Plan, version: str, site_url: str = "") -> str:
    """The lines of `actions.csv` of one plan's actions: each row a list in `ACTION_COLUMNS` order, its
    recommendation's cells made once (an archive of 2,000 plans has over 60,000 actions)."""
    rows = []
    for rec in plan.recommendations:
        url = absolute(site_url, permalink(plan, rec))
        # plan_id, provider, provider_type, submitted, recommendation_id, number, url, recommendation_status
        shared = [plan.slug, plan.provider.name, plan.provider.type, plan.submitted, rec.anchor, rec.number, url]
        shared = [safe_cell(value) for value in [*shared, rec.status]]
        for n, action in enumerate(rec.actions, 1):
            target = action.target
            # action_number, action_ref, text, owner, agency, target_text, target_date, target_status,
            # progress, rag, archive_version
            own = [n, action.ref, csv_text(action.text), action.owner, action.agency]
            own += [target.text, target.date, target.status] if target else [None, None, None]
            own += [action.progress, action.rag, version]
            rows.append(shared + [safe_cell(value) for value in own])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def provider_files(
    plans: Sequence[Plan], site_url: str = "", recurrence: Recurrence | None = None, versions: Versions | None = None
) -> dict[str, str]:
    """Every download, by its path under `content/`: the whole archive's `plans.json`,
    `recommendations.csv`, `actions.csv` and `plans.schema.json` under `data/`, and each
    provider's `recommendations.csv` under `data/providers/<slug>/`. Every file carries the
    whole archive's version. Only the small file is split by provider, so that the site does
    not hold the archive twice (at 2,000 plans the archive-wide files are over 100 MB).

    >>> list(provider_files([]))
    ['data/plans.json', 'data/recommendations.csv', 'data/actions.csv', 'data/plans.schema.json']
    """
    return dict(generate_provider_files(plans, site_url, recurrence, versions))


def generate_provider_files(
    plans: Sequence[Plan],
    site_url: str = "",
    recurrence: Recurrence | None = None,
    versions: Versions | None = None,
    version: str | None = None,
) -> Iterator[tuple[str, str]]:
    """`provider_files`, one file at a time (the build writes each before making the next); `version`
    is `archive_version(plans)`, computed when not given."""
    version = version or archive_version(plans)
    paths = download_paths()
    yield paths["json"], plans_json(plans, version, recurrence, versions)
    lines = {plan.slug: recommendation_lines(plan, version, site_url) for plan in plans}  # each plan's, once
    yield paths["recommendations"], _with_header(RECOMMENDATION_COLUMNS, [lines[p.slug] for p in by_slug(plans)])
    yield paths["actions"], actions_csv(plans, version, site_url)
    yield SCHEMA_PATH, plans_schema()
    for slug, group in plans_by_provider(plans).items():
        provider_lines = [lines[p.slug] for p in by_slug(group)]
        yield provider_download_paths(slug)["recommendations"], _with_header(RECOMMENDATION_COLUMNS, provider_lines)
