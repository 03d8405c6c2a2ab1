"""Recurrence (probation_archive/recurrence.py): measured on the hand-labelled pairs, never within one plan
(nor one plan's versions), deterministic, the repeated flag traced, and shown on the pages and in the data."""

from __future__ import annotations

import dataclasses
import json
import random
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from jsonschema import Draft202012Validator

from probation_archive.archive import Archive
from probation_archive.model import Plan, Provider, Recommendation
from probation_archive.pages.explorer import made_before_column
from probation_archive.pages.recurring import (
    GROUPS_PER_PAGE,
    MEMBERS_INLINE,
    MEMBERS_PER_PAGE,
    made_before_block,
    render_recurring_pages,
)
from probation_archive.publish.open_data import plans_schema
from probation_archive.recurrence import (
    MEASURED_FALSE_POSITIVES,
    MEASURED_PAIRS,
    MEASURED_SAME,
    MEASURED_TRUE_POSITIVES,
    SHOWN,
    THRESHOLD,
    Group,
    Recurrence,
    cached_recurrence,
    evaluate,
    find_recurrence,
    similar_pairs,
    weigh,
)
from probation_archive.site import parse_sources, run

from .conftest import ROOT, SOURCE_PLANS
from .recurrence_pairs import labelled_pairs, pair_scores

RECURRENCE_FIXTURES = ROOT / "tests" / "fixtures" / "recurrence"  # two plans written by us (not published)


# --- measured on the labelled pairs ---------------------------------------------------------------


@pytest.fixture(scope="module")
def pairs_and_scores() -> tuple[list, list[float]]:
    pairs = labelled_pairs()
    return pairs, pair_scores(pairs)


def test_the_pairs_are_as_many_as_the_about_page_says(pairs_and_scores) -> None:
    pairs, _ = pairs_and_scores
    assert len(pairs) == MEASURED_PAIRS >= 80
    assert sum(p.same for p in pairs) == MEASURED_SAME
    assert MEASURED_PAIRS - MEASURED_SAME >= 40  # enough pairs that share words but ask different things
    assert any(not p.a.written_by_us and not p.b.written_by_us for p in pairs)  # real against real


def test_precision_and_recall_on_the_pairs_are_at_least_what_is_reported(pairs_and_scores) -> None:
    pairs, scores = pairs_and_scores
    scored = evaluate(scores, [p.same for p in pairs], THRESHOLD)
    assert scored.true_positives >= MEASURED_TRUE_POSITIVES
    assert scored.false_positives <= MEASURED_FALSE_POSITIVES
    reported = MEASURED_TRUE_POSITIVES / (MEASURED_TRUE_POSITIVES + MEASURED_FALSE_POSITIVES)
    assert scored.precision >= reported
    assert scored.recall >= MEASURED_TRUE_POSITIVES / MEASURED_SAME


def test_a_providers_name_alone_never_links_two_recommendations(pairs_and_scores) -> None:
    pairs, scores = pairs_and_scores
    named = [
        s for p, s in zip(pairs, scores, strict=True) if not p.same and p.a.provider and p.a.provider == p.b.provider
    ]
    assert named and max(named) < THRESHOLD


def rec(number: int, text: str, repeated: bool = False) -> Recommendation:
    return Recommendation(number, "", text, "agreed", "", repeated, (), ())


def plan(slug: str, name: str, date: str, *texts: str) -> Plan:
    provider = Provider(name, name, "CRC", slug.rsplit("-", 2)[0])
    recs = tuple(rec(n, t) for n, t in enumerate(texts, 1))
    return Plan(f"{slug}.txt", "0", provider, date, None, recs, None, slug=slug)


ASK = "Improve the quality of work to assess, plan for and review the protection of potential and actual victims."


