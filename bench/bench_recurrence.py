"""Benchmark recurrence (probation_archive/recurrence.py): how right it is, and what it costs.

  pairs      precision and recall on the hand-labelled pairs (tests/cases/recurrence/pairs.yml) at the
             chosen threshold and around it
  cost       at 500 and 2,000 synthetic plans (bench_site.synthetic_sources), each built as `make site`
             builds it (`site.run`, MkDocs included): recurrence alone, the content/ pages without and
             with its findings, what it adds to the cold build (target ≤ 10 %; also shown against the
             build without MkDocs, stricter), what it costs a
             no-change rebuild (target 0: the content stamp matches and it is not run), the cache's key
             and read (plans unchanged, a page's code changed), and the largest Recurring and plan
             pages (target ≤ 200 KB of HTML), with the machine's load average

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

from bench_site import synthetic_sources  # noqa: E402

from probation_archive.recurrence import (  # noqa: E402
    THRESHOLD,
    Recurrence,
    cached_recurrence,
    evaluate,
    find_recurrence,
    recurrence_key,
)
from probation_archive.site import content_files, run  # noqa: E402
from probation_archive.themes import load_themes  # noqa: E402
from probation_archive.versions import find_versions  # noqa: E402
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


def largest(content: Path, pattern: str) -> tuple[str, int]:
    """The largest page of `content/` matching `pattern`, and its size in bytes (Markdown: the page's
    body, which MkDocs wraps in its header, navigation and footer)."""
    page = max(content.glob(pattern), key=lambda p: (p.stat().st_size, p.as_posix()))
    return page.relative_to(content).as_posix(), page.stat().st_size


def verdict(value: float, limit: float, bound: str) -> str:
    return "met" if value <= limit else f"MISSED ({bound})"


def cost_figures(count: int, root: Path) -> dict:
    """Build `count` synthetic plans cold as `make site` does (parsing, recurrence, pages, MkDocs), then
    again with nothing changed; time recurrence alone and the pages with and without its findings."""
    sources, content, cache = root / "sources", root / "content", root / "cache" / "parse"
    site = root / "site"
    synthetic_sources(count, sources)
    cold, cold_s = timed(lambda: run(sources, content, site, strict=False, cache_dir=cache))
    warm, warm_s = timed(lambda: run(sources, content, site, strict=False, cache_dir=cache))
    plans, themes = cold.plans, load_themes()
    versions = find_versions(plans)
    family = lambda p: versions.family_id(p.slug)  # noqa: E731
    found, alone = timed(lambda: find_recurrence(plans, family))
    _, without = timed(lambda: content_files(plans, themes, "", Recurrence()))
    _, with_it = timed(lambda: content_files(plans, themes, "", found))
    _, key = timed(lambda: recurrence_key(plans, family))
    _, cached = timed(lambda: cached_recurrence(plans, cache.parent / "recurrence", family))
    return {
        "recs": sum(len(p.recommendations) for p in plans),
        "cold": (cold_s, cold.timings),
        "warm": (warm_s, warm.timings, warm.content_up_to_date),
        "alone": alone,
        "without": without,
        "with": with_it,
        "key": key,
        "cached": cached,
        "found": found,
        "recurring page": largest(content, "recurring/**/*.md"),
        "plan page": largest(content, "plans/*.md"),
    }


def cost_table(count: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        f = cost_figures(count, Path(tmp))
    (cold_s, cold), (warm_s, warm, skipped), found = f["cold"], f["warm"], f["found"]
    added = f["alone"] + f["with"] - f["without"]  # finding it, and writing what it found into the pages
    share = added / (cold_s - added)
    mkdocs = cold.get("mkdocs build", 0.0)
    share_without_mkdocs = added / (cold_s - mkdocs - added)
    in_build = cold.get("versions and recurrence", 0.0)
    page, plan_page = f["recurring page"], f["plan page"]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return [
        f"## recurrence cost, {count} plans ({f['recs']} recommendations); load average {load} on {os.cpu_count()} cores",
        "",
        "| figure | value | target | met? |",
        "|---|---|---|---|",
        f"| recurrence alone (cold: `find_recurrence`) | {f['alone']:.1f} s | | |",
        f"| content/ pages generated without recurrence (in memory) | {f['without']:.1f} s | | |",
        f"| content/ pages generated with its findings (in memory, recurrence found before) | {f['with']:.1f} s | | |",
        f"| cold build, as `make site` builds (parse, versions and recurrence, content/ written, MkDocs) | {cold_s:.1f} s "
        f"(of which versions and recurrence {in_build:.1f} s, content/ written {cold.get('content/ generated and written', 0):.1f} s, "
        f"MkDocs {mkdocs:.1f} s) | | |",
        f"| recurrence added to the cold build (finding it + its part of the pages) | {added:.1f} s = {share:.1%} "
        f"of the cold build without it | ≤ 10 % | {verdict(share, 0.10, 'bound by find_recurrence')} |",
        f"| the same, of the cold build without MkDocs (stricter than the target) | {share_without_mkdocs:.1%} | | |",
        f"| no-change rebuild | {warm_s:.1f} s; content/ {'skipped' if skipped else 'REGENERATED'}, "
        f"recurrence {warm.get('versions and recurrence', 0.0):.2f} s | recurrence 0 s | "
        f"{verdict(warm.get('versions and recurrence', 0.0), 0.0, 'recurrence ran')} |",
        f"| plans unchanged, a page's code changed: the cache's key / key and read | {f['key']:.2f} s / {f['cached']:.2f} s | | |",
        f"| largest Recurring recommendations page (Markdown; MkDocs adds < 40 KB) | {page[1] / 1e3:.0f} KB ({page[0]}) "
        f"| ≤ 200 KB | {verdict(page[1] + 40_000, 200_000, 'page too large')} |",
        f"| largest plan page (Markdown; MkDocs adds < 40 KB) | {plan_page[1] / 1e3:.0f} KB ({plan_page[0]}) "
        f"| ≤ 200 KB | {verdict(plan_page[1] + 40_000, 200_000, 'page too large')} |",
        f"| related links / recommendations with one | {sum(len(m) for m in found.related.values())} / {len(found.related)} | | |",
        f"| groups / largest | {len(found.groups)} / {max((len(g.members) for g in found.groups), default=0)} | | |",
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
