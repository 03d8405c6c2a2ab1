#!/usr/bin/env python3
"""Build the Probation Action Plan Archive: sources -> content/ (Markdown, open data) -> site/.

python build.py [--source source_plans] [--content content] [--site site] [--no-site] [--strict] [--debug]
                [--cache .cache/parse] [--no-cache] [--print-cache-key]
python build.py --fetch [--source source_plans]   # only download sources.yml's new addresses (no build)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from probation_archive.fetch import fetch_sources
from probation_archive.pipeline import parser_code_digest
from probation_archive.site import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("source_plans"), help="folder of plans to publish")
    parser.add_argument("--content", type=Path, default=Path("content"), help="where to write the Markdown pages")
    parser.add_argument("--site", type=Path, default=Path("site"), help="where MkDocs writes the static site")
    parser.add_argument("--no-site", action="store_true", help="stop after writing the content folder")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors (non-zero exit)")
    parser.add_argument("--cache", type=Path, default=Path(".cache/parse"), help="parse cache (keyed by content)")
    parser.add_argument("--no-cache", action="store_true", help="parse every source afresh")
    parser.add_argument("--debug", action="store_true", help="print the traceback of every internal error")
    parser.add_argument(
        "--fetch",
        action="store_true",
        help="download each publication_url in sources.yml that has no file yet, then stop (the build never fetches)",
    )
    parser.add_argument("--print-cache-key", action="store_true", help="print the parser's code digest and stop")
    args = parser.parse_args(argv)
    if args.print_cache_key:
        print(parser_code_digest())  # what every parse cache entry is keyed by, beside the file's hash
        return 0
    if args.fetch:
        fetched = fetch_sources(args.source)
        for line in fetched.lines:
            print(line)
        print(f"{len(fetched.saved)} saved, {fetched.failed} failed")
        return fetched.exit_code
    cache = None if args.no_cache else args.cache
    report = run(args.source, args.content, None if args.no_site else args.site, args.strict, cache)
    print(f"{report.summary()} ({report.seconds:.1f} s)")
    if report.site_line():
        print(report.site_line())
    for source, coverage in sorted(report.coverage.items()):
        print(f"COVERAGE {source}: {coverage.found}/{coverage.total} table words kept ({coverage.ratio:.1%})")
    for line in report.failures:
        print(f"FAILED  {line}")
    if args.debug:
        for trace in report.tracebacks:
            print(f"TRACEBACK {trace}", file=sys.stderr)
    for line in report.warnings:
        print(f"WARNING {line}")
    if report.failures or report.warnings:
        print(report.summary())  # again, so the last line of a long report is the count too
    return report.exit_code(args.strict)


if __name__ == "__main__":
    sys.exit(main())
