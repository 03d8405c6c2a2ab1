"""One source in, one parsed plan or one failure out: reader → parser → "nothing lost" check.

    from probation_archive.pipeline import parse_all
    for parsed in parse_all(paths, cache_dir=Path(".cache/parse")):   # in the order of `paths`
        if parsed.failure:                 # "file.pdf: encrypted: it needs a password to open; …"
            print(parsed.failure)
        else:
            use(parsed.plan, parsed.coverage)

Every source is processed on its own, as Pelican's generators do it: whatever goes wrong with one
file (a `SourceError` that is the file's fault, an I/O error, or a bug of ours raising anything
else) becomes that file's `Failure` and the others go on. A bug is reported as ours — "internal
error while parsing (IndexError: …); please report it" — with its traceback kept for `--debug`,
and it is never cached.

`parse_all` asks the cache first, then the reader (the cache knows nothing of either). The cache key
is the file's SHA-256 and a digest of the code of this module and every package module it imports,
directly or not (the readers, the parser, the normalisers, the coverage check): what runs after the
cache — themes, pages, open data — is not in the key, so editing `themes.yml` or a page template
re-reads no PDF.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from .cache import ParseCache, collector_paused
from .coverage import Coverage, check_coverage
from .model import Plan, Row, SourceError
from .parse import parse_plan
from .pdf import read_pdf
from .read_docx import read_docx
from .read_html import read_html
from .read_text import read_text

READERS: dict[str, Callable[[Path], list[Row]]] = {
    ".txt": read_text,
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".html": read_html,
    ".htm": read_html,
}
MAX_SOURCE_BYTES = 25 * 10**6  # published plans are well under 5 MB; bounds time and memory per file
PACKAGE = Path(__file__).resolve().parent

FailureKind = Literal["source", "io", "internal"]


@dataclass(frozen=True)
class Failure:
    """Why one source was not published. `source`: the file's own fault (cached, so a bad PDF is
    not re-read on every build); `io`: it could not be read; `internal`: a bug of ours."""

    source: str
    reason: str
    kind: FailureKind = "source"
    traceback: str = ""

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Parsed:
    """One source's result: its plan and coverage, or its failure."""

    path: Path
    plan: Plan | None = None
    coverage: Coverage | None = None
    failure: Failure | None = None
    cached: bool = False

    @property
    def error(self) -> str | None:
        """The failure as one report line, or None."""
        return None if self.failure is None else str(self.failure)


def read_plan(path: Path) -> tuple[Plan, Coverage]:
    """Read and parse one source file, and check that no word of its table was lost.

    Raises `SourceError` with a one-line reason when the file cannot be published. Themes are
    not assigned here: that happens after the cache (`themes.assign_plan_themes`)."""
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
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    rows = reader(path)
    plan = parse_plan(rows, path.name, sha256)
    return plan, check_coverage(rows, plan)


def parse_source(path: Path) -> Parsed:
    """`read_plan`, with every exception turned into this file's `Failure` (module level: it runs
    in a worker process).

    >>> parse_source(Path("missing.txt")).error
    "missing.txt: could not be read (FileNotFoundError: [Errno 2] No such file or directory: 'missing.txt')"
    """
    try:
        plan, coverage = read_plan(path)
        return Parsed(path, plan, coverage)
    except SourceError as error:
        return Parsed(path, failure=Failure(path.name, error.reason))
    except OSError as error:
        return Parsed(path, failure=Failure(path.name, f"could not be read ({type(error).__name__}: {error})", "io"))
    except Exception as error:  # a bug of ours: report it as ours, keep the traceback for --debug
        reason = f"internal error while parsing ({type(error).__name__}: {error}); please report it"
        return Parsed(path, failure=Failure(path.name, reason, "internal", traceback.format_exc()))


def parse_all(
    paths: Sequence[Path],
    cache_dir: Path | None = None,
    workers: int | None = None,
    keys: Sequence[str | None] | None = None,
) -> list[Parsed]:
    """Parse every path, cache first, in parallel over `workers` processes (None: one per CPU core;
    1: in this process). Results come back in the order of `paths`. `cache_dir=None`: no cache.
    `keys`: each path's cache key if the caller has them (`source_keys`), else they are computed."""
    cache = ParseCache(cache_dir, parser_code_digest()) if cache_dir else None
    if keys is None:
        keys = source_keys(paths, cache)
    with collector_paused():  # many small objects, none garbage: see `collector_paused`
        results: list[Parsed | None] = [from_cache(cache, key, path) for path, key in zip(paths, keys, strict=True)]
    todo = [n for n, result in enumerate(results) if result is None]
    workers = min(workers or os.cpu_count() or 1, len(todo))
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            fresh = list(pool.map(parse_source, [paths[n] for n in todo], chunksize=1))
    else:
        fresh = [parse_source(paths[n]) for n in todo]
    for n, result in zip(todo, fresh, strict=True):
        results[n] = result
        key = keys[n]
        if cache is not None and key is not None and cacheable(result):
            cache.put(key, result.failure.reason if result.failure else (result.plan, result.coverage))
    return [result for result in results if result is not None]


