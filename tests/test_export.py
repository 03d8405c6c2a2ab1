"""Open data: plans.json against its JSON Schema, the CSVs, per-provider files, the feed, the Data page."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from typing import Any, get_args

import pytest
from jsonschema import Draft202012Validator, ValidationError
from mkdocs.utils.meta import get_data

from probation_archive.model import (
    STATUSES,
    TARGET_STATUSES,
    Action,
    InspectionKind,
    Plan,
    Provider,
    ProviderType,
    Rag,
    Recommendation,
    Target,
)
from probation_archive.pages.data import CSV_COLUMNS, file_size, render_data_page
from probation_archive.publish.feed import FEED_ENTRIES, atom_feed
from probation_archive.publish.open_data import (
    ACTION_COLUMNS,
    RECOMMENDATION_COLUMNS,
    actions_csv,
    archive_version,
    plans_json,
    plans_schema,
    provider_files,
    recommendations_csv,
)
from probation_archive.site import parse_sources

from .conftest import REAL_SOURCES, ROOT, SOURCE_PLANS, golden_total

A = "{http://www.w3.org/2005/Atom}"
SITE = "https://example.org/archive/"


@pytest.fixture(scope="module")
def plans() -> list[Plan]:
    report = parse_sources(SOURCE_PLANS)
    assert len(report.plans) == len(REAL_SOURCES)
    return report.plans


@pytest.fixture(scope="module")
def fixture_plans() -> list[Plan]:
    """The plans in other layouts (youth justice, thematic, reordered columns): every optional field."""
    report = parse_sources(ROOT / "tests" / "fixtures" / "plans")
    assert report.failures == []
    return report.plans


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(plans_schema())


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def make_plan(
    provider_name: str = "Testshire Community Rehabilitation Company",
    submitted: str | None = "2021-04",
    slug: str = "testshire-crc-2021-04",
    text: str = "Improve supervision.",
    owner: str = "Head of Service",
    provider_slug: str = "testshire-crc",
) -> Plan:
    target = Target(text="April 2021", date="2021-04", status="planned")
    rec = Recommendation(
        number=1,
        addressee=provider_name,
        text=text,
        status="agreed",
        rationale="",
        repeated=False,
        themes=("training",),
        actions=(Action(text=text, owner=owner, target=target),),
    )
    provider = Provider(name=provider_name, short_name="Testshire CRC", type="CRC", slug=provider_slug)
    return Plan(
        source="test.txt",
        source_sha256="0" * 64,
        provider=provider,
        submitted=submitted,
        published=None,
        recommendations=(rec,),
        declared_summary=None,
        slug=slug,
    )


def rows(text: str) -> list[dict[str, str]]:
    """A CSV download's rows; every download starts with the UTF-8 byte-order mark Excel needs."""
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


# --- archive version -------------------------------------------------------------------


def test_archive_version_is_a_content_hash_independent_of_order(plans: list[Plan]) -> None:
    version = archive_version(plans)
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", version)
    assert archive_version(list(reversed(plans))) == version
    assert archive_version(plans[1:]) != version
    edited = replace(
        plans[0], recommendations=(replace(plans[0].recommendations[0], text="Edited."), *plans[0].recommendations[1:])
    )
    assert archive_version([edited, *plans[1:]]) != version


def test_every_download_states_the_same_version(plans: list[Plan]) -> None:
    version = archive_version(plans)
    files = provider_files(plans)
    for path, text in files.items():
        if path.endswith("plans.json"):
            data = json.loads(text)
            assert list(data) == ["archive_version", "licence", "plans"], path
            assert data["archive_version"] == version, path
        elif path.endswith(".csv"):
            table = rows(text)
            assert table and {row["archive_version"] for row in table} == {version}, path
    assert not re.search(r"20[2-9]\d-\d\d-\d\dT", "".join(files.values())), "no build timestamps"


# --- plans.json and its schema ---------------------------------------------------------


