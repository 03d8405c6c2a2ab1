"""Adding a plan by its address (`python build.py --fetch`), against a local HTTP server on 127.0.0.1:
saved under its entry's name with `retrieved` and `sha256` recorded (comments kept), a changed published
copy reported and never written over, and a 404, a redirect, a wrong type, a huge file and a timeout
handled with one line each."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from build import main
from probation_archive import fetch
from probation_archive.fetch import USER_AGENT, download_with_retries, fetch_sources
from probation_archive.sources import parse_sources_file

from .conftest import ROOT

PDF = (ROOT / "tests" / "fixtures" / "pdf" / "plans" / "youth-justice-rag.pdf").read_bytes()
DOCX = (ROOT / "tests" / "fixtures" / "docx" / "council-merged.docx").read_bytes()
PAGE = (ROOT / "tests" / "fixtures" / "html" / "block-plan.html").read_bytes()
DAY = datetime.date(2024, 5, 6)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Server(http.server.ThreadingHTTPServer):
    routes: dict[str, tuple[int, str, bytes]]
    seen: list[tuple[str, str]]

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: a client that gave up (the timeout and size tests) leaves the handler a closed socket."""


class Handler(http.server.BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.server.seen.append((self.path, self.headers.get("User-Agent", "")))
        if self.path == "/slow":
            time.sleep(1.0)
        if self.path == "/huge":  # a body that never ends (no Content-Length): reading must stop
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(b"%PDF-1.4\n")
                for _ in range(10_000):
                    self.wfile.write(b"0" * 65536)
            return
        status, content_type, body = self.server.routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        if status in (301, 302):
            self.send_header("Location", content_type)
        else:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[Server]:
    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.routes = {
        "/plan.pdf": (200, "application/pdf", PDF),
        "/plan.docx": (200, DOCX_TYPE, DOCX),
        "/plan": (200, "text/html; charset=utf-8", PAGE),
        "/moved": (301, "/plan.pdf", b""),
        "/image.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100),
        "/lying.pdf": (200, "text/html", PDF),
        "/slow": (200, "application/pdf", PDF),
    }
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def url(server: Server, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


SOURCES = """\
# Where each plan came from (a comment the fetch must keep)
westbay-yjs-2023:   # named by the maintainer
  publisher: Westbay Council
  publication_url: {plan}
eastholm.pdf:
  publication_url: {pdf}
westbay-word:
  publication_url: {docx}
"""


def write_sources(folder: Path, server: Server, text: str = SOURCES) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "sources.yml"
    path.write_text(
        text.format(plan=url(server, "/plan"), pdf=url(server, "/moved"), docx=url(server, "/plan.docx")),
        encoding="utf-8",
    )
    return path


def test_each_new_address_is_saved_under_its_entrys_name(server: Server, tmp_path: Path) -> None:
    path = write_sources(tmp_path, server)
    report = fetch_sources(tmp_path, today=DAY)
    assert report.failed == 0 and report.saved == ["westbay-yjs-2023.html", "eastholm.pdf", "westbay-word.docx"]
    assert (tmp_path / "eastholm.pdf").read_bytes() == PDF  # through the redirect
    assert (tmp_path / "westbay-word.docx").read_bytes() == DOCX
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Where each plan came from (a comment the fetch must keep)\nwestbay-yjs-2023.html:")
    assert "# named by the maintainer" in text and "&id" not in text
    assert "  retrieved: 2024-05-06\n" in text
    data = yaml.safe_load(text)
    assert list(data) == ["westbay-yjs-2023.html", "eastholm.pdf", "westbay-word.docx"]  # order kept
    assert data["eastholm.pdf"]["retrieved"] == DAY
    assert data["eastholm.pdf"]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert data["westbay-yjs-2023.html"]["publisher"] == "Westbay Council"
    found = parse_sources_file(text, sorted(p.name for p in tmp_path.iterdir() if p.name != "sources.yml"))
    assert found.warnings == []  # the new keys are valid, and every entry has its file
    assert {agent for _, agent in server.seen} == {USER_AGENT}


def test_a_second_fetch_downloads_nothing_new_and_reports_a_changed_copy(server: Server, tmp_path: Path) -> None:
    write_sources(tmp_path, server)
    fetch_sources(tmp_path, today=DAY)
    server.routes["/plan.pdf"] = (200, "application/pdf", PDF + b"\n% amended")
    before = (tmp_path / "sources.yml").read_text(encoding="utf-8")
    report = fetch_sources(tmp_path, today=DAY + datetime.timedelta(days=30))
    assert report.saved == []
    [changed] = [line for line in report.lines if line.startswith("eastholm.pdf")]
    assert "the published copy has changed since 2024-05-06" in changed and "the file was kept" in changed
    assert (tmp_path / "eastholm.pdf").read_bytes() == PDF  # never written over
    assert any(line.startswith("westbay-word.docx: published copy unchanged") for line in report.lines)
    assert (tmp_path / "sources.yml").read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    ("path", "name", "message"),
    [
        ("/gone.pdf", "gone.pdf", "HTTP 404 Not Found"),
        ("/image.png", "image", "not a PDF, Word document or web page (Content-Type 'image/png')"),
        ("/lying.pdf", "lying.pdf", "the server calls it 'text/html' but it reads as a PDF; not saved"),
        ("/plan", "page.pdf", "the address gives a web page, not a PDF as the name says; not saved"),
    ],
    ids=["404", "wrong-type", "type-disagrees", "name-disagrees"],
)
def test_a_refused_download_is_one_line_and_saves_nothing(
    server: Server, tmp_path: Path, path: str, name: str, message: str
) -> None:
    write_sources(tmp_path, server, f"{name}:\n  publication_url: {url(server, path)}\n")
    report = fetch_sources(tmp_path, today=DAY)
    [line] = report.lines
    assert line.startswith(f"{name}: ") and line.endswith(message)
    assert report.exit_code == 1 and sorted(p.name for p in tmp_path.iterdir()) == ["sources.yml"]
    assert "sha256" not in (tmp_path / "sources.yml").read_text(encoding="utf-8")


def test_a_huge_download_stops_at_the_limit(server: Server) -> None:
    started = time.monotonic()
    with pytest.raises(fetch.FetchError, match="too large: more than 1.0 MB; stopped reading"):
        download_with_retries(url(server, "/huge"), limit=10**6)
    assert time.monotonic() - started < 10


def test_a_declared_huge_download_is_refused_before_reading(server: Server) -> None:
    with pytest.raises(fetch.FetchError, match=r"too large: 38 kB \(limit 1 kB\); not saved"):
        download_with_retries(url(server, "/plan.docx"), limit=1000)


def test_a_timeout_is_retried_with_back_off_then_reported(server: Server) -> None:
    waits: list[float] = []
    with pytest.raises(fetch.FetchError, match=r"no answer \(TimeoutError\) after 3 tries"):
        download_with_retries(url(server, "/slow"), timeout=0.2, retries=2, backoff=0.5, sleep=waits.append)
    assert waits == [0.5, 1.0]
    assert [path for path, _ in server.seen] == ["/slow"] * 3  # one request at a time, three in all


def test_build_fetch_fetches_and_does_not_build(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_sources(tmp_path, server)
    assert main(["--fetch", "--source", str(tmp_path), "--content", str(tmp_path / "content")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "3 saved, 0 failed"
    assert not (tmp_path / "content").exists()


def test_sources_file_checks_the_new_keys() -> None:
    text = (
        "a.pdf:\n  publication_url: https://example.org/a.pdf\n  retrieved: 6 May 2024\n  sha256: abc\n"
        "b.pdf:\n  retrieved: 2024-05-06\n"
        "c:\n  publication_url: https://example.org/c\n"
    )
    found = parse_sources_file(text, ["a.pdf", "b.pdf"])
    assert found.warnings == [
        "sources.yml: a.pdf: retrieved: '6 May 2024' is not YYYY-MM-DD",
        "sources.yml: a.pdf: sha256: 'abc' is not 64 hexadecimal digits",
        "sources.yml: b.pdf: retrieved/sha256 without the publication_url it was fetched from",
        "sources.yml: entry c matches no file in the source folder; `make fetch` downloads its publication_url",
    ]
