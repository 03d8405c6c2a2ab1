"""Recurrence: which recommendations ask what an earlier or another provider's recommendation asked.

Every recommendation's text becomes a vector of its stems (the site search's tokenizer, `terms.py`),
weighted by TF-IDF over the archive: a stem's weight is `(1 + log count) × idf`, where
`idf = log((n + 1) / (df + 1)) + 1`. The plans' own boilerplate ("ensure", "improve", "make sure",
"should", "urgent"…) is weighted down to `BOILERPLATE_WEIGHT`, and the words of a recommendation's own
provider's name (and of any provider's: "CRC", "Durham", "Tees") count nothing, so that two
recommendations are never linked because they name the same provider. Two recommendations are as
similar as the cosine of their vectors.

The whole archive is compared at once with sparse matrix products (scipy), a block of rows at a time,
keeping for each recommendation only what passes `THRESHOLD`: no Python loop over pairs. For each
recommendation the build keeps:

- `related`: at most `SHOWN` matches in *other* plans, the same provider's first (then by score);
- the number of other providers with a match, and the year of the earliest of those plans;
- whether a match is in an earlier plan (any provider, or the same provider): the explorer's
  "made before" filter;
- for a recommendation its plan flags as repeated from the previous inspection: the earlier
  recommendation found, or why none is (no earlier plan of that provider in the archive, or none
  of its recommendations alike);
- groups: recommendations that ask the same thing, the connected parts of the graph joining each
  recommendation to its `GROUP_NEIGHBOURS` best matches (the Recurring recommendations page).

A plan is never related to itself nor to another version of itself: `family` names a plan's family
(by default its own slug; when versions of one plan are recognised, pass their common key).

`THRESHOLD` and the weights were chosen on hand-labelled pairs (`tests/cases/recurrence/pairs.yml`);
`MEASURED` is what they scored there, and the About page says it in words.
"""

from __future__ import annotations

import hashlib
import math
import pickle
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from .model import Plan, Recommendation, Status
from .terms import stems

THRESHOLD = 0.40  # cosine at and above which two recommendations are "the same ask" (chosen on the pairs)
SHOWN = 5  # related recommendations shown under each one
GROUP_NEIGHBOURS = 10  # a recommendation's best matches that can join it to a group
BOILERPLATE_WEIGHT = 0.2  # of a stem in BOILERPLATE, against 1 for any other stem
BLOCK_ROWS = 1024  # rows of the similarity matrix computed at once (memory, not results)

# Words every plan uses whatever it asks: the frame of a recommendation, not its subject (stems).
BOILERPLATE = frozenset(
    stems(
        "ensure ensures ensuring make sure should must improve improving improvement develop deliver delivering "
        "take urgent urgently steps action actions effective effectively appropriate appropriately sufficient "
        "sufficiently robust put place provide increase strengthen implement review all every relevant consistent "
        "consistently clear fully full work working quality level levels necessary required practice "
        "crc crcs nps division company companies community rehabilitation service services provider providers "
        "probation national yot yos yjs youth offending team justice its their"
    )
)

# Measured on tests/cases/recurrence/pairs.yml at THRESHOLD (the tests recompute them and fail below).
MEASURED_PAIRS = 92  # 47 the same ask, 45 not
MEASURED_SAME = 47
MEASURED_TRUE_POSITIVES = 30  # pairs of the same ask found: recall 30/47 = 64 %
MEASURED_FALSE_POSITIVES = 6  # pairs found that ask different things: precision 30/36 = 83 %


@dataclass(frozen=True)
class Match:
    """A recommendation in another plan that asks the same thing: where it is, when, and how alike."""

    plan_slug: str
    anchor: str
    label: str
    provider_name: str
    provider_slug: str
    submitted: str | None
    status: Status | None
    score: float
    same_provider: bool
    earlier: bool  # its plan was submitted before this one's

    @property
    def url(self) -> str:
        """Site-relative permalink: `plans/<slug>/#<anchor>`."""
        return f"plans/{self.plan_slug}/#{self.anchor}"


@dataclass(frozen=True)
class Spread:
    """How widely a recommendation was also made: other providers with a match, since which year."""

    other_providers: int = 0
    since: int | None = None  # year of the earliest dated plan of another provider with a match
    before: bool = False  # a match in an earlier plan, any provider
    before_same_provider: bool = False  # a match in an earlier plan of the same provider


