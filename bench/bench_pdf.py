"""Benchmark the PDF reader (`make bench`): figures printed, nothing asserted.

    .venv/bin/python bench/bench_pdf.py [--rounds 3] [--copies 8] [--workers N]

1. Pages per second of `read_pdf` against bare pdfplumber `extract_tables()` on the same files, in
   the same run (the target: ours takes at most 1.3 times as long).
2. Pages per second parsing a folder of plans with the process pool against one process.
3. The time of a rebuild's parsing when nothing changed (every plan a cache hit) against cold.

The files are the PDF fixtures of the five real plans (tests/fixtures/pdf/rendered-from-real-text/), copied
`--copies` times for the pool and cache figures so that there is work to share out.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from probation_archive.pdf import read_pdf  # noqa: E402
from probation_archive.pipeline import parse_all  # noqa: E402

PDFS = sorted((ROOT / "tests" / "fixtures" / "pdf" / "rendered-from-real-text").glob("*.pdf"))


def bare_pdfplumber(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()


def best_of(rounds: int, work: Callable[[], object]) -> float:
    """The fastest of `rounds` runs, in seconds (the least disturbed by other load)."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def page_count(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            total += len(pdf.pages)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    pages = page_count(PDFS)
    print(f"{len(PDFS)} PDFs, {pages} pages; best of {args.rounds} rounds; {os.cpu_count()} CPU cores\n")

    bare = best_of(args.rounds, lambda: [bare_pdfplumber(p) for p in PDFS])
    ours = best_of(args.rounds, lambda: [read_pdf(p) for p in PDFS])
    print("1. reader, one process")
    print(f"   bare pdfplumber extract_tables  {pages / bare:7.1f} pages/s  ({bare:.2f} s)")
    print(f"   read_pdf                        {pages / ours:7.1f} pages/s  ({ours:.2f} s)")
    verdict = "within" if ours <= 1.3 * bare else "OVER"
    print(f"   read_pdf takes {ours / bare:.2f}x as long as bare pdfplumber ({verdict} the 1.3x target)\n")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "sources"
        folder.mkdir()
        for n in range(args.copies):
            for pdf in PDFS:
                shutil.copy(pdf, folder / f"{n:02d}_{pdf.name}")
        paths = sorted(folder.iterdir())
        total = pages * args.copies
        one = best_of(args.rounds, lambda: parse_all(paths, None, workers=1))
        pool = best_of(args.rounds, lambda: parse_all(paths, None, workers=args.workers))
        print(f"2. parsing {len(paths)} plans ({total} pages): read_pdf + parse + coverage")
        print(f"   one process                     {total / one:7.1f} pages/s  ({one:.2f} s)")
        print(
            f"   process pool, {args.workers:2d} workers        {total / pool:7.1f} pages/s  ({pool:.2f} s, {one / pool:.1f}x)\n"
        )

        cache = Path(tmp) / "cache"
        cold = best_of(1, lambda: parse_all(paths, cache, workers=args.workers))
        warm = best_of(args.rounds, lambda: parse_all(paths, cache, workers=args.workers))
        hits = sum(r.cached for r in parse_all(paths, cache, workers=args.workers))
        print("3. rebuild's parsing with the cache")
        print(f"   cold (parse and store)          {cold:7.3f} s")
        print(f"   nothing changed ({hits}/{len(paths)} hits)  {warm:7.3f} s  ({cold / warm:.0f}x faster)")


if __name__ == "__main__":
    main()
