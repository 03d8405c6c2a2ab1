"""Hostile and broken input: every bad source gets one line naming it and the reason, the good
plans still publish, nothing from a source becomes live markup, and builds are reproducible.

The bad inputs and the line each must give are the error cases (tests/cases/errors/, golden);
the hostile corpus (tests/hostile/sources/) holds the sources that publish, with warnings or not."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from mkdocs.utils.meta import get_data

from build import main
from probation_archive.archive import Archive
from probation_archive.model import (
    Action,
    Inspection,
    Location,
    Origin,
    ParseWarning,
    Plan,
    Provider,
    Recommendation,
    Target,
)
from probation_archive.pages.about import render_about
from probation_archive.pages.data import render_data_page
from probation_archive.pages.explorer import render_explorer_page
from probation_archive.pages.glossary import render_glossary
from probation_archive.pages.hubs import (
    render_areas_index,
    render_home,
    render_provider_page,
    render_providers_index,
    render_theme_page,
    render_themes_index,
)
from probation_archive.pages.plan import front_matter, render_plan_page
from probation_archive.pipeline import MAX_SOURCE_BYTES
from probation_archive.providers import ProviderFacts
from probation_archive.site import parse_sources
from probation_archive.themes import Theme, theme_titles

from .conftest import REAL_SOURCES, ROOT, SOURCE_PLANS, error_cases, error_input

CORPUS = ROOT / "tests" / "hostile" / "sources"

WARNINGS = {
    "bad-status.txt": ["text in the status column is not a status: 'Maybe later'", "recommendation 1 has no status"],
    "bad-dates.txt": [
        "no plan submission date: 'Action Plan Submitted: sometime soon' gives no date",
        "target 'Way 2013' is not a date or a status",
        "target '31/02/2021' is not a date or a status",
    ],
    "duplicate-of-001.txt": ["identical to 001_44c49a5d30db9843.txt (same SHA-256); published once"],
    "same-provider-and-month.txt": [
        "same provider and month as 001_44c49a5d30db9843.txt; published as cumbria-and-lancashire-crc-2019-06-"
    ],
}


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    root = tmp_path_factory.mktemp("hostile")
    sources = root / "sources"
    shutil.copytree(CORPUS, sources)
    for real in REAL_SOURCES:
        shutil.copy(real, sources)
    for case in error_cases():
        bad = error_input(case, sources)  # an inline input is written into the folder, a file copied
        if bad.parent != sources:
            shutil.copy(bad, sources)
    out = io.StringIO()
    stdout, sys.stdout = sys.stdout, out
    try:
        code = main(["--source", str(sources), "--content", str(root / "content"), "--site", str(root / "site")])
    finally:
        sys.stdout = stdout
    return root, code, out.getvalue()


def test_every_bad_source_gets_its_one_line_and_the_rest_publishes(hostile_build) -> None:
    root, code, out = hostile_build
    assert code == 1
    failed = [line.removeprefix("FAILED  ") for line in out.splitlines() if line.startswith("FAILED  ")]
    assert sorted(failed) == sorted(case["output"] for case in error_cases())  # exactly the golden lines
    published = sorted(p.name for p in (root / "site" / "plans").iterdir() if p.is_dir())
    for slug in (
        "dorset-devon-and-cornwall-crc-2019-03",
        "cumbria-and-lancashire-crc-2019-06",
        "south-west-and-south-central-nps-2018-11",
        "warwickshire-and-west-mercia-crc-2019-07",
        "durham-tees-valley-crc-2020-05",
    ):
        assert slug in published
    assert out.splitlines()[0].startswith(f"{len(published)} plans, ")


def test_each_warning_case_is_reported(hostile_build) -> None:
    _, _, out = hostile_build
    warnings = [line.removeprefix("WARNING ") for line in out.splitlines() if line.startswith("WARNING ")]
    for name, expected in WARNINGS.items():
        mine = [w for w in warnings if w.startswith(f"{name}: ")]
        for text in expected:
            assert any(text in w for w in mine), (name, text, mine)


def test_strict_turns_warnings_into_a_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = tmp_path / "s"
    sources.mkdir()
    shutil.copy(CORPUS / "bad-dates.txt", sources)
    assert main(["--no-site", "--source", str(sources), "--content", str(tmp_path / "c")]) == 0
    assert main(["--no-site", "--strict", "--source", str(sources), "--content", str(tmp_path / "c")]) == 1
    assert "0 failed, 3 warnings" in capsys.readouterr().out


def test_duplicates_publish_once_and_keep_permalinks_unambiguous(hostile_build) -> None:
    root, _, _ = hostile_build
    pages = sorted(p.name for p in (root / "site" / "plans").iterdir() if p.name.startswith("cumbria"))
    assert len(pages) == 2 and pages[0] == "cumbria-and-lancashire-crc-2019-06"
    assert pages[1].startswith("cumbria-and-lancashire-crc-2019-06-")


def test_a_very_large_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    sources = tmp_path / "s"
    sources.mkdir()
    big = sources / "huge.txt"
    with big.open("wb") as f:
        f.truncate(50 * 10**6)  # 50 MB, sparse: refused on its size alone
    shutil.copy(REAL_SOURCES[0], sources)
    report = parse_sources(sources)
    assert report.failures == [
        f"huge.txt: too large to be an action plan: 50.0 MB (limit {MAX_SOURCE_BYTES // 10**6} MB)"
    ]
    assert len(report.plans) == 1


def test_a_table_without_a_target_column_publishes_with_null_targets() -> None:
    """Columns are read by meaning: a missing target column is null in the record, never guessed."""
    plan = {p.source: p for p in parse_sources(CORPUS).plans}["missing-column.txt"]
    [action] = plan.recommendations[0].actions
    assert (action.text, action.owner, action.target) == ("We will", "Director", None)
    assert plan.recommendations[0].status == "agreed"


def test_other_encodings_and_unicode_oddities_read_cleanly() -> None:
    report = parse_sources(CORPUS)
    plans = {p.source: p for p in report.plans}
    cafe = plans["cp1252.txt"]
    assert cafe.provider.name == "Café Community Rehabilitation Company"
    assert cafe.recommendations[0].text == "Improve the ‘café’ service – now"
    assert plans["utf16-bom.txt"].recommendations[0].actions[0].owner == "Director"
    odd = plans["unicode-oddities.txt"]
    assert odd.provider.name == "Odd Characters Community Rehabilitation Company"
    assert odd.provider.short_name == "OC CRC"
    rec = odd.recommendations[0]
    assert rec.text == "Improve staff files and workloads"
    assert rec.status == "agreed"
    assert rec.actions[0].text == "We will act."
    assert rec.actions[0].target.date == "2021-05"


class Scan(HTMLParser):
    """Collects what a browser would run: scripts, event attributes, javascript: URLs, frames."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.problems: list[str] = []
        self.json_ld: list[str] = []
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self._in_script = self._in_json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        if tag in ("iframe", "object", "embed", "frame"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            compact = "".join((value or "").split()).lower()
            if name.lower().startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if compact.startswith(("javascript:", "vbscript:", "data:text/html")):
                self.problems.append(f"{tag} {name}={value}")
            if name == "style" and "position:fixed" in compact:
                self.problems.append(f"{tag} style={value}")
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self._in_json_ld = True  # data, which a browser never runs; checked to be JSON below
            self.json_ld.append("")
        elif tag == "script":
            self._in_script = True
            self.scripts.append(dict(attrs).get("src") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = self._in_json_ld = False

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld[-1] += data
        elif self._in_script and data.strip():
            self.scripts[-1] += "inline:" + data.strip()


def normalised(script: str) -> str:
    """A script with the page's relative base path taken out, to compare across pages."""
    script = re.sub(r'"base": "[^"]*"', '"base": ""', script)
    script = re.sub(r'new URL\("[^"]*"', 'new URL(""', script)
    script = re.sub(r'"(?:\.\./|\./|/)+assets/', '"assets/', script)
    return script.lstrip("./")


def scan(path: Path) -> Scan:
    return scan_text(path.read_text(encoding="utf-8"))


def scan_text(text: str) -> Scan:
    parsed = Scan()
    parsed.feed(text)
    parsed.close()
    return parsed


def test_no_source_text_reaches_a_page_as_live_markup(hostile_build) -> None:
    root, _, _ = hostile_build
    site = root / "site"
    clean_scripts = set(map(normalised, scan(site / "plans" / "durham-tees-valley-crc-2020-05" / "index.html").scripts))
    clean_scripts |= set(map(normalised, scan(site / "explorer" / "index.html").scripts))
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        found = scan(page)
        assert found.problems == [], page.relative_to(site)
        assert set(map(normalised, found.scripts)) <= clean_scripts, page
        assert all(json.loads(data)["@type"] == "Dataset" for data in found.json_ld), page
    hostile = next(site.glob("plans/hostile-*/index.html")).read_text(encoding="utf-8")
    text = html.unescape(hostile)
    assert "<script>alert" not in hostile and "alert('cell')" in text  # shown as text, not run
    assert "{{ config.site_name }} {% include 'x' %}" in text  # template syntax stays text
    assert '!!! warning "admonition"' in text and 'class="admonition' not in hostile
    assert '--8<-- "/etc/passwd"' in text and "root:" not in text  # snippet syntax stays text
    page = next(site.glob("plans/scripted-page-*/index.html")).read_text(encoding="utf-8")  # script-page.html
    assert "alert('shown-as-text')" in html.unescape(page) and "Publish the guidance today." in page
    for never in ("ran-in-head", "ran-in-cell", "body-onload", "heading-click", "table-hover", "img-error", "svg-load"):
        assert never not in page, never  # a web page's scripts and handlers are dropped by the reader, not shown
    assert "evil.example" not in page
    # the original web page is published as text (`sources/script-page.html.txt`), never as a page that would run
    assert not (site / "sources" / "script-page.html").exists()
    assert (site / "sources" / "script-page.html.txt").read_bytes() == (CORPUS / "script-page.html").read_bytes()
    assert 'href="../../sources/script-page.html.txt"' in page
    entity = next(site.glob("plans/*entity*/index.html")).read_text(encoding="utf-8")
    assert "<script>alert(8)" not in entity and "alert(8)" in html.unescape(entity)


def test_hostile_front_matter_reads_back_exactly(hostile_build) -> None:
    root, _, _ = hostile_build
    report = parse_sources(root / "sources")
    plan = next(p for p in report.plans if p.source == "hostile-cells.txt")
    page = next((root / "content" / "plans").glob("hostile-*.md")).read_text(encoding="utf-8")
    _, meta = get_data(page)
    assert meta == front_matter(plan)


def test_csv_downloads_neutralise_formulas(hostile_build) -> None:
    root, _, _ = hostile_build
    for name in ("recommendations.csv", "actions.csv"):
        rows = list(csv.reader(io.StringIO((root / "content" / "data" / name).read_text(encoding="utf-8-sig"))))
        cells = [cell for row in rows for cell in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], name
        if name == "actions.csv":
            assert '\'=HYPERLINK("http://evil.example","x")' in cells
            assert "'-2+3" in cells and "'@cmd" in cells and "'+SUM(1,2)" in cells


def test_two_builds_in_different_folders_and_hash_seeds_are_byte_identical(tmp_path: Path) -> None:
    """content/ and site/ alike: nothing depends on the folder, the hash seed or the clock."""
    trees = []
    for n, seed in enumerate(("1", "987654")):
        out = tmp_path / f"build{n}" / ("nested" if n else "")
        env = {**os.environ, "PYTHONHASHSEED": seed, "SITE_URL": "https://archive.example/probation/"}
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "build.py"),
                "--source",
                str(SOURCE_PLANS),
                "--content",
                str(out / "content"),
                "--site",
                str(out / "site"),
            ],
            cwd=tmp_path,
            env=env,
            check=True,
            capture_output=True,
        )
        trees.append({str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert trees[0].keys() == trees[1].keys()
    different = [path for path in trees[0] if trees[0][path] != trees[1][path]]
    assert different == []
    assert b"<lastmod>2020-05-20</lastmod>" in trees[0]["site/sitemap.xml"]
    # the configured address (SITE_URL) reaches canonical links, the sitemap, the feed and citations
    url = b"https://archive.example/probation/plans/durham-tees-valley-crc-2020-05/"
    page = trees[0]["site/plans/durham-tees-valley-crc-2020-05/index.html"]
    assert b'<link rel="canonical" href="' + url + b'">' in page
    assert b"<loc>" + url + b"</loc>" in trees[0]["site/sitemap.xml"]
    assert url in trees[0]["site/feed.xml"]
    assert url + b"#rec-3" in page


# --- every page builder, fed a source whose every text field is hostile -------------------------------------

ATTACK = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>'><svg onload=alert(1)> {{ x }} {% y %}"


def hostile(field: str) -> str:
    """A field's own marker (so the test sees that the field reached the page), then the attacks."""
    return f"{field} {ATTACK}"


def hostile_archive() -> tuple[Archive, Plan]:
    """One plan, one theme and one provider's facts whose every text is hostile: what a source, themes.yml,
    providers.yml or sources.yml could hold (dates, slugs and statuses are the parser's, never free text)."""
    target = Target(
        hostile("TargetText"),
        "2021-05",
        "partly-completed",
        (Target(hostile("TargetPartDone"), None, "completed"), Target(hostile("TargetPartDue"), "2021-05", "planned")),
    )
    action = Action(
        hostile("ActionText"),
        hostile("ActionOwner"),
        target,
        ref=hostile("ActionRef"),
        agency=hostile("ActionAgency"),
        progress=hostile("ActionProgress") + "\n- " + hostile("ProgressItem"),
        rag="red",
    )
    text = hostile("RecText") + " Hostile Services Team (HST)\n- " + hostile("RecItem") + " **" + hostile("Bold") + "**"
    first = Recommendation(
        1,
        hostile("Addressee"),
        text,
        "partly-agreed",
        hostile("Rationale"),
        True,
        ("hostile-theme",),
        (action,),
        pages=(2, 3),
        ref="R1",
    )
    second = Recommendation(2, hostile("Addressee"), hostile("SecondRec"), None, "", False, ("hostile-theme",), ())
    plan = Plan(
        source=hostile("SourceFile") + ".pdf",
        source_sha256=hostile("SourceHash"),
        provider=Provider(hostile("ProviderName"), hostile("ShortName"), hostile("ProviderType"), "hostile-provider"),
        submitted="2021-03-04",
        published="2021-02",
        recommendations=(first, second),
        declared_summary=None,
        warnings=(ParseWarning(hostile("PageWarning"), Location("page", 2)), ParseWarning(hostile("PlanWarning"))),
        slug="hostile-provider-2021-03",
        inspection=Inspection("joint", hostile("InspectionTitle")),
        origin=Origin(
            hostile("Publisher"),
            "https://example.org/?q=" + hostile("PublicationUrl"),
            hostile("ReportTitle"),
            "2021-02-03",
            "https://example.org/?q=" + hostile("ReportUrl"),
        ),
    )
    theme = Theme("hostile-theme", hostile("ThemeTitle"), hostile("ThemeDescription"), ("x",))
    facts = ProviderFacts(
        "hostile-provider",
        hostile("FactsType"),
        (hostile("AreaOne"), hostile("AreaTwo")),
        "2014-06",
        "2021-06",
        hostile("Successor"),
        hostile("FactsNote"),
    )
    return Archive((plan,), (theme,), {"hostile-provider": facts}), plan


def page_builders() -> dict[str, tuple[str, set[str]]]:
    """Every page builder's output for the hostile archive, with the fields each must show (as text)."""
    archive, plan = hostile_archive()
    [theme] = archive.themes
    provider = {"ProviderName", "ShortName"}
    recs = {"RecText", "SecondRec"}
    every_plan_field = provider | recs | {"Addressee", "RecItem", "Bold", "Rationale", "ActionText", "ActionOwner"}
    every_plan_field |= {"ActionRef", "ActionAgency", "ActionProgress", "ProgressItem", "TargetText"}
    every_plan_field |= {"TargetPartDone", "TargetPartDue", "PageWarning", "PlanWarning", "InspectionTitle"}
    every_plan_field |= {"Publisher", "PublicationUrl", "ReportTitle", "ReportUrl", "SourceFile", "SourceHash"}
    every_plan_field |= {"ThemeTitle"}
    return {
        "plan": (
            render_plan_page(plan, theme_titles(archive.themes), "https://example.org/"),
            every_plan_field,
        ),
        "home": (render_home(archive), {"ProviderName", "ThemeTitle"}),
        "providers": (render_providers_index(archive), {"ProviderName", "ProviderType"}),
        "provider": (
            render_provider_page(archive, "hostile-provider"),
            provider | recs | {"ThemeTitle", "FactsType", "AreaOne", "AreaTwo", "Successor", "FactsNote"},
        ),
        "areas": (render_areas_index(archive), {"ProviderName", "AreaOne", "AreaTwo"}),
        "themes": (render_themes_index(archive), {"ThemeTitle", "ThemeDescription"}),
        "theme": (render_theme_page(archive, theme), {"ProviderName", "ThemeTitle", "ThemeDescription"} | recs),
        "explorer": (render_explorer_page(archive), {"ProviderName", "ProviderType", "ThemeTitle"} | recs),
        "about": (render_about(archive), {"ProviderName"}),  # warnings are counted here, shown on the plan page
        "glossary": (render_glossary(archive), {"ProviderName", "ShortName"}),
        "data": (render_data_page(list(archive.plans), ATTACK), {"ProviderName", "ProviderType"}),
    }


@pytest.mark.parametrize("name", sorted(page_builders()))
def test_every_page_builder_shows_every_hostile_field_as_text(name: str) -> None:
    """Escaping is the default: each builder's Markdown (as content/ holds it) and the HTML Markdown makes of
    it (as the site publishes it) carry no tag, attribute or template syntax from a field, yet show each field."""
    page, fields = page_builders()[name]
    _, _, body = page.partition("\n---\n")  # after the front matter (data: its title and description are checked
    # by test_hostile_front_matter_reads_back_exactly and the built site)
    published = markdown.markdown(body, extensions=["attr_list", "toc", "tables"])
    for html_text in (body, published):
        found = scan_text(html_text)
        assert found.problems == [] and found.scripts == [], name
        assert found.tags.isdisjoint({"img", "script"}), name
        assert "onload" not in found.attributes and "onerror" not in found.attributes
        assert "alert(1)" in html.unescape(html_text)
    assert re.findall(r"(?<!\\)\{[{%]", body) == []  # template syntax stays text: escaped in HTML, `\{` in Markdown
    shown = html.unescape(published)
    assert [field for field in sorted(fields) if f"{field} <script>alert(1)</script>" not in shown] == [], name
