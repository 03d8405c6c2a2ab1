"""The build: read every source, parse it, write `content/`, run MkDocs. The only module with I/O.

Each source is parsed on its own; a bad one is reported as `path: reason` and the rest
of the archive still builds. `content/` and `site/` are written into a temporary folder
and swapped in only when complete, so a failed build never leaves half of either.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .about import render_about, render_accessibility, render_glossary
from .cache import parse_all
from .coverage import Coverage, check_coverage
from .data_page import DATA_PAGE_PATH, render_data_page
from .explorer import LUNR_JS, explorer_index, explorer_json, lunr_js_source, render_explorer_page
from .export import archive_version, provider_files
from .feed import FEED_PATH, atom_feed
from .model import Plan, Row, SourceError
from .pages import (
    Archive,
    render_home,
    render_provider_page,
    render_providers_index,
    render_theme_page,
    render_themes_index,
)
from .parse import parse_plan
from .read_pdf import read_pdf
from .read_text import read_text
from .render import render_plan_page
from .themes import Theme, load_themes

READERS: dict[str, Callable[[Path], list[Row]]] = {".txt": read_text, ".pdf": read_pdf}
ROOT = Path(__file__).resolve().parent.parent
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
PARALLEL_FROM = 8  # sources; fewer are parsed in this process
MAX_SOURCE_BYTES = 25 * 10**6  # published plans are well under 5 MB; bounds time and memory per file


@dataclass
class Report:
    """What a build did: the plans it published, the sources it could not, and warnings."""

    plans: list[Plan] = field(default_factory=list)
    coverage: dict[str, Coverage] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        recs = sum(len(p.recommendations) for p in self.plans)
        actions = sum(p.counts()["actions"] for p in self.plans)
        return (
            f"{len(self.plans)} plans, {recs} recommendations, {actions} actions, "
            f"{len(self.failures)} failed, {len(self.warnings)} warnings"
        )

    def exit_code(self, strict: bool) -> int:
        return 1 if self.failures or (strict and self.warnings) else 0


def source_paths(source_dir: Path) -> list[Path]:
    """Every file in the source folder, sorted (hidden files and README skipped)."""
    return sorted(
        p for p in source_dir.iterdir() if p.is_file() and not p.name.startswith(".") and p.stem.lower() != "readme"
    )


def read_plan(path: Path, themes: tuple[Theme, ...]) -> tuple[Plan, Coverage]:
    """Read and parse one source file, and check that no word of its table was lost.

    Raises `SourceError` with a one-line reason."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise SourceError(
            path.name, f"unsupported file type {path.suffix or '(none)'!r}; expected one of {sorted(READERS)}"
        )
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        raise SourceError(
            path.name, f"too large to be an action plan: {size / 1e6:.1f} MB (limit {MAX_SOURCE_BYTES // 10**6} MB)"
        )
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    rows = reader(path)
    plan = parse_plan(rows, path.name, sha256, themes)
    return plan, check_coverage(rows, plan)


def assign_slugs(plans: list[Plan]) -> tuple[list[Plan], list[str]]:
    """Give every plan its permalink slug: provider + submitted month. When two plans share both,
    the earlier submitted (then the first by file name) keeps the plain slug and the other gets its
    source's hash appended, which depends on nothing but its own bytes; the clash is reported."""
    base = {id(p): f"{p.provider.slug}-{(p.submitted or 'undated')[:7]}" for p in plans}
    taken: dict[str, Plan] = {}
    out, warnings = [], []
    for plan in sorted(plans, key=lambda p: (p.submitted or "", p.source)):
        slug = base[id(plan)]
        if slug in taken:
            warnings.append(
                f"{plan.source}: same provider and month as {taken[slug].source}; published as {slug}-{plan.source_sha256[:8]}"
            )
            slug = f"{slug}-{plan.source_sha256[:8]}"
        taken[slug] = plan
        out.append(replace(plan, slug=slug))
    return sorted(out, key=lambda p: p.slug), warnings


def drop_identical_copies(plans: list[Plan], report: Report) -> list[Plan]:
    """Publish a document once even if it was added twice (same SHA-256); report the copy."""
    first: dict[str, Plan] = {}
    kept = []
    for plan in sorted(plans, key=lambda p: p.source):
        if plan.source_sha256 in first:
            report.warnings.append(
                f"{plan.source}: identical to {first[plan.source_sha256].source} (same SHA-256); published once"
            )
            report.coverage.pop(plan.source, None)
            continue
        first[plan.source_sha256] = plan
        kept.append(plan)
    return kept


def parse_sources(source_dir: Path, cache_dir: Path | None = None, workers: int | None = None) -> Report:
    """Read and parse every source (from the cache where unchanged), each on its own: a bad file
    becomes one failure line and the others go on."""
    report = Report()
    themes = load_themes()
    paths = source_paths(source_dir)
    if workers is None and len(paths) < PARALLEL_FROM:
        workers = 1  # a process pool costs more than it saves on a handful of files
    parsed: list[Plan] = []
    for result in parse_all(paths, themes, cache_dir, workers):
        if result.error is not None or result.plan is None or result.coverage is None:
            report.failures.append(result.error or f"{result.path.name}: could not be parsed")
            continue
        parsed.append(result.plan)
        report.coverage[result.path.name] = result.coverage
        if result.coverage.missing:
            report.warnings.append(
                f"{result.path.name}: {len(result.coverage.missing)} words of the table reached neither the archive "
                "nor a warning: " + ", ".join(result.coverage.missing[:20])
            )
    parsed = drop_identical_copies(parsed, report)
    report.plans, clashes = assign_slugs(parsed)
    report.warnings += clashes
    for plan in report.plans:
        report.warnings += [f"{plan.source}: {w}" for w in plan.warnings]
    return report


def content_files(plans: list[Plan], themes: tuple[Theme, ...], site_url: str = "") -> dict[str, str]:
    """Every generated text file of `content/`, by relative path."""
    archive = Archive(tuple(plans), themes)
    titles = {t.slug: t.title for t in themes}
    files = {
        "index.md": render_home(archive),
        "providers/index.md": render_providers_index(archive),
        "themes/index.md": render_themes_index(archive),
        "explorer.md": render_explorer_page(archive),
        "about.md": render_about(archive),
        "glossary.md": render_glossary(archive),
        "accessibility.md": render_accessibility(),
        "data/explorer.json": explorer_json(archive),
        "data/explorer-index.json": explorer_index(archive),
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
        unescape_search_ampersands(tmp / "search" / "search_index.json")
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


def unescape_search_ampersands(index_path: Path) -> None:
    """Let site search find "E&D" and "L&D".

    Material's search index holds HTML-escaped text, so "E&D" is indexed as "e&amp;d" and the
    query "E&D" can never match it. A bare "&" followed by letters is harmless in the result
    previews (it cannot start a tag), so `&amp;` alone is turned back into `&`; `&lt;`/`&gt;`
    stay escaped.
    """
    if not index_path.exists():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    for doc in index.get("docs", []):
        for key in ("title", "text"):
            if isinstance(doc.get(key), str):
                doc[key] = doc[key].replace("&amp;", "&")
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


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
