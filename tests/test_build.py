"""End to end: build.py on the real plans writes content/ that MkDocs reads as we meant it."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from build import main
from probation_archive import site
from probation_archive.pages.plan import front_matter
from probation_archive.publish.search_index import search_files, site_pages
from probation_archive.site import CONTENT_STAMP, content_files, generate_content, parse_sources, run, write_tree
from probation_archive.themes import load_themes

from .conftest import REAL_SOURCES, ROOT, SOURCE_PLANS, golden_records, golden_total

# Permalinks: once published these never change. A change here breaks links in reports.
PINNED_PERMALINKS = {
    "000_f0eafc4f2662284f.txt": ("dorset-devon-and-cornwall-crc-2019-03", 7),
    "001_44c49a5d30db9843.txt": ("cumbria-and-lancashire-crc-2019-06", 7),
    "002_ffcfa630b5a9c9e4.txt": ("south-west-and-south-central-nps-2018-11", 10),
    "003_ee60b564b9301ffd.txt": ("warwickshire-and-west-mercia-crc-2019-07", 7),
    "004_d58b2eaae473f7c6.txt": ("durham-tees-valley-crc-2020-05", 6),
}


@pytest.fixture(scope="module")
def report():
    return parse_sources(SOURCE_PLANS)


@pytest.fixture(scope="module")
def content(built: Path) -> Path:
    return built / "content"  # the session's one build of the real archive


def test_permalinks_are_pinned(report) -> None:
    found = {p.source: (p.slug, [r.anchor for r in p.recommendations]) for p in report.plans}
    assert found == {
        source: (slug, [f"rec-{n}" for n in range(1, count + 1)]) for source, (slug, count) in PINNED_PERMALINKS.items()
    }


def test_counts_match_each_documents_own_summary_table(report) -> None:
    checked = 0
    for plan in report.plans:
        if plan.declared_summary:
            counts = plan.counts()
            assert {k: counts[k] for k in plan.declared_summary} == plan.declared_summary, plan.source
            checked += 1
    assert checked == sum(1 for record in golden_records() if record["declared_summary"])
    assert not any("summary table says" in w for w in report.warnings)


def test_front_matter_reads_back_through_mkdocs_as_the_model(content: Path, report) -> None:
    """MkDocs silently ignores front matter it cannot parse: re-read every page with its reader."""
    for plan in report.plans:
        page = (content / "plans" / f"{plan.slug}.md").read_text(encoding="utf-8")
        body, meta = get_data(page)
        assert meta == front_matter(plan)
        assert list(meta) == ["title", "lastmod", "tab", "description", "head_meta"]  # each read by a template
        for rec in plan.recommendations:  # a descriptive heading; its id, the permalink, never changes
            assert re.search(rf"^## Recommendation {rec.number}: .+ \{{ #{rec.anchor} \}}$", body, re.M), rec.anchor


def test_plans_json_has_the_documented_shape(content: Path) -> None:
    data = json.loads((content / "data" / "plans.json").read_text(encoding="utf-8"))
    plan_keys = [
        "id",
        "source",
        "source_sha256",
        "title",
        "provider",
        "inspection",  # every plan answers one
        "submitted",
        "published",
        "url",
        "counts",
        "declared_summary",
        "warnings",
        "updates",  # versions.py: the earlier version it updates (none of the real plans: null)
        "updated_by",
        "recommendations",
    ]
    rec_keys = [
        "id",
        "number",
        "url",
        "addressee",
        "text",
        "status",
        "rationale",
        "repeated",
        "themes",
        "actions",
        "pages",
        "related",  # recurrence.py: the most similar recommendations in other plans
    ]
    assert len(data["plans"]) == len(REAL_SOURCES)
    for plan in data["plans"]:
        assert list(plan) == plan_keys
        assert list(plan["provider"]) == ["name", "short_name", "type", "slug"]
        assert plan["inspection"] == {
            "kind": "provider",
            "title": f"HM Inspectorate of Probation inspection: {plan['provider']['name']}",
        }
        assert list(plan["counts"]) == ["agreed", "partly-agreed", "not-agreed", "total", "actions"]
        assert plan["url"] == f"plans/{plan['id']}/"
        for rec in plan["recommendations"]:
            assert list(rec) == rec_keys
            assert rec["url"] == f"{plan['url']}#{rec['id']}"
            assert rec["status"] in ("agreed", "partly-agreed", "not-agreed")
            assert 1 <= len(rec["themes"]) <= 3
            for action in rec["actions"]:
                assert list(action) == ["text", "owner", "target"]
                assert list(action["target"]) == ["text", "date", "status", "parts"]
                assert not action["target"]["parts"] or action["target"]["status"] == "partly-completed"
    assert sum(p["counts"]["total"] for p in data["plans"]) == golden_total("total")


def _cell(value: object) -> str:
    """A JSON value as the README says the CSV writes it: empty for null, `true`/`false`, list items with "•"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return re.sub(r"^( *)- ", r"\1• ", str(value), flags=re.M)


