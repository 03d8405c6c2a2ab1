"""What the archive knows about each provider beyond its plans: areas covered, type, years, successor.

The facts live in `providers.yml` beside this module, maintained by hand (facts only, never
guessed) and keyed by provider slug. A provider the file does not list still gets its pages;
they say its areas are not recorded yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

PROVIDERS_FILE = Path(__file__).with_name("providers.yml")
FIELDS = ("type", "areas", "operated", "successor", "note")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class ProviderFacts:
    """One entry of providers.yml."""

    slug: str
    type: str
    areas: tuple[str, ...]
    operated_from: str | None  # YYYY-MM
    operated_to: str | None  # YYYY-MM; None while it still operates
    successor: str | None
    note: str


def _month(value: object, where: str) -> str | None:
    if value is None:
        return None
    text = str(value)
    if not _MONTH.fullmatch(text):
        raise ValueError(f"{where}: expected a month as YYYY-MM, got {text!r}")
    return text


def _facts(slug: object, entry: object, where: str) -> ProviderFacts:
    if not isinstance(slug, str) or not isinstance(entry, dict):
        raise ValueError(f"{where}: expected `<slug>: {{type, areas, operated, successor, note}}`")
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        raise ValueError(f"{where}: unknown field {unknown[0]!r}; expected some of {', '.join(FIELDS)}")
    areas = entry.get("areas") or []
    if not isinstance(areas, list) or not all(isinstance(a, str) and a.strip() for a in areas):
        raise ValueError(f"{where}: `areas` must be a list of names")
    operated = entry.get("operated") or {}
    if not isinstance(operated, dict):
        raise ValueError(f"{where}: `operated` must be {{from: YYYY-MM, to: YYYY-MM}}")
    return ProviderFacts(
        slug=slug,
        type=str(entry.get("type") or ""),
        areas=tuple(a.strip() for a in areas),
        operated_from=_month(operated.get("from"), where),
        operated_to=_month(operated.get("to"), where),
        successor=str(entry["successor"]) if entry.get("successor") else None,
        note=" ".join(str(entry.get("note") or "").split()),
    )


def load_provider_facts(path: Path = PROVIDERS_FILE) -> dict[str, ProviderFacts]:
    """Read and validate providers.yml: provider slug -> its facts, in file order.

    Raises ValueError naming the file, the provider and the problem.

    >>> facts = load_provider_facts()
    >>> "Plymouth" in facts["dorset-devon-and-cornwall-crc"].areas
    True
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of provider slug to its facts")
    return {slug: _facts(slug, entry, f"{path}: {slug}") for slug, entry in data.items()}


@lru_cache(maxsize=1)
def provider_facts() -> dict[str, ProviderFacts]:
    """The facts of providers.yml, read once per process."""
    return load_provider_facts()


def areas_index(facts: dict[str, ProviderFacts], slugs: list[str]) -> dict[str, list[str]]:
    """Area -> the slugs of the providers (among `slugs`) that covered it; areas in alphabetical order.

    >>> f = {"a": ProviderFacts("a", "", ("Poole", "Devon"), None, None, None, ""),
    ...      "b": ProviderFacts("b", "", ("Devon",), None, None, None, "")}
    >>> areas_index(f, ["a", "b"])
    {'Devon': ['a', 'b'], 'Poole': ['a']}
    """
    index: dict[str, list[str]] = {}
    for slug in slugs:
        for area in facts[slug].areas if slug in facts else ():
            index.setdefault(area, []).append(slug)
    return dict(sorted(index.items(), key=lambda item: item[0].lower()))
