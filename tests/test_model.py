"""The model's typed values: `PartialDate`, a date as precise as its source states it, and the typed
accessors that read the model's ISO strings through it."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from probation_archive.model import (
    NOT_STATED,
    STATUSES,
    TARGET_STATUSES,
    InspectionKind,
    PartialDate,
    Plan,
    Provider,
    Rag,
    Status,
    StatusOrNotStated,
    Target,
    stated,
)
from probation_archive.pages.glossary import STATUS_DEFINITIONS, TARGET_DEFINITIONS
from probation_archive.pages.layout import STATUS_SYMBOLS
from probation_archive.present.words import INSPECTION_LABELS, RAG_LABELS, STATUS_LABELS, TARGET_LABELS
from probation_archive.publish.search_index import STATUS_LETTERS


@pytest.mark.parametrize(
    "iso, parts, precision",
    [
        ("2019", (2019, None, None), "year"),
        ("2019-06", (2019, 6, None), "month"),
        ("2019-06-10", (2019, 6, 10), "day"),
        ("2020-02-29", (2020, 2, 29), "day"),
    ],
)
def test_parse_keeps_the_precision_stated(iso: str, parts: tuple[int, int | None, int | None], precision: str) -> None:
    date = PartialDate.parse(iso)
    assert (date.year, date.month, date.day) == parts
    assert date.precision == precision
    assert date.iso == str(date) == iso


@pytest.mark.parametrize(
    "iso",
    ["", "19", "2019-6", "2019-06-1", "2019/06/10", "10/06/2019", "2019-13", "2019-00", "2019-02-30", "2019-06-10x"],
)
def test_parse_refuses_what_is_not_an_iso_date_of_some_precision(iso: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(iso)


def test_a_day_needs_a_month() -> None:
    with pytest.raises(ValueError, match="a day without a month"):
        PartialDate(2019, None, 3)


@pytest.mark.parametrize(
    "iso, year_month, first_day",
    [
        ("2019-06-10", "2019-06", datetime.date(2019, 6, 10)),
        ("2019-06", "2019-06", datetime.date(2019, 6, 1)),
        ("2019", "2019", datetime.date(2019, 1, 1)),
    ],
)
def test_cut_to_the_month_and_widened_to_a_day(iso: str, year_month: str, first_day: datetime.date) -> None:
    date = PartialDate.parse(iso)
    assert date.year_month == year_month
    assert date.to_month() == PartialDate.parse(year_month)
    assert date.first_day == first_day


def test_dates_order_by_time_a_coarser_date_before_the_finer_ones_it_contains() -> None:
    dates = ["2020-01", "2019-12-31", "2019", "2019-12", "2019-01-01", "2019-01"]
    assert [str(d) for d in sorted(map(PartialDate.parse, dates))] == [
        "2019",
        "2019-01",
        "2019-01-01",
        "2019-12",
        "2019-12-31",
        "2020-01",
    ]
    assert PartialDate(2019, 6) > PartialDate(2019, 5, 31) and PartialDate(2019, 6) <= PartialDate(2019, 6)
    assert max(map(PartialDate.parse, dates)) == PartialDate(2020, 1)


def test_a_date_is_never_ordered_against_a_string() -> None:
    with pytest.raises(TypeError):
        assert PartialDate(2019) < "2020"  # type: ignore[operator]


PARTIAL_DATES = st.builds(
    lambda day, precision: PartialDate(day.year, *(day.month, day.day)[:precision]),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2099, 12, 31)),
    st.integers(min_value=0, max_value=2),
)


@given(PARTIAL_DATES)
def test_iso_round_trips(date: PartialDate) -> None:
    assert PartialDate.parse(date.iso) == date
    assert len(date.iso) == {"year": 4, "month": 7, "day": 10}[date.precision]


@given(PARTIAL_DATES, PARTIAL_DATES)
def test_order_is_the_order_of_the_iso_strings(a: PartialDate, b: PartialDate) -> None:
    """The archive published these strings and sorted them as strings: the type must agree."""
    assert (a < b) == (a.iso < b.iso)
    assert (a == b) == (a.iso == b.iso)


def plan(submitted: str | None) -> Plan:
    return Plan(
        "s.txt", "0" * 64, Provider("Somewhere CRC", "SW CRC", "CRC", "somewhere-crc"), submitted, None, (), None
    )


@pytest.mark.parametrize(
    "submitted, month",
    [("2019-03-29", "2019-03"), ("2019-03", "2019-03"), ("2019", "2019"), (None, None)],
)
def test_a_plans_submission_month(submitted: str | None, month: str | None) -> None:
    assert plan(submitted).submitted_month == month
    assert plan(submitted).submitted_date == (PartialDate.parse(submitted) if submitted else None)


def test_a_targets_due_date() -> None:
    assert Target("May 2019", "2019-05", "planned").due == PartialDate(2019, 5)
    assert Target("Ongoing", None, "ongoing").due is None


@pytest.mark.parametrize(
    "iso, words",
    [("2019-03-29", "29 March 2019"), ("2019-03", "March 2019"), ("2019", "2019"), ("2020-12-01", "1 December 2020")],
)
def test_a_date_in_words_at_its_own_precision(iso: str, words: str) -> None:
    assert PartialDate.parse(iso).human() == words


def test_the_ordered_vocabularies_are_their_literals_in_order() -> None:
    assert STATUSES == ("agreed", "partly-agreed", "not-agreed") == get_args(Status)
    assert TARGET_STATUSES == ("completed", "partly-completed", "ongoing", "planned", "unknown")
    assert set(get_args(StatusOrNotStated)) == {*STATUSES, NOT_STATED}
    assert [stated(s) for s in (*STATUSES, None)] == [*STATUSES, "not-stated"]


# mypy rejects a key outside a table's Literal; this checks that none of the Literal's values is missing.
@pytest.mark.parametrize(
    "table, values",
    [
        (STATUS_LABELS, get_args(StatusOrNotStated)),
        (STATUS_SYMBOLS, get_args(StatusOrNotStated)),
        (STATUS_LETTERS, get_args(StatusOrNotStated)),
        (STATUS_DEFINITIONS, STATUSES),
        (TARGET_LABELS, TARGET_STATUSES),
        (TARGET_DEFINITIONS, TARGET_STATUSES),
        (RAG_LABELS, get_args(Rag)),
        (INSPECTION_LABELS, get_args(InspectionKind)),
    ],
    ids=[
        "status-labels",
        "status-symbols",
        "status-letters",
        "status-definitions",
        "target-labels",
        "target-definitions",
        "rag-labels",
        "inspection-labels",
    ],
)
def test_every_table_keyed_by_a_vocabulary_names_each_of_its_values_once(
    table: Mapping[str, str], values: tuple[str, ...]
) -> None:
    assert list(table) == list(values)
    assert all(table[value].strip() for value in values)
