"""Render the five real plans the way the published ones were made: a Word document exported to PDF.

    .venv/bin/python tools/make_office_pdfs.py              # rewrites tests/fixtures/pdf/office/
    .venv/bin/python tools/make_office_pdfs.py --defaults   # office/defaults/: python-docx's default template
    .venv/bin/python tools/make_office_pdfs.py --spaced     # office/defaults/spaced/: with 10pt after each paragraph

For each `source_plans/*.txt` the project's own parse (`site.read_plan`) gives the `Plan`; this
tool writes it back out as a `.docx` (python-docx) laid out as the inspectorate's plans are, and
converts that with LibreOffice (`soffice --headless --convert-to pdf`). Reading the PDF must give
back the plan the `.txt` gives (tests/test_read_pdf_office.py).

The document: A4 landscape; the heading paragraphs (Action Plan Submitted, A Response to the HMI
Probation Inspection, Report Published), INTRODUCTION and its paragraph, the three-column
definitions table, the heading `ACTION PLAN: <short name>`, then one Word table of six columns with
its header row repeated on each page (`w:tblHeader`), the first three columns merged down
(`w:vMerge`) over each recommendation's rows, a section row spanning the table
(`w:gridSpan`) wherever the addressee changes, and the summary table where the plan has one.

Inside an action cell each item is a paragraph with space above it; a lead-in ("Training – DDC
CRC will:") is bold and its sub-items are real Word bullets (the `List Bullet` style, which
LibreOffice exports with the Symbol font's U+F0B7). A partly or not agreed recommendation's
rationale is the first action cell, in a row of its own with no owner or date. Rows may break
across pages (Word's default), as they do in the published plans.

The `--defaults` and `--spaced` looks (`Look`) leave fonts, sizes and spacing to python-docx's
default template, as a quick script would; the table's structure is the same.

Needs python-docx and LibreOffice Writer (Debian: libreoffice-writer-nogui, fonts-liberation; for
the default template's fonts, fonts-crosextra-caladea and fonts-crosextra-carlito).
CI does not: it only reads the committed PDFs. LibreOffice stamps the PDF with its creation date,
so the bytes differ from run to run; the text and layout do not.
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor
from docx.table import Table, _Cell, _Row

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from probation_archive.model import Plan, Recommendation  # noqa: E402
from probation_archive.pipeline import read_plan  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
FIXED_DATE = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Look:
    """How the document is styled. `None` leaves python-docx's default template alone."""

    folder: str  # under tests/fixtures/pdf/ (inside office/: tests/test_read_pdf.py leaves that to this tool)
    font: str | None  # the font of every paragraph
    cell_size: Length | None  # the size of a cell's text
    item_gap: Length | None  # the space above each new item of a cell (0 below every paragraph)
    widths: tuple[Length, ...]  # the action table's columns
    spaced: bool = False  # the Normal style given the template's 10pt after and 1.15 lines itself
    plans: tuple[str, ...] | None = None  # the plans written (None: all five)


