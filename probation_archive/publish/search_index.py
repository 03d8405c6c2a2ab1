"""The site's search index, split so that a query downloads only the part its words need.

The build indexes every recommendation (its text, boosted, and its actions' text, owners and
progress notes, then its rationale) with lunr's tokenizer, stemmer and BM25 weights, computed with
numpy over all the tokens at once (`postings`; a test checks them against lunr's own `Builder`).
It writes, under `search/`:

- `manifest.json`, the one file not versioned: the build's search version (`version`, a hash of
  every other search file), the first term of every shard, how document numbers map to plans, and
  the constants the browser must share with the build (word separator, field span, number digits,
  status words, where lunr.js's stemmer is). Every other file lives in `<version>/`, so a page
  that holds one build's manifest never reads another build's shard or fragment: after a deploy its
  next fetch is a 404, and it reloads the manifest (`cache: "no-cache"`) and starts again;
- `<version>/shards/N.json`: a slice of the term dictionary, in term order, each small (the build cuts a
  new shard once one reaches `SHARD_TARGET_BYTES` of JSON, about 15 KB gzipped). A posting
  is the document, lunr's weight for the term in it (summed over fields, boosts included) and
  the term's word positions, for quoted phrases; a term's postings are one string of small
  numbers (`encode_numbers`: five bits a character, about half the bytes of a JSON list). A shard also maps each word form seen in the
  text to its stem (`"perpetrators": "perpetr"`), so a word or a word beginning is resolved
  in the shard its letters fall in. Terms sharing their first `PREFIX_LETTERS` letters are
  never split across shards, so a word beginning of that length resolves in one shard;
- `<version>/fragments/N.json`: what a result shows for plan N (its title and address, each
  recommendation's anchor, label, first line and number of actions), fetched only for the results
  displayed, by the header search and the explorer alike;
- `<version>/texts/N.json`: per recommendation of plan N, the texts the index holds (for the
  excerpt around a match), fetched only for the results displayed, after their first lines;
- `<version>/status.json`: one letter per document (agreed, partly agreed, not agreed), fetched
  only when a query names a status;
- `<version>/words/L.json`: the words of L letters the archive holds,
  most frequent first, fetched only when a word finds nothing, to suggest the nearest.

Documents are numbered `plan number * stride + recommendation position`, so a posting needs
no table to find its plan. `theme_overrides/assets/javascripts/search-core.js` reads all this.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import math
import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np
import yaml

from ..archive import stride
from ..model import NOT_STATED, Plan, Recommendation, StatusOrNotStated, stated
from ..present.urls import LUNR_JS, page_url
from ..present.words import first_line, plain_text, plan_title
from ..terms import SEPARATOR, STOP_WORDS, words
from ..terms import trim_and_stem as _trim_and_stem

SEARCH_DIR = "search"
SHARD_TARGET_BYTES = 40_000  # of JSON per shard before the build cuts a new one (about 16 KB gzipped)
PREFIX_LETTERS = 3  # terms sharing this many first letters stay in one shard
FIRST_LINE = 240  # characters of a recommendation's first line, shown under a result
FIELD_SPAN = 10_000  # word positions: text from 0, actions from 10,000, title from 20,000 (no phrase spans fields)
STATUS_LETTERS: Mapping[StatusOrNotStated, str] = {
    "agreed": "a",
    "partly-agreed": "p",
    "not-agreed": "n",
    NOT_STATED: "-",
}
SUGGEST_MIN_DOCUMENTS = 1  # a word must be in this many documents to be suggested for a typo (raise to shrink words/)
SUGGEST_MIN_LETTERS = 3  # shorter words are never suggested
VERSION_DIGITS = 12  # hex digits of the search version (a SHA-256 of the versioned files)
# The words of a query that filter by status (outside quotes), longest first, with the status letter.
STATUS_WORDS = (
    (("not", "agreed"), "n"),
    (("partly", "agreed"), "p"),
    (("partially", "agreed"), "p"),
    (("agreed",), "a"),
)
# lunr's BM25 parameters and the indexed fields: (name, boost, first word position).
K1, B = 1.2, 0.75
FIELDS = (("text", 2, 0), ("actions", 1, FIELD_SPAN), ("title", 10, 2 * FIELD_SPAN))  # titles as Material weighs them
_LUNR_TOKEN = re.compile("[^ \t\n\r\f\v\xa0-]+")  # between lunr.tokenizer.SEPARATOR_CHARS


@dataclass(frozen=True)
class SearchDocument:
    """What the index sees of one recommendation (its text and actions), one plan (its title) or
    one other page (its title and text)."""

    number: int
    text: str = ""
    actions: str = ""
    title: str = ""
    boost: float = 1.0


@dataclass(frozen=True)
class SearchPage:
    """A page other than a plan's that search finds (the home, about, glossary… pages)."""

    title: str
    url: str
    text: str
    boost: float = 1.0


