"""The theme taxonomy, and the rule that files a recommendation under 1 to 3 themes.

The taxonomy lives in `themes.yml` beside this module, so that maintainers can edit
titles, descriptions and keywords without touching code. A keyword matches whole words,
ignoring case; a space or hyphen in it matches any run of spaces or hyphens, and a
trailing `*` matches any word ending (`recruit*` matches "recruiting").
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
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


def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for a theme's keywords, longest first so that a phrase counts once."""
    parts = []
    for keyword in sorted(keywords, key=len, reverse=True):
        stem, star = (keyword[:-1], r"\w*") if keyword.endswith("*") else (keyword, "")
        words = re.split(r"[\s\-]+", stem.strip())
        parts.append(r"[\s\-]+".join(map(re.escape, words)) + star)
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", re.IGNORECASE)


_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ThemeRules:
    """The taxonomy compiled once for a build: each theme's regex, and where in a text each theme could
    match, read from its words in one pass (`starts`), so a theme's regex is tried only at the words
    one of its keywords begins with.

    A keyword's first word (its first run of letters and digits) starts every match, as a whole word
    of the text, or as its beginning when that word is the whole keyword and ends in `*`.
    """

    themes: tuple[Theme, ...]
    patterns: tuple[re.Pattern[str], ...]
    first_words: dict[str, frozenset[int]]  # a keyword's first word -> the themes it belongs to
    beginnings: dict[str, frozenset[int]]  # a one-word `*` keyword's letters -> its themes
    always: frozenset[int]  # themes with a keyword whose first word cannot be read so (not ASCII…)
    _by_word: dict[str, frozenset[int]] = field(default_factory=dict, compare=False, repr=False)  # memo

    def starts(self, text: str) -> dict[int, list[int]] | None:
        """Where in `text` (a normalised text) each theme's keywords could start: the themes' numbers
        -> the positions of the words a keyword of theme begins with, in order. None when the text has
        a word that is not ASCII (regex case folding is then Unicode's, not `lower()`): try them all."""
        found: dict[int, list[int]] = {}
        for match in _WORD.finditer(text):
            word = match[0]
            themes = self._by_word.get(word)
            if themes is None:
                themes = self._by_word[word] = self._word_themes(word)
            if not themes:
                if not word.isascii():
                    return None
                continue
            for i in themes:
                found.setdefault(i, []).append(match.start())
        return found

    def _word_themes(self, word: str) -> frozenset[int]:
        """The themes a keyword of which can start at this word (empty for a word that is not ASCII)."""
        if not word.isascii():
            return frozenset()
        word = word.lower()
        found = set(self.first_words.get(word, ()))
        for n in range(1, len(word) + 1):
            found.update(self.beginnings.get(word[:n], ()))
        return frozenset(found)


def compile_rules(themes: Sequence[Theme]) -> ThemeRules:
    """Compile a taxonomy for `assign_themes` (once per build, not once per text)."""
    first: dict[str, set[int]] = {}
    beginnings: dict[str, set[int]] = {}
    always = set()
    for i, theme in enumerate(themes):
        for keyword in theme.keywords:
            stem = keyword.removesuffix("*").strip()
            word = _WORD.match(stem)
            if not keyword.isascii() or word is None:
                always.add(i)
            elif word.end() == len(stem) and keyword.endswith("*"):
                beginnings.setdefault(word[0].lower(), set()).add(i)
            else:
                first.setdefault(word[0].lower(), set()).add(i)
    return ThemeRules(
        tuple(themes),
        tuple(_pattern(theme.keywords) for theme in themes),
        {w: frozenset(s) for w, s in first.items()},
        {w: frozenset(s) for w, s in beginnings.items()},
        frozenset(always),
    )


@lru_cache(maxsize=8)
def _rules(themes: tuple[Theme, ...]) -> ThemeRules:
    return compile_rules(themes)


def _normalise(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())  # curly apostrophes, newlines