def source_keys(paths: Sequence[Path], cache: ParseCache | None) -> list[str | None]:
    """Each path's cache key (its bytes' SHA-256 and the parser's digest: every byte is read and hashed
    on every build, no file's size or time is trusted), or None (no cache, or the file is unreadable)."""
    if cache is None:
        return [None] * len(paths)
    return [cache.key(path) for path in paths]


def cacheable(result: Parsed) -> bool:
    """A plan, or a failure that is the file's own fault; never an I/O error or a bug of ours."""
    return result.failure is None or result.failure.kind == "source"


def from_cache(cache: ParseCache | None, key: str | None, path: Path) -> Parsed | None:
    """The cached result for `key`, under `path`'s name (a renamed file is still a hit)."""
    entry = cache.get(key) if cache is not None and key is not None else None
    if isinstance(entry, str):
        return Parsed(path, failure=Failure(path.name, entry), cached=True)
    if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], Plan):
        plan, coverage = entry
        return Parsed(path, replace(plan, source=path.name), coverage, cached=True)
    return None


def parser_code_digest() -> str:
    """`PARSER_VERSION` and a digest of the code a parse depends on: this module and the package
    modules it imports, followed transitively. A changed reader or parser never serves a stale
    parse; a changed page template or theme list keeps every entry."""
    from . import PARSER_VERSION  # read at call time, so a test can change it

    return f"{PARSER_VERSION}-{code_digest()}"


@functools.cache
def code_digest() -> str:
    digest = hashlib.sha256()
    for module in sorted(package_imports(Path(__file__).resolve())):
        digest.update(module.relative_to(PACKAGE).as_posix().encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()[:16]


def package_imports(module: Path, seen: set[Path] | None = None) -> set[Path]:
    """`module` and every module of this package it imports (relative imports), transitively.

    >>> sorted(p.name for p in package_imports(PACKAGE / "read_text.py"))
    ['__init__.py', 'model.py', 'read_text.py']
    """
    seen = seen if seen is not None else {PACKAGE / "__init__.py"}
    seen.add(module)
    for level, name in relative_imports(module.read_text(encoding="utf-8")):
        base = module.parent
        for _ in range(level - 1):
            base = base.parent
        target = base.joinpath(*name.split("."))
        for candidate in (target.with_suffix(".py"), target / "__init__.py"):
            if candidate.is_file() and candidate not in seen:
                package_imports(candidate, seen)
    return seen


# `from .x import a`, `from .. import (a, b)`, at a line's start or after `;` (inside a function too):
# a regular expression, not `ast` (parsing every module costs a no-change rebuild a tenth of a second).
# It may find more than `ast` would (an import quoted at a line's start in a docstring: one module
# more in the key, never a stale parse); a test checks it finds what `ast` finds in every module.
RELATIVE_IMPORT = re.compile(
    r"(?:^|;)[ \t]*from[ \t]+(\.+)[ \t]*([\w.]*)[ \t]+import[ \t]*(\((?:#[^\n]*|[^)#])*\)|(?:[^\n;\\]|\\\n)*)", re.M
)


def relative_imports(code: str) -> list[tuple[int, str]]:
    """(level, dotted name) of every relative import in `code`: the module, or for `from . import a, b`
    each name imported (a module or not: the caller checks).

    >>> relative_imports("from .model import Plan\\nfrom .. import (a,  # why\\n  b as c)")
    [(1, 'model'), (2, 'a'), (2, 'b')]
    """
    found = []
    for dots, module, names in RELATIVE_IMPORT.findall(code):
        if module:
            found.append((len(dots), module))
            continue
        names = re.sub(r"#[^\n]*", "", names).strip("()").replace("\\\n", " ")
        found += [(len(dots), alias.split()[0]) for alias in names.split(",") if alias.strip()]
    return found
