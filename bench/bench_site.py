"""Benchmark the site at the archive's expected size (500 plans) and its stress case (2,000).

Prints figures as tables beside their targets; asserts nothing (targets are checked by reading them,
not by a timed test). For each size, one synthetic archive of text extractions made from the real
plans (`synthetic_sources`), built as `make site` builds it (`site.run`, each build in a fresh process):

  build      a cold build (empty parse cache) by stage, then a build with nothing changed, then one
             with one plan added; each beside issue #21's targets: the cold build, content generation
             against MkDocs' own time, the search index against Pagefind's indexing of the same site,
             the no-change rebuild, the added plan (sources re-parsed, content/ files rewritten, time),
             peak memory, the largest page
  sizes      the search index's shards and fragments, the largest plan, theme and provider pages,
             site/ and data/, links to other plans on a plan page (the nav must not list every plan)

Then in Debian's chromium (fresh context per run, cold cache, files served gzipped by one local
static server):

  header search against Pagefind (`pagefind-bin`, installed by `make bench` from
  requirements-bench.txt, indexing the same built site) and against a worker that answers at once
  (where Material's UI itself stands):
    wait       from the last keystroke (typed ~10 ms apart) to the first result showing the last word
    from nav   from navigation start to that result
    bytes      search files on the wire before that result (index, shards, fragments, worker, lunr)
    before     search files on the wire before the first keystroke
    heap       JS heap of the page + its workers at that result (CDP Runtime.getHeapUsage)
  the explorer: a filtered view (theme + status in the URL) and the same words typed in its words
  box (which asks the same sharded index as the header search):
    ready      from navigation start to the explorer's data-ready
    wait       from the last keystroke to the results for the whole query on screen
    bytes      everything on the wire until then, by kind (page, scripts, explorer data, search index)
    heap       JS heap of the page + its workers after a garbage collection

    .venv/bin/python bench/bench_site.py [--plans 500 2000] [--runs 3] [--no-browser]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gzip
import http.server
import json
import os
import random
import re
import resource
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from probation_archive.model import MONTH_NAMES, Plan  # noqa: E402
from probation_archive.publish.search_index import gzip_size  # noqa: E402
from probation_archive.site import parse_sources  # noqa: E402

QUERY = "domestic abuse"
VERBOSE = False
SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "bu",
    "da",
    "de",
    "di",
    "do",
    "ka",
    "ke",
    "ki",
    "ko",
    "la",
    "le",
    "li",
    "lo",
    "ma",
    "me",
    "mi",
    "mo",
    "na",
    "ne",
    "ni",
    "no",
    "ra",
    "re",
    "ri",
    "ro",
    "sa",
    "se",
    "si",
    "so",
    "ta",
    "te",
    "ti",
    "to",
    "va",
    "ve",
    "vi",
]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    """Made-up words (place names, programmes, partners…), so the index grows as a real one does."""
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) + rng.choice(["", "s", "ing", "ed"]))
    return sorted(words)


def vary(text: str, rng: random.Random, extra: list[str], share: float = 0.15) -> str:
    """Replace about `share` of the words with others: the archive's own words (Zipf-like) or made-up ones."""
    out = []
    for word in text.split(" "):
        if word and rng.random() < share:
            word = (
                extra[min(int(rng.paretovariate(1.1)) - 1, len(extra) - 1)] if rng.random() < 0.5 else rng.choice(extra)
            )
        out.append(word)
    return " ".join(out)


REAL_SOURCES = sorted((ROOT / "source_plans").glob("*.txt"))
HEADING = re.compile(r"Action Plan Submitted:.*?Report Published:[^\n]*\n", re.S)
KINDS = ("Community Rehabilitation Company", "National Probation Service", "Youth Offending Service")