def search_documents(plans: list[Plan], pages: list[SearchPage] = []) -> Iterator[SearchDocument]:  # noqa: B006
    """Recommendation `r` of plan `p` is document `p * stride + r`; the plan's own title is the
    plan's last number; other pages follow the plans."""
    yield from plan_documents(plans)
    yield from page_documents(pages, len(plans) * stride(plans))


def plan_documents(plans: list[Plan]) -> Iterator[SearchDocument]:
    """The plans' documents (`search_documents`)."""
    step = stride(plans)
    for p, plan in enumerate(plans):
        for r, rec in enumerate(plan.recommendations):
            yield SearchDocument(
                number=p * step + r,
                text=" ".join(words(plain_text(rec.text))),
                actions=" ".join(words(" ".join(action_texts(rec)))),
            )
        yield SearchDocument(number=p * step + step - 1, title=" ".join(words(plan_title(plan))))


def page_documents(pages: list[SearchPage], first: int) -> Iterator[SearchDocument]:
    """The other pages' documents, numbered from `first` (`search_documents`)."""
    for n, page in enumerate(pages, first):
        yield SearchDocument(
            number=n, text=" ".join(words(page.text)), title=" ".join(words(page.title)), boost=page.boost
        )


def action_texts(rec: Recommendation) -> list[str]:
    """The texts of a recommendation's `actions` field, in the order its word positions run: per
    action its text, owner and progress note, then the rationale. `fragment` ships the same texts,
    so the browser finds the words at a posting's positions (search-core.js `fieldAt`).

    >>> from probation_archive.model import Action
    >>> rec = Recommendation(1, "", "Do it", None, "Why not", False, (), (Action("Act", None, None, progress="Done"),))
    >>> action_texts(rec)
    ['Act', '', 'Done', 'Why not']
    """
    out = [part for a in rec.actions for part in (a.text, a.owner or "", a.progress or "")]
    return [*out, rec.rationale]


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_MARKUP = re.compile(r"<[^>]+>|\]\([^)]*\)|\{[^}]*\}")


# A generated element or heading marked `data-search-exclude` (as for Material's search): a hub page's
# tables repeat the recommendations, and only its own words (a theme, a provider's areas) are indexed.
_EXCLUDED_ELEMENT = re.compile(r"<(\w+)\b[^>]*\bdata-search-exclude\b[^>]*>.*?</\1>", re.S)
_EXCLUDED_HEADING = re.compile(r"^#+ .*\{[^}]*\bdata-search-exclude\b[^}]*\}\s*$", re.M)


def without_search_excluded(body: str) -> str:
    """Markdown with the elements and headings marked `data-search-exclude` taken out.

    >>> without_search_excluded('## Plan { #p data-search-exclude }\\n<table data-search-exclude><tr><td>x</td></tr></table>\\nkept')
    '\\nkept'
    """
    return _EXCLUDED_HEADING.sub("", _EXCLUDED_ELEMENT.sub("", body))


