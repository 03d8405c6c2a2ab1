"""What readers see of the plans in other layouts (tests/fixtures/plans/): the content each one builds,
checked against its reviewed parse (tests/golden/fixtures/<plan>.yml), never against the helpers that
wrote the pages."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from functools import cache

import yaml
from mkdocs.utils.meta import get_data

from probation_archive.gather import assign_slugs
from probation_archive.pipeline import read_plan
from probation_archive.site import content_files
from probation_archive.sources import with_origins
from probation_archive.themes import assign_plan_themes, load_themes

from .conftest import GOLDEN, ROOT

FIXTURE_PLANS = ROOT / "tests" / "fixtures" / "plans"
ATOM = "{http://www.w3.org/2005/Atom}"


@cache
def built(name: str) -> dict[str, str]:
    """The content/ one fixture plan builds on its own (as `site.run` would, with no sources file), by path."""
    plan, _ = read_plan(FIXTURE_PLANS / f"{name}.txt")
    [plan], _ = assign_slugs([plan])
    themes = load_themes()
    [plan] = with_origins([assign_plan_themes(plan, themes)], {})
    return content_files([plan], themes, "https://example.org/")


def golden(name: str) -> dict:
    return yaml.safe_load((GOLDEN / "fixtures" / f"{name}.yml").read_text(encoding="utf-8"))


# A row of a theme's or a provider's table of recommendations: its "No." cell and the anchor it links.
REC_ROW = re.compile(
    r'<td data-label="No\.">([^<]*)</td><td data-label="Status when submitted">.*?</td>'
    r'<td data-label="Recommendation"><a href="[^"#]*#([^"]+)">',
    re.S,
)


def test_theme_and_provider_tables_number_recommendations_as_the_plan_does() -> None:
    """The reordered HMPPS plan's third recommendation is its "2.1": that, not "3", is in the No. column."""
    record = golden("hmpps-reordered")
    expected = {rec["id"]: rec.get("ref") or str(rec["number"]) for rec in record["recommendations"]}
    assert expected["rec-2-1"] == "2.1"  # the case this test is for: its sequence number is 3
    files = built("hmpps-reordered")
    provider_page = files[f"providers/{record['provider']['slug']}.md"]
    assert dict((anchor, number) for number, anchor in REC_ROW.findall(provider_page)) == expected
    for rec in record["recommendations"]:
        for theme in rec["themes"]:
            rows = {anchor: number for number, anchor in REC_ROW.findall(files[f"themes/{theme}.md"])}
            assert rows[rec["id"]] == expected[rec["id"]], theme


def test_a_plan_with_no_status_column_is_never_said_to_have_zero_of_each() -> None:
    """A youth justice plan states no status: its page, citation description, feed and provider page
    say so, as the plan page does, instead of "0 agreed, 0 partly agreed, 0 not agreed"."""
    record = golden("youth-justice-rag")
    counts = record["counts"]
    assert counts["not-stated"] == counts["total"] == 4 and counts["actions"] == 6
    files = built("youth-justice-rag")
    body, meta = get_data(files[f"plans/{record['id']}.md"])
    assert "<dt>Recommendations</dt><dd>4 (no status stated); 6 actions</dd>" in body
    description = (
        "The action plan Westmoor Youth Justice Service submitted on 2 October 2025 in answer to the HM "
        "Inspectorate of Probation inspection of Westmoor Youth Justice Service: 4 recommendations "
        "(no status stated) and 6 actions."
    )
    assert meta["description"] == html.escape(description, quote=True)
    assert {"property": "og:description", "content": description} in meta["head_meta"]
    summary = ET.fromstring(files["feed.xml"].encode("utf-8")).find(f"{ATOM}entry/{ATOM}summary")
    assert summary is not None and summary.text is not None
    assert summary.text.startswith("4 recommendations (no status stated); 6 actions. ")
    provider_page = files[f"providers/{record['provider']['slug']}.md"]
    untagged = re.sub(r"<(?!/?(p|li)\b)[^>]+>", "", provider_page)  # the counts are links: read their words
    assert "· 1 action plan · 4 recommendations: no status stated</p>" in untagged
    assert "<li>4 recommendations: no status stated</li>" in re.sub(r"<(?!/?li\b)[^>]+>", "", files["index.md"])
    for path in (f"plans/{record['id']}.md", f"providers/{record['provider']['slug']}.md", "index.md", "feed.xml"):
        assert "0 agreed" not in files[path], path


def test_a_council_plans_council_and_fieldwork_reach_plans_json_and_its_page() -> None:
    """The SQS plan is headed by its council and names the screening's fieldwork days: both are
    published, in plans.json and in the plan page's facts."""
    record = golden("council-sqs-screening")
    assert record["provider"]["council"] == "Cardale Metropolitan Borough Council"
    assert (record["inspection"]["fieldwork_start"], record["inspection"]["fieldwork_end"]) == (
        "2013-03-04",
        "2013-03-06",
    )
    files = built("council-sqs-screening")
    [published] = json.loads(files["data/plans.json"])["plans"]
    assert published["provider"]["council"] == record["provider"]["council"]
    assert published["inspection"] == record["inspection"]
    body, _ = get_data(files[f"plans/{record['id']}.md"])
    assert "</a>, a service of Cardale Metropolitan Borough Council</dd>" in body
    assert "by HM Inspectorate of Probation; fieldwork 4–6 March 2013</dd>" in body
