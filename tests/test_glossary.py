"""probation_archive.pages.glossary: expansions found by abbreviation are those of the whole-text search."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from probation_archive.pages.glossary import _EXPANSION, expansion_matches, find_expansions

PIECES = st.sampled_from(
    ["Probation", "Service", "Officer", "of", "the", "and", "&", "(PSO)", "(PS)", "(PSOs)", "(see)", "(X)", "(OASys)",
     "Offender", "Assessment", "System", ".", ",", "-", "’", "'s", "\n", " ", "  ", "(", ")", "x", "Y", "Z"]
)  # fmt: skip


@given(st.lists(PIECES, max_size=30), st.lists(st.sampled_from(["", " "]), max_size=30))
def test_matches_are_those_of_searching_the_whole_text(pieces: list[str], gaps: list[str]) -> None:
    text = "".join(piece + (gaps[n] if n < len(gaps) else " ") for n, piece in enumerate(pieces))
    expected = [(m.span(), m.groups()) for m in _EXPANSION.finditer(text)]
    assert [(m.span(), m.groups()) for m in expansion_matches(text)] == expected


def test_abbreviations_in_one_text_and_across_texts() -> None:
    texts = [
        "(see below) the Probation Service (PS), then an Offender Management Unit (OMU); Senior Probation Officer (SPO)",
        "a Probation Service Team (PS) again",  # the first expansion seen wins
    ]
    assert find_expansions(texts) == {
        "PS": "Probation Service",
        "OMU": "Offender Management Unit",
        "SPO": "Senior Probation Officer",
    }