def test_a_recommendation_is_never_related_to_its_own_plan() -> None:
    one = plan("a-crc-2019-01", "A CRC", "2019-01-10", ASK, ASK)  # the same words twice in one plan
    other = plan("b-crc-2020-01", "B CRC", "2020-01-10", ASK)
    found = find_recurrence([one, other])
    for (slug, _anchor), matches in found.related.items():
        assert matches and all(m.plan_slug != slug for m in matches)
    assert [m.url for m in found.related[("a-crc-2019-01", "rec-1")]] == ["plans/b-crc-2020-01/#rec-1"]


def test_versions_of_one_plan_are_not_related_when_named_one_family() -> None:
    first = plan("a-crc-2019-01", "A CRC", "2019-01-10", ASK)
    update = plan("a-crc-2019-09", "A CRC", "2019-09-10", ASK)
    assert find_recurrence([first, update]).related  # two plans: related
    assert find_recurrence([first, update], family=lambda p: "a-crc-2019").related == {}


def test_only_the_provider_name_in_common_is_no_match() -> None:
    name = "Durham Tees Valley Community Rehabilitation Company"
    one = plan("durham-crc-2017-01", name, "2017-01-10", "Durham Tees Valley CRC should recruit more staff.")
    two = plan("durham-crc-2020-01", name, "2020-01-10", "Durham Tees Valley CRC should audit its buildings.")
    assert find_recurrence([one, two]).related == {}


def variants(count: int, seed: int) -> list[Counter[str]]:
    """Texts as an archive's are: a few asks, each made many times in other words, of a vocabulary where
    a few words are in nearly every text (Zipf), so most pairs share a word and few are alike."""
    rng = random.Random(seed)
    vocabulary = [f"word{n}" for n in range(2000)]
    weights = [1 / (n + 1) for n in range(len(vocabulary))]
    asks = [rng.choices(vocabulary, weights, k=15) for _ in range(25)]
    texts = []
    for _ in range(count):
        words = [w if rng.random() > 0.35 else rng.choice(vocabulary) for w in rng.choice(asks)]
        texts.append(Counter(words + rng.choices(vocabulary, weights, k=rng.randrange(6))))
    return texts


@pytest.mark.parametrize("seed", [1, 2])
def test_the_pairs_are_the_full_products_at_the_threshold_to_the_bit(seed: int, monkeypatch) -> None:
    """Blocks of the upper triangle, mirrored, only save work: every ordered pair of other families whose
    cosine in the full product reaches the threshold, none else, each with the same float32 score."""
    monkeypatch.setattr("probation_archive.recurrence.BLOCK_ROWS", 97)  # blocks that end mid-plan
    vectors = weigh(variants(600, seed))
    family = np.arange(600) // 3  # three texts a plan
    full = (vectors @ vectors.T.tocsc()).tocoo()
    wanted = (full.data >= THRESHOLD - 1e-6) & (family[full.row] != family[full.col])
    expected = sorted(
        zip(full.row[wanted].tolist(), full.col[wanted].tolist(), full.data[wanted].tolist(), strict=True)
    )
    rows, cols, scores = similar_pairs(vectors, family)
    assert list(zip(rows.tolist(), cols.tolist(), scores.tolist(), strict=True)) == expected  # by row, then column
    assert scores.dtype == np.float32 and len(expected) > 500


