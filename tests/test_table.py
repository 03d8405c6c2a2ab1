"""The table's header read by meaning: the layouts published plans use, and the rows that are not headers."""

from __future__ import annotations

import pytest

from probation_archive.table import TableLayout, classify_row, fit_row, header_layout, read_header, summary_entry

HMPPS = [
    "1. Rec No",
    "2. Recommendation",
    "3. Agreed/ Partly Agreed/ Not Agreed",
    "4. Response Action Taken/Planned",
    "5. Responsible Owner (including named individuals and their functional role or department)",
    "6. Target Date",
    "",
]


@pytest.mark.parametrize(
    ("labels", "roles"),
    [
        (HMPPS, ["ref", "recommendation", "status", "action", "owner", "target"]),
        (
            [
                "Ref No",
                "Area requiring improvement (Recommendations)",
                "Action required",
                "Planned completion date",
                "Lead officer",
                "Agency",
                "Progress against agreed action and impact monitoring",
            ],
            ["ref", "recommendation", "action", "target", "owner", "agency", "progress"],
        ),
        (
            ["Recommendation", "Accepted / Partially accepted / Not accepted", "Response", "Action owner", "Timescale"],
            ["recommendation", "status", "action", "owner", "target"],
        ),
        (
            ["No.", "Recommendation", "Action", "By whom", "By when", "RAG"],
            ["ref", "recommendation", "action", "owner", "target", "rag"],
        ),
        (
            ["Ref", "Recommendation", "Update", "Status", "Target date"],
            ["ref", "recommendation", "progress", "status", "target"],
        ),
    ],
)
def test_published_headers_are_read_by_meaning(labels: list[str], roles: list[str]) -> None:
    layout = header_layout(labels)
    assert layout is not None
    assert sorted(layout.roles, key=layout.roles.__getitem__) == roles
    assert layout.is_classic == (labels == HMPPS)


@pytest.mark.parametrize(
    "labels",
    [
        ["Term", "Definition", "Additional comment"],  # the definitions table before the action plan
        ["Recommendations", "Agreed"],  # a summary table
        ["1", "Improve training", "Agreed", "Train all staff.", "Director", "May 2021"],  # a body row
        ["Agreed", "All of the recommendation is agreed with, can be achieved and is affordable.", "The response"],
    ],
)
def test_rows_that_are_not_headers(labels: list[str]) -> None:
    assert read_header(labels) == (None, None)


@pytest.mark.parametrize(
    ("labels", "problem"),
    [
        (
            ["Ref No", "Issue", "Proposal", "Lead officer"],
            "no recommendation or action column (unknown: 'Issue', 'Proposal')",
        ),
        (["Rec No", "Recommendation", "Action", "Owner", "Notes"], "unknown: 'Notes'"),
        (["Rec No", "Recommendation", "Action"], "3 columns (an action plan has 4 to 8)"),
        (["Rec No", "Recommendation", "Action", "Owner", "Action taken"], "repeated: 'Action taken'"),
        ([f"Rec No {n}" if n == 0 else "Recommendation" if n == 1 else f"Target {n}" for n in range(9)], None),
    ],
)
def test_header_lookalikes_say_why(labels: list[str], problem: str | None) -> None:
    assert read_header(labels) == (None, problem)


def test_rows_are_read_at_the_headers_own_positions() -> None:
    layout = header_layout(["Recommendation", "Target date", "Action", "Owner", "Rec No"])
    assert isinstance(layout, TableLayout) and not layout.is_classic
    row = fit_row(layout, ["Improve audits", "May 2026", "Audit 20 cases.", "Quality Lead", "3"])
    assert (row.ref, row.recommendation, row.action, row.owner, row.target) == (
        "3",
        "Improve audits",
        "Audit 20 cases.",
        "Quality Lead",
        "May 2026",
    )
    assert (row.status, row.agency, row.progress, row.rag) == ("", "", "", "")
    # a short row lost its leading empty cells; a long one's surplus is kept in the last column
    assert fit_row(layout, ["Audit 20 cases.", "Quality Lead", ""]).action == "Audit 20 cases."
    assert fit_row(layout, ["a", "b", "c", "d", "e", "f"]).ref == "e  f"


def test_one_classification_for_parser_and_coverage() -> None:
    layout = header_layout(["Ref No", "Recommendation", "Action", "Lead officer"])
    assert layout is not None
    assert classify_row(["", "", "", ""], layout) == "blank"
    assert classify_row(["Ref No", "Recommendation", "Action", "Lead officer"], layout) == "header"
    assert classify_row(["Recommendations for the Youth Justice Board", "", "", ""], layout) == "section"
    assert classify_row(["", "The YJS Manager should:", "", ""], layout) == "lead-in"
    assert classify_row(["Partly Agreed", "3"], layout) == "summary"
    assert classify_row(["1", "Improve audits.", "Audit cases.", "Lead"], layout) == "body"


@pytest.mark.parametrize(
    ("cells", "entry"),
    [
        (["Agreed", "7"], ("agreed", 7)),
        (["Partly Agreed", "0"], ("partly-agreed", 0)),
        (["Accepted", "3"], ("agreed", 3)),
        (["Partially accepted", "1", ""], ("partly-agreed", 1)),
        (["Not accepted", "1"], ("not-agreed", 1)),
        (["Rejected", "2"], ("not-agreed", 2)),
        (["Total:", "5"], ("total", 5)),
    ],
)
def test_summary_rows_in_any_status_wording(cells: list[str], entry: tuple[str, int]) -> None:
    assert summary_entry(cells) == entry


@pytest.mark.parametrize("cells", [["Accepted", "three"], ["Pending", "2"], ["Accepted", "2", "Head of Service"]])
def test_rows_that_are_not_summary_rows(cells: list[str]) -> None:
    assert summary_entry(cells) is None