def site_pages(markdown: dict[str, str]) -> list[SearchPage]:
    """The generated pages besides plans that search should find: every Markdown page outside
    `plans/` whose front matter does not say `search: {exclude: true}` (a `boost` is kept), as
    Material's own search plugin would have chosen them.

    >>> site_pages({"about.md": "---\\ntitle: About &amp; method\\nsearch: {boost: 0.5}\\n---\\n# About <b>us</b>\\n"})
    [SearchPage(title='About & method', url='about/', text='# About us', boost=0.5)]
    """
    pages = []
    for path in sorted(markdown):
        if not path.endswith(".md") or path.startswith("plans/"):
            continue
        match = _FRONT_MATTER.match(markdown[path])
        meta = (yaml.safe_load(match[1]) if match else None) or {}
        search = meta.get("search") or {}
        if search.get("exclude"):
            continue
        url = page_url(path)
        body = without_search_excluded(markdown[path][match.end() if match else 0 :])
        text = " ".join(html.unescape(_MARKUP.sub(" ", body)).split())
        pages.append(SearchPage(html.unescape(str(meta.get("title", ""))), url, text, float(search.get("boost", 1))))
    return pages


_TERMS: dict[str, str] = {}  # word -> the term it is indexed as ("" for a stop word), remembered


def _tokens(text: str) -> list[str]:
    """lunr's tokenizer: the text lower-cased and split on its separators (spaces and hyphens)."""
    return _LUNR_TOKEN.findall(text.lower())


@dataclass
class TokenTable:
    """Every field of some documents (each document's `FIELDS` in order, empty ones too) as lunr's
    tokenizer splits it, held as numbers: each distinct token once (`words`: token -> its number, in
    number order), every token as its number (one field after another), and per field its count of
    tokens, its document's number and its document's boost."""

    words: dict[str, int] = field(default_factory=dict)
    tokens: array[int] = field(default_factory=lambda: array("i"))
    counts: list[int] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    boosts: list[float] = field(default_factory=list)

    def add(self, documents: Iterable[SearchDocument]) -> TokenTable:
        """The table with `documents`' tokens added after those it holds."""
        words = self.words
        for doc in documents:
            for name, _boost, _offset in FIELDS:
                tokens = _tokens(getattr(doc, name))
                for token in sorted(set(tokens).difference(words)):
                    words[token] = len(words)
                self.tokens.extend(map(words.__getitem__, tokens))
                self.counts.append(len(tokens))
                self.numbers.append(doc.number)
                self.boosts.append(doc.boost)
        return self

    @property
    def documents(self) -> int:
        return len(self.counts) // len(FIELDS)

    def distinct(self) -> list[str]:
        """The distinct tokens, by number."""
        return list(self.words)

    def token_numbers(self) -> np.ndarray:
        return np.frombuffer(self.tokens, dtype=np.int32) if self.tokens else np.zeros(0, dtype=np.int32)


@dataclass(frozen=True)
class Postings:
    """Every term's postings as flat integers (see `term_postings`): term `n`'s are
    `numbers[bounds[n]:bounds[n + 1]]`."""

    terms: list[str]
    numbers: np.ndarray
    bounds: np.ndarray

    def flat(self) -> dict[str, list[int]]:
        return {t: self.numbers[self.bounds[n] : self.bounds[n + 1]].tolist() for n, t in enumerate(self.terms)}

    def encoded(self) -> dict[str, str]:
        """Each term's postings as `encode_numbers` writes them."""
        text, starts = encode_all(self.numbers)
        at = [*starts[self.bounds[:-1]].tolist(), len(text)]
        return {t: text[at[n] : at[n + 1]] for n, t in enumerate(self.terms)}


def term_postings(documents: list[SearchDocument]) -> dict[str, list[int]]:
    """Each term's postings as flat integers, in document order: per document that holds the term,
    its number (after the last one's), its weight in thousandths, its count of positions and the
    positions (each after the one before). Weights are lunr's BM25 scores, as lunr's `Builder`
    computes them (tests/test_search_index.py compares the two on the real plans): in each field
    (text ×2, actions, title ×10) a term scores idf × (k1 + 1) tf / (k1 (1 − b + b · length /
    average length) + tf) × the boosts, rounded to thousandths, and a document's weight is the sum
    over its fields. A term's idf counts a document once per field that holds it, as lunr does."""
    return postings(TokenTable().add(documents)).flat()


