"""Read a published PDF action plan into rows of cells: the same rows `read_text` gives.

    from probation_archive.pdf import read_pdf
    rows = read_pdf(Path("source_plans/plan.pdf"))   # [Row(("Rec No", "Agreed", …), page 2), …]

One module per layer, bottom up:

- `open`: opening a PDF and why one cannot be read (the only calls into pdfplumber that can fail
  on a damaged file are wrapped there, and nothing else);
- `lines`: characters → lines → a cell's text, in the conventions of the text extractions;
- `ruled`: tables drawn with rules, cut into cells by the page's own visible rules;
- `assemble`: the pages read in order, and the action table assembled across page breaks;
- `unruled`: the action table read from the text's columns when it has no rules;
- `tolerances`: every ratio and threshold those layers judge a layout by, in one `Tolerances`.

A PDF that cannot be read raises `SourceError` with a one-line reason: not a PDF, corrupt,
encrypted, no text layer (a scan: it says so rather than OCR it), or a table that looks like the
action plan but whose columns cannot be identified.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Row, SourceError
from .assemble import assemble, find_header, loose_rows, read_pages
from .open import BLANK, SCAN, LibraryError, check_signature, opened_pdf
from .tolerances import DEFAULT_TOLERANCES, Tolerances
from .unruled import text_table_rows

__all__ = ["DEFAULT_TOLERANCES", "Tolerances", "read_pdf"]


def read_pdf(path: Path, tolerances: Tolerances = DEFAULT_TOLERANCES) -> list[Row]:
    """Read a `.pdf` action plan from disk into rows.

    Only the calls into pdfplumber are wrapped (`open.pdf_library`): what the library raises on a
    damaged file is the file's fault and becomes a `SourceError`; an exception from our own layout
    code is a bug and propagates as itself, to be reported as ours (and never cached)."""
    check_signature(path.read_bytes(), path.name)
    try:
        with opened_pdf(path) as pdf:
            contents = read_pages(pdf, tol=tolerances)
    except LibraryError as error:
        raise SourceError(path.name, str(error)) from error
    if not any(c.tables or c.texts for c in contents):
        raise SourceError(path.name, SCAN if any(c.images for c in contents) else BLANK)
    header = find_header(contents, path.name, tol=tolerances)
    if header is None:
        return text_table_rows(contents, tol=tolerances) or loose_rows(contents)
    return assemble(contents, header.table, header.cells, tol=tolerances)
