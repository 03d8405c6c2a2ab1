"""Parse every source once: a cache keyed by content, and the parsing spread over the CPU cores.

    from probation_archive.cache import parse_all
    results = parse_all(source_paths(source_dir), load_themes(), Path(".cache/parse"), workers=None)
    for result in results:            # in the order of the paths given
        if result.error:              # "file.pdf: encrypted: it needs a password to open; …"
            report.failures.append(result.error)
        else:
            plans.append(result.plan); report.coverage[result.path.name] = result.coverage

A source is parsed by `site.read_plan` (in a worker process when `workers` is not 1) unless the
cache holds its result: the key is the SHA-256 of the file's bytes, `PARSER_VERSION`, and a digest
of the themes (themes are part of a parse). An unchanged archive therefore rebuilds without
parsing anything; bump `PARSER_VERSION` whenever a reader or the parser changes what it makes, and
every plan is parsed afresh. A renamed file is still a hit (its plan takes the new name). Failures
that are the file's fault (`SourceError`: encrypted, a scan, not a plan…) are cached too, so a bad
PDF is not re-read on every build; I/O errors are not.

Entries are pickles, one file per key, written atomically; an entry that cannot be loaded is
treated as missing. The cache folder is disposable: delete it at any time. It is local build
state: never point `cache_dir` at a folder others can write to (unpickling runs code).
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from .coverage import Coverage
from .model import Plan, SourceError
from .themes import Theme


@dataclass(frozen=True)
class Parsed:
    """One source's result: its plan and coverage, or the one-line reason it failed."""

    path: Path
    plan: Plan | None = None
    coverage: Coverage | None = None
    error: str | None = None
    cached: bool = False


def parse_all(
    paths: Sequence[Path], themes: tuple[Theme, ...], cache_dir: Path | None, workers: int | None = None
) -> list[Parsed]:
    """Parse every path (cache first), in parallel over `workers` processes (None: one per CPU
    core; 1: in this process). Results come back in the order of `paths`.

    `cache_dir=None` turns the cache off.
    """
    keys = [cache_key(path, themes) for path in paths]
    results: list[Parsed | None] = [
        load(cache_dir, key, path) if cache_dir and key else None for path, key in zip(paths, keys, strict=True)
    ]
    todo = [n for n, result in enumerate(results) if result is None]
    jobs = [(paths[n], themes) for n in todo]
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            fresh = list(pool.map(parse_one, jobs, chunksize=1))
    else:
        fresh = [parse_one(job) for job in jobs]
    for n, result in zip(todo, fresh, strict=True):
        results[n] = result
        key = keys[n]
        if cache_dir and key:
            store(cache_dir, key, result)
    return [result for result in results if result is not None]


def parse_one(job: tuple[Path, tuple[Theme, ...]]) -> Parsed:
    """Read and parse one source, as `site.parse_sources` does (module level: runs in a worker)."""
    from .site import read_plan  # site will import this module: import it only when parsing

    path, themes = job
    try:
        plan, coverage = read_plan(path, themes)
        return Parsed(path, plan, coverage)
    except SourceError as error:
        return Parsed(path, error=str(error))
    except (OSError, ValueError, RecursionError) as error:
        return Parsed(path, error=f"{path.name}: could not be read ({type(error).__name__}: {error})")


def cache_key(path: Path, themes: tuple[Theme, ...]) -> str | None:
    """`<sha256 of the file>-<parser version>-<themes digest>-<code digest>`, or None if the file cannot be read."""
    from . import PARSER_VERSION  # read at call time, so a test can change it

    try:
        content = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    taxonomy = hashlib.sha256(repr(themes).encode("utf-8")).hexdigest()[:16]
    return f"{content}-{PARSER_VERSION}-{taxonomy}-{code_digest()}"


@functools.cache
def code_digest() -> str:
    """A digest of the package's own code, so a changed reader or parser never serves a stale
    parse even if nobody remembered to bump PARSER_VERSION."""
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()[:12]


def load(cache_dir: Path, key: str, path: Path) -> Parsed | None:
    """The cached result for `key`, renamed to `path`; None when missing or unreadable."""
    try:
        with (cache_dir / f"{key}.pickle").open("rb") as file:
            kind, payload = pickle.load(file)
    except Exception:  # missing, truncated, or written by another version: parse again
        return None
    if kind == "error":
        return Parsed(path, error=f"{path.name}: {payload}", cached=True)
    plan, coverage = payload
    return Parsed(path, replace(plan, source=path.name), coverage, cached=True)


def store(cache_dir: Path, key: str, result: Parsed) -> None:
    """Write one entry atomically (a reader never sees half a file). I/O errors are not cached."""
    if result.error is not None:
        reason = result.error.removeprefix(f"{result.path.name}: ")
        if reason.startswith("could not be read ("):
            return
        entry: tuple[str, object] = ("error", reason)
    else:
        entry = ("plan", (result.plan, result.coverage))
    cache_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{key}.", dir=cache_dir)
    try:
        with os.fdopen(fd, "wb") as file:
            pickle.dump(entry, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache_dir / f"{key}.pickle")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