@dataclass(frozen=True)
class TermTokens:
    """The tokens that are terms (stop words left out), sorted by term, then field, then position:
    each one's term number, field number (in `TokenTable` order) and word position (`FIELD_SPAN`)."""

    terms: list[str]
    term: np.ndarray
    field: np.ndarray
    spot: np.ndarray
    lengths: np.ndarray  # per field, its count of terms


def term_tokens(table: TokenTable) -> TermTokens:
    """`table`'s tokens as terms (`TermTokens`): each distinct token trimmed and stemmed once."""
    distinct = table.distinct()
    for token in distinct:
        if token not in _TERMS:
            _TERMS[token] = _trim_and_stem(token) or ""
    terms = sorted({_TERMS[token] for token in distinct} - {""})
    number = {term: n for n, term in enumerate(terms)}
    term = np.array([number.get(_TERMS[token], -1) for token in distinct], dtype=np.int32)[table.token_numbers()]
    counts = np.array(table.counts, dtype=np.int32)
    field = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
    spot = np.arange(len(term), dtype=np.int32) - np.repeat(np.cumsum(counts, dtype=np.int32) - counts, counts)
    np.minimum(spot, FIELD_SPAN - 1, out=spot)  # its position in its field, the last ones together
    spot += np.array([offset for _name, _boost, offset in FIELDS], dtype=np.int32)[field % len(FIELDS)]
    kept = np.flatnonzero(term >= 0)  # a stop word's position still counts
    order = kept[np.argsort(term[kept], kind="stable")]  # the tokens were in field, then position order
    lengths = np.bincount(field[kept], minlength=len(counts))
    return TermTokens(terms, term[order], field[order], spot[order], lengths)


def _starts(*keys: np.ndarray) -> np.ndarray:
    """Where each run of equal keys begins (the keys side by side)."""
    size = len(keys[0])
    changed = np.zeros(size, dtype=bool)
    changed[:1] = True
    for key in keys:
        changed[1:] |= key[1:] != key[:-1]
    return np.flatnonzero(changed)


def field_scores(tokens: TermTokens, table: TokenTable) -> tuple[np.ndarray, np.ndarray]:
    """Per run of one term in one field (`_starts` of term and field): where it starts and lunr's
    score in thousandths (`round(score, 3)`, exactly)."""
    runs = _starts(tokens.term, tokens.field)
    tf = np.diff(np.append(runs, len(tokens.term))).astype(np.float64)
    term, field = tokens.term[runs], tokens.field[runs]
    holding = np.bincount(term, minlength=len(tokens.terms)).tolist()
    count = table.documents
    idf = np.array([math.log(1 + abs((count - n + 0.5) / (n + 0.5))) for n in holding])
    kinds = len(FIELDS)
    totals = [int(tokens.lengths[f::kinds].sum()) for f in range(kinds)]
    average = np.array([total / count for total in totals] if count else totals, dtype=np.float64)
    length = tokens.lengths.astype(np.float64)
    norm = K1 * (1 - B + B * (length / average[np.arange(len(length)) % kinds]))
    boost = np.array([boost for _name, boost, _offset in FIELDS], dtype=np.float64)[field % kinds]
    doc_boost = np.array(table.boosts, dtype=np.float64)[field]
    score = idf[term] * ((K1 + 1) * tf) / (norm[field] + tf) * boost * doc_boost
    thousandths = np.rint(score * 1000)
    near = np.flatnonzero(np.abs(score * 1000 % 1 - 0.5) < 1e-6)  # near a tie: as Python rounds it
    thousandths[near] = [round(round(float(s), 3) * 1000) for s in score[near]]
    return runs, thousandths.astype(np.int64)


