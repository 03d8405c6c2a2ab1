"""Benchmark recurrence (probation_archive/recurrence.py): how right it is, and what it costs.

  pairs      precision and recall on the hand-labelled pairs (tests/cases/recurrence/pairs.yml) at the
             chosen threshold and around it
  cost       at 500 and 2,000 synthetic plans (bench_site.synthetic_archive): recurrence alone, the
             content/ stage without and with it (its share of the cold build of content/), and a
             no-change rebuild (the content stamp matches: recurrence is not run; from the cache
             when only a page's code changed), with the machine's load average

Prints figures; asserts nothing.

    .venv/bin/python bench/bench_recurrence.py [--plans 500 2000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_site import synthetic_archive  # noqa: E402

from probation_archive.recurrence import THRESHOLD, Recurrence, cached_recurrence, evaluate, find_recurrence  # noqa: E402
from probation_archive.site import content_files  # noqa: E402
from probation_archive.themes import load_themes  # noqa: E402
from tests.recurrence_pairs import labelled_pairs, pair_scores  # noqa: E402


def pairs_table() -> list[str]:
    pairs = labelled_pairs()
    scores = pair_scores(pairs)
    labels = [p.same for p in pairs]
    same = sum(labels)
    rows = [
        f"## recurrence on {len(pairs)} hand-labelled pairs ({same} the same ask, {len(pairs) - same} not; "
        f"{sum(p.a.written_by_us or p.b.written_by_us for p in pairs)} with a text written by us)",
        "",
        "| method | threshold | linked | right | precision | recall |",
        "|---|---|---|---|---|---|",
    ]
    for threshold in (0.3, 0.35, THRESHOLD, 0.45, 0.5):
        s = evaluate(scores, labels, threshold)
        mark = " (chosen)" if threshold == THRESHOLD else ""
        rows.append(
            f"| TF-IDF over stems, boilerplate ×0.2, provider names ×0 | {threshold:.2f}{mark} | "
            f"{s.true_positives + s.false_positives} | {s.true_positives} | {s.precision:.0%} | {s.recall:.0%} |"
        )
    wrong = sorted(
        ((score, p) for score, p in zip(scores, pairs, strict=True) if (score >= THRESHOLD) != p.same),
        key=lambda x: -x[0],
    )
    rows += ["", "wrong at the chosen threshold:"]
    rows += [f"- {score:.2f} {'missed' if p.same else 'linked'}: {p.why}" for score, p in wrong]
    return rows


def timed(step):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = step()
    return result, time.perf_counter() - start


def cost_table(count: int) -> list[str]:
    plans = synthetic_archive(count)
    themes = load_themes()
    recs = sum(len(p.recommendations) for p in plans)
    found, alone = timed(lambda: find_recurrence(plans))
    _, without = timed(lambda: content_files(plans, themes, "", Recurrence()))
    _, with_it = timed(lambda: content_files(plans, themes, ""))
    with tempfile.TemporaryDirectory() as tmp:
        timed(lambda: cached_recurrence(plans, Path(tmp)))
        _, cached = timed(lambda: cached_recurrence(plans, Path(tmp)))
    related = sum(len(m) for m in found.related.values())
    biggest = max((len(g.members) for g in found.groups), default=0)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return [
        f"## recurrence cost, {count} plans ({recs} recommendations); load average {load} on {os.cpu_count()} cores",
        "",
        "| figure | value |",
        "|---|---|",
        f"| recurrence alone (cold) | {alone:.1f} s |",
        f"| content/ generated without recurrence | {without:.1f} s |",
        f"| content/ generated with recurrence | {with_it:.1f} s (+{with_it - without:.1f} s, "
        f"{(with_it - without) / without:+.0%} of this stage; MkDocs' own build comes on top, so less of the whole cold build) |",
        "| no-change rebuild | 0 s: the content stamp matches and content/ (recurrence with it) is not regenerated |",
        f"| from the cache (plans unchanged, a page's code changed) | {cached:.2f} s |",
        f"| related links / recommendations with one | {related} / {len(found.related)} |",
        f"| groups / largest | {len(found.groups)} / {biggest} |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, nargs="+", default=[500, 2000])
    args = parser.parse_args()
    print("\n".join(pairs_table()) + "\n", flush=True)
    for count in args.plans:
        print("\n".join(cost_table(count)) + "\n", flush=True)


if __name__ == "__main__":
    main()