@pytest.fixture(scope="module")
def with_fixtures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real plans and the two recurrence fixture plans, in one source folder."""
    folder = tmp_path_factory.mktemp("recurrence-sources")
    for path in [*SOURCE_PLANS.glob("*.txt"), *RECURRENCE_FIXTURES.glob("*.txt")]:
        shutil.copy(path, folder)
    return folder


@pytest.fixture(scope="module")
def plans(with_fixtures: Path) -> list[Plan]:
    report = parse_sources(with_fixtures)
    assert report.failures == []
    return report.plans


def test_the_same_sources_give_the_same_related(plans: list[Plan]) -> None:
    assert find_recurrence(plans) == find_recurrence(list(reversed(plans)))
    assert find_recurrence(plans).related  # something to compare


def test_at_most_five_shown_the_same_providers_first(plans: list[Plan]) -> None:
    found = find_recurrence(plans)
    for matches in found.related.values():
        assert len(matches) <= SHOWN
        same = [m.same_provider for m in matches]
        assert same == sorted(same, reverse=True)
        assert all(m.score >= THRESHOLD - 1e-3 for m in matches)


def test_a_repeated_recommendation_finds_the_earlier_one_when_its_plan_is_in_the_archive(plans: list[Plan]) -> None:
    finding = find_recurrence(plans).repeats[("durham-tees-valley-crc-2020-05", "rec-3")]
    assert finding.reason == "found"
    assert finding.match is not None and finding.match.url == "plans/durham-tees-valley-crc-2017-03/#rec-1"


def test_a_repeated_recommendation_says_plainly_when_the_earlier_plan_is_not_in_the_archive() -> None:
    real = parse_sources(SOURCE_PLANS).plans
    found = find_recurrence(real)
    durham = next(p for p in real if p.slug == "durham-tees-valley-crc-2020-05")
    finding = found.repeats[(durham.slug, "rec-3")]
    assert finding.reason == "no-earlier-plan" and finding.match is None
    block = "".join(made_before_block(durham, durham.recommendations[2], found))
    assert "The plan answering that inspection is not in this archive" in block


def test_a_repeated_recommendation_with_no_alike_earlier_one_says_so() -> None:
    earlier = plan("a-crc-2017-01", "A CRC", "2017-01-10", "Recruit more probation officers.")
    later = plan("a-crc-2020-01", "A CRC", "2020-01-10", ASK)
    later = dataclasses.replace(later, recommendations=(rec(1, ASK, repeated=True),))
    found = find_recurrence([earlier, later])
    finding = found.repeats[("a-crc-2020-01", "rec-1")]
    assert (finding.reason, finding.earlier_plans) == ("no-similar-recommendation", ("a-crc-2017-01",))
    assert "reads alike enough" in "".join(made_before_block(later, later.recommendations[0], found))


def test_recurrence_is_cached_by_the_plans(plans: list[Plan], tmp_path: Path) -> None:
    first = cached_recurrence(plans, tmp_path)
    [stored] = list(tmp_path.glob("recurrence-*.pickle"))
    stored.write_bytes(stored.read_bytes())  # unchanged plans: the file is read back
    assert cached_recurrence(plans, tmp_path) == first
    changed = [dataclasses.replace(plans[0], recommendations=plans[0].recommendations[:1]), *plans[1:]]
    cached_recurrence(changed, tmp_path)
    assert [p.name for p in tmp_path.glob("recurrence-*.pickle")] != [stored.name]


def test_the_explorers_made_before_column(plans: list[Plan]) -> None:
    archive = Archive(tuple(plans), (), recurrence=find_recurrence(plans))
    column = made_before_column(archive)
    ids = [(p.slug, r.anchor) for p in archive.plans for r in p.recommendations]
    assert column[ids.index(("durham-tees-valley-crc-2020-05", "rec-3"))] == 2  # its own 2017 plan
    assert column[ids.index(("kennet-and-avon-crc-2018-10", "rec-1"))] == 1  # Durham's 2017 plan
    assert column[ids.index(("durham-tees-valley-crc-2017-03", "rec-1"))] == 0  # the first
    assert len(column) == len(ids)


# --- the built site -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_with_fixtures(with_fixtures: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("recurrence-site")
    report = run(with_fixtures, root / "content", root / "site", strict=True)
    assert report.failures == []
    return root


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.related: list[str] = []
        self._in_related = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "div" and (self._in_related or values.get("class") == "made-before"):
            self._in_related += 1  # divs open inside the block, itself included
        if tag == "a" and self._in_related and values.get("href"):
            self.related.append(values["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._in_related:
            self._in_related -= 1


def read_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_the_plan_page_lists_related_recommendations_by_working_permalinks(site_with_fixtures: Path) -> None:
    site = site_with_fixtures / "site"
    page_path = site / "plans" / "durham-tees-valley-crc-2020-05" / "index.html"
    html = page_path.read_text(encoding="utf-8")
    assert "made to this provider before, in its 2017 plan" in html
    assert "recommendation 1 of the plan of 14 March 2017" in html
    links = read_page(page_path).related
    assert "../durham-tees-valley-crc-2017-03/#rec-1" in links
    for href in links:
        path, _, anchor = href.partition("#")
        target = (page_path.parent / path).resolve() / "index.html"
        assert target.is_file(), href
        if anchor:
            assert anchor in read_page(target).ids, href


def test_plans_json_lists_related_and_follows_the_schema(site_with_fixtures: Path) -> None:
    document = json.loads((site_with_fixtures / "content" / "data" / "plans.json").read_text(encoding="utf-8"))
    Draft202012Validator(json.loads(plans_schema())).validate(document)
    recs = {f"{p['url']}#{r['id']}": r for p in document["plans"] for r in p["recommendations"]}
    assert all("related" in r for r in recs.values())
    related = recs["plans/durham-tees-valley-crc-2020-05/#rec-3"]["related"]
    assert related[0] == {
        "url": "plans/durham-tees-valley-crc-2017-03/#rec-1",
        "score": related[0]["score"],
        "same_provider": True,
    }
    for url, r in recs.items():
        for link in r["related"]:
            assert link["url"] in recs and link["url"].split("#")[0] != url.split("#")[0]


def test_the_recurring_page_lists_the_groups_with_their_members(site_with_fixtures: Path) -> None:
    page_path = site_with_fixtures / "site" / "recurring" / "index.html"
    html = page_path.read_text(encoding="utf-8")
    # the count links to the group's rows in the explorer (its "Recurring group" filter)
    assert re.search(
        r'<a class="count-link" href="\.\./explorer/\?group=\d+">3</a> recommendations to 2 providers, 2017–2020', html
    )
    assert 'href="../plans/durham-tees-valley-crc-2017-03/#rec-1"' in html
    about = (site_with_fixtures / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert 'id="recurrence"' in about and f"{MEASURED_PAIRS} pairs" in about


# --- size at 2,000 plans --------------------------------------------------------------------------


def test_no_recurring_page_passes_its_bound_at_2000_plans() -> None:
    """A synthetic archive of 2,000 plans (15,000 recommendations, long provider names): one group of
    every recommendation and 1,000 groups of 13, the worst both ways. Markdown under 120 KB leaves MkDocs'
    own page (its header, navigation and footer: under 40 KB here) room under 200 KB."""
    name = "Provider With A Long Name Community Rehabilitation Company Number "
    plans = [
        plan(
            f"provider-{n % 100:03d}-crc-{2010 + n // 100}-01-{n:04d}",
            f"{name}{n % 100}",
            f"{2010 + n // 100}-01-15",
            *["Improve the quality of work to protect victims and children at risk of harm, in every case."] * 8,
        )
        for n in range(2000)
    ][:1875]  # 15,000 recommendations
    keys = [(p.slug, r.anchor) for p in plans for r in p.recommendations]
    groups = (Group(tuple(keys)), *(Group(tuple(keys[i : i + 13])) for i in range(0, 13_000, 13)))
    files = render_recurring_pages(Archive(tuple(plans), (), recurrence=Recurrence(groups=groups)))
    sizes = {path: len(text.encode("utf-8")) for path, text in files.items()}
    assert max(sizes.values()) < 120_000, max(sizes.items(), key=lambda kv: kv[1])
    assert len([p for p in files if p.startswith("recurring/groups/1")]) >= len(keys) // MEMBERS_PER_PAGE
    assert GROUPS_PER_PAGE * MEMBERS_INLINE <= MEMBERS_PER_PAGE  # an index page holds no more links than a group page
