"""Benchmark the site at the archive's expected size: 500 plans, ~5,000 recommendations, ~25,000+ actions.

Prints figures; asserts nothing (targets are checked by reading them, not by a timed test):
  - time to write content/ and to run MkDocs;
  - sizes: Material's search index, the explorer's records and lunr index, the largest plan page;
  - the number of navigation links on a plan page (the nav must not list every plan);
  - in Debian's chromium: time until the explorer is ready, and until site search shows a result.

    .venv/bin/python bench/bench_site.py [--plans 500] [--no-browser]
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import http.server
import os
import socketserver
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from probation_archive.model import Plan, Provider  # noqa: E402
from probation_archive.site import build_site, content_files, parse_sources, write_tree  # noqa: E402
from probation_archive.themes import load_themes  # noqa: E402


def synthetic_archive(count: int) -> list[Plan]:
    """`count` plans made from the real ones: 100 providers, each with plans in several years,
    each plan holding one real plan's recommendations plus a few of another's (renumbered)."""
    real = parse_sources(ROOT / "source_plans").plans
    plans = []
    for n in range(count):
        base, extra = real[n % len(real)], real[(n + 1) % len(real)]
        recs = list(base.recommendations) + list(extra.recommendations[:3])
        recs = [dataclasses.replace(rec, number=i) for i, rec in enumerate(recs, 1)]
        provider_no = n % 100
        kind = ("CRC", "NPS", "YOS")[provider_no % 3]
        provider = Provider(
            f"Provider {provider_no:03d} {kind}", f"P{provider_no:03d}", kind, f"provider-{provider_no:03d}"
        )
        year = 2015 + n // 100
        submitted = f"{year}-{(n % 12) + 1:02d}-15"
        plans.append(
            dataclasses.replace(
                base,
                source=f"plan-{n:04d}.txt",
                provider=provider,
                submitted=submitted,
                recommendations=tuple(recs),
                slug=f"{provider.slug}-{submitted[:7]}",
            )
        )
    return plans


def browser_figures(site: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(base + "explorer/?theme=workforce")
            page.wait_for_selector("#explorer-form[data-ready]", state="attached", timeout=120_000)
            explorer = time.perf_counter() - start
            page.goto(base)
            start = time.perf_counter()
            page.locator(".md-search__input").first.click()
            page.locator(".md-search__input").press_sequentially("domestic abuse")
            page.wait_for_selector(".md-search-result__link", timeout=120_000)
            search = time.perf_counter() - start
            browser.close()
        server.shutdown()
    return {"explorer ready (s)": explorer, "first search result (s)": search}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    plans = synthetic_archive(args.plans)
    recs = sum(len(p.recommendations) for p in plans)
    actions = sum(p.counts()["actions"] for p in plans)
    print(
        f"archive: {len(plans)} plans, {len({p.provider.slug for p in plans})} providers, {recs} recommendations, {actions} actions"
    )
    with tempfile.TemporaryDirectory() as tmp:
        content, site = Path(tmp) / "content", Path(tmp) / "site"
        start = time.perf_counter()
        files = content_files(plans, load_themes())
        write_tree(files, content)
        print(f"content/: {len(files)} files in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        build_site(content, site, strict=False)
        print(f"mkdocs build: {time.perf_counter() - start:.1f} s")
        size = lambda p: p.stat().st_size / 1e6  # noqa: E731
        print(f"search/search_index.json: {size(site / 'search' / 'search_index.json'):.1f} MB")
        print(
            f"data/explorer.json: {size(site / 'data' / 'explorer.json'):.1f} MB; "
            f"data/explorer-index.json: {size(site / 'data' / 'explorer-index.json'):.1f} MB"
        )
        plan_pages = sorted((site / "plans").glob("*/index.html"), key=lambda p: p.stat().st_size)
        largest = plan_pages[-1]
        print(
            f"plan pages: {len(plan_pages)}; largest {largest.stat().st_size / 1e3:.0f} KB "
            f"({largest.parent.name}); median {plan_pages[len(plan_pages) // 2].stat().st_size / 1e3:.0f} KB"
        )
        html = largest.read_text(encoding="utf-8")
        other_plans = html.count('href="../../plans/')
        print(f"links to other plans on a plan page (navigation must not list them): {other_plans}")
        parts: dict[str, int] = {}
        for p in site.rglob("*"):
            if p.is_file():
                top = p.relative_to(site).parts[0] if len(p.relative_to(site).parts) > 1 else "(root)"
                parts[top] = parts.get(top, 0) + p.stat().st_size
        print(
            "whole site: "
            + ", ".join(f"{k} {v / 1e6:.0f} MB" for k, v in sorted(parts.items(), key=lambda kv: -kv[1])[:6])
        )
        if not args.no_browser:
            for name, value in browser_figures(site).items():
                print(f"{name}: {value:.1f}")


if __name__ == "__main__":
    main()
