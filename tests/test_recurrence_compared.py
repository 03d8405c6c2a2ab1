"""The method recurrence was compared with (a small embedding model, bench/bench_embedding.py): the About
page's figures for it are computed from the model's stored scores of the same labelled pairs."""

from __future__ import annotations

from pathlib import Path

import yaml

from probation_archive.pages.recurring import (
    COMPARED_FALSE_POSITIVES,
    COMPARED_THRESHOLD,
    COMPARED_TRUE_POSITIVES,
    compared_method,
)
from probation_archive.recurrence import MEASURED_SAME, evaluate
from tests.recurrence_pairs import labelled_pairs

STORED = Path(__file__).parent / "cases" / "recurrence" / "embedding-scores.yml"


def test_the_stored_scores_are_of_the_labelled_pairs_in_their_order() -> None:
    stored = yaml.safe_load(STORED.read_text(encoding="utf-8"))
    assert [s["why"] for s in stored["pairs"]] == [p.why for p in labelled_pairs()]
    assert all(-1 <= s["score"] <= 1 for s in stored["pairs"])


def test_the_about_pages_figures_for_the_model_are_its_scores_at_its_threshold() -> None:
    stored = yaml.safe_load(STORED.read_text(encoding="utf-8"))
    pairs = labelled_pairs()
    scored = evaluate([s["score"] for s in stored["pairs"]], [p.same for p in pairs], COMPARED_THRESHOLD)
    assert (scored.true_positives, scored.false_positives) == (COMPARED_TRUE_POSITIVES, COMPARED_FALSE_POSITIVES)
    assert scored.same == MEASURED_SAME
    words = " ".join(compared_method())
    found = COMPARED_TRUE_POSITIVES + COMPARED_FALSE_POSITIVES
    assert f"links {found} pairs, {COMPARED_TRUE_POSITIVES} of them rightly" in words
    assert (
        f"about {round(100 * scored.precision)} in 100" in words
        and f"about {round(100 * scored.recall)} in 100" in words
    )
