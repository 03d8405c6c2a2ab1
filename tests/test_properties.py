"""Property-based tests: arbitrary table rows never crash the parser, never lose a word,
and never produce an invalid status or date."""

from __future__ import annotations

import contextlib
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from probation_archive.coverage import check_coverage
from probation_archive.model import STATUSES, TARGET_STATUSES, SourceError
from probation_archive.parse import parse_plan
from probation_archive.read_text import decode_text, rows_from_text

HEADINGS = (
    "Action Plan Submitted: 3 March 2021\n"
    "A Response to the HMI Probation Inspection: Somewhere Community Rehabilitation Company\n"
    "Report Published: 1 February 2021\nACTION PLAN: Somewhere CRC\n"
    "1. Rec No\t2. Recommendation\t3. Agreed/ Partly Agreed/ Not Agreed\t4. Response Action Taken/Planned\t"
    "5. Responsible Owner\t6. Target Date\n"
)
WORDS = st.sampled_from(
    [
        "Agreed",
        "Partly Agreed",
        "Not Agreed",
        "Recommendation for HM Prison and Probation Service",
        "The CRC should:",
        "Improve",
        "training",
        "staff",
        "will",
        "review",
        "May 2019",
        "Completed",
        "Ongoing",
        "Way 2013",
        "1.",
        "2",
        "3.",
        "a)",
        "b)",
        "•",
        "<p>",
        "</p>",
        "<ul>",
        "<li>",
        "</li>",
        "Director",
        "Head of Area",
        "(JIU",
        "and",
        ":",
        ";",
        ".",
        "  ",
        "\u00a0",
        "\u200b",
        "ﬁle",
        "<script>x</script>",
        "&amp;",
        "{{x}}",
        "Total",
        "7",
        "Recommendations",
    ]
)
CELL = st.lists(WORDS, max_size=8).map(" ".join)
ROW = st.lists(CELL, min_size=1, max_size=8).map("\t".join)
FIRST = "1\tImprove training for staff\tAgreed\tWe will train.\tDirector\tMay 2021"
TABLE = st.lists(ROW, min_size=1, max_size=25).map(lambda rows: "\n".join([FIRST, *rows]))


def parse(text: str):
    return parse_plan(rows_from_text(text), "p.txt", "0" * 64)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TABLE)
def test_arbitrary_rows_never_crash_lose_text_or_invent_values(table: str) -> None:
    text = HEADINGS + table
    try:
        plan = parse(text)
    except SourceError as error:
        assert error.reason and "\n" not in str(error)
        return
    coverage = check_coverage(rows_from_text(text), plan)
    assert coverage.missing == (), coverage.missing
    numbers = [rec.number for rec in plan.recommendations]
    assert numbers == sorted(set(numbers)) and all(n >= 1 for n in numbers)
    for rec in plan.recommendations:
        assert rec.status in (*STATUSES, None)
        for action in rec.actions:
            assert action.target.status in TARGET_STATUSES
            assert action.target.date is None or re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", action.target.date)
    if plan.declared_summary:
        assert set(plan.declared_summary) <= {"agreed", "partly-agreed", "not-agreed", "total"}


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_fail_with_a_reason(data: bytes) -> None:
    try:
        text = decode_text(data, "x.txt")
    except SourceError as error:
        assert error.source == "x.txt" and error.reason
        return
    assert isinstance(text, str)
    with contextlib.suppress(SourceError):
        parse(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_text_in_any_encoding_round_trips(text: str) -> None:
    for encoded in (text.encode("utf-8"), text.encode("utf-16"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        if "\x00" in text and not encoded.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        assert decode_text(encoded, "x.txt") == text


TARGET_WORDS = st.sampled_from(
    [
        "Completed",
        "completed",
        "Complete",
        "Achieved",
        "implemented",
        "in place",
        "Partially",
        "Ongoing",
        "quarterly",
        "May 2020",
        "June 2019",
        "12th April 2019",
        "October – December 2020",
        "by",
        "end of",
        "and",
        "Durham",
        "Cleveland",
        "Training",
        "–",
        ";",
        ",",
        "  ",
        "TBC",
    ]
)
TARGET_CELL = st.lists(TARGET_WORDS, min_size=1, max_size=8).map(" ".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TARGET_CELL, min_size=1, max_size=4))
def test_a_target_saying_completed_is_never_planned_without_a_warning(targets: list[str]) -> None:
    """Issue #13: "Completed; June 2019" and "Durham – completed Cleveland – May 2020" were shown as
    planned. Whatever the target cells say, a target whose text claims completion is either read as
    completed (wholly or in part) or the plan warns about that very target."""
    rows = "\n".join(
        f"{n}\tImprove training\tAgreed\tWe will train.\tDirector\t{cell}" for n, cell in enumerate(targets, 1)
    )
    plan = parse(HEADINGS + rows)
    assert plan.recommendations
    for rec in plan.recommendations:
        for action in rec.actions:
            target = action.target
            if target.status == "planned" and re.search(r"complete|achieved|implemented|in place", target.text, re.I):
                assert any(f"recommendation {rec.number}: target {target.text!r}" in str(w) for w in plan.warnings), (
                    target,
                    plan.warnings,
                )
            if target.status == "partly-completed" and target.parts:
                assert any(p.status in ("completed", "partly-completed") for p in target.parts)
                assert any(p.status != "completed" for p in target.parts)
