"""Reader goldens: the rows a reader gives for a fixture, as YAML (tests/golden/readers/<fixture>.yml),
one `"<location>": [cells…]` entry per row; written by `pytest --update-goldens`, reviewed by eye.

They check the readers on their own, before the parser: the council headings of the Word and web-page
fixtures are read by the parser's heading code once it knows them."""

from __future__ import annotations

from pathlib import Path

import yaml

from probation_archive.model import Row

from .conftest import GOLDEN

READER_GOLDEN = GOLDEN / "readers"


def rows_as_data(rows: list[Row]) -> list[dict[str, list[str]]]:
    return [{str(row.where): list(row.cells)} for row in rows]


def check_reader_golden(source: Path, rows: list[Row], update: bool) -> None:
    golden = READER_GOLDEN / f"{source.name}.yml"
    data = rows_as_data(rows)
    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)
        golden.write_text(f"# rows read from {source.relative_to(GOLDEN.parent)}\n{text}", encoding="utf-8")
    assert data == yaml.safe_load(golden.read_text(encoding="utf-8"))
