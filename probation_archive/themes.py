"""The theme taxonomy, and the rule that files a recommendation under 1 to 3 themes.

The taxonomy lives in `themes.yml` beside this module, so that maintainers can edit
titles, descriptions and keywords without touching code. A keyword matches whole words,
ignoring case; a space or hyphen in it matches any run of spaces or hyphens, and a
trailing `*` matches any word ending (`recruit*` matches "recruiting").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from .model import Plan

THEMES_FILE = Path(__file__).with_name("themes.yml")
FALLBACK_SLUG = "case-management"
MAX_THEMES = 3
SECONDARY_RATIO = 0.5  # a secondary theme scores at least half the first's…
SUPPORTED_RATIO = 0.25  # …or a quarter, when the actions also speak of it
POSITION_BONUS = 0.25  # at most: favours the theme mentioned first
FIELDS = ("slug", "title", "description", "keywords")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_KEYWORD = re.compile(r"[^\s*][^*]*\*?")


@dataclass(frozen=True)
class Theme:
    """One entry of themes.yml: `Theme("training", "Training", "...", ("train*",))`."""

    slug: str
    title: str
    description: str
    keywords: tuple[str, ...]


def load_themes(path: Path = THEMES_FILE) -> tuple[Theme, ...]:
    """Read and validate the theme taxonomy, in file order.

    Raises ValueError naming the file and the problem: a missing, empty or unknown
    field, a malformed slug or keyword, or a duplicate slug.

    >>> [theme.slug for theme in load_themes()][:2]
    ['risk-of-harm', 'safeguarding']
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list) or not data:
        raise ValueError(f"{path}: expected a non-empty list of themes")
    themes: list[Theme] = []
    for number, entry in enumerate(data, start=1):
        theme = _theme(entry, f"{path}: theme {number}")
        if any(other.slug == theme.slug for other in themes):
            raise ValueError(f"{path}: theme {number}: duplicate slug {theme.slug!r}")
        themes.append(theme)
    return tuple(themes)


def theme_titles(themes: Sequence[Theme]) -> dict[str, str]:
    """Each theme's title by its slug, in taxonomy order: how pages name a recommendation's themes.

    >>> theme_titles([Theme("unpaid-work", "Unpaid work", "…", ("unpaid work",))])
    {'unpaid-work': 'Unpaid work'}
    """
    return {theme.slug: theme.title for theme in themes}


def _theme(entry: object, where: str) -> Theme:
    if not isinstance(entry, dict) or not entry:
        raise ValueError(f"{where}: expected a mapping with fields {', '.join(FIELDS)}")
    if unknown := sorted(map(str, set(entry) - set(FIELDS))):
        raise ValueError(f"{where}: unknown field(s) {', '.join(unknown)}")
    for name in FIELDS[:3]:
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise ValueError(f"{where}: missing or empty {name!r}")
    slug, keywords = entry["slug"].strip(), entry.get("keywords")
    if not _SLUG.fullmatch(slug):
        raise ValueError(f"{where}: slug {slug!r} is not lowercase-words-with-hyphens")
    if not isinstance(keywords, list) or not keywords:
        raise ValueError(f"{where} ({slug}): missing or empty 'keywords'")
    for keyword in keywords:
        if not isinstance(keyword, str) or not _KEYWORD.fullmatch(keyword.strip()):
            raise ValueError(f"{where} ({slug}): bad keyword {keyword!r}")
    words = tuple(keyword.strip().lower() for keyword in keywords)
    return Theme(slug, entry["title"].strip(), entry["description"].strip(), words)


@lru_cache(maxsize=256)
def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for a theme's keywords, longest first so that a phrase counts once."""
    parts = []
    for keyword in sorted(keywords, key=len, reverse=True):
        stem, star = (keyword[:-1], r"\w*") if keyword.endswith("*") else (keyword, "")
        words = re.split(r"[\s\-]+", stem.strip())
        parts.append(r"[\s\-]+".join(map(re.escape, words)) + star)
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", re.IGNORECASE)


def _score(theme: Theme, text: str) -> float:
    """Keyword hits in `text`, plus up to POSITION_BONUS for an early first hit."""
    text = " ".join(text.replace("\u2019", "'").split())  # curly apostrophes, newlines
    hits = list(_pattern(theme.keywords).finditer(text))
    if not hits:
        return 0.0
    return len(hits) + POSITION_BONUS * (1 - hits[0].start() / len(text))


def assign_themes(recommendation_text: str, action_texts: Sequence[str], themes: Sequence[Theme]) -> list[str]:
    """The one to three theme slugs for a recommendation, most relevant first.

    Themes are ranked by their keyword hits in the recommendation's own text, an early
    first hit winning a tie; hits in the action texts only break remaining ties, or
    stand in when the recommendation matches nothing. A secondary theme is kept only if
    it scores at least SECONDARY_RATIO of the first theme's score, or SUPPORTED_RATIO when
    the actions speak of it too (a careful reader checks the response); any tie left goes to
    the theme that comes first in the taxonomy. With no hits at all the answer is
    `["case-management"]`.

    >>> themes = load_themes()
    >>> assign_themes("Implement a recruitment strategy to fill vacancies", [], themes)
    ['workforce']
    >>> assign_themes("Improve practice", ["Deliver unpaid work inductions"], themes)
    ['unpaid-work']
    """
    on_rec = [_score(theme, recommendation_text) for theme in themes]
    on_actions = [sum(_score(theme, text) for text in action_texts) for theme in themes]
    basis = on_rec if any(on_rec) else on_actions
    if not any(basis):
        slugs = [theme.slug for theme in themes]
        return [FALLBACK_SLUG if FALLBACK_SLUG in slugs or not slugs else slugs[0]]
    ranked = sorted(range(len(themes)), key=lambda i: (-basis[i], -on_actions[i], i))
    top = basis[ranked[0]]
    supported = basis is on_rec  # secondary themes may lean on the actions only when ranked on the text
    keep = [
        i
        for i in ranked
        if basis[i] >= SECONDARY_RATIO * top or (supported and on_actions[i] and basis[i] >= SUPPORTED_RATIO * top)
    ][:MAX_THEMES]
    return [themes[i].slug for i in keep]


def assign_plan_themes(plan: Plan, themes: Sequence[Theme]) -> Plan:
    """The plan with every recommendation filed under its themes (`assign_themes`). Runs after the
    parse cache: a parse never depends on the taxonomy."""
    recommendations = tuple(
        replace(rec, themes=tuple(assign_themes(rec.text, [a.text for a in rec.actions], themes)))
        for rec in plan.recommendations
    )
    return replace(plan, recommendations=recommendations)