def test_csv_rows_match_the_json(content: Path) -> None:
    """Every row of both CSV files is its JSON record, cell by cell, in the JSON's order."""
    data = json.loads((content / "data" / "plans.json").read_text(encoding="utf-8"))
    version = data["archive_version"]
    recs = list(csv.DictReader(io.StringIO((content / "data" / "recommendations.csv").read_text(encoding="utf-8-sig"))))
    actions = list(csv.DictReader(io.StringIO((content / "data" / "actions.csv").read_text(encoding="utf-8-sig"))))
    expected_recs, expected_actions = [], []
    for plan in data["plans"]:
        provider, inspection = plan["provider"], plan.get("inspection") or {}
        for rec in plan["recommendations"]:
            where = {"plan_id": plan["id"], "provider": provider["name"]}
            expected_recs.append(
                where
                | {
                    "provider_short_name": provider["short_name"],
                    "provider_type": provider["type"],
                    "inspection_kind": inspection.get("kind"),
                    "inspection_title": inspection.get("title"),
                    "submitted": plan["submitted"],
                    "published": plan["published"],
                    "recommendation_id": rec["id"],
                    "number": rec["number"],
                    "ref": rec.get("ref"),
                    "url": rec["url"],  # the build's SITE_URL is empty: the permalink as the JSON has it
                    "addressee": rec["addressee"],
                    "status": rec["status"],
                    "repeated": rec["repeated"],
                    "themes": ";".join(rec["themes"]),
                    "text": rec["text"],
                    "rationale": rec["rationale"],
                    "actions": len(rec["actions"]),
                    "archive_version": version,
                }
            )
            for n, action in enumerate(rec["actions"], 1):
                target = action["target"] or {}
                expected_actions.append(
                    where
                    | {
                        "provider_type": provider["type"],
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
                        "archive_version": version,
                    }
                )
    assert recs == [{key: _cell(value) for key, value in row.items()} for row in expected_recs]
    assert actions == [{key: _cell(value) for key, value in row.items()} for row in expected_actions]
    assert len(recs) == golden_total("total") and len(actions) == golden_total("actions")