# Set by hand: Arial (LibreOffice draws it with Liberation Sans, the same metrics), 9pt cells,
# each item with 6pt above it and nothing below.
STYLED = Look("office", "Arial", Pt(9), Pt(6), (Cm(1.5), Cm(5.2), Cm(2.6), Cm(10.3), Cm(3.7), Cm(2.4)))
# What a quick script gives (`--defaults`): python-docx's default template untouched, only the
# column widths set in round centimetres (autofit off, as above). Its body font is the theme's
# minor font, Cambria (LibreOffice draws it with Caladea, fonts-crosextra-caladea; the headings'
# Calibri with Carlito), 11pt. Its 10pt after each paragraph and 1.15 line spacing are document
# defaults, which the "Table Grid" table style overrides (no space after, single spacing): in the
# cells, paragraphs follow each other with no space between them, as in Word. So a paragraph that
# ends a full line is invisible: 001-003 are left out (see tests/test_read_pdf_office.py).
DEFAULTS = Look(
    "office/defaults",
    None,
    None,
    None,
    (Cm(1.5), Cm(5), Cm(3), Cm(9), Cm(4), Cm(3)),
    plans=("000_f0eafc4f2662284f", "004_d58b2eaae473f7c6"),
)
# The same with the 10pt after and 1.15 spacing set on the Normal style (`--spaced`), as a
# department's template does: a style beats the table style, so every paragraph of a cell has
# 10pt below it. 002 is left out: its lettered sub-items and leads are spaced alike.
SPACED = Look(
    "office/defaults/spaced",
    None,
    None,
    None,
    DEFAULTS.widths,
    spaced=True,
    plans=("000_f0eafc4f2662284f", "001_44c49a5d30db9843", "003_ee60b564b9301ffd", "004_d58b2eaae473f7c6"),
)
LOOKS = {"--defaults": DEFAULTS, "--spaced": SPACED}
HEADER = (
    "Rec No",
    "Recommendation",
    "Agreed/ Partly Agreed/ Not Agreed",
    "Response Action Taken/Planned",
    "Responsible Owner (including named individuals and their functional role or department)",
    "Target Date",
)
LETTERED = re.compile(r"^\(?[a-z]\)\s")
STATUS = {"agreed": "Agreed", "partly-agreed": "Partly Agreed", "not-agreed": "Not Agreed"}
SUMMARY = (("agreed", "Agreed"), ("partly-agreed", "Partly Agreed"), ("not-agreed", "Not Agreed"), ("total", "Total"))
INTRODUCTION = (
    "Her Majesty's Inspectorate of Probation is the independent inspector of youth offending and probation "
    "services in England and Wales. It reports on the effectiveness of probation and youth offending service "
    "work with adults and children. In response to the report, HMPPS/MoJ are required to draft a robust and "
    "timely action plan to address the recommendations."
)
DEFINITIONS = (
    ("Term", "Definition", "Additional comment"),
    (
        "Agreed",
        "All of the recommendation is agreed with, can be achieved and is affordable.",
        "The response should clearly explain how the recommendation will be achieved along with timescales.",
    ),
    (
        "Partly Agreed",
        "Only part of the recommendation is agreed with, is achievable, affordable and will be implemented.",
        "There must be an explanation of why we cannot fully agree the recommendation.",
    ),
    (
        "Not Agreed",
        "The recommendation is not agreed and will not be implemented.",
        "The response must clearly state the reasons why we have chosen this option.",
    ),
)


# --- dates and texts -----------------------------------------------------------------------


def long_date(iso: str | None) -> str:
    """`2019-03-29` -> `29 March 2019`; `2020-04` -> `April 2020`."""
    if not iso:
        return ""
    parts = [int(p) for p in iso.split("-")]
    month = datetime.date(parts[0], parts[1], 1).strftime("%B")
    return f"{parts[2]} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def action_items(text: str) -> list[tuple[str, list[str]]]:
    """An action's text (`parse.action_text`) back into its items: `(lead, sub-items)`; a lead's
    own line breaks are kept as `\\n`.

    >>> action_items("- Do A:\\n  - one\\n- Do B.")
    [('Do A:', ['one']), ('Do B.', [])]
    >>> action_items("Training will:\\n- Develop it.")
    [('Training will:', ['Develop it.'])]
    """
    lines = text.split("\n")
    items: list[tuple[str, list[str]]] = []
    if text.startswith("- "):
        for line in lines:
            if line.startswith("- "):
                items.append((line[2:], []))
            elif line.startswith("  - ") and items:
                items[-1][1].append(line[4:])
            elif items:
                items[-1] = (f"{items[-1][0]}\n{line.strip()}", items[-1][1])
        return items
    lead = "\n".join(line for line in lines if not line.startswith("- "))
    return [(lead, [line[2:] for line in lines if line.startswith("- ")])]


def runs(text: str) -> list[tuple[str, bool, bool]]:
    """`(text, bold, italic)` runs of text with Markdown emphasis (`**bold**`, `*italic*`)."""
    out: list[tuple[str, bool, bool]] = []
    bold = italic = False
    for piece in re.split(r"(\*\*|\*)", text):
        if piece == "**":
            bold = not bold
        elif piece == "*":
            italic = not italic
        elif piece:
            out.append((piece, bold, italic))
    return out


# --- the document ----------------------------------------------------------------------------


