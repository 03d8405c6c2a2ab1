"""The build, top to bottom: find the sources, parse them (`pipeline`), gather the archive
(`gather`), write `content/`, run MkDocs.

Each source is parsed on its own; a bad one is reported as `path: reason` and the rest
of the archive still builds. `content/` and `site/` are written into a temporary folder
and swapped in only when complete, so a failed build never leaves half of either.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
import time
from pathlib import Path

from .about import render_about, render_accessibility, render_glossary
from .data_page import DATA_PAGE_PATH, render_data_page
from .explorer import LUNR_JS, explorer_json, lunr_js_source, render_explorer_page
from .export import archive_version, provider_files
from .feed import FEED_PATH, atom_feed
from .gather import Report, gather
from .model import Plan
from .pages import (
    Archive,
    render_areas_index,
    render_home,
    render_provider_page,
    render_providers_index,
    render_theme_page,
    render_themes_index,
)
from .pipeline import parse_all
from .render import render_plan_page
from .search_index import search_files, site_pages
from .themes import Theme, load_themes

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
PARALLEL_FROM = 8  # sources; fewer are parsed in this process


def source_paths(source_dir: Path) -> list[Path]:
    """Every file in the source folder, sorted (hidden files and README skipped)."""
    return sorted(
        p for p in source_dir.iterdir() if p.is_file() and not p.name.startswith(".") and p.stem.lower() != "readme"
    )


def parse_sources(source_dir: Path, cache_dir: Path | None = None, workers: int | None = None) -> Report:
    """Read and parse every source (from the cache where unchanged), each on its own: a bad file
    becomes one failure line and the others go on."""
    paths = source_paths(source_dir)
    if workers is None and len(paths) < PARALLEL_FROM:
        workers = 1  # a process pool costs more than it saves on a handful of files
    return gather(parse_all(paths, cache_dir, workers), load_themes())


def content_files(plans: list[Plan], themes: tuple[Theme, ...], site_url: str = "") -> dict[str, str]:
    """Every generated text file of `content/`, by relative path."""
    archive = Archive(tuple(plans), themes)
    titles = {t.slug: t.title for t in themes}
    files = {
        "index.md": render_home(archive),
        "providers/index.md": render_providers_index(archive),
        "areas/index.md": render_areas_index(archive),
        "themes/index.md": render_themes_index(archive),
        "explorer.md": render_explorer_page(archive),
        "about.md": render_about(archive),
        "glossary.md": render_glossary(archive),
        "accessibility.md": render_accessibility(),
        "data/explorer.json": explorer_json(archive),
        LUNR_JS: lunr_js_source().read_text(encoding="utf-8"),
    }
    version = archive_version(plans)
    files.update(provider_files(plans))  # data/plans.json, the CSVs, the schema, and per provider
    files[FEED_PATH] = atom_feed(plans, site_url, version)
    files[DATA_PAGE_PATH] = render_data_page(plans, version)
    for slug in archive.providers():
        files[f"providers/{slug}.md"] = render_provider_page(archive, slug)
    for theme in themes:
        files[f"themes/{theme.slug}.md"] = render_theme_page(archive, theme)
    for plan in plans:
        files[f"plans/{plan.slug}.md"] = render_plan_page(plan, titles, site_url)
    files.update(search_files(plans, site_pages(files)))  # search/: the sharded index, result fragments
    return files


def write_tree(files: dict[str, str | bytes], target: Path) -> None:
    """Write files into a fresh temporary folder beside `target`, then swap it in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for rel, text in sorted(files.items()):
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8", newline="\n")
        swap_in(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def swap_in(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def build_site(content_dir: Path, site_dir: Path, strict: bool, build_epoch: str = "0") -> None:
    """Run MkDocs on `content_dir` into a temporary folder, then swap it in as `site_dir`."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["SOURCE_DATE_EPOCH"] = build_epoch
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    try:
        config = load_config(str(MKDOCS_CONFIG), docs_dir=str(content_dir.resolve()), site_dir=str(tmp), strict=strict)
        build(config)
        swap_in(tmp, site_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def source_date_epoch(plans: list[Plan]) -> str:
    """A build date taken from the sources, not the clock, so the sitemap is reproducible:
    the newest plan's submission date, as seconds (MkDocs reads SOURCE_DATE_EPOCH).

    >>> source_date_epoch([])
    '0'
    """
    newest = max(
        ((p.submitted or "") + "-01-01"[len(p.submitted or "") - 4 :] for p in plans if p.submitted), default=""
    )
    if not newest:
        return "0"
    day = datetime.date.fromisoformat(newest[:10])
    return str(int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp()))


def configured_site_url() -> str:
    """The site's public address, from the SITE_URL environment variable (as in mkdocs.yml)."""
    url = os.environ.get("SITE_URL", "").strip()
    return url if not url or url.endswith("/") else url + "/"


def run(
    source_dir: Path, content_dir: Path, site_dir: Path | None, strict: bool, cache_dir: Path | None = None
) -> Report:
    """The whole build. Returns the report; the caller prints it and exits with its code."""
    started = time.perf_counter()
    if not source_dir.is_dir():
        report = Report(failures=[f"{source_dir}: source folder does not exist"])
        return report
    report = parse_sources(source_dir, cache_dir)
    files: dict[str, str | bytes] = dict(content_files(report.plans, load_themes(), configured_site_url()))
    for plan in report.plans:  # the original documents, published beside their pages
        files[f"sources/{plan.source}"] = (source_dir / plan.source).read_bytes()
    write_tree(files, content_dir)
    if site_dir is not None:
        try:
            build_site(content_dir, site_dir, strict, source_date_epoch(report.plans))
        except Exception as error:  # MkDocs aborts with its own exception types
            report.failures.append(f"mkdocs: site build failed: {error}")
    report.seconds = time.perf_counter() - started
    return report
