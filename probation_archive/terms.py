"""Words and stems as the archive reads text: one tokenizer for the site's search index
(`publish/search_index.py`) and for recurrence (`recurrence.py`), so both see the same words.

lunr's tokeniser (split as in `mkdocs.yml`, on spaces and punctuation but not on "&"), its
trimmer, its stop words (without "not", "no" and "nor", which carry meaning here) and its
Porter stemmer. It sits below the archive and the write side alike: it imports only lunr.
"""

from __future__ import annotations

import functools
import re

from lunr.stemmer import porter_stemmer
from lunr.stop_word_filter import WORDS

# The characters the site's search splits words on, as in mkdocs.yml; "&" is not one of them,
# so "E&D" and "L&D" stay whole words.
SEPARATOR = re.compile(r"[\s\-,:;!=\[\]()\"/.]+")
# lunr.js trims with JavaScript's ASCII-only \W: do the same so both sides agree.
TRIM = re.compile(r"^[^A-Za-z0-9_]+|[^A-Za-z0-9_]+$")
# "not" and "no" carry meaning here ("not agreed"); the rest of lunr's stop words stay out.
STOP_WORDS = frozenset(WORDS) - {"not", "no", "nor"}


def words(text: str) -> list[str]:
    """The words of a text as search sees them: split, lower-cased and trimmed, in order.

    >>> words("Improve E&D (equality) and \\"Through-The-Gate\\" work.")
    ['improve', 'e&d', 'equality', 'and', 'through', 'the', 'gate', 'work']
    """
    return TRIMMED_WORD.findall(text.lower())


# A word as `SEPARATOR` splits a text and `TRIM` trims it, found in one pass: from the first to the last
# ASCII letter, digit or underscore of a run of characters that are not separators (a run with none
# is no word).
TRIMMED_WORD = re.compile(r"[A-Za-z0-9_](?:[^\s\-,:;!=\[\]()\"/.]*[A-Za-z0-9_])?")


@functools.cache
def trim_and_stem(word: str) -> str | None:
    """A word's stem as the index stores it; None for a stop word (or nothing left after trimming).

    >>> trim_and_stem("perpetrators"), trim_and_stem("the"), trim_and_stem("not")
    ('perpetr', None, 'not')
    """
    word = TRIM.sub("", word)
    if not word or word in STOP_WORDS:
        return None
    return str(porter_stemmer.stem(word))


def stems(text: str) -> list[str]:
    """The stems of a text's words, stop words left out, in order.

    >>> stems("Make sure that staff are trained in risk assessment")
    ['make', 'sure', 'staff', 'train', 'risk', 'assess']
    """
    return [stem for word in words(text) if (stem := trim_and_stem(word))]