def paragraph(
    cell: _Cell,
    text: str,
    look: Look,
    *,
    bold: bool = False,
    style: str | None = None,
    gap: Length | None = None,
) -> None:
    """Add a paragraph of text to a cell (its first, empty paragraph is used first); its spacing,
    font and size set as `look` says (left to the template where it says None)."""
    if len(cell.paragraphs) == 1 and not cell.paragraphs[0].text:
        para = cell.paragraphs[0]
        if style:
            para.style = style
    else:
        para = cell.add_paragraph(style=style)
    if look.item_gap is not None:
        fmt = para.paragraph_format
        fmt.space_after = Pt(0)
        fmt.space_before = gap if gap is not None else Pt(0)
    for piece, piece_bold, italic in runs(text):
        run = para.add_run(piece)
        run.bold = bold or piece_bold
        run.italic = italic
        if look.cell_size is not None:
            run.font.size = look.cell_size
        if look.font is not None:
            run.font.name = look.font


def item_paragraphs(cell: _Cell, items: Sequence[tuple[str, list[str]]], look: Look) -> None:
    """A cell's items: each lead a paragraph with space above (a lead-in in bold), each sub-item a bullet."""
    first = True
    for lead, subs in items:
        for line in lead.split("\n") if lead else []:
            paragraph(cell, line, look, bold=line.rstrip().endswith(":"), gap=None if first else look.item_gap)
            first = False
        for sub in subs:
            if LETTERED.match(sub):  # "a) …": typed as a paragraph of its own, as the plans do
                paragraph(cell, sub, look, gap=None if first else Pt(0))
            else:
                paragraph(cell, sub, look, style="List Bullet", gap=None if first else Pt(0))
            first = False