def postings(table: TokenTable) -> Postings:
    """The postings (`term_postings`) of the documents whose fields' tokens are `table`."""
    tokens = term_tokens(table)
    if not len(tokens.term):
        return Postings([], np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64))
    runs, thousandths = field_scores(tokens, table)
    number = np.array(table.numbers, dtype=np.int64)
    run_document = number[tokens.field[runs]]
    firsts = _starts(tokens.term[runs], run_document)  # runs of one term in one document
    weight = np.add.reduceat(thousandths, firsts)
    begins = runs[firsts]  # each document's first token of the term
    term, document = tokens.term[begins], number[tokens.field[begins]]
    new_term = np.ones(len(begins), dtype=bool)
    new_term[1:] = term[1:] != term[:-1]
    previous = np.where(new_term, 0, np.roll(document, 1))
    sizes = np.diff(np.append(begins, len(tokens.term)))
    owner = np.repeat(np.arange(len(begins)), sizes)  # each token's posting
    first = np.zeros(len(tokens.term), dtype=bool)
    first[begins] = True
    step = tokens.spot - np.where(first, 0, np.roll(tokens.spot, 1))
    out = np.empty(3 * len(begins) + len(tokens.term), dtype=np.int64)
    head = 3 * np.arange(len(begins)) + begins
    out[head], out[head + 1], out[head + 2] = document - previous, weight, sizes
    out[3 * (owner + 1) + np.arange(len(tokens.term))] = step
    bounds = np.append(head[new_term], len(out))
    return Postings([tokens.terms[t] for t in term[new_term]], out, bounds)


def encode_all(numbers: np.ndarray) -> tuple[str, np.ndarray]:
    """`encode_numbers` of all `numbers` at once, and where each one's characters start.

    >>> encode_all(np.array([0, 5, 31, 32, 10080]))
    ('AFfgBg7J', array([0, 1, 2, 3, 5]))
    """
    if len(numbers) and numbers.min() < 0:
        raise ValueError(f"cannot encode a negative number: {numbers.min()}")
    width = np.ones(len(numbers), dtype=np.int64)
    rest = numbers >> 5
    while rest.any():
        width += rest > 0
        rest >>= 5
    starts = np.cumsum(width) - width
    out = np.empty(int(width.sum()), dtype=np.uint8)
    digits = np.frombuffer(NUMBER_DIGITS.encode("ascii"), dtype=np.uint8)
    for place in range(int(width.max(initial=0))):
        at = np.flatnonzero(width > place)
        digit = (numbers[at] >> (5 * place)) & 31
        out[starts[at] + place] = digits[digit + 32 * (width[at] > place + 1)]
    return out.tobytes().decode("ascii"), starts


def word_forms(distinct: list[str]) -> dict[str, str]:
    """Every word seen in the text (`TokenTable.distinct`) that is not its own stem -> its stem (what
    it is indexed as)."""
    forms = {word: _trim_and_stem(word) or word for word in distinct if word not in STOP_WORDS}
    return {w: s for w, s in forms.items() if w != s}


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def split_shards(entries: dict[str, str], target: int = SHARD_TARGET_BYTES) -> list[list[str]]:
    """Keys (terms and word forms, each with its serialised entry) cut in key order into shards of
    about `target` bytes, never between two keys sharing their first `PREFIX_LETTERS` letters
    (unless the shard is already 1.5 times the target: then a letter deeper; at twice, anywhere).

    >>> split_shards({"abca": "x" * 5, "abcb": "x" * 5, "abcz": "x" * 5, "b": "x"}, target=20)
    [['abca', 'abcb', 'abcz'], ['b']]
    """
    shards: list[list[str]] = []
    current: list[str] = []
    size = 0
    for key in sorted(entries):
        if current and size >= target:
            shared = _common_prefix(current[-1], key)
            if shared < PREFIX_LETTERS or size >= 1.5 * target and shared < PREFIX_LETTERS + 1 or size >= 2 * target:
                shards.append(current)
                current, size = [], 0
        current.append(key)
        size += len(key) + len(entries[key]) + 4
    if current:
        shards.append(current)
    return shards