def _scores(rules: ThemeRules, text: str) -> list[float]:
    """Each theme's keyword hits in `text`, plus up to POSITION_BONUS for an early first hit.

    The same hits as `finditer` over the whole text, found faster: a theme's regex is tried only where
    one of its keywords' first words is, and (as `finditer` does) never inside the previous hit.
    """
    text = _normalise(text)
    scores = [0.0] * len(rules.themes)
    starts = rules.starts(text)
    for i, pattern in enumerate(rules.patterns):
        if starts is None or i in rules.always:
            hits = [match.start() for match in pattern.finditer(text)]
            if hits:
                scores[i] = len(hits) + POSITION_BONUS * (1 - hits[0] / len(text))
    if starts is None:
        return scores
    for i, positions in starts.items():
        if i in rules.always:
            continue
        pattern, end, hits = rules.patterns[i], 0, []
        for position in positions:
            if position >= end and (match := pattern.match(text, position)):
                hits.append(position)
                end = match.end()
        if hits:
            scores[i] = len(hits) + POSITION_BONUS * (1 - hits[0] / len(text))
    return scores


def assign_themes(
    recommendation_text: str, action_texts: Sequence[str], themes: Sequence[Theme] | ThemeRules
) -> list[str]:
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
    rules = themes if isinstance(themes, ThemeRules) else _rules(tuple(themes))
    taxonomy = rules.themes
    on_rec = _scores(rules, recommendation_text)
    on_actions = [0.0] * len(taxonomy)
    for text in action_texts:
        on_actions = [a + b for a, b in zip(on_actions, _scores(rules, text), strict=True)]
    basis = on_rec if any(on_rec) else on_actions
    if not any(basis):
        slugs = [theme.slug for theme in taxonomy]
        return [FALLBACK_SLUG if FALLBACK_SLUG in slugs or not slugs else slugs[0]]
    ranked = sorted(range(len(taxonomy)), key=lambda i: (-basis[i], -on_actions[i], i))
    top = basis[ranked[0]]
    supported = basis is on_rec  # secondary themes may lean on the actions only when ranked on the text
    keep = [
        i
        for i in ranked
        if basis[i] >= SECONDARY_RATIO * top or (supported and on_actions[i] and basis[i] >= SUPPORTED_RATIO * top)
    ][:MAX_THEMES]
    return [taxonomy[i].slug for i in keep]


def assign_plan_themes(plan: Plan, themes: Sequence[Theme] | ThemeRules) -> Plan:
    """The plan with every recommendation filed under its themes (`assign_themes`). Runs after the
    parse cache: a parse never depends on the taxonomy."""
    rules = themes if isinstance(themes, ThemeRules) else _rules(tuple(themes))
    recommendations = tuple(
        replace(rec, themes=tuple(assign_themes(rec.text, [a.text for a in rec.actions], rules)))
        for rec in plan.recommendations
    )
    return replace(plan, recommendations=recommendations)


def assign_all_themes(plans: Sequence[Plan], themes: Sequence[Theme], cache_folder: Path | None = None) -> list[Plan]:
    """Every plan with its recommendations' themes (`assign_plan_themes`), remembered in `cache_folder`
    (the parse cache's) by the taxonomy and this module's code, and by what each plan's themes are read
    from (its recommendations' and actions' text), so a rebuild with the same plans and themes reads
    them back instead of assigning them again. None: nothing remembered."""
    path = cache_folder / f"themes-{_taxonomy_digest(themes)}.pickle" if cache_folder else None
    known: dict[str, tuple[tuple[str, ...], ...]] = {}
    if path is not None:
        try:
            known = pickle.loads(path.read_bytes())
        except Exception:  # missing, truncated or from another version: assign afresh
            known = {}
    rules = _rules(tuple(themes))
    assigned, out = {}, []
    for plan in plans:
        key = _texts_digest(plan)
        slugs = known.get(key)
        if slugs is None or len(slugs) != len(plan.recommendations):
            slugs = tuple(
                tuple(assign_themes(rec.text, [a.text for a in rec.actions], rules)) for rec in plan.recommendations
            )
        assigned[key] = slugs
        recs = tuple(replace(rec, themes=themes_of) for rec, themes_of in zip(plan.recommendations, slugs, strict=True))
        out.append(replace(plan, recommendations=recs))
    if path is not None and assigned != known:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as file:
            pickle.dump(assigned, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    return out


def _taxonomy_digest(themes: Sequence[Theme]) -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes() + repr(tuple(themes)).encode())
    return digest.hexdigest()[:16]


def _texts_digest(plan: Plan) -> str:
    """A hash of everything `assign_themes` reads of a plan."""
    digest = hashlib.sha256()
    for rec in plan.recommendations:
        digest.update(rec.text.encode() + b"\1" + b"\2".join(a.text.encode() for a in rec.actions) + b"\0")
    return digest.hexdigest()