@dataclass(frozen=True)
class RepeatFinding:
    """What the archive holds for a recommendation its plan says was repeated from the previous
    inspection: the earlier recommendation found, or why not (`reason`)."""

    match: Match | None
    reason: str  # "found", "no-earlier-plan" or "no-similar-recommendation"
    earlier_plans: tuple[str, ...] = ()  # slugs of the provider's earlier plans in the archive


@dataclass(frozen=True)
class Group:
    """Recommendations that ask the same thing, in date order (undated last)."""

    members: tuple[tuple[str, str], ...]  # (plan slug, anchor)


Key = tuple[str, str]  # (plan slug, recommendation anchor)


@dataclass(frozen=True)
class Recurrence:
    related: dict[Key, tuple[Match, ...]] = field(default_factory=dict)
    spread: dict[Key, Spread] = field(default_factory=dict)
    repeats: dict[Key, RepeatFinding] = field(default_factory=dict)
    groups: tuple[Group, ...] = ()

    def of(self, plan: Plan, rec: Recommendation) -> tuple[Match, ...]:
        return self.related.get((plan.slug, rec.anchor), ())

    def spread_of(self, plan: Plan, rec: Recommendation) -> Spread:
        return self.spread.get((plan.slug, rec.anchor), Spread())


# --- the vectors ------------------------------------------------------------------------------


# The words of a kind of provider, not of one provider: a recommendation about youth justice services or
# the community is not made alike by them being in some provider's name (a council's youth justice service).
PROVIDER_KIND_WORDS = (
    "community rehabilitation company national probation service services division youth offending justice "
    "team teams council borough metropolitan county city district children young people"
)


def provider_stems(names: Iterable[str]) -> frozenset[str]:
    """The stems of providers' own names (places, not kinds of provider): they never make two
    recommendations alike.

    >>> sorted(provider_stems(["Durham Tees Valley Community Rehabilitation Company", "Torbay Youth Justice Service"]))
    ['durham', 'tee', 'torbai', 'vallei']
    """
    kind = frozenset(stems(PROVIDER_KIND_WORDS))
    return frozenset(s for name in names for s in stems(name) if s not in kind)


def term_counts(text: str, ignored: frozenset[str]) -> Counter[str]:
    """A text's stems and how often each occurs, without the ignored ones (providers' names).

    >>> term_counts("Durham Tees Valley CRC should train staff; staff need it", provider_stems(["Durham Tees Valley"]))
    Counter({'staff': 2, 'crc': 1, 'train': 1, 'need': 1})
    """
    return Counter(s for s in stems(text) if s not in ignored)


def weigh(counts: Sequence[Counter[str]]) -> sparse.csr_matrix:
    """One L2-normalised TF-IDF row per text (columns: the stems in sorted order)."""
    vocabulary = {term: n for n, term in enumerate(sorted({t for c in counts for t in c}))}
    rows: list[int] = []
    cols: list[int] = []
    tf: list[float] = []
    for row, c in enumerate(counts):
        terms = sorted(c)
        rows.extend([row] * len(terms))
        cols.extend([vocabulary[term] for term in terms])
        tf.extend([(1 + math.log(c[term])) * (BOILERPLATE_WEIGHT if term in BOILERPLATE else 1.0) for term in terms])
    columns = np.asarray(cols, dtype=np.int64)
    df = np.bincount(columns, minlength=len(vocabulary)).astype(np.float64)
    idf = np.log((len(counts) + 1) / (df + 1)) + 1
    values = np.asarray(tf) * idf[columns] if tf else np.zeros(0)
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(len(counts), len(vocabulary)), dtype=np.float64)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sparse.csr_matrix(sparse.diags(1 / norms) @ matrix, dtype=np.float32)


def text_vectors(texts: Sequence[str], provider_names: Iterable[str]) -> sparse.csr_matrix:
    """The vectors of some texts, weighted over those texts (used by the pairs' measurement)."""
    ignored = provider_stems(provider_names)
    return weigh([term_counts(t, ignored) for t in texts])