def test_content_is_deterministic(tmp_path: Path, report) -> None:
    """Same sources, different folder and hash seed: byte-identical content/."""
    first = content_files(report.plans, load_themes())
    out = tmp_path / "content"
    env = {**os.environ, "PYTHONHASHSEED": "12345", "SITE_URL": ""}
    subprocess.run(
        [sys.executable, "build.py", "--no-site", "--content", str(out)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    second = {
        str(p.relative_to(out)): p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*"))
        if p.is_file() and not str(p.relative_to(out)).startswith("sources/") and p.name != CONTENT_STAMP
    }
    assert second == first


def test_search_index_built_in_a_second_process_is_the_same(report) -> None:
    """On a large archive the search index is built in a second process while the plan pages are
    rendered (issue #21: both cores); forced here on the real plans, every file is byte-identical to
    the one-process build's, and the search index's seconds are reported either way."""
    timings: dict[str, float] = {}
    one = dict(generate_content(report.plans, load_themes(), workers=1))
    two = dict(generate_content(report.plans, load_themes(), timings=timings, workers=2))
    assert two == one
    assert sum(path.startswith("search/") for path in two) > len(report.plans) * 2  # fragments, texts, shards
    assert timings["search index"] > 0


def test_build_report_summary_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-site", "--content", str(tmp_path / "c")]) == 0
    lines = capsys.readouterr().out.splitlines()
    first_line = lines[0]
    totals = f"{len(REAL_SOURCES)} plans, {golden_total('total')} recommendations, {golden_total('actions')} actions"
    assert first_line.startswith(f"{totals}, 0 failed, ")
    assert lines[-1] == first_line.rsplit(" (", 1)[0]  # the report ends with the count too
    assert ", 0 failed, " in first_line
    assert main(["--no-site", "--strict", "--content", str(tmp_path / "c")]) == 1  # the real plans carry warnings


def test_a_bad_source_fails_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SOURCE_PLANS, sources)
    (sources / "empty.txt").write_bytes(b"")
    (sources / "letter.txt").write_text("Dear Sir,\nThank you for your letter.\n", encoding="utf-8")
    code = main(["--no-site", "--source", str(sources), "--content", str(tmp_path / "c")])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[0].startswith(f"{len(REAL_SOURCES)} plans, {golden_total('total')} recommendations, ")
    assert "FAILED  empty.txt: empty file" in out
    assert "FAILED  letter.txt: not an action plan" in out
    assert len(list((tmp_path / "c" / "plans").glob("*.md"))) == len(REAL_SOURCES)


def test_a_removed_source_leaves_no_stale_page(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SOURCE_PLANS, sources)
    out = tmp_path / "content"
    run(sources, out, None, strict=False)
    (sources / "000_f0eafc4f2662284f.txt").unlink()
    run(sources, out, None, strict=False)
    assert sorted(p.stem for p in (out / "plans").glob("*.md")) == sorted(
        slug for source, (slug, _) in PINNED_PERMALINKS.items() if not source.startswith("000")
    )


def test_every_table_word_is_kept(report, capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing lost: every word of each action-plan table reaches the archive or a warning."""
    with capsys.disabled():
        for source, coverage in sorted(report.coverage.items()):
            print(f"\ncoverage {source}: {coverage.found}/{coverage.total} ({coverage.ratio:.1%})", end="")
    assert sorted(report.coverage) == [p.name for p in REAL_SOURCES]
    for source, coverage in report.coverage.items():
        assert coverage.total > 400, source
        assert coverage.missing == (), source


def test_editing_a_page_template_invalidates_the_content_stamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The about, accessibility and Data pages' words are templates: a build after editing one must not
    keep the old content/ as up to date."""
    package = tmp_path / "probation_archive"
    shutil.copytree(site.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(site, "PACKAGE_DIR", package)
    before = site.content_input_hash([], "")
    template = package / "pages" / "templates" / "about.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "One more sentence.\n", encoding="utf-8")
    assert site.content_input_hash([], "") != before


def test_search_indexes_every_page_content_holds(report) -> None:
    """The streamed build keeps aside every page search reads (the Data page, made after the downloads,
    included): its index is the one made from all of content/'s pages at once."""
    files = content_files(report.plans, load_themes())
    pages = site_pages(files)
    assert {"data/", "about/", "glossary/", "themes/"} <= {page.url for page in pages}
    assert {path: text for path, text in files.items() if path.startswith("search/")} == search_files(
        report.plans, pages
    )


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    """A rebuild links the content/ files whose bytes did not change (same file, same time) and
    writes only the others."""
    target = tmp_path / "content"
    assert write_tree([("a.md", "same"), ("b.md", "old"), ("gone.md", "x")], target) == 3
    before = {name: (target / name).stat() for name in ("a.md", "b.md")}
    assert write_tree(iter([("a.md", "same"), ("b.md", "new"), ("c/d.json", b"{}")]), target) == 2
    assert (target / "a.md").stat().st_ino == before["a.md"].st_ino
    assert (target / "a.md").stat().st_mtime_ns == before["a.md"].st_mtime_ns
    assert (target / "b.md").read_text(encoding="utf-8") == "new" and (target / "c" / "d.json").read_bytes() == b"{}"
    assert sorted(p.name for p in target.rglob("*") if p.is_file()) == ["a.md", "b.md", "d.json"]


def test_the_content_stamp_follows_each_plans_source_origin_and_slug(report) -> None:
    """The stamp a no-change rebuild compares is cheap (no open-data records) yet changes with anything
    a plan is made from: its source's bytes (sha256), its origin in the sources file, its slug."""
    import dataclasses

    plans = list(report.plans)
    stamp = site.content_input_hash(plans, "")
    assert site.content_input_hash(list(plans), "") == stamp
    first = plans[0]
    for changed in (
        dataclasses.replace(first, source_sha256="0" * 64),
        dataclasses.replace(first, origin=dataclasses.replace(first.origin, report_url="https://example.org/r")),
        dataclasses.replace(first, slug=first.slug + "-x"),
    ):
        assert site.content_input_hash([changed, *plans[1:]], "") != stamp
    assert site.content_input_hash(plans[1:], "") != stamp
    assert site.content_input_hash(plans, "https://example.org/") != stamp


def test_the_site_stamp_reads_the_content_stamp_not_every_file(tmp_path: Path) -> None:
    """MkDocs' input hash takes content/ as its stamp says it was generated (the build writes the stamp
    last); a content/ the build did not make (no stamp) is hashed file by file."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "index.md").write_text("# One\n", encoding="utf-8")
    bare = site.build_input_hash(content, False, "0")
    (content / "index.md").write_text("# Two\n", encoding="utf-8")
    assert site.build_input_hash(content, False, "0") != bare
    (content / CONTENT_STAMP).write_text("sha256:a\n", encoding="utf-8")
    stamped = site.build_input_hash(content, False, "0")
    (content / CONTENT_STAMP).write_text("sha256:b\n", encoding="utf-8")
    assert site.build_input_hash(content, False, "0") != stamped