def set_cell_shading(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def repeat_as_header(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def new_table(doc: DocxDocument, rows: int, widths: Sequence[Length]) -> Table:
    table = doc.add_table(rows=rows, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    return table


ActionRow = tuple[list[tuple[str, list[str]]], str, str]  # action items, owner, target


def plan_rows(rec: Recommendation) -> list[ActionRow]:
    """A recommendation's rows beside its first three cells: the rationale (no owner or date),
    then one row per action."""
    rows: list[ActionRow] = []
    if rec.rationale:
        rows.append((action_items(rec.rationale), "", ""))
    rows += [(action_items(a.text), a.owner, a.target.text) for a in rec.actions]
    return rows or [([], "", "")]


def section_title(addressee: str, plan: Plan) -> str:
    who = plan.provider.short_name if addressee == plan.provider.name else addressee
    return f"Recommendations for {who}"


def action_table(doc: DocxDocument, plan: Plan, look: Look) -> None:
    layout: list[str | tuple[Recommendation, list[ActionRow]]] = []  # a section row's title, or a recommendation
    addressee = plan.provider.name
    for n, rec in enumerate(plan.recommendations):
        if n == 0 or rec.addressee != addressee:
            layout.append(section_title(rec.addressee, plan))
            addressee = rec.addressee
        layout.append((rec, plan_rows(rec)))
    count = 1 + sum(1 if isinstance(block, str) else len(block[1]) for block in layout)
    table = new_table(doc, count, look.widths)
    header = table.rows[0]
    repeat_as_header(header)
    for cell, label in zip(header.cells, HEADER, strict=True):
        paragraph(cell, label, look, bold=True)
        set_cell_shading(cell, "D9D9D9")
    r = 1
    for block in layout:
        if isinstance(block, str):
            cells = table.rows[r].cells
            merged = cells[0].merge(cells[-1])
            paragraph(merged, block, look, bold=True)
            set_cell_shading(merged, "F2F2F2")
            r += 1
            continue
        rec, rows = block
        first = table.rows[r].cells
        paragraph(first[0], str(rec.number), look, bold=True)
        paragraph(first[1], rec.text, look)
        paragraph(first[2], STATUS.get(rec.status or "", ""), look)
        for k, (items, owner, target) in enumerate(rows):
            cells = table.rows[r + k].cells
            item_paragraphs(cells[3], items, look)
            # Owners and dates kept together with one action were separate paragraphs ("; " joins them)
            for k2, entry in enumerate(e for e in owner.split("; ") if e):
                paragraph(cells[4], entry, look, gap=look.item_gap if k2 else None)
            for k2, entry in enumerate(e for e in target.split("; ") if e):
                paragraph(cells[5], entry, look, gap=look.item_gap if k2 else None)
        if len(rows) > 1:
            for col in range(3):
                table.cell(r, col).merge(table.cell(r + len(rows) - 1, col))
        r += len(rows)


def summary_table(doc: DocxDocument, summary: dict[str, int], look: Look) -> None:
    doc.add_paragraph()
    table = new_table(doc, 1 + len(SUMMARY), (Cm(5), Cm(2)))
    heading = table.rows[0].cells
    paragraph(heading[0].merge(heading[1]), "Recommendations", look, bold=True)
    for row, (key, label) in zip(table.rows[1:], SUMMARY, strict=True):
        paragraph(row.cells[0], label, look)
        paragraph(row.cells[1], str(summary.get(key, 0)), look)


def plan_document(plan: Plan, look: Look = STYLED) -> DocxDocument:
    doc = Document()
    props = doc.core_properties
    props.author = props.last_modified_by = "tools/make_office_pdfs.py"
    props.created = props.modified = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(1.8)
    if look.spaced:
        spacing = doc.styles["Normal"].paragraph_format
        spacing.space_after = Pt(10)
        spacing.line_spacing = 1.15
    if look.font is not None:
        normal = doc.styles["Normal"]
        normal.font.name = look.font
        normal.font.size = Pt(10)
        normal.paragraph_format.space_after = Pt(6)
        bullet = doc.styles["List Bullet"]
        bullet.font.name = look.font
        bullet.font.size = look.cell_size
        for name in ("Heading 1", "Heading 2"):
            style = doc.styles[name]
            style.font.name = look.font
            style.font.color.rgb = RGBColor(0, 0, 0)
    doc.add_heading(f"Action Plan Submitted: {long_date(plan.submitted)}", level=2)
    doc.add_heading(f"A Response to the HMI Probation Inspection: {plan.provider.name}", level=1)
    doc.add_heading(f"Report Published: {long_date(plan.published)}", level=2)
    doc.add_heading("INTRODUCTION", level=2)
    doc.add_paragraph(INTRODUCTION)
    definitions = new_table(doc, len(DEFINITIONS), (Cm(4), Cm(10), Cm(11.7)))
    for row, texts in zip(definitions.rows, DEFINITIONS, strict=True):
        for n, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            paragraph(cell, text, look, bold=n == 0 or texts is DEFINITIONS[0])
    doc.add_paragraph()
    doc.add_heading(f"ACTION PLAN: {plan.provider.short_name}", level=2)
    action_table(doc, plan, look)
    if plan.declared_summary:
        summary_table(doc, plan.declared_summary, look)
    return doc


# --- conversion --------------------------------------------------------------------------------


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise SystemExit("LibreOffice is needed: apt-get install libreoffice-writer-nogui fonts-liberation")
    return found


def convert(docx_files: Sequence[Path], out: Path) -> None:
    """Export each .docx to PDF in `out` with LibreOffice (a throwaway profile: no shared state)."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                *map(str, docx_files),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )


def write_office_pdfs(out: Path | None = None, keep_docx: bool = False, look: Look = STYLED) -> dict[str, int]:
    """Write `<source>.pdf` for every real plan into `out` (by default the look's folder);
    returns their sizes by file name."""
    out = out or FIXTURES / look.folder
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        docs: list[Path] = []
        for source in sorted((ROOT / "source_plans").glob("*.txt")):
            if look.plans is not None and source.stem not in look.plans:
                continue
            plan, _ = read_plan(source)
            path = Path(tmp) / f"{source.stem}.docx"
            plan_document(plan, look).save(str(path))
            docs.append(path)
        convert(docs, out)
        if keep_docx:
            for path in docs:
                shutil.copy(path, out / path.name)
    return {p.name: p.stat().st_size for p in sorted(out.glob("*.pdf"))}


def main() -> None:
    look = next((LOOKS[arg] for arg in sys.argv[1:] if arg in LOOKS), STYLED)
    for name, size in write_office_pdfs(keep_docx="--keep-docx" in sys.argv, look=look).items():
        print(f"{look.folder}/{name:40} {size / 1024:6.1f} KiB")


if __name__ == "__main__":
    main()
