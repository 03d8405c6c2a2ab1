"""Benchmark the site at the archive's expected size (500 plans) and its stress case (2,000).

Prints figures; asserts nothing (targets are checked by reading them, not by a timed test).
For each size: build times and sizes, then in Debian's chromium (fresh context per run, cold
cache, files served gzipped by a local static server) the header search against Pagefind
(`pagefind-bin`, installed by `make bench` from requirements-bench.txt, indexing the same
built site) and against a worker that answers at once (where Material's UI itself stands):

  wait       from the last keystroke (typed ~10 ms apart) to the first result showing the last word
  from nav   from navigation start to that result
  bytes      search files on the wire before that result (index, shards, fragments, worker, lunr)
  before     search files on the wire before the first keystroke
  heap       JS heap of the page + its workers at that result (CDP Runtime.getHeapUsage)

    .venv/bin/python bench/bench_site.py [--plans 500 2000] [--runs 3] [--no-browser]
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import http.server
import json
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

from probation_archive.model import Action, Plan, Provider  # noqa: E402
from probation_archive.search_index import gzip_size  # noqa: E402
from probation_archive.site import build_site, content_files, parse_sources, write_tree  # noqa: E402
from probation_archive.themes import load_themes  # noqa: E402

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


def synthetic_archive(count: int) -> list[Plan]:
    """`count` plans made from the real ones: 100 providers, plans over several years, each holding
    one real plan's recommendations plus a few of another's, with 15% of their words varied."""
    real = parse_sources(ROOT / "source_plans").plans
    rng = random.Random(count)
    own = sorted({w for p in real for r in p.recommendations for w in r.text.split()}, key=lambda w: (len(w), w))
    extra = own + vocabulary(count * 40, rng)
    plans = []
    for n in range(count):
        base, other = real[n % len(real)], real[(n + 1) % len(real)]
        recs = list(base.recommendations) + list(other.recommendations[:3])
        recs = [
            dataclasses.replace(
                rec,
                number=i,
                text=vary(rec.text, rng, extra),
                actions=tuple(Action(vary(a.text, rng, extra), a.owner, a.target) for a in rec.actions),
            )
            for i, rec in enumerate(recs, 1)
        ]
        provider_no = n % 100
        kind = ("CRC", "NPS", "YOS")[provider_no % 3]
        provider = Provider(
            f"Provider {provider_no:03d} {kind}", f"P{provider_no:03d}", kind, f"provider-{provider_no:03d}"
        )
        submitted = f"{2015 + n // 100}-{(n % 12) + 1:02d}-15"
        plans.append(
            dataclasses.replace(
                base,
                source=f"plan-{n:04d}.txt",
                provider=provider,
                submitted=submitted,
                recommendations=tuple(recs),
                slug=f"{provider.slug}-{submitted[:7]}-{n:04d}",
            )
        )
    return plans


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
    ours = re.compile(r"^/search/|/search-(worker|core)\.js$|/lunr\.js$")
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


def heap_bytes(context, page) -> float:  # type: ignore[no-untyped-def]
    """JS heap in use by the page and every worker it started (CDP, through the page's session)."""
    session = context.new_cdp_session(page)
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


def browser_figures(site: Path, runs: int) -> dict[str, dict[str, list[float]]]:
    from playwright.sync_api import sync_playwright

    log = Log()
    server = gzip_server(site, log)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    figures: dict[str, dict[str, list[float]]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
            for _ in range(runs):
                for engine in engines():
                    for name, value in measure(browser, base, engine, log).items():
                        figures.setdefault(engine.name, {}).setdefault(name, []).append(value)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return figures


def table(size: int, figures: dict[str, dict[str, list[float]]]) -> list[str]:
    lines = [
        f"| {size} plans (median of {len(figures['ours']['wait (ms)'])}, range) | ours | Pagefind | ours / Pagefind | instant worker |",
        "|---|---|---|---|---|",
    ]

    def cell(values: list[float]) -> str:
        return f"{statistics.median(values):.0f} ({min(values):.0f}–{max(values):.0f})"

    for name in figures["ours"]:
        ours, pf, instant = (statistics.median(figures[e][name]) for e in ("ours", "Pagefind", "instant worker"))
        ratio = f"{ours / pf:.2f}" if pf else "—"
        lines.append(
            f"| {name} | {cell(figures['ours'][name])} | {cell(figures['Pagefind'][name])} | {ratio} | {instant:.0f} |"
        )
    return lines


def site_figures(site: Path) -> list[str]:
    shards = sorted((site / "search" / "shards").glob("*.json"))
    gz = [gzip_size(p.read_text(encoding="utf-8")) for p in shards]
    fragments = sorted((site / "search" / "fragments").glob("*.json"))
    frag_gz = [gzip_size(p.read_text(encoding="utf-8")) for p in fragments]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and "pagefind" not in p.parts)
    return [
        f"shards: {len(shards)}, gzipped median {statistics.median(gz) / 1e3:.1f} KB, largest {max(gz) / 1e3:.1f} KB; "
        f"fragments: {len(fragments)}, gzipped median {statistics.median(frag_gz) / 1e3:.1f} KB",
        f"search/search_index.json (Material's, configuration only): {(site / 'search' / 'search_index.json').stat().st_size} bytes",
        f"site/: {total / 1e6:.0f} MB",
    ]


def run_size(count: int, runs: int, browser: bool) -> list[str]:
    plans = synthetic_archive(count)
    recs = sum(len(p.recommendations) for p in plans)
    actions = sum(p.counts()["actions"] for p in plans)
    out: list[str] = []

    def say(line: str) -> None:
        out.append(line)
        print(line, flush=True)

    say(
        f"## {count} plans: {len({p.provider.slug for p in plans})} providers, {recs} recommendations, {actions} actions"
    )
    with tempfile.TemporaryDirectory() as tmp:
        content, site = Path(tmp) / "content", Path(tmp) / "site"
        start = time.perf_counter()
        files = content_files(plans, load_themes())
        write_tree(files, content)
        say(f"content/: {len(files)} files in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        build_site(content, site, strict=False)
        say(f"mkdocs build: {time.perf_counter() - start:.1f} s")
        say(f"peak memory so far: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")
        for line in site_figures(site):
            say(line)
        if browser:
            say(f"pagefind indexing: {prepare_engines(site):.1f} s")
            for line in table(count, browser_figures(site, runs)):
                say(line)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="list the search files each run fetched (KB)")
    args = parser.parse_args()
    global VERBOSE
    VERBOSE = args.verbose
    for count in args.plans:
        run_size(count, args.runs, not args.no_browser)


if __name__ == "__main__":
    main()
