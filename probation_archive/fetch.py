"""Adding a plan by its address: download each `publication_url` of `source_plans/sources.yml` that has
no file yet (`python build.py --fetch`, `make fetch`). The build itself never touches the network.

    from probation_archive.fetch import fetch_sources
    report = fetch_sources(Path("source_plans"))     # one line per download, change or problem
    print("\\n".join(report.lines))

**The file's name** is the entry's key: `westbay-yjs-2023.pdf` is saved under that name, and must be
what its name says (a PDF). A key with no known suffix (`westbay-yjs-2023`) is saved with the suffix
of what was downloaded (`.pdf`, `.docx` or `.html`), and its entry is renamed to the file's name. So
the maintainer chooses a stable name once, and the name never depends on the address.

**What is accepted**: a PDF, a Word document or a web page, checked by its first bytes *and* its
`Content-Type` (a generic `application/octet-stream` defers to the bytes), of at most
`pipeline.MAX_SOURCE_BYTES` (the download stops as soon as it passes the limit). Anything else is
reported and not saved.

**What is recorded**: `retrieved: YYYY-MM-DD` and `sha256:` are written into the entry (with
ruamel.yaml, so the file's comments and order stay as they are). An entry that has a file and a
recorded `sha256` is fetched again to see whether the published copy changed: a change is reported,
never written over (delete the file and fetch again to take the new copy).

**Polite**: one request at a time, a User-Agent naming the project, a timeout, and up to `RETRIES`
retries with back-off on a timeout, a dropped connection, 429 or a 5xx; redirects only to http(s).
"""

from __future__ import annotations

import datetime
import hashlib
import http.client
import io
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from .pipeline import MAX_SOURCE_BYTES
from .sources import SOURCES_FILE

