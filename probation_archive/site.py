"""The build, top to bottom: find the sources, parse them (`pipeline`), gather the archive
(`gather`), write `content/`, run MkDocs.

Each source is parsed on its own; a bad one is reported as `path: reason` and the rest
of the archive still builds. `content/` and `site/` are written into a temporary folder
and swapped in only when complete, so a failed build never leaves half of either.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import hashlib
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from multiprocessing.connection import Connection
from pathlib import Path

from .archive import Archive
from .gather import Report, gather_sources
from .model import Plan
from .pages.about import render_about, render_accessibility
from .pages.data import DATA_PAGE_PATH, render_data_page, robots_txt
from .pages.explorer import FACETS_PATH, LUNR_JS, explorer_facets_json, lunr_js_source, render_explorer_page
from .pages.glossary import render_glossary
from .pages.hubs import (
    render_areas_index,
    render_home,
    render_provider_page,
    render_providers_index,
    render_theme_page,
    render_themes_index,
)
from .pages.overdue import DATA_PATH as OVERDUE_DATA_PATH
from .pages.overdue import overdue_json, owners_files, render_overdue_page
from .pages.plan import render_plan_page
from .pages.recurring import render_recurring_pages
from .present.urls import FEED_PATH, configured_site_url, source_copy_path
from .publish.feed import atom_feed
from .publish.open_data import archive_version, generate_provider_files
from .publish.search_index import SearchPage, finish_search_files, index_plans, search_files, site_pages
from .recurrence import Recurrence, cached_recurrence, find_recurrence
from .sources import SOURCES_FILE, parse_sources_file, with_origins
from .themes import Theme, load_themes, theme_titles
from .versions import Versions, find_versions

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
PARALLEL_FROM = 8  # sources; fewer are parsed in this process
SEARCH_PARALLEL_FROM = 100  # plans; on fewer the search index is built in this process
THEME_DIR = ROOT / "theme_overrides"
BUILD_STAMP = ".build-stamp"  # in site/: the hash of everything MkDocs read to build it
CONTENT_STAMP = ".content-stamp"  # in content/: the hash of everything content/ was generated from
PACKAGE_DIR = Path(__file__).resolve().parent


def source_paths(source_dir: Path) -> list[Path]:
    """Every file in the source folder, sorted (hidden files, README and the sources file skipped)."""
    return sorted(
        p
        for p in source_dir.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.stem.lower() != "readme" and p.name != SOURCES_FILE
    )


def read_origins(source_dir: Path, plans: list[Plan], report: Report) -> list[Plan]:
    """Each plan with where it came from, from the sources file if there is one (its problems are warnings)."""
    path = source_dir / SOURCES_FILE
    if not path.is_file():
        return with_origins(plans, {})
    found = parse_sources_file(path.read_text(encoding="utf-8"), [p.name for p in source_paths(source_dir)])
    report.warnings += found.warnings
    return with_origins(plans, found.records)


def parse_sources(source_dir: Path, cache_dir: Path | None = None, workers: int | None = None) -> Report:
    """Read and parse every source (from the cache where unchanged), each on its own: a bad file
    becomes one failure line and the others go on."""
    paths = source_paths(source_dir)
    if workers is None and len(paths) < PARALLEL_FROM:
        workers = 1  # a process pool costs more than it saves on a handful of files
    report = gather_sources(paths, cache_dir, workers)  # a rebuild with nothing changed reads one file
    report.plans = read_origins(source_dir, report.plans, report)
    return report


def content_files(
    plans: list[Plan], themes: tuple[Theme, ...], site_url: str = "", recurrence: Recurrence | None = None
) -> dict[str, str]:
    """Every generated text file of `content/`, by relative path (all in memory: for tests; the build
    streams them with `generate_content`); `recurrence` is computed when not given."""
    return dict(generate_content(plans, themes, site_url, recurrence))


def generate_content(
    plans: list[Plan],
    themes: tuple[Theme, ...],
    site_url: str = "",
    recurrence: Recurrence | None = None,
    timings: dict[str, float] | None = None,
    versions: Versions | None = None,
    workers: int | None = None,
) -> Iterator[tuple[str, str]]:
    """Every generated text file of `content/` as (relative path, text), one at a time, so that the
    build writes each page as it is made and never holds them all. `timings` gets the search index's
    seconds. `recurrence` is computed when not given (versions of one plan are never related), and
    `versions` (the build finds them once, for recurrence and the pages) too. The search index is built
    in a second process while this one renders the plan pages, when there are `workers` (None: two on
    an archive of `SEARCH_PARALLEL_FROM` plans or more): the same files."""
    versions = find_versions(plans) if versions is None else versions
    if recurrence is None:
        recurrence = find_recurrence(plans, lambda p: versions.family_id(p.slug))
    if workers is None:
        workers = 2 if len(plans) >= SEARCH_PARALLEL_FROM and (os.cpu_count() or 1) > 1 else 1
    search = start_search_index(plans, workers)
    archive = Archive(tuple(plans), themes, recurrence=recurrence, versions=versions)
    pages = dict(searched_pages(archive))  # the pages besides plans, kept for the search index
    yield from pages.items()
    yield FACETS_PATH, explorer_facets_json(archive)
    yield OVERDUE_DATA_PATH, overdue_json(archive)
    yield from owners_files(archive)
    yield LUNR_JS, lunr_js_source().read_text(encoding="utf-8")
    version = archive_version(plans)
    sizes = {}  # of the downloads the Data page lists
    # data/plans.json, the CSVs, the schema; per provider, its recommendations; the feed
    downloads = generate_provider_files(plans, site_url, archive.recurrence, versions, version)
    for path, text in chain(downloads, [(FEED_PATH, atom_feed(plans, site_url, version))]):
        sizes[path] = len(text.encode("utf-8"))
        yield path, text
    pages[DATA_PAGE_PATH] = render_data_page(plans, version, sizes, site_url)
    yield DATA_PAGE_PATH, pages[DATA_PAGE_PATH]
    yield "robots.txt", robots_txt(site_url)
    titles = theme_titles(themes)
    search_done = search(site_pages(pages))  # the worker finishes the index while the plan pages are made
    for plan in plans:
        yield f"plans/{plan.slug}.md", render_plan_page(plan, titles, site_url, archive.recurrence, archive)
    files, seconds = search_done()
    yield from files.items()  # search/: the sharded index, result fragments
    if timings is not None:
        timings["search index"] = seconds


def searched_pages(archive: Archive) -> Iterator[tuple[str, str]]:
    """The pages besides plans (and the Data page, which waits for the downloads' sizes), by path:
    what the search index reads of the site besides the plans."""
    yield "index.md", render_home(archive)
    yield "providers/index.md", render_providers_index(archive)
    yield "areas/index.md", render_areas_index(archive)
    yield "themes/index.md", render_themes_index(archive)
    yield "explorer.md", render_explorer_page(archive)
    yield "overdue.md", render_overdue_page(archive)
    yield "about.md", render_about(archive)
    yield "glossary.md", render_glossary(archive)
    yield "accessibility.md", render_accessibility()
    for slug in archive.providers():
        yield f"providers/{slug}.md", render_provider_page(archive, slug)
    for theme in archive.themes:
        yield f"themes/{theme.slug}.md", render_theme_page(archive, theme)
    yield from render_recurring_pages(archive).items()


def timed_search_files(plans: list[Plan], pages: list[SearchPage]) -> tuple[dict[str, str], float]:
    """`search_files` and the seconds it took."""
    started = time.perf_counter()
    return search_files(plans, pages), time.perf_counter() - started


SearchResult = Callable[[], tuple[dict[str, str], float]]  # the search files and seconds, once ready
SearchJob = Callable[[list[SearchPage]], SearchResult]  # given the other pages


def start_search_index(plans: list[Plan], workers: int) -> SearchJob:
    """Start the search index of `plans`; the job returned, given the other pages, returns what waits
    for its files and seconds. With `workers` > 1 it runs in a second (fresh, `spawn`ed) process,
    which reads the plans while this one renders the pages: the same files either way."""
    if workers <= 1:
        return lambda pages: lambda: timed_search_files(plans, pages)
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    worker = context.Process(target=search_worker, args=(theirs,), daemon=True)
    worker.start()
    theirs.close()
    sending = threading.Thread(target=ours.send, args=(plans,))  # the pipe waits for the worker to start
    sending.start()

    def given(pages: list[SearchPage]) -> SearchResult:
        sending.join()
        ours.send(pages)
        return collect

    def collect() -> tuple[dict[str, str], float]:
        try:
            files, seconds, error = ours.recv()
        finally:
            ours.close()
            worker.join()
        if error:
            raise RuntimeError(f"search index failed in its worker process:\n{error}")
        return files, seconds

    return given


def search_worker(connection: Connection) -> None:
    """The search index's second process: the plans come first and are read at once, then the other
    pages; sends back the files, the seconds spent working and the error's traceback (or None)."""
    try:
        plans = connection.recv()
        started = time.perf_counter()
        part = index_plans(plans)
        seconds = time.perf_counter() - started
        pages = connection.recv()
        started = time.perf_counter()
        files = finish_search_files(plans, part, pages)
        connection.send((files, seconds + time.perf_counter() - started, None))
    except Exception:  # reported by the build, with this process's traceback
        with contextlib.suppress(OSError):  # the build has gone (it failed first): nobody to tell
            connection.send(({}, 0.0, traceback.format_exc()))
    finally:
        connection.close()


def write_tree(files: Iterable[tuple[str, str | bytes]], target: Path) -> int:
    """Write files into a fresh temporary folder beside `target`, then swap it in. A file whose bytes
    are those `target` already holds is linked from there, not written again (same file, same
    modification time). Returns the number of files written (changed or new)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    written = 0
    try:
        for rel, text in files:
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            if not _linked_if_unchanged(target / rel, data, path):
                path.write_bytes(data)
                written += 1
        swap_in(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return written


def _linked_if_unchanged(old: Path, data: bytes, new: Path) -> bool:
    """Link `old` as `new` if it holds exactly `data` (False if it does not, or cannot be linked)."""
    try:
        if old.stat().st_size != len(data) or old.read_bytes() != data:
            return False
        os.link(old, new)
    except OSError:
        return False
    return True


def swap_in(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def build_site(
    content_dir: Path, site_dir: Path, strict: bool, build_epoch: str = "0", render_cache: Path | None = None
) -> None:
    """Run MkDocs on `content_dir` into a temporary folder, then swap it in as `site_dir`. With a
    `render_cache` folder, pages whose Markdown is unchanged take their HTML from it (`mkdocs_hooks`)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from .mkdocs_hooks import RENDER_CACHE_ENV  # imports MkDocs, as the two above

    os.environ["SOURCE_DATE_EPOCH"] = build_epoch
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    before = os.environ.pop(RENDER_CACHE_ENV, None)  # this build's cache only, or none
    try:
        if render_cache is not None:
            os.environ[RENDER_CACHE_ENV] = str(render_cache.resolve())
        config = load_config(str(MKDOCS_CONFIG), docs_dir=str(content_dir.resolve()), site_dir=str(tmp), strict=strict)
        build(config)
        (tmp / BUILD_STAMP).write_text(build_input_hash(content_dir, strict, build_epoch) + "\n", encoding="utf-8")
        swap_in(tmp, site_dir)
    finally:
        os.environ.pop(RENDER_CACHE_ENV, None)
        if before is not None:
            os.environ[RENDER_CACHE_ENV] = before
        shutil.rmtree(tmp, ignore_errors=True)


def _tree_digest(digest: hashlib._Hash, folder: Path) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def build_input_hash(content_dir: Path, strict: bool, build_epoch: str) -> str:
    """A hash of everything a MkDocs build reads: content/, mkdocs.yml and its hooks, theme_overrides/, the
    MkDocs and Material versions, SITE_URL, the build date and strictness."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    settings = [version("mkdocs"), version("mkdocs-material"), configured_site_url(), build_epoch, str(strict)]
    digest.update("\0".join(settings).encode() + MKDOCS_CONFIG.read_bytes())
    digest.update((PACKAGE_DIR / "mkdocs_hooks.py").read_bytes())  # mkdocs.yml's hooks run inside the build
    _tree_digest(digest, THEME_DIR)
    # content/ is what its stamp says it was generated from (the build writes it last): hash the stamp,
    # not every byte of content/ again; a content/ without a stamp (not made by the build) is hashed whole
    stamp = content_dir / CONTENT_STAMP
    if stamp.is_file():
        digest.update(b"content stamp\0" + stamp.read_bytes())
    else:
        _tree_digest(digest, content_dir)
    return "sha256:" + digest.hexdigest()


def content_input_hash(plans: list[Plan], site_url: str) -> str:
    """A hash of everything content/ is generated from: the plans (each one's slug, source file, the
    source's sha256 and its origin from the sources file: the parse is a function of the source's bytes
    and the parser's code, the slugs and themes of the plans and this code), the site's address, and
    this package's code, data files and page templates. Cheap: a no-change rebuild computes it."""
    digest = hashlib.sha256()
    digest.update(site_url.encode())
    for plan in plans:
        digest.update(f"\0{plan.slug}\0{plan.source}\0{plan.source_sha256}\0{plan.origin!r}".encode())
    for path in sorted(p for p in PACKAGE_DIR.rglob("*") if p.suffix in (".py", ".yml", ".json", ".j2")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return "sha256:" + digest.hexdigest()


def content_is_up_to_date(content_dir: Path, stamp: str) -> bool:
    path = content_dir / CONTENT_STAMP
    return path.is_file() and path.read_text(encoding="utf-8").strip() == stamp


def site_is_up_to_date(content_dir: Path, site_dir: Path, strict: bool, build_epoch: str) -> bool:
    """True when site/ was built by MkDocs from exactly this input (its stamp says so)."""
    stamp = site_dir / BUILD_STAMP
    if not stamp.is_file():
        return False
    return stamp.read_text(encoding="utf-8").strip() == build_input_hash(content_dir, strict, build_epoch)


def write_content(
    report: Report,
    source_dir: Path,
    content_dir: Path,
    stamp: str,
    recurrence: Recurrence | None = None,
    versions: Versions | None = None,
) -> None:
    """Generate `content/` and write it as it is generated (`write_tree`), the sources beside it."""
    started = time.perf_counter()
    site_url = configured_site_url()
    files = generate_content(report.plans, load_themes(), site_url, recurrence, report.timings, versions)
    sources = ((source_copy_path(plan.source), (source_dir / plan.source).read_bytes()) for plan in report.plans)
    report.content_written = write_tree(chain(files, sources, [(CONTENT_STAMP, stamp + "\n")]), content_dir)
    report.timings["content/ generated and written"] = time.perf_counter() - started


def source_date_epoch(plans: list[Plan]) -> str:
    """A build date taken from the sources, not the clock, so the sitemap is reproducible:
    the newest plan's submission date, as seconds (MkDocs reads SOURCE_DATE_EPOCH).

    >>> source_date_epoch([])
    '0'
    """
    day = max((date.first_day for p in plans if (date := p.submitted_date)), default=None)
    if day is None:
        return "0"
    return str(int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp()))


def run(
    source_dir: Path, content_dir: Path, site_dir: Path | None, strict: bool, cache_dir: Path | None = None
) -> Report:
    """The whole build. Returns the report; the caller prints it and exits with its code."""
    started = time.perf_counter()
    if not source_dir.is_dir():
        report = Report(failures=[f"{source_dir}: source folder does not exist"])
        return report
    report = parse_sources(source_dir, cache_dir)
    stamp = content_input_hash(report.plans, configured_site_url())
    if content_is_up_to_date(content_dir, stamp):
        report.content_up_to_date = True
    else:
        recurrence_started = time.perf_counter()
        versions = find_versions(report.plans)
        recurrence = cached_recurrence(
            report.plans, cache_dir.parent / "recurrence" if cache_dir else None, lambda p: versions.family_id(p.slug)
        )
        report.timings["versions and recurrence"] = time.perf_counter() - recurrence_started
        write_content(report, source_dir, content_dir, stamp, recurrence, versions)
    epoch = source_date_epoch(report.plans)
    mkdocs_started = time.perf_counter()
    if site_dir is not None and site_is_up_to_date(content_dir, site_dir, strict, epoch):
        report.site_up_to_date = True
    elif site_dir is not None:
        try:
            build_site(content_dir, site_dir, strict, epoch, cache_dir.parent / "mkdocs" if cache_dir else None)
        except Exception as error:  # MkDocs aborts with its own exception types
            report.failures.append(f"mkdocs: site build failed: {error}")
        report.timings["mkdocs build"] = time.perf_counter() - mkdocs_started
    gc.unfreeze()  # what the caches' reads froze (`cache.collector_paused`) is the collector's again
    report.seconds = time.perf_counter() - started
    return report