# 64 characters that need no escaping in JSON or a URL: each carries five bits of a number, the
# first half of the alphabet ending a number, the second half saying more bits follow.
NUMBER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def encode_numbers(numbers: list[int]) -> str:
    """Non-negative integers as one string, five bits a character, lowest bits first
    (search-core.js's `decodeNumbers` reads it).

    >>> encode_numbers([0, 5, 31, 32, 10080])  # 0, 5, 31 a character each; 32 = 0 + 1·32; 10080 = 0 + 27·32 + 9·1024
    'AFfgBg7J'
    """
    return "".join([_CODES[number] if 0 <= number < len(_CODES) else _code(number) for number in numbers])


def _code(number: int) -> str:
    if number < 0:
        raise ValueError(f"cannot encode a negative number: {number}")
    out = []
    while number >= 32:
        out.append(NUMBER_DIGITS[32 + (number & 31)])
        number >>= 5
    out.append(NUMBER_DIGITS[number])
    return "".join(out)


_CODES = [_code(number) for number in range(32**3)]  # every number of up to three characters, made once


def decode_numbers(text: str) -> list[int]:
    """The integers `encode_numbers` wrote.

    >>> decode_numbers(encode_numbers([0, 5, 31, 32, 10080]))
    [0, 5, 31, 32, 10080]
    """
    numbers, value, shift = [], 0, 0
    for char in text:
        digit = NUMBER_DIGITS.index(char)
        value |= (digit & 31) << shift
        if digit < 32:
            numbers.append(value)
            value, shift = 0, 0
        else:
            shift += 5
    if shift:
        raise ValueError("the last number is cut short")
    return numbers


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def fragment(plan: Plan) -> str:
    """What a result shows for one plan, in the header search and the explorer alike: title,
    address, and per recommendation its anchor, label (as its plan page shows it: "3", "2.1",
    "R3"), first line and number of actions."""
    recs = [
        [rec.anchor, rec.label, plain_text(first_line(rec.text, FIRST_LINE)), len(rec.actions)]
        for rec in plan.recommendations
    ]
    return _json({"title": plan_title(plan), "url": plan.url, "recs": recs})


def texts(plan: Plan) -> str:
    """Per recommendation of one plan, the texts the index holds, where a posting's positions count:
    its text (from 0) and `action_texts` (from FIELD_SPAN); the excerpt around a match is cut from
    them (search-core.js `excerpt`). Apart from the fragment, so that it is fetched only for the
    results on screen, once their first lines are."""
    return _json([[plain_text(rec.text), action_texts(rec)] for rec in plan.recommendations])


def suggestion_words(documents: list[SearchDocument]) -> dict[int, list[str]]:
    """The words a typo may be corrected to, by length: every word of `SUGGEST_MIN_LETTERS` letters
    or more (not a stop word, not a number) in `SUGGEST_MIN_DOCUMENTS` documents or more, most
    frequent first (then in letter order).

    >>> docs = [SearchDocument(0, "housing accommodation"), SearchDocument(1, "accommodation of 12")]
    >>> suggestion_words(docs)
    {7: ['housing'], 13: ['accommodation']}
    """
    return suggested(TokenTable().add(documents))