def test_the_whole_archive_and_one_providers_share_validate_against_the_schema(
    plans: list[Plan], validator: Draft202012Validator
) -> None:
    documents = {path: json.loads(text) for path, text in provider_files(plans).items() if path.endswith("plans.json")}
    assert list(documents) == ["data/plans.json"]
    documents["one provider"] = json.loads(plans_json(plans[:1], archive_version(plans)))
    for path, document in documents.items():
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
        assert errors == [], path


# The keys a record has only where the plan has them (a youth justice plan's agency, progress and
# RAG...); every other key is required (`inspection` too: every plan answers an inspection).
OPTIONAL = {
    "plan": ["updates", "updated_by"],  # whenever the archive's versions are found (site.py)
    "recommendation": ["ref", "related"],  # related: whenever the archive's recurrence is computed (site.py)
    "action": ["ref", "agency", "progress", "rag"],
    "counts": ["not-stated"],
    "provider": ["council"],  # a council only where the plan's heading names one
    "inspection": ["fieldwork_start", "fieldwork_end"],  # only where the plan gives the fieldwork's days
}


def test_the_schema_names_every_key_the_export_writes_in_the_same_order(plans: list[Plan], schema: dict) -> None:
    """Strict both ways: every object's keys are required, but for the listed optional ones, and
    nothing else is allowed. A real plan's records have exactly the required keys."""
    plan = json.loads(plans_json(plans))["plans"][0]
    defs = schema["$defs"]
    counts = defs["plan"]["properties"]["counts"]
    assert list(plan) == defs["plan"]["required"]
    assert list(plan["counts"]) == counts["required"]
    assert list(plan["recommendations"][0]) == defs["recommendation"]["required"]
    assert list(plan["recommendations"][0]["actions"][0]) == defs["action"]["required"]
    inspection = defs["plan"]["properties"]["inspection"]
    assert list(plan["provider"]) == defs["provider"]["required"]
    assert list(plan["inspection"]) == inspection["required"]
    nodes = [("counts", counts), ("inspection", inspection)]
    for name, node in [*nodes, *((name, defs[name]) for name in ("plan", "recommendation", "action", "provider"))]:
        assert [k for k in node["properties"] if k not in node["required"]] == OPTIONAL[name]
    for node in walk(schema):
        if node.get("type") == "object" and "required" in node:
            assert node["additionalProperties"] is False
            assert set(node["required"]) <= set(node["properties"])


def test_the_schemas_enumerations_are_the_models_vocabularies(schema: dict) -> None:
    """The schema allows exactly the values the model can hold: no value no code produces."""
    defs = schema["$defs"]
    plan, rec, action = (defs[name]["properties"] for name in ("plan", "recommendation", "action"))
    assert plan["inspection"]["properties"]["kind"]["enum"] == list(get_args(InspectionKind))
    assert defs["provider"]["properties"]["type"]["enum"] == list(get_args(ProviderType))
    assert rec["status"]["enum"] == [*STATUSES, None]  # None: the plan states no response
    assert action["rag"]["enum"] == list(get_args(Rag))  # an action without a rating has no `rag` key
    assert defs["targetStatus"]["enum"] == list(TARGET_STATUSES)


def test_fixture_plans_validate_and_keep_the_schemas_key_order(
    fixture_plans: list[Plan], schema: dict, validator: Draft202012Validator
) -> None:
    document = json.loads(plans_json(fixture_plans))
    validator.validate(document)
    defs = schema["$defs"]
    seen: set[str] = set()
    for plan in document["plans"]:
        assert list(plan) == [k for k in defs["plan"]["properties"] if k in plan]
        seen.update(k for k in plan if k in OPTIONAL["plan"])
        for name, record, node in [
            ("provider", plan["provider"], defs["provider"]),
            ("inspection", plan["inspection"], defs["plan"]["properties"]["inspection"]),
        ]:
            assert list(record) == [k for k in node["properties"] if k in record]
            seen.update(k for k in record if k in OPTIONAL[name])
        for rec in plan["recommendations"]:
            assert list(rec) == [k for k in defs["recommendation"]["properties"] if k in rec]
            seen.update(k for k in rec if k in OPTIONAL["recommendation"])
            for action in rec["actions"]:
                assert list(action) == [k for k in defs["action"]["properties"] if k in action]
                seen.update(k for k in action if k in OPTIONAL["action"])
    assert seen == {"ref", "agency", "progress", "rag", "council", "fieldwork_start", "fieldwork_end"}  # every one


