"""The maintained sources file (`source_plans/sources.yml`): where each plan came from, validated by the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from probation_archive.model import ISSUING_BODY
from probation_archive.site import parse_sources, source_paths
from probation_archive.sources import SOURCES_FILE, SourceRecord, origin_of, parse_sources_file

from .conftest import REAL_SOURCES, SOURCE_PLANS

NAMES = ["a.pdf", "b.txt"]


def test_the_sources_file_is_never_read_as_a_plan() -> None:
    assert (SOURCE_PLANS / SOURCES_FILE).is_file()
    assert SOURCES_FILE not in [p.name for p in source_paths(SOURCE_PLANS)]


def test_every_real_source_has_an_entry_and_the_build_has_no_warning_about_it() -> None:
    found = parse_sources_file(
        (SOURCE_PLANS / SOURCES_FILE).read_text(encoding="utf-8"), [p.name for p in source_paths(SOURCE_PLANS)]
    )
    assert found.warnings == []
    assert sorted(found.records) == [p.name for p in source_paths(SOURCE_PLANS)]
    report = parse_sources(SOURCE_PLANS)
    assert not [w for w in report.warnings if SOURCES_FILE in w]
    for plan in report.plans:
        assert plan.origin.publisher == ISSUING_BODY
        assert plan.origin.report_published == plan.published  # from the plan's own heading
        assert plan.provider.name in plan.origin.report_title
        # no address is recorded yet for the real plans, and none is made up
        assert plan.origin.publication_url == plan.origin.report_url == ""


def test_an_entry_matching_no_file_is_named() -> None:
    found = parse_sources_file("a.pdf: {}\nb.txt: {}\nmissing.pdf:\n  publication_url: https://example.org/\n", NAMES)
    assert found.warnings == [
        "sources.yml: entry missing.pdf matches no file in the source folder; `make fetch` downloads its publication_url"
    ]
    assert sorted(found.records) == NAMES


def test_a_file_without_an_entry_is_named() -> None:
    found = parse_sources_file("a.pdf: {}\n", NAMES)
    assert found.warnings == ["b.txt: no entry in sources.yml; its publication and report addresses are not recorded"]


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        (
            "a.pdf:\n  publication_url: www.gov.uk/x\nb.txt: {}\n",
            "a.pdf: publication_url: 'www.gov.uk/x' is not an http(s) address; not linked",
        ),
        (
            "a.pdf:\n  report:\n    url: javascript:alert(1)\nb.txt: {}\n",
            "a.pdf: report: url: 'javascript:alert(1)' is not an http(s) address; not linked",
        ),
        (
            "a.pdf:\n  report:\n    published: 15/02/2019\nb.txt: {}\n",
            "a.pdf: report: published: '15/02/2019' is not YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (
            "a.pdf:\n  publisher_url: x\nb.txt: {}\n",
            "a.pdf: unknown key 'publisher_url' (expected publisher, publication_url, report, updates, retrieved, sha256)",
        ),
        (
            "a.pdf:\n  report:\n    link: x\nb.txt: {}\n",
            "a.pdf: report: unknown key 'link' (expected title, published, url)",
        ),
        (
            "a.pdf: [1, 2]\nb.txt: {}\n",
            "a.pdf: expected keys publisher, publication_url, report, updates, retrieved, sha256; found list",
        ),
        (
            "a.pdf:\n  updates: c.pdf\nb.txt: {}\n",
            "a.pdf: updates: c.pdf matches no file in the source folder; not read as a version",
        ),
        ("a.pdf:\n  updates: a.pdf\nb.txt: {}\n", "a.pdf: updates: a.pdf is this file itself; not read as a version"),
    ],
)
def test_each_problem_is_one_line_naming_the_entry(text: str, warning: str) -> None:
    assert parse_sources_file(text, NAMES).warnings == [f"sources.yml: {warning}"]


@pytest.mark.parametrize("text", ["a.pdf: [\n", "- a.pdf\n- b.txt\n"])
def test_a_broken_sources_file_is_reported_and_ignored(text: str) -> None:
    found = parse_sources_file(text, NAMES)
    assert found.records == {}
    assert len(found.warnings) == 1 and found.warnings[0].startswith("sources.yml: ") and "ignored" in found.warnings[0]


def test_dates_read_by_yaml_stay_iso() -> None:
    found = parse_sources_file("a.pdf:\n  report:\n    published: 2019-02-15\nb.txt: {}\n", NAMES)
    assert found.records["a.pdf"].report_published == "2019-02-15" and found.warnings == []


def test_addresses_come_only_from_the_file_and_only_http() -> None:
    report = parse_sources(SOURCE_PLANS)
    plan = report.plans[0]
    recorded = SourceRecord(
        publisher="Ministry of Justice",
        publication_url="https://www.gov.uk/government/publications/x",
        report_title="An inspection",
        report_published="2019-02",
        report_url="ftp://example.org/x",
    )
    origin = origin_of(plan, recorded)
    assert origin.publisher == "Ministry of Justice"
    assert origin.publication_url == "https://www.gov.uk/government/publications/x"
    assert (origin.report_title, origin.report_published) == ("An inspection", "2019-02")
    assert origin.report_url == ""  # not http(s): never linked


def test_a_build_names_a_stale_entry(tmp_path: Path) -> None:
    for path in source_paths(SOURCE_PLANS):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    text = (SOURCE_PLANS / SOURCES_FILE).read_text(encoding="utf-8") + "removed-plan.pdf: {}\n"
    (tmp_path / SOURCES_FILE).write_text(text, encoding="utf-8")
    report = parse_sources(tmp_path)
    assert report.failures == [] and len(report.plans) == len(REAL_SOURCES)
    assert "sources.yml: entry removed-plan.pdf matches no file in the source folder" in report.warnings


def test_a_plan_not_answered_by_hmpps_is_never_credited_to_it() -> None:
    """A youth justice service's plan and a national thematic plan name their own issuing body."""
    from probation_archive.pipeline import read_plan

    from .conftest import ROOT

    for name in ("youth-justice-sub-actions.txt", "youth-justice-rag.txt", "thematic-national.txt"):
        plan, _ = read_plan(ROOT / "tests" / "fixtures" / "plans" / name)
        origin = origin_of(plan, None)
        assert origin.publisher == plan.provider.name
        if plan.provider.type == "YJS":
            assert origin.publisher != ISSUING_BODY
    plan, _ = read_plan(ROOT / "tests" / "fixtures" / "plans" / "hmpps-reordered.txt")
    assert origin_of(plan, None).publisher == ISSUING_BODY