USER_AGENT = "ProbationActionPlanArchive/0.1 (fetches published action plans one at a time; python build.py --fetch)"
TIMEOUT = 30.0  # seconds without a byte before a request is given up
RETRIES = 3  # after the first try
BACKOFF = 2.0  # seconds before the first retry, doubled for each next one
CHUNK = 64 * 1024
SUFFIXES = {"pdf": ".pdf", "docx": ".docx", "html": ".html"}
KNOWN_SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html"}
CONTENT_TYPES = {
    "pdf": {"application/pdf", "application/x-pdf"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"},
    "html": {"text/html", "application/xhtml+xml"},
}
GENERIC_TYPES = {"application/octet-stream", "binary/octet-stream", "application/download", ""}
KIND_NAMES = {"pdf": "a PDF", "docx": "a Word document", "html": "a web page"}


class FetchError(Exception):
    """Why one address could not be saved: one line."""


@dataclass
class FetchReport:
    lines: list[str] = field(default_factory=list)
    saved: list[str] = field(default_factory=list)
    failed: int = 0

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def kind_of(data: bytes) -> str | None:
    """What a download is by its first bytes: `pdf`, `docx` (a zip package with a Word document in it),
    `html`, or None.

    >>> kind_of(b"%PDF-1.7"), kind_of(b"\\xef\\xbb\\xbf <!DOCTYPE html><html>"), kind_of(b"GIF89a")
    ('pdf', 'html', None)
    """
    head = data[:1024]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[: 2 * 10**6] or b"[Content_Types].xml" in data[:4096] else None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")):
        return "html"
    if text.startswith((b"<head", b"<body", b"<!--", b"<?xml", b"<meta")) and b"<html" in data[:8192].lower():
        return "html"
    return None


def check_download(data: bytes, content_type: str, url: str) -> str:
    """The download's kind, when its bytes and its Content-Type agree; `FetchError` otherwise."""
    kind = kind_of(data)
    declared = content_type.split(";")[0].strip().lower()
    if kind is None:
        raise FetchError(f"{url}: not a PDF, Word document or web page (Content-Type {declared or 'none'!r})")
    if declared not in CONTENT_TYPES[kind] | GENERIC_TYPES:
        raise FetchError(f"{url}: the server calls it {declared!r} but it reads as {KIND_NAMES[kind]}; not saved")
    return kind


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) addresses only (never file:, ftp: or data:)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not newurl.lower().startswith(("http://", "https://")):
            raise FetchError(f"{req.full_url}: redirected to {newurl!r}, not an http(s) address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects())


def download(url: str, *, timeout: float = TIMEOUT, limit: int = MAX_SOURCE_BYTES) -> tuple[bytes, str]:
    """One GET of `url`: its body (read no further than `limit` bytes) and Content-Type."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    with _OPENER.open(request, timeout=timeout) as response:
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > limit:
            raise FetchError(f"{url}: too large: {size_text(int(length))} (limit {size_text(limit)}); not saved")
        body = io.BytesIO()
        while chunk := response.read(CHUNK):
            body.write(chunk)
            if body.tell() > limit:
                raise FetchError(f"{url}: too large: more than {size_text(limit)}; stopped reading, not saved")
        return body.getvalue(), response.headers.get("Content-Type", "")


def size_text(n: int) -> str:
    """A size for a message.

    >>> size_text(25 * 10**6), size_text(37_100)
    ('25.0 MB', '37 kB')
    """
    return f"{n / 1e6:.1f} MB" if n >= 10**6 else f"{n / 1e3:.0f} kB"


def download_with_retries(
    url: str,
    *,
    timeout: float = TIMEOUT,
    limit: int = MAX_SOURCE_BYTES,
    retries: int = RETRIES,
    backoff: float = BACKOFF,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[bytes, str]:
    """`download`, tried again after `backoff`, 2 × `backoff`… seconds when the failure may pass (a
    timeout, a dropped connection, 429, a 5xx); a 404 or a refused type fails at once."""
    for attempt in range(retries + 1):
        try:
            return download(url, timeout=timeout, limit=limit)
        except urllib.error.HTTPError as error:
            if error.code != 429 and error.code < 500 or attempt == retries:
                raise FetchError(f"{url}: HTTP {error.code} {error.reason}") from error
        except (TimeoutError, ConnectionError, http.client.IncompleteRead) as error:
            if attempt == retries:
                raise FetchError(f"{url}: no answer ({type(error).__name__}) after {retries + 1} tries") from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, FetchError):
                raise error.reason from error
            transient = isinstance(error.reason, TimeoutError | ConnectionError)
            if not transient or attempt == retries:
                raise FetchError(f"{url}: could not be fetched ({error.reason})") from error
        sleep(backoff * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, order and quoting kept
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.representer.ignore_aliases = lambda *_: True  # one date shared by entries: written out each time, no &id
    return yaml


def fetch_sources(
    source_dir: Path,
    *,
    today: datetime.date | None = None,
    get: Callable[[str], tuple[bytes, str]] = download_with_retries,
) -> FetchReport:
    """Download every `publication_url` in the sources file that has no file yet, and check the
    published copy of every file fetched before; see the module's docstring."""
    report = FetchReport()
    path = source_dir / SOURCES_FILE
    if not path.is_file():
        report.lines.append(f"{SOURCES_FILE}: not found in {source_dir}; nothing to fetch")
        return report
    yaml = _yaml()
    data = yaml.load(path.read_text(encoding="utf-8"))
    if not isinstance(data, CommentedMap):
        report.lines.append(f"{SOURCES_FILE}: expected one entry per source file name; nothing fetched")
        report.failed += 1
        return report
    date = today or datetime.date.today()  # written as a YAML date: 2024-05-06
    changed = False
    for key in list(data.keys()):
        entry = data[key]
        name = str(key)
        url = str(entry.get("publication_url") or "").strip() if isinstance(entry, CommentedMap) else ""
        if not url:
            continue
        if not url.lower().startswith(("http://", "https://")):
            report.lines.append(f"{name}: publication_url {url!r} is not an http(s) address; not fetched")
            report.failed += 1
            continue
        existing = existing_file(source_dir, name)
        try:
            if existing is not None:
                if entry.get("sha256"):
                    report.lines.append(check_published_copy(existing, entry, url, get))
                continue
            body, content_type = get(url)
            kind = check_download(body, content_type, url)
            target = file_name(name, kind)
        except FetchError as error:
            report.lines.append(f"{name}: {error}")
            report.failed += 1
            continue
        (source_dir / target).write_bytes(body)
        entry["retrieved"] = date
        entry["sha256"] = hashlib.sha256(body).hexdigest()
        if target != name:
            rename_key(data, key, target)
        report.saved.append(target)
        report.lines.append(f"{target}: saved from {url} ({len(body) / 1024:.0f} KiB, {KIND_NAMES[kind]})")
        changed = True
    if changed:
        with path.open("w", encoding="utf-8") as f:
            yaml.dump(data, f)
    return report


def existing_file(source_dir: Path, name: str) -> Path | None:
    """The file an entry names: `name` itself, or for a key without a known suffix, `name.<suffix>`."""
    if (source_dir / name).is_file():
        return source_dir / name
    if Path(name).suffix.lower() not in KNOWN_SUFFIXES:
        found = [
            source_dir / f"{name}{suffix}" for suffix in KNOWN_SUFFIXES if (source_dir / f"{name}{suffix}").is_file()
        ]
        return found[0] if found else None
    return None


def file_name(key: str, kind: str) -> str:
    """The name a download is saved under: its key, which must say what it is, or the key with the suffix
    of what it is.

    >>> file_name("westbay-2023", "pdf"), file_name("westbay.htm", "html")
    ('westbay-2023.pdf', 'westbay.htm')
    """
    said = KNOWN_SUFFIXES.get(Path(key).suffix.lower())
    if said is None:
        return f"{key}{SUFFIXES[kind]}"
    if said != kind:
        raise FetchError(f"the address gives {KIND_NAMES[kind]}, not {KIND_NAMES[said]} as the name says; not saved")
    return key


def rename_key(data: CommentedMap, old: object, new: str) -> None:
    """Rename an entry in place, keeping its position and the comments attached to it."""
    position = list(data.keys()).index(old)
    value = data.pop(old)
    data.insert(position, new, value)
    if old in data.ca.items:
        data.ca.items[new] = data.ca.items.pop(old)


def check_published_copy(existing: Path, entry: CommentedMap, url: str, get: Callable[[str], tuple[bytes, str]]) -> str:
    """Fetch a file's address again and say whether the published copy is the one recorded."""
    body, _ = get(url)
    digest = hashlib.sha256(body).hexdigest()
    recorded = str(entry.get("sha256"))
    if digest == recorded:
        return f"{existing.name}: published copy unchanged since {entry.get('retrieved') or 'it was fetched'}"
    return (
        f"{existing.name}: the published copy has changed since {entry.get('retrieved') or 'it was fetched'} "
        f"(sha256 {digest[:12]}…, recorded {recorded[:12]}…); the file was kept: delete it and fetch again "
        "to take the new copy"
    )