RENAMES = [
    ((), "archive_version", "version"),
    ((), "licence", "license"),
    (("plans", 0), "source_sha256", "sha256"),
    (("plans", 0), "submitted", "submitted_on"),
    (("plans", 0, "provider"), "type", "kind"),
    (("plans", 0, "counts"), "partly-agreed", "partly_agreed"),
    (("plans", 0, "recommendations", 0), "status", "response"),
    (("plans", 0, "recommendations", 0), "id", "anchor"),
    (("plans", 0, "recommendations", 0, "actions", 0, "target"), "date", "due"),
]


@pytest.mark.parametrize(("where", "old", "new"), RENAMES, ids=[r[1] + "->" + r[2] for r in RENAMES])
def test_renaming_any_field_fails_validation(
    plans: list[Plan], validator: Draft202012Validator, where: tuple, old: str, new: str
) -> None:
    document = json.loads(plans_json(plans))
    validator.validate(document)
    renamed = copy.deepcopy(document)
    node = renamed
    for step in where:
        node = node[step]
    node[new] = node.pop(old)
    with pytest.raises(ValidationError):
        validator.validate(renamed)


@pytest.mark.parametrize(
    ("where", "key", "value"),
    [
        (("plans", 0, "recommendations", 0), "status", "maybe"),
        (("plans", 0, "recommendations", 0), "id", "recommendation-1"),
        (("plans", 0, "recommendations", 0, "actions", 0, "target"), "status", "done"),
        (("plans", 0, "recommendations", 0, "actions", 0, "target"), "date", "March 2019"),
        (("plans", 0, "provider"), "type", "Prison"),
        (("plans", 0), "submitted", "29/03/2019"),
        (("plans", 0), "url", "https://elsewhere.example/"),
        ((), "archive_version", "2026-01-01T12:00:00Z"),
    ],
)
def test_a_wrong_value_fails_validation(
    plans: list[Plan], validator: Draft202012Validator, where: tuple, key: str, value: object
) -> None:
    document = json.loads(plans_json(plans))
    node = document
    for step in where:
        node = node[step]
    node[key] = value
    with pytest.raises(ValidationError):
        validator.validate(document)


# --- CSV -------------------------------------------------------------------------------


def test_csv_columns_end_with_the_archive_version(plans: list[Plan]) -> None:
    assert list(rows(recommendations_csv(plans))[0]) == list(RECOMMENDATION_COLUMNS)
    assert list(rows(actions_csv(plans))[0]) == list(ACTION_COLUMNS)
    assert RECOMMENDATION_COLUMNS[-1] == ACTION_COLUMNS[-1] == "archive_version"


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_csv_cells_never_start_a_formula(prefix: str) -> None:
    hostile = f'{prefix}HYPERLINK("http://evil.example","x")'
    plan = make_plan(provider_name=hostile, text=hostile, owner=hostile)
    for table in (rows(recommendations_csv([plan])), rows(actions_csv([plan]))):
        for row in table:
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values()), row
            assert row["provider"] == "'" + hostile
            assert row["text"] == "'" + hostile


def test_csv_opens_in_excel_as_utf8_with_dashes_pounds_and_accents() -> None:
    """Excel reads a CSV as UTF-8 only with the byte-order mark; without it "–" shows as "â€“"."""
    text = "Café budget of £5 – agreed"
    data = recommendations_csv([make_plan(text=text)]).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    assert rows(data.decode("utf-8"))[0]["text"] == text


