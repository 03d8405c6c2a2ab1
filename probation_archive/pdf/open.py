"""Opening a PDF, and why one cannot be read: the only module that knows how pdfplumber fails.

What pdfplumber or pdfminer raise on a damaged file is the file's fault: every call into the
library goes through `pdf_library`, which turns it into a `LibraryError` with a one-line reason
(`read_pdf` makes that the file's `SourceError`). Nothing else is wrapped, so an exception from our
own layout code is a bug and propagates as itself, to be reported as ours and never cached.

The reasons a file is refused: empty, not a PDF, corrupt or truncated, encrypted, no text layer
(a scan: it says so rather than OCR it), and (`not_the_plan_reason`) a table that looks like the
action plan but whose columns cannot be identified.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from ..model import SourceError
from ..normalise import collapse_spaces

SCAN = "no text layer: every page is an image (a scan?); OCR it before adding it — it is not done automatically"
BLANK = "no text in the PDF (its pages are blank)"
# The PDF specification puts `%PDF-` at the very start and `%%EOF` in the last 1,024 bytes; readers
# (and so publishers) tolerate some bytes before the one and trailing junk after the other.
HEADER_WITHIN = 1024
END_MARKER_WITHIN = 4096


class LibraryError(Exception):
    """pdfplumber or pdfminer failed on the file; `str()` is the one-line reason."""


@contextmanager
def pdf_library() -> Iterator[None]:
    """Turn whatever pdfplumber or pdfminer raise inside the block into a `LibraryError`.

    pdfminer raises many kinds of exception from deep inside a damaged file, when it is opened and
    later when a page's objects are first read, so every call into the library goes through here,
    and nothing else does."""
    try:
        yield
    except PdfminerException as error:
        raise LibraryError(pdfminer_reason(error)) from error
    except MalformedPDFException as error:
        raise LibraryError(f"corrupt PDF ({error})") from error
    except Exception as error:
        raise LibraryError(f"could not be read as a PDF ({type(error).__name__}: {error})") from error


@contextmanager
def opened_pdf(path: Path) -> Iterator[pdfplumber.PDF]:
    """The PDF at `path`, opened and (whatever happens in the block) closed through `pdf_library`."""
    with pdf_library():
        pdf = pdfplumber.open(path)
    try:
        yield pdf
    finally:
        with pdf_library():
            pdf.close()


def check_signature(data: bytes, source: str) -> None:
    """The checks that need no PDF parser: an empty file, another kind of file, a cut-off one."""
    if not data.strip():
        raise SourceError(source, "empty file")
    if b"%PDF-" not in data[:HEADER_WITHIN]:
        start = data[:16].decode("ascii", "replace").strip()
        hint = "; an HTML page saved as .pdf?" if start.lower().startswith(("<!doctype html", "<html")) else ""
        raise SourceError(source, f"not a PDF (it starts with {start!r}{hint})")
    if b"%%EOF" not in data[-END_MARKER_WITHIN:]:
        raise SourceError(source, "corrupt or truncated PDF (no end-of-file marker)")


def pdfminer_reason(error: PdfminerException) -> str:
    """Encrypted, or corrupt: what pdfminer's exception (wrapped by pdfplumber) says of the file."""
    cause = error.args[0] if error.args else error
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return "encrypted: it needs a password to open; publish the unprotected PDF"
    return f"corrupt PDF ({type(cause).__name__}: {cause})"


def not_the_plan_reason(page: int, cells: Sequence[str], problem: str) -> str:
    """Why a table that looks like the action plan's cannot be read as it.

    >>> not_the_plan_reason(2, ["Rec", "Response"], "no Action column")
    "page 2: a table headed 'Rec | Response' looks like the action plan but its columns cannot be identified: no Action column"
    """
    shown = " | ".join(collapse_spaces(c) for c in cells)
    return f"page {page}: a table headed {shown!r} looks like the action plan but its columns cannot be identified: {problem}"
