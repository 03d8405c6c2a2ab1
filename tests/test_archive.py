"""The questions about the whole archive, each answered once in `archive.py` (newest first, a provider's
name, plans by provider), and every page and published file that asks one giving the same answer."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from probation_archive.archive import (
    Archive,
    current_provider,
    newest_first,
    newest_plan,
    newest_recommendations_first,
    oldest_first,
    plans_by_provider,
)
from probation_archive.model import Action, Plan, Provider, Recommendation
from probation_archive.pages.explorer import FACETS_PATH, sort_orders
from probation_archive.publish.feed import atom_feed
from probation_archive.site import content_files

ATOM = "{http://www.w3.org/2005/Atom}"


def rec(number: int) -> Recommendation:
    action = Action(text=f"Action {number}.", owner="Head of Service", target=None)
    return Recommendation(number, "", f"Recommendation {number} of the plan.", "agreed", "", False, (), (action,))


def plan(
    slug: str,
    submitted: str | None,
    name: str = "Testshire Community Rehabilitation Company",
    provider_slug: str = "testshire-crc",
    published: str | None = "2018-01-15",
    recs: int = 1,
) -> Plan:
    provider = Provider(name, name.replace("Community Rehabilitation Company", "CRC"), "CRC", provider_slug)
    recommendations = tuple(rec(n) for n in range(1, recs + 1))
    return Plan("test.txt", "0" * 64, provider, submitted, published, recommendations, None, slug=slug)


def slugs(plans: list[Plan]) -> list[str]:
    return [p.slug for p in plans]


# --- newest first: one order, one tie-break ------------------------------------------------------


def test_newest_first_orders_by_submission_with_undated_last_and_ties_by_slug() -> None:
    plans = [
        plan("b-2019-05", "2019-05-01"),
        plan("z-undated", None),
        plan("c-2020-01", "2020-01"),
        plan("a-2019-05", "2019-05-01"),
        plan("y-undated", None, published="2030-01-01"),  # a report date never stands in for the plan's
    ]
    expected = ["c-2020-01", "a-2019-05", "b-2019-05", "y-undated", "z-undated"]
    assert slugs(newest_first(plans)) == expected
    assert slugs(newest_first(reversed(plans))) == expected  # the order plans come in does not matter
    assert slugs(oldest_first(plans)) == ["a-2019-05", "b-2019-05", "c-2020-01", "y-undated", "z-undated"]


def test_newest_plan_is_the_first_of_newest_first() -> None:
    plans = [plan("b-2019-05", "2019-05"), plan("a-2019-05", "2019-05"), plan("x", None)]
    assert newest_plan(plans) is plans[1]  # the tie-break of newest_first: slug order
    assert newest_plan([plan("x", None)]) is None and newest_plan([]) is None


def test_recommendations_newest_first_keep_each_plans_document_order() -> None:
    old, new, undated = plan("a-2018", "2018-02", recs=2), plan("b-2019", "2019-02", recs=2), plan("c", None)
    pairs = [(p, r) for p in (undated, old, new) for r in p.recommendations]
    ordered = newest_recommendations_first(pairs)
    assert [(p.slug, r.number) for p, r in ordered] == [
        ("b-2019", 1),
        ("b-2019", 2),
        ("a-2018", 1),
        ("a-2018", 2),
        ("c", 1),
    ]


def test_the_explorer_sorts_and_the_feed_use_newest_first() -> None:
    plans = [
        plan("b-2019-05", "2019-05-01"),
        plan("undated", None, published="2030-01-01"),
        plan("a-2019-05", "2019-05-01"),
        plan("c-2018", "2018"),
    ]
    ranks = sort_orders(plans)
    assert sorted(slugs(plans), key=lambda s: ranks["newest"][slugs(plans).index(s)]) == slugs(newest_first(plans))
    assert sorted(slugs(plans), key=lambda s: ranks["oldest"][slugs(plans).index(s)]) == slugs(oldest_first(plans))
    feed = ET.fromstring(atom_feed(plans, "https://example.org/", "sha256:0").encode("utf-8"))
    links = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]  # type: ignore[union-attr]
    assert links == [f"https://example.org/plans/{slug}/" for slug in slugs(newest_first(plans))]
    undated = feed.findall(f"{ATOM}entry")[-1].findtext(f"{ATOM}updated")
    assert undated == "1970-01-01T00:00:00Z"  # the plan's own (missing) date, not its report's


# --- a provider's name -----------------------------------------------------------------------


RENAMED = [  # (older name, newer name): both orders, so that neither "sort by name" nor "first" passes by luck
    ("Wessex CRC Limited", "Avon and Wessex Community Rehabilitation Company"),
    ("Avon CRC Limited", "Wessex and Avon Community Rehabilitation Company"),
]


def renamed_provider(old: str, new: str) -> list[Plan]:
    return [
        plan("testshire-crc-2019-03", "2019-03-29", name=old),
        plan("testshire-crc-2021-04", "2021-04-12", name=new),
        plan("testshire-crc-undated", None, name="Testshire Undated Name"),
    ]


@pytest.mark.parametrize(("old", "new"), RENAMED)
def test_a_provider_is_named_as_its_newest_plan_names_it(old: str, new: str) -> None:
    plans = renamed_provider(old, new)
    assert current_provider(plans).name == new
    assert current_provider(list(reversed(plans))).name == new
    archive = Archive(tuple(plans), ())
    assert archive.provider("testshire-crc").name == new
    assert slugs(archive.providers()["testshire-crc"]) == slugs(newest_first(plans))
    assert slugs(plans_by_provider(plans)["testshire-crc"]) == slugs(newest_first(plans))


def test_providers_are_listed_by_their_current_names() -> None:
    plans = [
        plan("b-2019", "2019-01", name="Aye CRC", provider_slug="b"),
        plan("b-2021", "2021-01", name="Zed CRC", provider_slug="b"),
        plan("a-2020", "2020-01", name="Em CRC", provider_slug="a"),
        plan("c-2020", "2020-01", name="Bee CRC", provider_slug="c"),
    ]
    assert list(Archive(tuple(plans), ()).providers()) == ["c", "a", "b"]  # Bee, Em, Zed (once Aye)
    assert list(plans_by_provider(plans)) == ["a", "b", "c"]  # by slug, for files


@pytest.mark.parametrize(("old", "new"), RENAMED)
def test_every_page_names_a_renamed_provider_alike(old: str, new: str) -> None:
    """The provider page, the providers list, the areas page, the Data page and the explorer (its
    filter, its facets and its first screen) all give the provider one name: its newest plan's."""
    files = content_files(renamed_provider(old, new), ())
    slug = "testshire-crc"
    shown = {
        "provider page": re.findall(r"^# (.+)$", files[f"providers/{slug}.md"], re.M),
        "providers list": re.findall(rf'<a href="{slug}/">([^<]+)</a>', files["providers/index.md"]),
        "areas page": re.findall(rf'<a href="\.\./providers/{slug}/">([^<]+)</a>', files["areas/index.md"]),
        "data page": re.findall(rf'<tr id="{slug}"><th scope="row">([^<]+) \(CRC\)</th>', files["data/index.md"]),
        "explorer filter": re.findall(rf'<option value="{slug}">([^<]+)</option>', files["explorer.md"]),
        "explorer facets": [p["name"] for p in json.loads(files[FACETS_PATH])["providers"]],
        "explorer results": sorted(set(re.findall(r'<span class="meta">([^<·]+) · ', files["explorer.md"]))),
    }
    assert shown == {page: [new] for page in shown}