def test_csv_list_items_use_bullets_and_only_formulas_are_guarded() -> None:
    """Issue #13: action texts started `'- ` because list items start with "- " and the guard fired."""
    plan = make_plan(text="- Review the policy\n- Train staff", owner="-5")
    rec_row = rows(recommendations_csv([plan]))[0]
    action_row = rows(actions_csv([plan]))[0]
    assert rec_row["text"] == "• Review the policy\n• Train staff"
    assert action_row["owner"] == "-5"  # a number, not a formula


def test_csv_text_is_the_json_text_with_bullets(plans: list[Plan]) -> None:
    data = json.loads(plans_json(plans))
    json_actions = [a["text"] for p in data["plans"] for r in p["recommendations"] for a in r["actions"]]
    csv_actions = [row["text"] for row in rows(actions_csv(plans))]
    assert not [t for t in csv_actions if t.startswith("'")]
    assert [re.sub(r"(?m)^( *)• ", r"\1- ", t) for t in csv_actions] == json_actions
    json_recs = [r["text"] for p in data["plans"] for r in p["recommendations"]]
    assert [re.sub(r"(?m)^( *)• ", r"\1- ", row["text"]) for row in rows(recommendations_csv(plans))] == json_recs


def test_every_actions_csv_column_holds_its_own_value(plans: list[Plan]) -> None:
    """actions.csv builds each row as a list in `ACTION_COLUMNS` order (for speed): every column, read by
    its name, holds that action's value as plans.json gives it (a formula guard or bullet aside)."""
    data = json.loads(plans_json(plans))
    expected = []
    for plan in sorted(data["plans"], key=lambda p: p["id"]):
        for rec in plan["recommendations"]:
            for n, action in enumerate(rec["actions"], 1):
                target = action["target"] or {}
                values = {
                    "plan_id": plan["id"],
                    "provider": plan["provider"]["name"],
                    "provider_type": plan["provider"]["type"],
                    "submitted": plan["submitted"],
                    "recommendation_id": rec["id"],
                    "number": rec["number"],
                    "url": rec["url"],
                    "recommendation_status": rec["status"],
                    "action_number": n,
                    "action_ref": action.get("ref"),
                    "text": action["text"],
                    "owner": action["owner"],
                    "agency": action.get("agency"),
                    "target_text": target.get("text"),
                    "target_date": target.get("date"),
                    "target_status": target.get("status"),
                    "progress": action.get("progress"),
                    "rag": action.get("rag"),
                    "archive_version": data["archive_version"],
                }
                expected.append({k: "" if v is None else str(v) for k, v in values.items()})
    found = [
        {k: re.sub(r"(?m)^( *)• ", r"\1- ", v) if k == "text" else v for k, v in row.items()}
        for row in rows(actions_csv(plans))
    ]
    assert len(found) == len(expected) > 100
    assert found == expected


def test_csv_permalinks_are_absolute_when_the_site_address_is_known(plans: list[Plan]) -> None:
    site = "https://archive.example/probation/"
    for table in (rows(recommendations_csv(plans, site_url=site)), rows(actions_csv(plans, site_url=site))):
        assert all(re.fullmatch(rf"{re.escape(site)}plans/[a-z0-9-]+/#rec-\d+", row["url"]) for row in table)
    assert all(row["url"].startswith("plans/") for row in rows(recommendations_csv(plans)))


# --- per-provider downloads ------------------------------------------------------------


def test_per_provider_files_hold_exactly_that_providers_rows(plans: list[Plan]) -> None:
    files = provider_files(plans)
    slugs = sorted({p.provider.slug for p in plans})
    expected = {"data/plans.json", "data/recommendations.csv", "data/actions.csv", "data/plans.schema.json"}
    expected |= {f"data/providers/{s}/recommendations.csv" for s in slugs}
    assert set(files) == expected
    assert json.loads(files["data/plans.schema.json"]) == json.loads(plans_schema())
    for slug in slugs:
        mine = [p for p in plans if p.provider.slug == slug]
        recs = rows(files[f"data/providers/{slug}/recommendations.csv"])
        assert len(recs) == sum(len(p.recommendations) for p in mine)
        assert {r["plan_id"] for r in recs} == {p.slug for p in mine}
    whole = rows(files["data/recommendations.csv"])
    parts = [row for s in slugs for row in rows(files[f"data/providers/{s}/recommendations.csv"])]
    assert sorted(map(str, parts)) == sorted(map(str, whole))
    assert sum(len(rows(files[f"data/providers/{s}/recommendations.csv"])) for s in slugs) == golden_total("total")