def similarity(vectors: sparse.csr_matrix, a: int, b: int) -> float:
    """The cosine of two rows."""
    return float(vectors[a].multiply(vectors[b]).sum())


# --- the archive --------------------------------------------------------------------------------


def _date_number(plan: Plan) -> int:
    """A plan's date as a sortable number (20190329, 20190300 for a month), 0 when undated."""
    date = plan.submitted_date
    return date.number if date else 0


def find_recurrence(plans: Sequence[Plan], family: Callable[[Plan], str] | None = None) -> Recurrence:
    """Related recommendations, their spread, repeated ones traced and groups, for a whole archive.

    `family(plan)` names the plans that are one plan (versions of it): never related to each other.
    Plans are read in slug order, so the answer does not depend on the order they are given in."""
    plans = sorted(plans, key=lambda p: p.slug)
    family = family or (lambda p: p.slug)
    recs = [(p, r) for p in plans for r in p.recommendations]
    n = len(recs)
    if n == 0:
        return Recurrence()
    ignored = provider_stems({name for p in plans for name in (p.provider.name, p.provider.short_name)})
    vectors = weigh([term_counts(r.text, ignored) for _, r in recs])
    families = {f: i for i, f in enumerate(sorted({family(p) for p in plans}))}
    providers = {s: i for i, s in enumerate(sorted({p.provider.slug for p in plans}))}
    rec_family = np.array([families[family(p)] for p, _ in recs])
    rec_provider = np.array([providers[p.provider.slug] for p, _ in recs])
    rec_date = np.array([_date_number(p) for p, _ in recs])

    rows, cols, scores = similar_pairs(vectors, rec_family)
    same = rec_provider[rows] == rec_provider[cols]
    earlier = (rec_date[cols] > 0) & (rec_date[rows] > 0) & (rec_date[cols] < rec_date[rows])
    # Per row: the same provider's matches first, then by score, then by position (deterministic): one
    # stable sort of one number (row, then other provider, then 1 - score), cheaper than a lexsort.
    order = np.argsort(rows * 4.0 + (~same) * 2.0 + (1.0 - np.round(scores, 6)), kind="stable")
    rows, cols, scores, same, earlier = rows[order], cols[order], scores[order], same[order], earlier[order]
    first = np.r_[0, np.flatnonzero(np.diff(rows)) + 1] if len(rows) else np.zeros(0, dtype=np.int64)
    rank = np.arange(len(rows)) - np.repeat(first, np.diff(np.r_[first, len(rows)]))
    related: dict[Key, tuple[Match, ...]] = {}
    for key, match in _shown_matches(recs, rows, cols, scores, same, earlier, rank):
        related[key] = (*related.get(key, ()), match)
    spread = _spread(recs, rows, cols, same, earlier, rec_provider, rec_date)
    near = rank < GROUP_NEIGHBOURS
    groups = _groups(recs, rows[near], cols[near], rec_date)
    earlier_plans = _earlier_plans(plans)
    repeats = {
        (plan.slug, rec.anchor): trace_repeat(earlier_plans[plan.slug], related.get((plan.slug, rec.anchor), ()))
        for plan, rec in recs
        if rec.repeated
    }
    return Recurrence(related, spread, repeats, groups)


