"""Benchmark the site at the archive's expected size (500 plans) and its stress case (2,000 plans).

Prints figures; asserts nothing (targets are checked by reading them, not by a timed test):
  - a cold build by stage (content/ generated, written, MkDocs), then a build with nothing changed
    (both stages skipped by their stamps), and the peak memory of the build;
  - sizes: Material's search index, the explorer's facets and index, the largest plan, theme and
    provider pages, site/ and data/;
  - the number of navigation links on a plan page (the nav must not list every plan);
  - in Debian's chromium, served with gzip, cold: the explorer (a filtered view, and words typed as a
    person types: wait after the last key, bytes on the wire by kind, page heap), and site search.

    .venv/bin/python bench/bench_site.py [--plans 500 2000] [--no-browser]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import gzip
import http.server
import os
import resource
import socketserver
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from probation_archive.model import Plan, Provider  # noqa: E402
from probation_archive.site import (  # noqa: E402
    CONTENT_STAMP,
    build_site,
    content_files,
    content_input_hash,
    content_is_up_to_date,
    parse_sources,
    site_is_up_to_date,
    source_date_epoch,
    write_tree,
)
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


# --- 10b: explorer, page sizes, build time (kept apart from the header-search figures) ----------


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site as GitHub Pages does: text compressed with gzip, nothing cached."""

    compressed: dict[str, bytes] = {}
    TEXT = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        path = Path(self.translate_path(self.path.split("?", 1)[0]))
        if path.is_dir():
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        if (
            not path.is_file()
            or not ctype.startswith(self.TEXT)
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            super().do_GET()
            return
        if str(path) not in self.compressed:
            self.compressed[str(path)] = gzip.compress(path.read_bytes(), 6)
        body = self.compressed[str(path)]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the browser left the page meanwhile
            self.wfile.write(body)


def serve_gzipped(site: Path) -> tuple[socketserver.ThreadingTCPServer, str]:
    handler = functools.partial(GzipHandler, directory=str(site))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _heap_mib(page: object) -> float:
    """JS heap in use on the page (after a garbage collection), in MiB, read over CDP."""
    client = page.context.new_cdp_session(page)  # type: ignore[attr-defined]
    client.send("HeapProfiler.collectGarbage")
    used = client.send("Runtime.getHeapUsage")["usedSize"]
    client.detach()
    return used / 2**20


def explorer_run(browser: object, base: str, query: str | None) -> dict[str, float]:
    """One cold visit to the explorer: a filtered view (`query` None) or words typed as a person types."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    sizes: dict[str, int] = {"explorer": 0, "site search": 0, "page": 0}

    def count(request: object) -> None:
        url, got = request.url, request.sizes()  # type: ignore[attr-defined]
        kind = "explorer" if "/data/" in url or "explorer.js" in url or "lunr.js" in url else "page"
        kind = "site search" if "/search/" in url or "/workers/" in url else kind
        sizes[kind] += got["responseBodySize"] + got["responseHeadersSize"]

    page.on("requestfinished", count)
    start = time.perf_counter()
    page.goto(base + ("explorer/" if query else "explorer/?theme=workforce&status=agreed"))
    page.wait_for_selector("#explorer-form[data-ready]", state="attached", timeout=300_000)
    ready = time.perf_counter() - start
    wait = 0.0
    if query:
        page.locator("#f-q").press_sequentially(query, delay=10)
        typed = time.perf_counter()
        page.wait_for_selector(f"#explorer-form[data-ready-query='{query}']", state="attached", timeout=300_000)
        page.wait_for_selector("#explorer-results li", timeout=300_000)
        wait = time.perf_counter() - typed
    total = time.perf_counter() - start
    page.wait_for_timeout(200)
    figures = {"ready": ready, "wait": wait, "from navigation": total, "heap": _heap_mib(page)}
    figures.update({f"{kind} kb": size / 1e3 for kind, size in sizes.items()})
    context.close()
    return figures


def explorer_figures(site: Path, repetitions: int = 3) -> None:
    """Explorer: a filtered view, and "domestic abuse" typed; median of `repetitions` cold visits."""
    from playwright.sync_api import sync_playwright

    server, base = serve_gzipped(site)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        for label, query in (("filtered (theme + status)", None), ('typed "domestic abuse"', "domestic abuse")):
            runs = [explorer_run(browser, base, query) for _ in range(repetitions)]
            median = {k: sorted(r[k] for r in runs)[len(runs) // 2] for k in runs[0]}
            print(
                f"explorer, {label}: ready {median['ready']:.2f} s; wait after the last key {median['wait']:.2f} s; "
                f"from navigation {median['from navigation']:.2f} s; bytes on the wire (gzip): explorer's own "
                f"{median['explorer kb']:.0f} KB + page {median['page kb']:.0f} KB + Material's site search "
                f"{median['site search kb']:.0f} KB; page heap {median['heap']:.1f} MiB"
            )
        browser.close()
    server.shutdown()


def page_size_figures(site: Path) -> None:
    """The largest theme and provider pages, and the whole site by top folder."""
    for folder in ("themes", "providers"):
        pages = sorted((site / folder).glob("*/index.html"), key=lambda p: p.stat().st_size)
        if pages:
            print(
                f"largest {folder[:-1]} page: {pages[-1].stat().st_size / 1e3:.0f} KB of HTML ({pages[-1].parent.name})"
            )
    sizes = [p.stat().st_size for p in site.rglob("*") if p.is_file()]
    data = sum(p.stat().st_size for p in (site / "data").rglob("*") if p.is_file())
    print(f"site/: {sum(sizes) / 1e6:.0f} MB in {len(sizes)} files (data/ {data / 1e6:.0f} MB)")


def build_once(plans: list[Plan], content: Path, site: Path) -> dict[str, float]:
    """What `site.run` does after parsing, timed by stage; each stage skipped when its input is unchanged."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    stamp = content_input_hash(plans, "")
    if not content_is_up_to_date(content, stamp):
        files: dict[str, str | bytes] = dict(content_files(plans, load_themes()))
        files[CONTENT_STAMP] = stamp + "\n"
        times["content/ generated"] = time.perf_counter() - start
        start = time.perf_counter()
        write_tree(files, content)
    times["content/ written (or skipped)"] = time.perf_counter() - start
    start = time.perf_counter()
    epoch = source_date_epoch(plans)
    if not site_is_up_to_date(content, site, False, epoch):
        build_site(content, site, strict=False, build_epoch=epoch)
    times["mkdocs (or skipped)"] = time.perf_counter() - start
    return times


def build_figures(plans: list[Plan], content: Path, site: Path) -> None:
    """Cold build, then a build with nothing changed, by stage; peak memory of this process."""
    cold = build_once(plans, content, site)
    print("cold build: " + "; ".join(f"{k} {v:.1f} s" for k, v in cold.items()) + f"; total {sum(cold.values()):.1f} s")
    warm = build_once(plans, content, site)
    print(
        "no-change rebuild: "
        + "; ".join(f"{k} {v:.1f} s" for k, v in warm.items())
        + f"; total {sum(warm.values()):.1f} s ({sum(warm.values()) / sum(cold.values()):.0%} of cold; target <= 15%)"
    )
    print(
        f"peak build memory (max RSS of this process): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )


def bench_size(count: int, browser: bool) -> None:
    plans = synthetic_archive(count)
    recs = sum(len(p.recommendations) for p in plans)
    actions = sum(p.counts()["actions"] for p in plans)
    print(
        f"\n== archive: {len(plans)} plans, {len({p.provider.slug for p in plans})} providers, {recs} recommendations, {actions} actions"
    )
    with tempfile.TemporaryDirectory() as tmp:
        content, site = Path(tmp) / "content", Path(tmp) / "site"
        build_figures(plans, content, site)
        size = lambda p: p.stat().st_size / 1e6  # noqa: E731
        if (site / "search" / "search_index.json").exists():
            print(f"search/search_index.json: {size(site / 'search' / 'search_index.json'):.1f} MB")
        print(
            f"data/explorer-facets.json: {size(site / 'data' / 'explorer-facets.json'):.2f} MB; "
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
        page_size_figures(site)
        parts: dict[str, int] = {}
        for p in site.rglob("*"):
            if p.is_file():
                top = p.relative_to(site).parts[0] if len(p.relative_to(site).parts) > 1 else "(root)"
                parts[top] = parts.get(top, 0) + p.stat().st_size
        print(
            "whole site: "
            + ", ".join(f"{k} {v / 1e6:.0f} MB" for k, v in sorted(parts.items(), key=lambda kv: -kv[1])[:6])
        )
        if browser:
            explorer_figures(site)
            for name, value in browser_figures(site).items():
                print(f"{name}: {value:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    for count in args.plans:
        bench_size(count, not args.no_browser)


if __name__ == "__main__":
    main()