def test_each_providers_file_is_its_recommendations_csv(plans: list[Plan]) -> None:
    """The provider files are put together from each plan's lines, made once: the same bytes as the CSV of
    that provider's plans alone, and as the whole archive's, with one archive version."""
    files = provider_files(plans, "https://example.org/")
    version = archive_version(plans)
    assert files["data/recommendations.csv"] == recommendations_csv(plans, version, "https://example.org/")
    for slug in {p.provider.slug for p in plans}:
        mine = [p for p in plans if p.provider.slug == slug]
        path = f"data/providers/{slug}/recommendations.csv"
        assert files[path] == recommendations_csv(mine, version, "https://example.org/")


def test_the_archive_is_not_repeated_in_full_per_provider(plans: list[Plan]) -> None:
    files = provider_files(plans)
    whole = sum(len(files[f"data/{name}"]) for name in ("plans.json", "recommendations.csv", "actions.csv"))
    per_provider = sum(len(text) for path, text in files.items() if path.startswith("data/providers/"))
    assert per_provider < whole / 3


def test_downloads_are_deterministic(plans: list[Plan]) -> None:
    assert provider_files(list(reversed(plans))) == provider_files(plans)


# --- the Atom feed ---------------------------------------------------------------------


def parse_feed(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def test_feed_lists_every_plan_newest_first_with_permalinks(plans: list[Plan]) -> None:
    version = archive_version(plans)
    feed = parse_feed(atom_feed(plans, SITE, version))
    assert feed.tag == f"{A}feed"
    entries = feed.findall(f"{A}entry")
    newest = sorted(plans, key=lambda p: p.submitted or "", reverse=True)
    assert [e.findtext(f"{A}id") for e in entries] == [SITE + p.url for p in newest]
    assert [e.find(f"{A}link").get("href") for e in entries] == [SITE + p.url for p in newest]
    updated = [e.findtext(f"{A}updated") for e in entries]
    assert updated == [f"{p.submitted}T00:00:00Z" for p in newest]  # the real plans give full dates
    assert updated == sorted(updated, reverse=True)
    assert feed.findtext(f"{A}updated") == updated[0]
    assert feed.find(f"{A}generator").get("version") == version
    assert feed.find(f"{A}link[@rel='self']").get("href") == SITE + "feed.xml"
    first = newest[0]
    summary = entries[0].findtext(f"{A}summary")
    assert f"{first.counts()['total']} recommendations" in summary and first.source_sha256 in summary


def test_feed_holds_only_the_newest_plans() -> None:
    many = [make_plan(submitted=f"{2000 + n // 12}-{n % 12 + 1:02d}", slug=f"testshire-crc-{n:03d}") for n in range(60)]
    entries = parse_feed(atom_feed(many, SITE, "sha256:0000000000000000")).findall(f"{A}entry")
    assert len(entries) == FEED_ENTRIES < len(many)
    newest = sorted(many, key=lambda p: p.submitted or "", reverse=True)[:FEED_ENTRIES]
    assert [e.find(f"{A}link").get("href") for e in entries] == [SITE + p.url for p in newest]


def test_feed_dates_come_from_the_plans_never_the_clock() -> None:
    month, undated = make_plan(submitted="2021-04"), make_plan(submitted=None, slug="testshire-crc-undated")
    text = atom_feed([undated, month], "https://example.org", "sha256:0000000000000000")
    assert text == atom_feed([month, undated], "https://example.org/", "sha256:0000000000000000")
    feed = parse_feed(text)
    assert [e.findtext(f"{A}updated") for e in feed.findall(f"{A}entry")] == [
        "2021-04-01T00:00:00Z",
        "1970-01-01T00:00:00Z",
    ]
    assert feed.findtext(f"{A}updated") == "2021-04-01T00:00:00Z"


def test_feed_escapes_source_text_and_drops_what_xml_cannot_hold() -> None:
    hostile = 'Evil <script>alert("x")</script> & Co\x0c]]>'
    text = atom_feed([make_plan(provider_name=hostile)], SITE, "sha256:0000000000000000")
    assert "<script>" not in text
    entry = parse_feed(text).find(f"{A}entry")
    assert 'Evil <script>alert("x")</script> & Co]]>' in entry.findtext(f"{A}title")


def test_feed_without_a_site_address_still_has_permanent_absolute_ids(plans: list[Plan]) -> None:
    feed = parse_feed(atom_feed(plans, "", archive_version(plans)))
    ids = [e.findtext(f"{A}id") for e in feed.findall(f"{A}entry")]
    assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i) for i in ids) and len(set(ids)) == len(plans)
    assert {e.find(f"{A}link").get("href") for e in feed.findall(f"{A}entry")} == {p.url for p in plans}


