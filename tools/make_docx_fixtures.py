"""Make the committed Word (.docx) fixtures (run by hand; the tests only read the files).

    .venv/bin/python tools/make_docx_fixtures.py

Writes:

- tests/fixtures/docx/office/<source>.docx: the five real plans written out as Word documents from
  the project's own parse of each `.txt` (`make_office_pdfs.plan_document`: vertically merged
  recommendation cells, section rows spanning the table, bullets in the `List Bullet` style, bold
  lead-ins). Reading one must give back the plan its `.txt` gives (tests/test_read_docx.py).
- tests/fixtures/docx/council-merged.docx: a youth justice plan as a council writes it in Word: the
  council's headings above the table, a group row merged across the table ("The Management Board
  should:"), the recommendation cell merged down over its action rows, bullets made both ways Word
  makes them (the `List Bullet` style, and numbering on a plain paragraph), several paragraphs and a
  line break in one cell, a cell merged across two columns, and a RAG key after the table.
- tests/fixtures/docx/not-a-plan.docx: a letter, in Word.
- tests/hostile/sources/zip-bomb.docx: a zip package named .docx whose document would unpack to
  120 MB of zeros (117 KB on disk); tests/hostile/sources/corrupt.docx: a real .docx cut short.

python-docx stamps each part of the zip with the time it is saved, so the bytes differ from run to
run; the text does not.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import _Cell

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from make_office_pdfs import FIXED_DATE, plan_document, repeat_as_header  # noqa: E402

from probation_archive.pipeline import read_plan  # noqa: E402

DOCX = ROOT / "tests" / "fixtures" / "docx"
HOSTILE = ROOT / "tests" / "hostile" / "sources"

HEADINGS = (
    ("Westbay Council", 0),
    ("Youth Justice Service", 1),
    ("Improvement plan following the inspection of youth justice services in Westbay", 1),
    ("Report published: 24/11/2022", None),
    ("Plan agreed by the Youth Justice Management Board: 12th January 2023", None),
)
HEADER = ("Rec No", "Recommendation", "Action", "Lead officer", "Target date", "RAG")


def fixed(doc: DocxDocument) -> DocxDocument:
    props = doc.core_properties
    props.author = props.last_modified_by = "tools/make_docx_fixtures.py"
    props.created = props.modified = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1
    return doc


def numbered(cell: _Cell, text: str) -> None:
    """A bullet as Word makes it when a list is started on a plain paragraph: numbering (`w:numPr`)
    on a `Normal` paragraph."""
    paragraph = cell.add_paragraph(text)
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", "0"), ("w:numId", "1")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        num_pr.append(element)
    paragraph._p.get_or_add_pPr().append(num_pr)


def fill(cell: _Cell, *paragraphs: str) -> None:
    """A cell's paragraphs (its first, empty paragraph used first)."""
    cell.paragraphs[0].text = paragraphs[0]
    for text in paragraphs[1:]:
        cell.add_paragraph(text)