def similar_pairs(vectors: sparse.csr_matrix, rec_family: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every ordered pair of rows of other families whose cosine reaches `THRESHOLD`: (rows, columns,
    float32 cosines), by row then column. Only the upper triangle of the product is computed,
    `BLOCK_ROWS` rows at a time, and only its entries at the threshold are read (no block is sorted);
    each pair found is mirrored, a cosine being the same both ways to the last bit (the same products,
    summed in the same order: the order `weigh`'s rows hold their stems in)."""
    found_rows, found_cols, found_scores = [], [], []
    for start in range(0, vectors.shape[0], BLOCK_ROWS):
        product = vectors[start : start + BLOCK_ROWS] @ vectors[start:].T
        at = np.flatnonzero(product.data >= THRESHOLD - 1e-6)
        rows = np.searchsorted(product.indptr, at, side="right") - 1 + start
        cols = product.indices[at].astype(np.int64) + start
        keep = (cols > rows) & (rec_family[rows] != rec_family[cols])
        found_rows.append(rows[keep])
        found_cols.append(cols[keep])
        found_scores.append(product.data[at][keep])
    upper_rows, upper_cols = np.concatenate(found_rows), np.concatenate(found_cols)
    rows, cols = np.r_[upper_rows, upper_cols], np.r_[upper_cols, upper_rows]
    scores = np.concatenate([*found_scores, *found_scores]).astype(np.float32)
    order = np.lexsort((cols, rows))
    return rows[order], cols[order], scores[order]


def _shown_matches(
    recs: list[tuple[Plan, Recommendation]],
    rows: np.ndarray,
    cols: np.ndarray,
    scores: np.ndarray,
    same: np.ndarray,
    earlier: np.ndarray,
    rank: np.ndarray,
) -> list[tuple[Key, Match]]:
    """The matches a recommendation shows (its first `SHOWN` by rank), in order, keyed by the recommendation."""
    about = [(p.slug, r.anchor, r.label, p.provider.name, p.provider.slug, p.submitted, r.status) for p, r in recs]
    shown = np.flatnonzero(rank < SHOWN)
    out = []
    for r, c, score, is_same, is_earlier in zip(
        rows[shown].tolist(),
        cols[shown].tolist(),
        scores[shown].tolist(),
        same[shown].tolist(),
        earlier[shown].tolist(),
        strict=True,
    ):
        slug, anchor, label, name, provider, submitted, status = about[c]
        match = Match(slug, anchor, label, name, provider, submitted, status, round(score, 3), is_same, is_earlier)
        out.append(((about[r][0], about[r][1]), match))
    return out


def _spread(
    recs: list[tuple[Plan, Recommendation]],
    rows: np.ndarray,
    cols: np.ndarray,
    same: np.ndarray,
    earlier: np.ndarray,
    rec_provider: np.ndarray,
    rec_date: np.ndarray,
) -> dict[Key, Spread]:
    """For each row with a match: other providers matched, the earliest year among them, and whether
    a match is earlier (vectorised over the block's matches)."""
    out: dict[Key, Spread] = {}
    if not len(rows):
        return out
    other = ~same
    width = int(rec_provider.max()) + 1
    pairs = np.unique(rows[other].astype(np.int64) * width + rec_provider[cols[other]])  # (row, provider) once
    providers = Counter((pairs // width).tolist())
    dated = other & (rec_date[cols] > 0)
    since: dict[int, int] = {}
    if dated.any():
        order = np.lexsort((rec_date[cols[dated]], rows[dated]))
        r_sorted, d_sorted = rows[dated][order], rec_date[cols[dated]][order]
        firsts = np.r_[True, r_sorted[1:] != r_sorted[:-1]]
        since = dict(zip(r_sorted[firsts].tolist(), (d_sorted[firsts] // 10000).tolist(), strict=True))
    before = set(rows[earlier].tolist())
    before_same = set(rows[earlier & same].tolist())
    for r in np.unique(rows).tolist():
        plan, rec = recs[r]
        out[(plan.slug, rec.anchor)] = Spread(providers.get(r, 0), since.get(r), r in before, r in before_same)
    return out


def _groups(
    recs: list[tuple[Plan, Recommendation]], rows: np.ndarray, cols: np.ndarray, rec_date: np.ndarray
) -> tuple[Group, ...]:
    """Connected parts of the graph of best matches, two or more plans each, largest first."""
    n = len(recs)
    graph = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    members: dict[int, list[int]] = {}
    for i, label in enumerate(labels.tolist()):
        members.setdefault(label, []).append(i)
    groups = []
    for ids in members.values():
        if len({recs[i][0].slug for i in ids}) < 2:
            continue
        ordered = sorted(ids, key=lambda i: (rec_date[i] == 0, rec_date[i], recs[i][0].slug, recs[i][1].number))
        groups.append(Group(tuple((recs[i][0].slug, recs[i][1].anchor) for i in ordered)))
    return tuple(sorted(groups, key=lambda g: (-len(g.members), g.members[0])))


def _earlier_plans(plans: Sequence[Plan]) -> dict[str, tuple[str, ...]]:
    """For each plan, the slugs of its provider's plans dated before it (none when it is undated)."""
    by_provider: dict[str, list[Plan]] = {}
    for plan in plans:
        by_provider.setdefault(plan.provider.slug, []).append(plan)
    earlier = {}
    for plan in plans:
        date = _date_number(plan)
        same = by_provider[plan.provider.slug]
        earlier[plan.slug] = tuple(sorted(p.slug for p in same if p.slug != plan.slug and 0 < _date_number(p) < date))
    return earlier


def trace_repeat(earlier: tuple[str, ...], related: Sequence[Match]) -> RepeatFinding:
    """The earlier recommendation a 'repeated from the previous inspection' flag points to: the most
    alike recommendation of the same provider's `earlier` plans, or why there is none in the archive."""
    if not earlier:
        return RepeatFinding(None, "no-earlier-plan")
    found = [m for m in related if m.same_provider and m.earlier]
    if not found:
        return RepeatFinding(None, "no-similar-recommendation", earlier)
    return RepeatFinding(max(found, key=lambda m: (m.score, m.submitted or "")), "found", earlier)


# --- the cache ----------------------------------------------------------------------------------

CODE = (Path(__file__), Path(__file__).with_name("terms.py"))


def recurrence_key(plans: Sequence[Plan], family: Callable[[Plan], str] | None = None) -> str:
    """A hash of what recurrence reads (each plan's slug, provider, date and recommendations' anchors and
    texts) and of this code: unchanged plans find their answer in the cache."""
    digest = hashlib.sha256()
    for path in CODE:
        digest.update(path.read_bytes())
    for plan in sorted(plans, key=lambda p: p.slug):
        digest.update(f"\0{plan.slug}\0{plan.provider.slug}\0{plan.provider.name}\0{plan.submitted}".encode())
        digest.update(f"\2{family(plan) if family else plan.slug}".encode())
        for rec in plan.recommendations:
            digest.update(f"\1{rec.anchor}\1{rec.label}\1{rec.status}\1{rec.repeated}\1{rec.text}".encode())
    return digest.hexdigest()


def cached_recurrence(
    plans: Sequence[Plan], cache_dir: Path | None, family: Callable[[Plan], str] | None = None
) -> Recurrence:
    """`find_recurrence`, from `cache_dir/recurrence-<key>.pickle` when the plans (and their families) are unchanged."""
    if cache_dir is None:
        return find_recurrence(plans, family)
    path = cache_dir / f"recurrence-{recurrence_key(plans, family)[:32]}.pickle"
    if path.is_file():
        try:
            loaded = pickle.loads(path.read_bytes())
            if isinstance(loaded, Recurrence):
                return loaded
        except Exception:  # a damaged cache file is only a cache miss
            pass
    found = find_recurrence(plans, family)
    cache_dir.mkdir(parents=True, exist_ok=True)
    for old in cache_dir.glob("recurrence-*.pickle"):
        old.unlink()
    path.write_bytes(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
    return found


# --- measuring it ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    """How a method did on labelled pairs at one threshold."""

    threshold: float
    pairs: int
    same: int
    true_positives: int
    false_positives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.same if self.same else 1.0


def score_pairs(
    pairs: Sequence[tuple[str, str]], background: Sequence[str], provider_names: Iterable[str]
) -> list[float]:
    """The similarity of each pair of texts, weighted as the build weighs an archive made of every
    text of the pairs and the `background` texts (the archive's recommendations)."""
    texts = sorted({t for pair in pairs for t in pair} | set(background))
    row = {t: n for n, t in enumerate(texts)}
    vectors = text_vectors(texts, provider_names)
    return [similarity(vectors, row[a], row[b]) for a, b in pairs]


def evaluate(scores: Sequence[float], labels: Sequence[bool], threshold: float = THRESHOLD) -> Scored:
    """Precision and recall of "same ask when the score reaches `threshold`".

    >>> s = evaluate([0.9, 0.5, 0.1, 0.6], [True, True, False, False], 0.55)
    >>> s.true_positives, s.false_positives, s.precision, s.recall
    (1, 1, 0.5, 0.5)
    """
    found = [score >= threshold - 1e-6 for score in scores]
    return Scored(
        threshold,
        len(labels),
        sum(labels),
        sum(f and same for f, same in zip(found, labels, strict=True)),
        sum(f and not same for f, same in zip(found, labels, strict=True)),
    )