def synthetic_sources(count: int, folder: Path) -> list[Path]:
    """`count` text extractions made from the real ones, written into `folder`, for the build to parse
    as it parses any source: 100 providers, plans over several years, each a real plan's table whose
    long cells (recommendations, actions, owners) have 15% of their words varied and, two times in
    five, a varied sentence of another cell appended (so a plan holds about 1.4 times a real plan's
    words, and the vocabulary grows as a real archive's does). `count + 1` sources are made from the
    same sequence, so the last of `synthetic_sources(count + 1, …)` is the plan added to `count`."""
    rng = random.Random(20_000)
    texts = [path.read_text(encoding="utf-8") for path in REAL_SOURCES]
    cells = sorted(
        {c for t in texts for line in t.splitlines() if "\t" in line for c in line.split("\t") if len(c) > 60}
    )
    own = sorted({w for c in cells for w in c.split()}, key=lambda w: (len(w), w))
    extra = own + vocabulary(80_000, rng)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        provider_no, year, month = n % 100, 2015 + n // 100, MONTH_NAMES[n % 12].title()
        heading = (
            f"Action Plan Submitted: 15 {month} {year}\n\n"
            f"A Response to the HMI Probation Inspection: Provider {provider_no:03d} {KINDS[provider_no % 3]}\n\n"
            f"Report Published: 1 {month} {year}\n"
        )
        lines = []
        for line in HEADING.sub(heading.replace("\\", "\\\\"), texts[n % len(texts)], count=1).split("\n"):
            if "\t" in line and "Target Date" not in line:  # a table row, not the header row
                line = "\t".join(
                    vary(c, rng, extra) + (" " + vary(rng.choice(cells), rng, extra) if rng.random() < 0.4 else "")
                    if len(c) > 60
                    else c
                    for c in line.split("\t")
                )
            lines.append(line)
        paths.append(folder / f"plan-{n:04d}.txt")
        paths[-1].write_text("\n".join(lines), encoding="utf-8")
    return paths


# --- serving --------------------------------------------------------------------------------

GZIPPED = {".html", ".js", ".css", ".json", ".xml", ".svg", ".txt", ".csv", ".map"}


class Log:
    def __init__(self) -> None:
        self.sent: list[tuple[float, str, int]] = []
        self.lock = threading.Lock()

    def bytes_between(self, start: float, end: float, wanted: Callable[[str], bool]) -> int:
        with self.lock:
            return sum(n for t, path, n in self.sent if start <= t <= end and wanted(path))


def gzip_server(site: Path, log: Log) -> socketserver.ThreadingTCPServer:
    cache: dict[Path, bytes] = {}

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if (
                not path.is_file()
                or path.suffix not in GZIPPED
                or "gzip" not in self.headers.get("Accept-Encoding", "")
            ):
                size_before = 0
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the browser left the page
                    super().do_GET()
                with log.lock:
                    log.sent.append(
                        (
                            time.perf_counter(),
                            self.path.split("?")[0],
                            path.stat().st_size if path.is_file() else size_before,
                        )
                    )
                return
            if path not in cache:
                cache[path] = gzip.compress(path.read_bytes(), 6, mtime=0)
            body = cache[path]
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the browser left the page
                self.wfile.write(body)
            with log.lock:
                log.sent.append((time.perf_counter(), self.path.split("?")[0], len(body)))

    socketserver.ThreadingTCPServer.allow_reuse_address = True
    return socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)


# --- the engines ----------------------------------------------------------------------------

# Pagefind's default UI, put on the same page the header search is measured on (a provider list).
PAGEFIND_HEAD = (
    '<link href="../pagefind/pagefind-ui.css" rel="stylesheet"><script src="../pagefind/pagefind-ui.js"></script>'
)
PAGEFIND_BOX = (
    '<div id="pagefind-search"></div>'
    '<script>new PagefindUI({ element: "#pagefind-search", showSubResults: true });</script>'
)
BENCH_PAGE = "providers/index.html"

INSTANT_WORKER = """self.addEventListener("message", function (e) {
  if (e.data.type === 0) self.postMessage({ type: 1 });
  if (e.data.type === 2) self.postMessage({ type: 3, data: { items: e.data.data ? [[
    { location: "plans/", title: e.data.data, text: "", score: 1, terms: {} },
    { location: "plans/#rec-1", title: "Recommendation 1", text: "<p>" + e.data.data + "</p>", score: 1, terms: {} }
  ]] : [] } });
});
"""


@dataclasses.dataclass(frozen=True)
class Engine:
    name: str
    url: str  # under the site root
    box: str  # the search input
    result: str  # one result
    search_file: Callable[[str], bool]  # a path that belongs to search