def suggested(table: TokenTable) -> dict[int, list[str]]:
    """`suggestion_words` of the documents whose tokens are `table`."""
    distinct, numbers = table.distinct(), table.token_numbers()
    document = np.repeat(np.arange(len(table.counts)) // len(FIELDS), table.counts)
    pairs = np.sort(document * len(distinct) + numbers)
    pairs = pairs[_starts(pairs)]  # each word once per document
    every = np.bincount(pairs % len(distinct), minlength=len(distinct)).tolist() if len(distinct) else []
    counts = {
        word: n
        for word, n in zip(distinct, every, strict=True)
        if n >= SUGGEST_MIN_DOCUMENTS
        and len(word) >= SUGGEST_MIN_LETTERS
        and word not in STOP_WORDS
        and not word.isdigit()
    }
    by_length: dict[int, list[str]] = defaultdict(list)
    for _n, word in sorted((-n, word) for word, n in counts.items()):
        by_length[len(word)].append(word)
    return dict(sorted(by_length.items()))


def plan_dates(plans: list[Plan]) -> list[int]:
    """Each plan's date by its number (`PartialDate.number`; 0 when undated): read only when a reader
    sorts the header search's results newest first."""
    return [plan.submitted_date.number if plan.submitted_date else 0 for plan in plans]


def search_version(files: dict[str, str]) -> str:
    """A hash of the versioned search files (paths and bytes): the same sources give the same
    version, any change a new one.

    >>> search_version({"shards/0.json": "{}"}) == search_version({"shards/0.json": "{}"})
    True
    """
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode("utf-8") + b"\0" + files[path].encode("utf-8") + b"\0")
    return digest.hexdigest()[:VERSION_DIGITS]


def search_files(plans: list[Plan], pages: list[SearchPage] = []) -> dict[str, str]:  # noqa: B006
    """Every file of the search index, by path under the site root: `search/manifest.json`, and
    the rest under `search/<version>/`."""
    return finish_search_files(plans, index_plans(plans), pages)


def index_plans(plans: list[Plan]) -> TokenTable:
    """The tokens of the plans' documents: the first half of `search_files`."""
    return TokenTable().add(plan_documents(plans))


def finish_search_files(plans: list[Plan], table: TokenTable, pages: list[SearchPage]) -> dict[str, str]:
    """`search_files`, from what `index_plans` read of `plans` (`table`, which gains the other pages)."""
    table.add(page_documents(pages, len(plans) * stride(plans)))
    encoded = postings(table).encoded()
    distinct = table.distinct()
    forms = word_forms(distinct)
    entries = {term: _json(text) for term, text in encoded.items()}
    for form, stem in forms.items():
        entries.setdefault(form, "")
        entries[form] += stem
    files = {}
    shards = split_shards(entries)
    for n, keys in enumerate(shards):
        body = {
            "terms": {k: encoded[k] for k in keys if k in encoded},
            "forms": {k: forms[k] for k in keys if k in forms},
        }
        files[f"shards/{n}.json"] = _json(body)
    step = stride(plans)
    status = ["-"] * (len(plans) * step + len(pages))
    for p, plan in enumerate(plans):
        for r, rec in enumerate(plan.recommendations):
            status[p * step + r] = STATUS_LETTERS[stated(rec.status)]
        files[f"fragments/{p}.json"] = fragment(plan)
        files[f"texts/{p}.json"] = texts(plan)
    files["fragments/pages.json"] = _json([[page.title, page.url] for page in pages])
    files["status.json"] = _json("".join(status))
    files["dates.json"] = _json(plan_dates(plans))
    suggestions = suggested(table)
    for length, listed in suggestions.items():
        files[f"words/{length}.json"] = _json(listed)
    manifest = {
        "stride": step,
        "plans": len(plans),
        "pages_from": len(plans) * step,
        "shards": [keys[0] for keys in shards],
        "stop_words": sorted(STOP_WORDS),
        # what search-core.js must agree with the build on, so that it copies none of it
        "separator": SEPARATOR.pattern,
        "field_span": FIELD_SPAN,
        "digits": NUMBER_DIGITS,
        "status_words": [[list(ws), letter] for ws, letter in STATUS_WORDS],
        "stemmer": LUNR_JS,
        "prefix_letters": PREFIX_LETTERS,
        "word_lengths": sorted(suggestions),
    }
    version = search_version({**files, "manifest.json": _json(manifest)})
    out = {f"{SEARCH_DIR}/{version}/{path}": text for path, text in files.items()}
    # the manifest names its version: the one search file whose address never changes
    out[f"{SEARCH_DIR}/manifest.json"] = _json({**manifest, "version": version})
    return out


def gzip_size(text: str) -> int:
    """Bytes on the wire when served gzipped (as GitHub Pages does)."""
    return len(gzip.compress(text.encode("utf-8"), mtime=0))
