"""The Word reader: the five real plans written out as .docx read back as their `.txt` does, the council
fixture's merged cells, group rows, bullets, paragraphs and key read as a table's rows, and a bad package
refused with one line before python-docx unpacks it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from probation_archive.coverage import check_coverage
from probation_archive.model import Location, Row, SourceError
from probation_archive.parse import parse_plan
from probation_archive.read_docx import MAX_UNPACKED_BYTES, read_docx
from probation_archive.themes import Theme

from .conftest import REAL_SOURCES, ROOT
from .reader_goldens import check_reader_golden
from .test_read_pdf import record
from .test_read_pdf_office import comparable

DOCX = ROOT / "tests" / "fixtures" / "docx"
OFFICE_DOCX = sorted((DOCX / "office").glob("*.docx"))
COUNCIL = DOCX / "council-merged.docx"
# The HMPPS headings the parser reads today, put in place of the council's (see `as_hmpps_plan`)
HMPPS_HEADINGS = (
    "Action Plan Submitted: 12 January 2023",
    "A Response to the HMI Probation Inspection: Westbay Youth Justice Service",
    "Report Published: 24 November 2022",
)


def test_every_real_plan_has_a_docx() -> None:
    assert [p.stem for p in OFFICE_DOCX] == [p.stem for p in REAL_SOURCES]


@pytest.mark.parametrize("docx", OFFICE_DOCX, ids=lambda p: p.stem)
def test_docx_gives_the_same_entry_as_its_text(docx: Path, themes: tuple[Theme, ...]) -> None:
    """Merged recommendation cells read once, section rows across the table, `List Bullet` sub-items,
    bold lead-ins: the plan reads as the `.txt` it was written from (less what the .docx changes)."""
    expected = comparable(record(ROOT / "source_plans" / f"{docx.stem}.txt", themes))
    assert comparable(record(docx, themes)) == expected


def test_council_fixture_rows(update_goldens: bool) -> None:
    check_reader_golden(COUNCIL, read_docx(COUNCIL), update_goldens)


def as_hmpps_plan(rows: list[Row]) -> list[Row]:
    """The council fixture's rows with its heading paragraphs swapped for HMPPS's (which the parser
    reads today), so the table is parsed as it will be once the parser reads council headings."""
    body = [row for row in rows if not (row.where.unit == "paragraph" and row.where.number <= 5)]
    return [Row((text,), Location("paragraph", 0)) for text in HMPPS_HEADINGS] + body


def test_council_fixture_parses_to_the_table_it_shows() -> None:
    rows = as_hmpps_plan(read_docx(COUNCIL))
    plan = parse_plan(rows, COUNCIL.name, "0" * 64)
    assert [(r.number, r.addressee) for r in plan.recommendations] == [
        (1, "The Youth Justice Management Board"),
        (2, "The Youth Justice Management Board"),
        (3, "The Head of Service"),
        (4, "The Head of Service"),
    ]
    first, second, third, _ = plan.recommendations
    # merged down over three rows: read once, three actions
    assert first.text == "Make sure that the board understands the needs of the children the service works with."
    assert [a.rag for a in first.actions] == ["green", "amber", "red"]
    assert first.actions[1].text == (
        "**Set up a performance sub-group to:**\n- review the data on disproportionality each quarter;\n"
        "- report its findings to the full board."
    )
    assert first.actions[2].owner == "Chair of the Board; Participation Officer"  # two paragraphs, two owners
    assert (
        second.text
        == "Improve the quality of assessment and planning for keeping children safe. This includes children released from custody."
    )
    assert (
        second.actions[1].text
        == "Agree a custody release protocol with:\n- the secure estate;\n- children's social care."
    )
    assert (
        third.actions[0].text == "- Publish a leaflet for victims.\n- Translate it into the five commonest languages."
    )
    assert plan.warnings == ()  # the RAG key after the table is no action and no warning
    assert check_coverage(rows, plan).missing == ()


def test_text_after_the_table_that_is_not_a_key_is_a_warning() -> None:
    rows = as_hmpps_plan(read_docx(COUNCIL))
    rows.append(Row(("Recommendation 5 will be answered in the next plan.",), Location("paragraph", 8)))
    plan = parse_plan(rows, COUNCIL.name, "0" * 64)
    assert len(plan.recommendations) == 4 and plan.recommendations[-1].actions[-1].text.startswith("Appoint")
    assert [str(w) for w in plan.warnings] == [
        "paragraph 8: text outside the action-plan table, not part of any recommendation: "
        "'Recommendation 5 will be answered in the next plan.'"
    ]


def package(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.write_bytes(b"%PDF-1.4 not a docx"), "not a Word document (not a .docx zip package)"),
        (
            lambda p: package(p, {"hello.txt": b"hi"}),
            "not a Word document (a zip package with no word/document.xml)",
        ),
        (
            lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le")),
            "encrypted: it needs a password to open; save it without one",
        ),
        (
            lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
            "a Word 97–2003 document (.doc), not a .docx; save it as .docx",
        ),
        (
            lambda p: package(p, {"[Content_Types].xml": b"<x/>", "word/document.xml": b"<not xml"}),
            "corrupt Word document",
        ),
    ],
    ids=["pdf-bytes", "other-zip", "encrypted", "old-doc", "bad-xml"],
)
def test_bad_packages_get_one_line(tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.docx"
    make(path)
    with pytest.raises(SourceError) as raised:
        read_docx(path)
    assert raised.value.reason.startswith(reason)
    assert "\n" not in str(raised.value)


def test_a_zip_bomb_is_refused_from_its_listing() -> None:
    bomb = ROOT / "tests" / "hostile" / "sources" / "zip-bomb.docx"
    assert bomb.stat().st_size < 200_000
    assert sum(m.file_size for m in zipfile.ZipFile(bomb).infolist()) > MAX_UNPACKED_BYTES
    with pytest.raises(SourceError, match="refused: it would unpack to 121 MB"):
        read_docx(bomb)