def engines() -> list[Engine]:
    ours = re.compile(r"^/search/|/search-(worker|core|page)\.js$|/lunr\.js$")
    return [
        Engine("ours", "providers/", ".md-search__input", ".md-search-result__item", lambda p: bool(ours.search(p))),
        Engine(
            "Pagefind",
            "pagefind-bench/",
            ".pagefind-ui__search-input",
            ".pagefind-ui__result",
            lambda p: p.startswith("/pagefind/"),
        ),
        Engine(
            "instant worker",
            "instant-bench/",
            ".md-search__input",
            ".md-search-result__item",
            lambda p: p.endswith("instant-worker.js"),
        ),
    ]


def prepare_engines(site: Path) -> float:
    """Index the built site with Pagefind and add the two comparison pages. Returns Pagefind's seconds."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pagefind_bin", "--site", str(site), "--root-selector", "article", "--silent"],
        check=True,
    )
    seconds = time.perf_counter() - start
    page = (site / BENCH_PAGE).read_text(encoding="utf-8")
    (site / "pagefind-bench").mkdir(exist_ok=True)
    (site / "pagefind-bench" / "index.html").write_text(
        page.replace("</head>", PAGEFIND_HEAD + "</head>", 1).replace("<h1", PAGEFIND_BOX + "<h1", 1), encoding="utf-8"
    )
    (site / "assets" / "javascripts" / "instant-worker.js").write_text(INSTANT_WORKER, encoding="utf-8")
    (site / "instant-bench").mkdir(exist_ok=True)
    (site / "instant-bench" / "index.html").write_text(
        page.replace("assets/javascripts/search-worker.js", "assets/javascripts/instant-worker.js"), encoding="utf-8"
    )
    return seconds


# In the page: when the last key went down, when the worker answered the whole query (Material's
# worker protocol: QUERY = 2, RESULT = 3; an answer to an earlier, partial query does not count),
# and when a result showing the query's last word was first on screen after both.
WATCH = """([selector, query, box, viaWorker]) => {
  const word = query.split(" ").pop();
  const b = window.__bench = { lastKey: 0, sent: 0, answered: 0, first: 0, worker: false };
  const Native = window.Worker;
  window.Worker = function (url, options) {
    const worker = new Native(url, options);
    b.worker = viaWorker;
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (m) => {
      if (m && m.type === 2) { b.sent = m.data.toLowerCase() === query ? performance.now() : 0; b.answered = 0; }
      return post(m);
    };
    worker.addEventListener("message", (e) => { if (e.data && e.data.type === 3 && b.sent && !b.answered) b.answered = performance.now(); });
    return worker;
  };
  document.addEventListener("keydown", () => { b.lastKey = performance.now(); b.first = 0; }, true);
  new MutationObserver(() => {
    const input = document.querySelector(box);
    if (b.first || !b.lastKey || !input || input.value.toLowerCase() !== query) return;
    if (b.worker && !b.answered) return;
    for (const el of document.querySelectorAll(selector))
      if (el.textContent.toLowerCase().includes(word)) { b.first = performance.now(); return; }
  }).observe(document, { childList: true, subtree: true, characterData: true });
}"""


def heap_bytes(context, page, collect: bool = False) -> float:  # type: ignore[no-untyped-def]
    """JS heap in use by the page and every worker it started (CDP, through the page's session);
    with `collect`, after a garbage collection in the page (what it holds, not what it left)."""
    session = context.new_cdp_session(page)
    if collect:
        session.send("HeapProfiler.collectGarbage")
    total = session.send("Runtime.getHeapUsage")["usedSize"]
    replies: dict[int, dict] = {}
    attached: list[str] = []
    session.on(
        "Target.attachedToTarget",
        lambda e: attached.append(e["sessionId"]) if e["targetInfo"]["type"] == "worker" else None,
    )
    session.on(
        "Target.receivedMessageFromTarget",
        lambda e: replies.__setitem__(json.loads(e["message"]).get("id", -1), json.loads(e["message"])),
    )
    session.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": False, "flatten": False})
    deadline = time.perf_counter() + 2
    while time.perf_counter() < deadline and not attached:
        page.wait_for_timeout(50)
    for n, sid in enumerate(attached, 1):
        message = json.dumps({"id": n, "method": "Runtime.getHeapUsage"})
        session.send("Target.sendMessageToTarget", {"sessionId": sid, "message": message})
        deadline = time.perf_counter() + 2
        while time.perf_counter() < deadline and n not in replies:
            page.wait_for_timeout(20)
        total += replies.get(n, {}).get("result", {}).get("usedSize", 0)
    session.detach()
    return total


def measure(browser, base: str, engine: Engine, log: Log) -> dict[str, float]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    arguments = json.dumps([engine.result, QUERY, engine.box, engine.box == ".md-search__input"])
    page.add_init_script(f"({WATCH})({arguments})")
    start = time.perf_counter()
    page.goto(base + engine.url, wait_until="load")
    page.locator(engine.box).first.click()
    typing = time.perf_counter()
    page.locator(engine.box).first.press_sequentially(QUERY, delay=10)
    page.wait_for_function("window.__bench.first > 0", timeout=120_000, polling=20)
    found = time.perf_counter()
    timing = page.evaluate("window.__bench")
    heap = heap_bytes(context, page)
    context.close()
    if VERBOSE:
        with log.lock:
            files = [(path, n) for t, path, n in log.sent if start <= t <= found and engine.search_file(path)]
        print(f"  {engine.name}: " + ", ".join(f"{path} {n / 1e3:.1f}" for path, n in files), flush=True)
    return {
        "wait (ms)": timing["first"] - timing["lastKey"],
        "from navigation (ms)": timing["first"],
        "search KB before result": engine_bytes(log, start, found, engine) / 1e3,
        "search KB before typing": engine_bytes(log, start, typing, engine) / 1e3,
        "heap page+worker (MiB)": heap / 2**20,
    }


def engine_bytes(log: Log, start: float, end: float, engine: Engine) -> int:
    return log.bytes_between(start, end, engine.search_file)


# --- the explorer -------------------------------------------------------------------------------

EXPLORER_FILTERED = "explorer/?theme=workforce&status=agreed"
EXPLORER_TYPED = "explorer/"

# In the page: when the explorer said it was ready, when the last key went down, and when the
# results for the whole query were on screen (explorer.js sets data-ready-query after drawing them).
EXPLORER_WATCH = """(query) => {
  const b = window.__bench = { ready: 0, lastKey: 0, answered: 0 };
  document.addEventListener("keydown", () => { b.lastKey = performance.now(); b.answered = 0; }, true);
  new MutationObserver(() => {
    const form = document.getElementById("explorer-form");
    if (!form) return;
    if (!b.ready && form.hasAttribute("data-ready")) b.ready = performance.now();
    if (query && b.lastKey && !b.answered && form.getAttribute("data-ready-query") === query
        && document.querySelector("#explorer-results li")) b.answered = performance.now();
  }).observe(document, { childList: true, subtree: true, attributes: true });
}"""

EXPLORER_KINDS: list[tuple[str, Callable[[str], bool]]] = [
    ("explorer data", lambda p: p.startswith("/data/")),
    ("search index", lambda p: p.startswith("/search/")),
    ("scripts", lambda p: bool(re.search(r"/(explorer|search-core|search-worker|search-page|lunr)\.js$", p))),
]


def explorer_kind(path: str) -> str:
    return next((kind for kind, wanted in EXPLORER_KINDS if wanted(path)), "page")


def measure_explorer(browser, base: str, query: str | None, log: Log) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """One cold visit to the explorer: a filtered view (`query` None) or `query` typed in its words box."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(f"({EXPLORER_WATCH})({json.dumps(query or '')})")
    start = time.perf_counter()
    page.goto(base + (EXPLORER_TYPED if query else EXPLORER_FILTERED), wait_until="load")
    page.wait_for_function("window.__bench.ready > 0", timeout=300_000, polling=20)
    if query:
        page.locator("#f-q").press_sequentially(query, delay=10)
        page.wait_for_function("window.__bench.answered > 0", timeout=300_000, polling=20)
    done = time.perf_counter()
    timing = page.evaluate("window.__bench")
    heap = heap_bytes(context, page, collect=True)
    context.close()
    with log.lock:
        files = [(path, n) for t, path, n in log.sent if start <= t <= done]
    if VERBOSE:
        print(f"  explorer {query or 'filtered'}: " + ", ".join(f"{p} {n / 1e3:.1f}" for p, n in files), flush=True)
    by_kind = {kind: 0 for kind in ("page", "scripts", "explorer data", "search index")}
    for path, n in files:
        by_kind[explorer_kind(path)] += n
    figures = {
        "ready from navigation (ms)": timing["ready"],
        "wait after the last key (ms)": timing["answered"] - timing["lastKey"] if query else 0.0,
        "from navigation (ms)": timing["answered"] if query else timing["ready"],
    }
    figures.update({f"{kind} KB": n / 1e3 for kind, n in by_kind.items()})
    figures["all KB on the wire"] = sum(by_kind.values()) / 1e3
    figures["heap page+worker (MiB)"] = heap / 2**20
    return figures


# --- the browser: one server, one browser, header search then explorer --------------------------

Figures = dict[str, dict[str, list[float]]]


def browser_figures(site: Path, runs: int) -> tuple[Figures, Figures]:
    """Header search (per engine) and explorer (per view): every figure of every run."""
    from playwright.sync_api import sync_playwright

    log = Log()
    server = gzip_server(site, log)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    search: Figures = {}
    explorer: Figures = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
            for _ in range(runs):
                for engine in engines():
                    for name, value in measure(browser, base, engine, log).items():
                        search.setdefault(engine.name, {}).setdefault(name, []).append(value)
            for _ in range(runs):
                for view, query in (("filtered", None), ("typed", QUERY)):
                    for name, value in measure_explorer(browser, base, query, log).items():
                        explorer.setdefault(view, {}).setdefault(name, []).append(value)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return search, explorer


# --- tables ---------------------------------------------------------------------------------------


def markdown(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + ["| " + " | ".join(r) + " |" for r in rows]


def cell(values: list[float], digits: int = 0) -> str:
    """Median (range) of the runs."""
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def verdict(value: float, limit: float) -> str:
    return "met" if value <= limit else "MISSED"


def search_targets(size: int, pagefind: dict[str, float]) -> dict[str, tuple[str, float]]:
    """The header search's targets (issue #10): wait and search bytes no more than Pagefind's, at most
    20 KB of search files before typing, heap at most 48 MiB (64 MiB at 2,000 plans)."""
    return {
        "wait (ms)": ("≤ Pagefind's", pagefind["wait (ms)"]),
        "search KB before result": ("≤ Pagefind's", pagefind["search KB before result"]),
        "search KB before typing": ("≤ 20", 20),
        "heap page+worker (MiB)": (f"≤ {48 if size <= 500 else 64}", 48 if size <= 500 else 64),
    }


def search_table(size: int, figures: Figures) -> list[str]:
    header = [
        f"header search, {size} plans (median of {len(figures['ours']['wait (ms)'])}, range)",
        "ours",
        "Pagefind",
        "ours / Pagefind",
        "instant worker",
        "target",
        "met?",
    ]
    medians = {e: {name: statistics.median(v) for name, v in figures[e].items()} for e in figures}
    targets = search_targets(size, medians["Pagefind"])
    rows = []
    for name in figures["ours"]:
        ours, pf, instant = (medians[e][name] for e in ("ours", "Pagefind", "instant worker"))
        ratio = f"{ours / pf:.2f}" if pf else "—"
        target, limit = targets.get(name, ("", 0.0))
        met = verdict(ours, limit) if target else ""
        rows.append(
            [name, cell(figures["ours"][name]), cell(figures["Pagefind"][name]), ratio, f"{instant:.0f}", target, met]
        )
    return markdown(header, rows)


def explorer_targets(size: int) -> dict[str, float]:
    """The explorer's budgets: 400 KB on the wire and 48 MiB of heap at 500 plans, 600 KB and 64 MiB at 2,000."""
    return {"all KB on the wire": 400 if size <= 500 else 600, "heap page+worker (MiB)": 48 if size <= 500 else 64}


def explorer_table(size: int, figures: Figures, pagefind_wait: float | None) -> list[str]:
    targets = explorer_targets(size)
    header = [
        f"explorer, {size} plans (median of {len(figures['typed']['wait after the last key (ms)'])}, range)",
        "filtered view",
        f'typed "{QUERY}"',
        "target",
        "typed / target",
        "met?",
    ]
    rows = []
    for name in figures["typed"]:
        filtered, typed = figures["filtered"][name], figures["typed"][name]
        digits = 1 if name.endswith("(MiB)") else 0
        first = "—" if name.startswith("wait") else cell(filtered, digits)
        target, ratio, met = "", "", ""
        if name in targets:
            limit = targets[name]
            worst = max(statistics.median(filtered), statistics.median(typed))
            target, ratio, met = f"≤ {limit:.0f}", f"{statistics.median(typed) / limit:.2f}", verdict(worst, limit)
        elif name.startswith("wait") and pagefind_wait:
            limit = 1.2 * pagefind_wait
            median = statistics.median(typed)
            target = f"≤ 1.2 × Pagefind's header-search wait ({pagefind_wait:.0f}) = {limit:.0f}"
            ratio, met = f"{median / limit:.2f} (× Pagefind {median / pagefind_wait:.2f})", verdict(median, limit)
        rows.append([name, first, cell(typed, digits), target, ratio, met])
    return markdown(header, rows)


# --- build and sizes ------------------------------------------------------------------------------


def synthetic_archive(count: int) -> list[Plan]:
    """The plans of `synthetic_sources(count, …)`, parsed and gathered as the build does (for profiling
    a stage on its own)."""
    with tempfile.TemporaryDirectory() as tmp:
        synthetic_sources(count, Path(tmp))
        return parse_sources(Path(tmp)).plans


def build_in_child(source: Path, content: Path, site: Path, cache: Path) -> dict:
    """One `site.run` (what `make site` does) in a fresh process: its report's timings and counts, and
    the peak memory of the process and of its parse pool's workers."""
    done = subprocess.run(
        [sys.executable, __file__, "--one-build", str(source), str(content), str(site), str(cache)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def one_build(source: Path, content: Path, site: Path, cache: Path) -> None:
    from probation_archive.site import run

    report = run(source, content, site, strict=False, cache_dir=cache)
    if report.failures:
        raise SystemExit("\n".join(report.failures[:10]))
    figures = {
        "seconds": report.seconds,
        "timings": report.timings,
        "plans": len(report.plans),
        "parsed": report.parsed,
        "written": report.content_written,
        "content skipped": report.content_up_to_date,
        "site skipped": report.site_up_to_date,
        "peak MiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak MiB of a worker": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    print(json.dumps(figures))


def content_seconds(build: dict) -> float:
    """Generating and writing content/: what the build adds to MkDocs' own work (parsing excluded)."""
    return build["timings"].get("content/ generated and written", 0.0)


def met(value: float, limit: float, bound: str) -> str:
    return "met" if value <= limit else f"MISSED (bound by {bound})"


def largest_stage(build: dict) -> str:
    stage, seconds = max(build["timings"].items(), key=lambda kv: kv[1])
    return f"{stage}, {seconds:.1f} s"


def build_table(size: int, cold: dict, warm: dict, added: dict, pagefind: float, page: tuple[str, int]) -> list[str]:
    """Every build figure of issue #21 beside its target, and "met" or what bounds it."""
    rows = []
    for stage in cold["timings"]:
        rows.append([f"cold: {stage} (s)", f"{cold['timings'][stage]:.1f}", "", ""])
    total, mkdocs = cold["seconds"], cold["timings"].get("mkdocs build", 0.0)
    rows.append(
        [
            f"cold build, whole (s; {cold['parsed']} sources parsed)",
            f"{total:.1f}",
            "≤ 120 at 2,000 plans" if size >= 2000 else "printed (≤ 120 is at 2,000 plans)",
            met(total, 120, largest_stage(cold)) if size >= 2000 else "",
        ]
    )
    content = content_seconds(cold)
    rows.append(
        [
            "cold: content/ generated and written ÷ MkDocs' own build",
            f"{content:.1f} / {mkdocs:.1f} = {content / mkdocs:.2f}",
            "≤ 1",
            met(content, mkdocs, "content generation"),
        ]
    )
    search = cold["timings"].get("search index", 0.0)
    rows.append(
        [
            "cold: search index ÷ Pagefind indexing the same site",
            f"{search:.1f} / {pagefind:.1f} = {search / pagefind:.2f}",
            "≤ 2",
            met(search, 2 * pagefind, "the search index"),
        ]
    )
    share = warm["seconds"] / total
    skipped = [name for name in ("content", "site") if warm[f"{name} skipped"]]
    rows.append(
        [
            f"no-change rebuild (s; {warm['parsed']} parsed, {' and '.join(skipped) or 'nothing'} skipped) ÷ cold",
            f"{warm['seconds']:.2f} ({share:.1%})",
            "≤ 3 %",
            met(share, 0.03, largest_stage(warm)),
        ]
    )
    for stage, seconds in warm["timings"].items():
        rows.append([f"no change: {stage} (s)", f"{seconds:.2f}", "", ""])
    added_mkdocs = added["timings"].get("mkdocs build", 0.0)
    rows.append(
        [
            f"add one plan: sources parsed; content/ files written (of {cold['written']})",
            f"{added['parsed']}; {added['written']}",
            "1 parsed",
            met(added["parsed"], 1, "the parse cache"),
        ]
    )
    rows.append(
        [
            "add one plan: whole build (s) ÷ MkDocs' own + 20 s",
            f"{added['seconds']:.1f} / {added_mkdocs + 20:.1f}",
            "≤ 1",
            met(added["seconds"], added_mkdocs + 20, f"content generation, {content_seconds(added):.1f} s"),
        ]
    )
    rows.append(
        [
            "add one plan: whole build ÷ cold",
            f"{added['seconds'] / total:.0%}",
            "≤ 60 %",
            met(added["seconds"], 0.6 * total, largest_stage(added)),
        ]
    )
    for stage, seconds in added["timings"].items():
        rows.append([f"add one: {stage} (s)", f"{seconds:.2f}", "", ""])
    peak = max(cold["peak MiB"], cold["peak MiB of a worker"])
    rows.append(
        [
            "peak memory of the cold build (MiB; largest process: the build or one parse worker)",
            f"{peak:.0f}",
            "≤ 1,024 at 2,000 plans",
            met(peak, 1024, "the build process" if cold["peak MiB"] >= peak else "a parse worker"),
        ]
    )
    rows.append(
        [f"largest page of site/ ({page[0]})", f"{page[1] / 1e3:.0f} KB", "≤ 200 KB", met(page[1], 200_000, page[0])]
    )
    return markdown([f"build, {size} plans", "figure", "target", "met?"], rows)


def largest_page(site: Path) -> tuple[str, int]:
    """The largest HTML page of the site (Pagefind's and the bench's own pages left out)."""
    pages = [p for p in site.rglob("*.html") if not {"pagefind", "pagefind-bench", "instant-bench"} & set(p.parts)]
    page = max(pages, key=lambda p: (p.stat().st_size, p.as_posix()))
    return page.relative_to(site).as_posix(), page.stat().st_size


def folder_bytes(folder: Path, skip: str = "") -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and skip not in p.parts)


def size_table(size: int, site: Path) -> list[str]:
    """Sizes against their targets: pages of HTML ≤ 200 KB; site/ ≤ 300 MB at 2,000 plans."""
    rows = []
    kinds = (("plans", "plan"), ("themes", "theme"), ("providers", "provider"), ("recurring", "Recurring"))
    for folder, what in kinds:  # a Recurring page: recurring/, recurring/page-N/, recurring/groups/N/
        found = (site / folder).glob("**/index.html" if folder == "recurring" else "*/index.html")
        pages = sorted(found, key=lambda p: (p.stat().st_size, p.as_posix()))
        largest = pages[-1].stat().st_size / 1e3
        median = pages[len(pages) // 2].stat().st_size / 1e3
        name = (
            pages[-1].parent.relative_to(site / folder).as_posix() if folder == "recurring" else pages[-1].parent.name
        )
        rows.append(
            [
                f"largest {what} page HTML ({len(pages)} pages, median {median:.0f} KB; {name})",
                f"{largest:.0f} KB",
                "≤ 200 KB",
                f"{largest / 200:.2f}",
                verdict(largest, 200),
            ]
        )
    site_mb = folder_bytes(site, skip="pagefind") / 1e6
    site_files = sum(1 for p in site.rglob("*") if p.is_file())
    rows.append(
        [
            f"site/ ({site_files} files)",
            f"{site_mb:.0f} MB",
            "≤ 300 MB (at 2,000 plans)",
            f"{site_mb / 300:.2f}",
            verdict(site_mb, 300),
        ]
    )
    rows.append(["data/ (open data, facets, fragments)", f"{folder_bytes(site / 'data') / 1e6:.0f} MB", "", "", ""])
    tops: dict[str, int] = {}
    for p in site.rglob("*"):
        if p.is_file():
            parts = p.relative_to(site).parts
            tops[parts[0] if len(parts) > 1 else "(root)"] = (
                tops.get(parts[0] if len(parts) > 1 else "(root)", 0) + p.stat().st_size
            )
    biggest = sorted(tops.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
    rows.append(["site/ by folder", ", ".join(f"{k} {v / 1e6:.0f} MB" for k, v in biggest), "", "", ""])
    facets = site / "data" / "explorer-facets.json"
    rows.append(
        [
            "data/explorer-facets.json",
            f"{facets.stat().st_size / 1e3:.0f} KB ({gzip_size(facets.read_text(encoding='utf-8')) / 1e3:.0f} KB gzipped)",
            "",
            "",
            "",
        ]
    )
    version = json.loads((site / "search" / "manifest.json").read_text(encoding="utf-8"))["version"]
    shards = sorted((site / "search" / version / "shards").glob("*.json"))
    gz = [gzip_size(p.read_text(encoding="utf-8")) for p in shards]
    fragments = sorted((site / "search" / version / "fragments").glob("*.json"))
    frag_gz = [gzip_size(p.read_text(encoding="utf-8")) for p in fragments]
    rows.append(
        [
            "search index: shards (gzipped)",
            f"{len(shards)}, median {statistics.median(gz) / 1e3:.1f} KB, largest {max(gz) / 1e3:.1f} KB",
            "",
            "",
            "",
        ]
    )
    rows.append(
        [
            "search index: fragments (gzipped)",
            f"{len(fragments)}, median {statistics.median(frag_gz) / 1e3:.1f} KB, largest {max(frag_gz) / 1e3:.1f} KB",
            "",
            "",
            "",
        ]
    )
    lists = sorted((site / "search" / version / "words").glob("*.json"))
    list_gz = {int(p.stem): gzip_size(p.read_text(encoding="utf-8")) for p in lists}
    rows.append(
        [
            "search index: words to suggest (gzipped; a typo of 12 letters loads 10–14)",
            f"{len(lists)} files, {sum(list_gz.values()) / 1e3:.0f} KB in all, "
            f"10–14 letters {sum(v for k, v in list_gz.items() if 10 <= k <= 14) / 1e3:.0f} KB",
            "",
            "",
            "",
        ]
    )
    material = site / "search" / "search_index.json"
    rows.append(
        ["search/search_index.json (Material's, configuration only)", f"{material.stat().st_size} bytes", "", "", ""]
    )
    plan_page = sorted((site / "plans").glob("*/index.html"), key=lambda p: (p.stat().st_size, p.as_posix()))[-1]
    links = plan_page.read_text(encoding="utf-8").count('href="../../plans/')
    rows.append(["links to other plans on the largest plan page (the nav must not list them)", str(links), "", "", ""])
    return markdown([f"sizes, {size} plans", "figure", "target", "figure / target", "met?"], rows)


def run_size(count: int, runs: int, browser: bool) -> None:
    def say(lines: list[str]) -> None:
        print("\n".join(lines) + "\n", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        source, content, site, cache = (Path(tmp) / name for name in ("sources", "content", "site", "cache"))
        *_, extra = synthetic_sources(count + 1, source)
        added = extra.rename(Path(tmp) / extra.name)  # the plan added in the third build
        cold = build_in_child(source, content, site, cache)
        warm = build_in_child(source, content, site, cache)
        say(
            [
                f"## {count} plans ({cold['plans']} published), load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
            ]
        )
        page = largest_page(site)
        say(size_table(count, site))
        pagefind = prepare_engines(site)
        say([f"pagefind indexing: {pagefind:.1f} s"])
        if browser:
            search, explorer = browser_figures(site, runs)
            say(search_table(count, search))
            say(explorer_table(count, explorer, statistics.median(search["Pagefind"]["wait (ms)"])))
        added.rename(source / added.name)
        plus_one = build_in_child(source, content, site, cache)
        say(build_table(count, cold, warm, plus_one, pagefind, page))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="list the files each run fetched (KB)")
    parser.add_argument("--one-build", nargs=4, type=Path, help=argparse.SUPPRESS)  # source content site cache
    args = parser.parse_args()
    if args.one_build:
        one_build(*args.one_build)
        return
    global VERBOSE
    VERBOSE = args.verbose
    for count in args.plans:
        run_size(count, args.runs, not args.no_browser)


if __name__ == "__main__":
    main()
