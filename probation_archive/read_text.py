"""Read a text extraction of an action plan into rows of cells.

A text extraction has one table row per line with cells separated by tabs; text outside
tables is a line with a single cell. The PDF reader gives the same `Row`s, so one parser
serves both.
"""

from __future__ import annotations

from pathlib import Path

from .model import Location, Row, SourceError

ENCODINGS = ("utf-8", "cp1252")


def decode_text(data: bytes, source: str) -> str:
    """Decode a text extraction, honouring a UTF-8/UTF-16 byte order mark.

    >>> decode_text("Agreed\\t7".encode("utf-16"), "x.txt")
    'Agreed\\t7'
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if b"\x00" in data:
        raise SourceError(source, "binary data, not a text extraction")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError(source, "text is neither UTF-8 nor cp1252")  # pragma: no cover


def rows_from_text(text: str) -> list[Row]:
    """Split a text extraction into rows: one per line, cells split on tabs.

    >>> rows_from_text("Rec No\\tRecommendation\\n1\\tDo it")[1]
    Row(cells=('1', 'Do it'), where=Location(unit='line', number=2))
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [Row(tuple(line.split("\t")), Location("line", n)) for n, line in enumerate(lines, 1)]


def read_text(path: Path) -> list[Row]:
    """Read a `.txt` extraction from disk into rows."""
    data = path.read_bytes()
    if not data.strip():
        raise SourceError(path.name, "empty file")
    return rows_from_text(decode_text(data, path.name))