def council_merged() -> DocxDocument:
    doc = fixed(Document())
    for text, level in HEADINGS:
        if level is None:
            doc.add_paragraph(text)
        else:
            doc.add_heading(text, level=level)
    doc.add_paragraph(
        "This plan sets out how Westbay Youth Justice Service and its partners will act on the four "
        "recommendations of the inspection."
    )
    table = doc.add_table(rows=11, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        fill(cell, text)
        cell.paragraphs[0].runs[0].bold = True
    repeat_as_header(table.rows[0])

    # a group row merged across the whole table: the addressee of the recommendations below it
    fill(table.cell(1, 0).merge(table.cell(1, 5)), "The Youth Justice Management Board should:")

    # recommendation 1, merged down over three action rows
    table.cell(2, 0).merge(table.cell(4, 0))
    table.cell(2, 1).merge(table.cell(4, 1))
    fill(table.cell(2, 0), "1")
    fill(
        table.cell(2, 1),
        "Make sure that the board understands the needs of the children the service works with.",
    )
    fill(table.cell(2, 2), "Review the board's terms of reference and membership.")
    fill(table.cell(2, 3), "Chair of the Board")
    fill(table.cell(2, 4), "March 2023")
    fill(table.cell(2, 5), "Green")
    action = table.cell(3, 2)
    fill(action, "Set up a performance sub-group to:")
    action.paragraphs[0].runs[0].bold = True
    action.add_paragraph("review the data on disproportionality each quarter;", style="List Bullet")
    action.add_paragraph("report its findings to the full board.", style="List Bullet")
    fill(table.cell(3, 3), "Head of Service")
    fill(table.cell(3, 4), "June 2023")
    fill(table.cell(3, 5), "Amber")
    fill(table.cell(4, 2), "Hold a board development day with children and their families.")
    fill(table.cell(4, 3), "Chair of the Board", "Participation Officer")
    fill(table.cell(4, 4), "September 2023")
    fill(table.cell(4, 5), "Red")

    # recommendation 2: two paragraphs in the recommendation cell, two in the action cell
    table.cell(5, 0).merge(table.cell(6, 0))
    table.cell(5, 1).merge(table.cell(6, 1))
    fill(table.cell(5, 0), "2")
    fill(
        table.cell(5, 1),
        "Improve the quality of assessment and planning for keeping children safe.",
        "This includes children released from custody.",
    )
    fill(
        table.cell(5, 2),
        "Deliver training on safety planning to all case managers.",
        "Audit ten cases each quarter against the new standard.",
    )
    fill(table.cell(5, 3), "Practice Development Lead")
    fill(table.cell(5, 4), "April 2023")
    fill(table.cell(5, 5), "Amber")
    action = table.cell(6, 2)
    fill(action, "Agree a custody release protocol with:")
    numbered(action, "the secure estate;")
    numbered(action, "children's social care.")
    fill(table.cell(6, 3), "Operational Manager")
    fill(table.cell(6, 4), "May 2023")
    fill(table.cell(6, 5), "Green")

    # a second group row, then recommendation 3 with a line break in its action
    fill(table.cell(7, 0).merge(table.cell(7, 5)), "The Head of Service should:")
    table.cell(8, 0).merge(table.cell(9, 0))
    table.cell(8, 1).merge(table.cell(9, 1))
    fill(table.cell(8, 0), "3")
    fill(table.cell(8, 1), "Make sure that victims are offered a service that meets their needs.")
    action = table.cell(8, 2)
    fill(action, "Publish a leaflet for victims.")
    action.paragraphs[0].runs[0].add_break()
    action.paragraphs[0].add_run("Translate it into the five commonest languages.")
    fill(table.cell(8, 3), "Restorative Justice Worker")
    fill(table.cell(8, 4), "February 2023")
    fill(table.cell(8, 5), "Complete")
    fill(table.cell(9, 2), "Review the victim contact process.")
    fill(table.cell(9, 3), "Victim Liaison Officer")
    fill(table.cell(9, 4), "July 2023")
    fill(table.cell(9, 5), "Amber")

    # recommendation 4: its owner and date merged across two columns
    fill(table.cell(10, 0), "4")
    fill(table.cell(10, 1), "Strengthen the education offer for children of school age.")
    fill(table.cell(10, 2), "Appoint a dedicated education worker within the service.")
    fill(table.cell(10, 3).merge(table.cell(10, 4)), "Head of Education Inclusion, by December 2023")
    fill(table.cell(10, 5), "Amber")

    doc.add_paragraph("RAG key: Red – not started or off track; Amber – under way; Green – on track; Complete – done.")
    return doc


def not_a_plan() -> DocxDocument:
    doc = fixed(Document())
    doc.add_paragraph("Westbay Council")
    doc.add_paragraph("Dear Chief Inspector,")
    doc.add_paragraph("Thank you for your report on youth justice services in Westbay, which the board discussed.")
    doc.add_paragraph("Yours sincerely")
    return doc


def zip_bomb() -> bytes:
    """A zip package laid out as a .docx whose document part unpacks to 120 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        for name in ("[Content_Types].xml", "word/document.xml"):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with package.open(info, "w") as member:
                chunk = b"\0" * 10**6
                for _ in range(120 if name == "word/document.xml" else 1):
                    member.write(chunk)
    return out.getvalue()


def main() -> None:
    (DOCX / "office").mkdir(parents=True, exist_ok=True)
    for source in sorted((ROOT / "source_plans").glob("*.txt")):
        plan, _ = read_plan(source)
        fixed(plan_document(plan)).save(str(DOCX / "office" / f"{source.stem}.docx"))
    council_merged().save(str(DOCX / "council-merged.docx"))
    not_a_plan().save(str(DOCX / "not-a-plan.docx"))
    (HOSTILE / "zip-bomb.docx").write_bytes(zip_bomb())
    whole = (DOCX / "not-a-plan.docx").read_bytes()
    (HOSTILE / "corrupt.docx").write_bytes(whole[: len(whole) // 2])
    for path in sorted([*DOCX.rglob("*.docx"), *HOSTILE.glob("*.docx")]):
        print(f"{path.relative_to(ROOT)!s:55} {path.stat().st_size / 1024:7.1f} KiB")


if __name__ == "__main__":
    main()
