"""From the parsed sources to the plans the archive publishes, and the build's report.

    report = gather(parse_all(paths, cache_dir), load_themes())
    report.plans       # deduplicated, with permalink slugs and themes, sorted by slug
    report.failures    # "file: reason", one line per source that could not be published

    report = gather_sources(paths, cache_dir)   # the same, remembered whole: see below

Runs after the parse cache: identical copies are dropped, slugs are assigned across the whole archive,
and themes are assigned from the current `themes.yml` (remembered beside the parse cache by the taxonomy
and each plan's text, so a rebuild with both unchanged reads them back).

`gather_sources` also remembers the whole report, in one slot of the parse cache's folder, under a key
made of every source's name and cache key (its bytes' SHA-256 and the parser's digest), the themes file,
and the code of this module and every package module it imports, with the package's data files. A
rebuild where none of them changed hashes the sources and reads that one file; any change misses and
gathers again from the per-source entries. A report with an I/O error or a bug of ours is not kept.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache import ParseCache, collector_paused
from .coverage import Coverage
from .model import Plan
from .pipeline import PACKAGE, Parsed, cacheable, package_imports, parse_all, parser_code_digest, source_keys
from .themes import THEMES_FILE, Theme, assign_all_themes, load_themes

GATHERED_SLOT = "gathered"  # the parse cache's slot holding the last gathered report
DATA_SUFFIXES = (".yml", ".yaml", ".json")  # the package's data files, in the gathered report's key


@dataclass
class Report:
    """What a build did: the plans it published, the sources it could not, and warnings."""

    plans: list[Plan] = field(default_factory=list)
    coverage: dict[str, Coverage] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tracebacks: list[str] = field(default_factory=list)  # of internal errors, printed with --debug
    seconds: float = 0.0
    content_up_to_date: bool = False  # content/ was not regenerated: same plans, same code
    site_up_to_date: bool = False  # MkDocs was not run: site/ was built from identical input
    content_written: int = 0  # files of content/ written (new or changed) by this build
    parsed: int = 0  # sources read and parsed by this build (the others came from the parse cache)
    timings: dict[str, float] = field(default_factory=dict)  # seconds by stage, in the order they ran

    def summary(self) -> str:
        recs = sum(len(p.recommendations) for p in self.plans)
        actions = sum(p.counts()["actions"] for p in self.plans)
        return (
            f"{len(self.plans)} plans, {recs} recommendations, {actions} actions, "
            f"{len(self.failures)} failed, {len(self.warnings)} warnings"
        )

    def site_line(self) -> str:
        """What the build skipped because its input had not changed, or an empty string."""
        skipped = [
            name
            for name, up_to_date in (("content/", self.content_up_to_date), ("site/", self.site_up_to_date))
            if up_to_date
        ]
        return f"{' and '.join(skipped)} already built from identical input: not rebuilt" if skipped else ""

    def exit_code(self, strict: bool) -> int:
        return 1 if self.failures or (strict and self.warnings) else 0


def gather(results: Sequence[Parsed], themes: Sequence[Theme], theme_cache: Path | None = None) -> Report:
    """The report of a set of parsed sources: failures and coverage recorded, identical copies
    dropped, slugs and themes assigned (remembered in `theme_cache`, if given), every plan's warnings
    prefixed with its file name."""
    report = Report()
    parsed: list[Plan] = []
    for result in results:
        if result.failure is not None or result.plan is None or result.coverage is None:
            report.failures.append(result.error or f"{result.path.name}: could not be parsed")
            if result.failure is not None and result.failure.traceback:
                report.tracebacks.append(f"{result.failure}\n{result.failure.traceback}")
            continue
        parsed.append(result.plan)
        report.parsed += not result.cached
        report.coverage[result.path.name] = result.coverage
        if result.coverage.missing:
            report.warnings.append(
                f"{result.path.name}: {len(result.coverage.missing)} words of the table reached neither the archive "
                "nor a warning: " + ", ".join(result.coverage.missing[:20])
            )
    parsed = drop_identical_copies(parsed, report)
    plans, clashes = assign_slugs(parsed)
    report.plans = assign_all_themes(plans, themes, theme_cache)
    report.warnings += clashes
    for plan in report.plans:
        report.warnings += [f"{plan.source}: {w}" for w in plan.warnings]
    return report


def gather_sources(
    paths: Sequence[Path], cache_dir: Path | None = None, workers: int | None = None, themes_file: Path | None = None
) -> Report:
    """`gather(parse_all(paths, …), load_themes(themes_file), cache_dir)`, the whole report remembered
    in `cache_dir` (see the module's docstring; None: nothing remembered). `themes_file` None: this
    package's `themes.yml`. `report.timings` says where the time went."""
    started = time.perf_counter()
    themes_file = themes_file or THEMES_FILE
    cache = ParseCache(cache_dir, parser_code_digest()) if cache_dir else None
    keys = source_keys(paths, cache)
    whole = gathered_key(paths, keys, themes_file) if cache is not None and None not in keys else None
    hashed = time.perf_counter()
    timings = {"sources hashed": hashed - started}
    found = cache.get_slot(GATHERED_SLOT, whole) if cache is not None and whole is not None else None
    if isinstance(found, Report):
        found.timings = timings | {"parsed and gathered plans read from the cache": time.perf_counter() - hashed}
        return found
    results = parse_all(paths, cache_dir, workers, keys)
    parsed = time.perf_counter()
    with collector_paused():  # new plans, none garbage: see `collector_paused`
        report = gather(results, load_themes(themes_file), cache_dir)
    gathered = time.perf_counter()
    timings |= {"parse (or read from the cache)": parsed - hashed, "gather (slugs, themes)": gathered - parsed}
    if cache is not None and whole is not None and all(cacheable(result) for result in results):
        cache.put_slot(GATHERED_SLOT, whole, replace(report, parsed=0, timings={}))
        timings["gathered report remembered"] = time.perf_counter() - gathered
    report.timings = timings
    return report


def gathered_key(paths: Sequence[Path], keys: Sequence[str | None], themes_file: Path) -> str:
    """What a gathered report is made from: each source's name and parse-cache key, in order, the themes
    file, this module's code and that of every package module it imports, and the package's data files."""
    digest = hashlib.sha256(b"gathered report 1\0")
    for path, key in zip(paths, keys, strict=True):
        digest.update(f"{path.name}\0{key}\0".encode())
    digest.update(b"themes\0" + themes_file.read_bytes())
    code = package_imports(Path(__file__).resolve())
    data = (p for p in PACKAGE.rglob("*") if p.suffix in DATA_SUFFIXES and "__pycache__" not in p.parts)
    for module in sorted({*code, *data}):
        digest.update(b"\0" + module.relative_to(PACKAGE).as_posix().encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()


def assign_slugs(plans: list[Plan]) -> tuple[list[Plan], list[str]]:
    """Give every plan its permalink slug: provider + submitted month. When two plans share both,
    the earlier submitted (then the first by file name) keeps the plain slug and the other gets its
    source's hash appended, which depends on nothing but its own bytes; the clash is reported."""
    base = {id(p): f"{p.provider.slug}-{p.submitted_month or 'undated'}" for p in plans}
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