# --- the Data page ---------------------------------------------------------------------


def walk(node: Any) -> list[dict]:
    """Every schema object (dict) inside `node`, depth first."""
    found = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += walk(value)
    elif isinstance(node, list):
        for value in node:
            found += walk(value)
    return found


def schema_fields(node: dict, schema: dict, prefix: str = "") -> dict[str, dict]:
    """Every key path the schema allows (`plans[].provider.name`), with the property that declares it."""
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].removeprefix("#/$defs/")]
    paths: dict[str, dict] = {}
    for branch in node.get("oneOf", []):
        paths |= schema_fields(branch, schema, prefix)
    for key, sub in node.get("properties", {}).items():
        path = f"{prefix}.{key}" if prefix else key
        paths |= {path: sub, **schema_fields(sub, schema, path)}
    if "items" in node:
        paths |= schema_fields(node["items"], schema, prefix + "[]")
    return paths


def dictionary_rows(page: str, file: str) -> list[tuple[str, str, str]]:
    """The rows of one download's table in the Data page's dictionary: (field, type, meaning)."""
    section = page.split(f"\n### {file}\n", 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| `([^`]+)` \| ([^|]+) \| (.+) \|$", section, flags=re.MULTILINE)


def test_data_dictionary_is_the_schemas_descriptions_every_field_once(schema: dict, plans: list[Plan]) -> None:
    """The dictionary's plans.json table and the published schema say the same: every field of the
    schema has its row, every row is a field of the schema, and its meaning is the schema's description."""
    rows = dictionary_rows(render_data_page(plans, archive_version(plans)), "plans.json")
    fields = schema_fields(schema, schema)
    assert [name for name, _, _ in rows] == list(dict.fromkeys(name for name, _, _ in rows))  # each once
    assert {name for name, _, _ in rows} == set(fields)
    for name, _, meaning in rows:
        assert fields[name].get("description") == meaning, name


def test_dictionary_types_and_optional_fields_come_from_the_schema(schema: dict, plans: list[Plan]) -> None:
    rows = {
        name: kind for name, kind, _ in dictionary_rows(render_data_page(plans, archive_version(plans)), "plans.json")
    }
    assert rows["plans[].id"] == "string" and rows["plans[].submitted"] == "date or null"
    assert (
        rows["plans[].declared_summary"] == "object or null" and rows["plans[].inspection"] == "object"
    )  # every plan answers one
    assert rows["plans[].recommendations[].pages"] == "array of integers"
    assert rows["plans[].recommendations[].actions[].rag"] == "string (optional)"  # absent when the table has no RAG
    assert rows["plans[].declared_summary.total"] == "integer (optional)"  # the summary table may lack any line
    assert "total" not in schema["$defs"]["plan"]["properties"]["declared_summary"]["oneOf"][1].get("required", [])


def test_data_dictionary_documents_every_csv_column(plans: list[Plan]) -> None:
    assert [name for name, _, _ in CSV_COLUMNS["recommendations.csv"]] == list(RECOMMENDATION_COLUMNS)
    assert [name for name, _, _ in CSV_COLUMNS["actions.csv"]] == list(ACTION_COLUMNS)
    page = render_data_page(plans, archive_version(plans))
    for file, columns in CSV_COLUMNS.items():
        assert dictionary_rows(page, file) == list(columns)
    assert all(
        kind and meaning and "|" not in meaning for columns in CSV_COLUMNS.values() for _, kind, meaning in columns
    )


def test_data_page_front_matter_licence_version_and_dictionary(plans: list[Plan]) -> None:
    version = archive_version(plans)
    body, meta = get_data(render_data_page(plans, version))
    assert list(meta) == ["title", "description", "json_ld"] and meta["title"] == "Open data"
    assert version in body
    assert "Open Government Licence v3.0" in body
    assert 'href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"' in body
    assert re.findall(r"^### (.+)$", body, flags=re.MULTILINE) == ["plans.json", "recommendations.csv", "actions.csv"]
    # the descriptions are Markdown of ours, shown as written: `<slug>` stays in its code span
    assert "`data/providers/<slug>/`" in body


def test_data_page_lists_each_files_size_and_record_count(plans: list[Plan]) -> None:
    files = provider_files(plans)
    sizes = {path: len(text.encode("utf-8")) for path, text in files.items()}
    page = render_data_page(plans, archive_version(plans), sizes)
    recs = sum(len(p.recommendations) for p in plans)
    actions = sum(p.counts()["actions"] for p in plans)
    for path, records in (
        ("plans.json", f"{len(plans)} plans"),
        ("recommendations.csv", f"{recs} rows"),
        ("actions.csv", f"{actions} rows"),
    ):
        row = re.search(rf'<tr><td data-label="File"><a href="{path}">{path}</a></td>.*?</tr>', page)
        assert row, path
        assert f'<td class="num" data-label="Records">{records}</td>' in row[0]
        assert f'<td class="num" data-label="Size">{file_size(sizes["data/" + path])}</td>' in row[0]
    assert "byte-order mark" in page and "Excel" in page  # the encoding choice is stated


def test_data_page_dataset_json_ld(plans: list[Plan]) -> None:
    """schema.org Dataset: what Google's dataset search reads (name, description, licence, files, dates)."""
    site = "https://archive.example/probation/"
    _, meta = get_data(render_data_page(plans, archive_version(plans), site_url=site))
    data = json.loads(meta["json_ld"])
    assert data["@type"] == "Dataset" and data["name"] and len(data["description"]) >= 50
    assert data["license"] == "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    assert data["url"] == site + "data/"
    assert data["temporalCoverage"] == "2018-11-12/2020-05-20"
    assert [(d["encodingFormat"], d["contentUrl"]) for d in data["distribution"]] == [
        ("application/json", site + "data/plans.json"),
        ("text/csv", site + "data/recommendations.csv"),
        ("text/csv", site + "data/actions.csv"),
    ]


def test_every_data_page_link_is_a_published_file(plans: list[Plan]) -> None:
    page = render_data_page(plans, archive_version(plans))
    hrefs = re.findall(r'href="([^"]+)"', page)
    published = {path.removeprefix("data/") for path in provider_files(plans)} | {"../feed.xml"}
    local = [h for h in hrefs if not h.startswith("https://")]
    assert set(local) == published
    for plan in plans:
        assert f'href="providers/{plan.provider.slug}/recommendations.csv"' in page


def test_data_page_escapes_provider_names() -> None:
    plan = make_plan(provider_name='<img src=x onerror="alert(1)"> {{ config }}', provider_slug="img-src-x")
    page = render_data_page([plan], "sha256:0000000000000000")
    assert "<img" not in page and "{{" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &#123;&#123; config &#125;&#125;" in page
