"""A glossary built from the plans' own expansions, such as "Probation Services Officer (PSO)"."""

from __future__ import annotations

import re
from collections.abc import Iterable

_EXPANSION = re.compile(
    r"((?:[A-Z][\w'’&/-]*\s+(?:(?:of|and|for|the|to|in|&)\s+)*){1,9})\((([A-Z][A-Za-z&]{1,9})(?:'?s)?)\)"
)
_SMALL = {"of", "and", "for", "the", "to", "in", "&"}  # not part of initials, nor lead words


def _initials_match(words: list[str], abbreviation: str) -> int:
    """How many trailing words spell the abbreviation (0 if none do)."""
    letters = [c.upper() for c in abbreviation if c.isalpha()]
    for start in range(len(words)):
        candidate = [w for w in words[start:] if w.lower() not in _SMALL]
        initials = [w[0].upper() for w in candidate]
        # "OASys" spells "Offender ASsessment sYStem": accept when the capitals of the abbreviation
        # are the initials, ignoring the lowercase letters.
        capitals = [c for c in abbreviation if c.isupper()]
        if initials in (letters, capitals):
            return len(words) - start
    return 0


def find_expansions(texts: Iterable[str]) -> dict[str, str]:
    """Abbreviation -> expansion, from every "Full Name (ABBR)" whose initials spell ABBR.

    The first expansion seen wins, so the result depends only on the order of the texts.

    >>> find_expansions(["train all Probation Services Officers (PSOs) and use the Offender Assessment System (OASys)"])
    {'PSO': 'Probation Services Officers', 'OASys': 'Offender Assessment System'}
    """
    found: dict[str, str] = {}
    for text in texts:
        for m in _EXPANSION.finditer(text):
            words = m[1].split()
            abbreviation = re.sub(r"'?s$", "", m[2]) if m[2].endswith("s") and m[2][:-1].isupper() else m[2]
            taken = _initials_match(words, abbreviation)
            expansion = words[-taken:] if taken else []
            while expansion and expansion[0].lower() in _SMALL:
                expansion.pop(0)
            if expansion and abbreviation not in found:
                found[abbreviation] = " ".join(expansion)
    return found
