"""providers.yml: the maintained facts about each provider, and the pages built from them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from probation_archive.pages.glossary import STATUS_DEFINITIONS
from probation_archive.providers import PROVIDERS_FILE, load_provider_facts

from .conftest import REAL_SOURCES
from .test_build import PINNED_PERMALINKS


def test_every_real_provider_has_areas_years_and_a_successor() -> None:
    facts = load_provider_facts()
    real = {slug.rsplit("-", 2)[0] for slug, _ in PINNED_PERMALINKS.values()}
    assert real <= set(facts)
    for slug in real:
        assert facts[slug].areas and facts[slug].type, slug
        assert facts[slug].operated_from == "2014-06" and facts[slug].operated_to == "2021-06", slug
        assert facts[slug].successor and facts[slug].successor.startswith("Probation Service"), slug


@pytest.mark.parametrize(
    ("area", "slug"),
    [
        ("Plymouth", "dorset-devon-and-cornwall-crc"),
        ("Isles of Scilly", "dorset-devon-and-cornwall-crc"),
        ("Middlesbrough", "durham-tees-valley-crc"),
        ("Shropshire", "warwickshire-and-west-mercia-crc"),
        ("Blackpool", "cumbria-and-lancashire-crc"),
    ],
)
def test_areas_are_filed_under_their_provider(area: str, slug: str) -> None:
    assert area in load_provider_facts()[slug].areas


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("- a list", "expected a mapping of provider slug"),
        ("x: {areas: Plymouth}", "x: `areas` must be a list of names"),
        ("x: {operated: {from: 2014}}", "x: expected a month as YYYY-MM, got '2014'"),
        ("x: {operated: {to: 2021-13}}", "x: expected a month as YYYY-MM, got '2021-13'"),
        ("x: {successor: A, owner: B}", "x: unknown field 'owner'"),
        ("x: [1, 2]", "x: expected `<slug>: {type, areas, operated, successor, note}`"),
    ],
)
def test_a_malformed_providers_file_names_the_file_the_provider_and_the_problem(
    tmp_path: Path, text: str, error: str
) -> None:
    path = tmp_path / "providers.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(error)) as raised:
        load_provider_facts(path)
    assert str(path) in str(raised.value)


def test_the_providers_file_is_documented_in_the_readme() -> None:
    readme = (PROVIDERS_FILE.parent.parent / "README.md").read_text(encoding="utf-8")
    assert "probation_archive/providers.yml" in readme
    for field in ("areas", "operated", "successor"):
        assert f"`{field}`" in readme


@pytest.mark.parametrize("source", REAL_SOURCES, ids=lambda p: p.name)
def test_status_definitions_are_the_plans_own_words(source: Path) -> None:
    """The glossary quotes the categorisation table every real plan has in its introduction."""
    text = " ".join(source.read_text(encoding="utf-8").split())
    for status, definition in STATUS_DEFINITIONS.items():
        label = {"agreed": "Agreed", "partly-agreed": "Partly Agreed", "not-agreed": "Not Agreed"}[status]
        assert f"{label} {definition}" in text, (source.name, status)
