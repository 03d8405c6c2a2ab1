"""The hand-labelled pairs of tests/cases/recurrence/pairs.yml, read: each side's text (a real or
fixture plan's recommendation, or a text written by us) and its provider's name. Shared by
tests/test_recurrence.py and bench/bench_recurrence.py."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from probation_archive.model import Plan
from probation_archive.pipeline import read_plan

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "tests" / "cases" / "recurrence" / "pairs.yml"


@dataclass(frozen=True)
class Side:
    text: str
    provider: str
    written_by_us: bool


@dataclass(frozen=True)
class Pair:
    a: Side
    b: Side
    same: bool
    why: str


@cache
def plan_at(ref: str) -> Plan:
    """`real:001` -> the plan of source_plans/001_*.txt; `fixture:name` -> tests/fixtures/plans/name.txt."""
    kind, name = ref.split(":", 1)
    if kind == "real":
        [path] = sorted((ROOT / "source_plans").glob(f"{name}_*.txt"))
    else:
        path = ROOT / "tests" / "fixtures" / "plans" / f"{name}.txt"
    plan, _ = read_plan(path)
    return plan


def side(value: str | dict) -> Side:
    if isinstance(value, dict):
        return Side(value["text"], value.get("provider", ""), bool(value.get("written_by_us")))
    ref, label = value.rsplit("#", 1)
    plan = plan_at(ref)
    [rec] = [r for r in plan.recommendations if r.label == label]
    return Side(rec.text, plan.provider.name, False)


def labelled_pairs() -> list[Pair]:
    return [
        Pair(side(p["a"]), side(p["b"]), bool(p["same"]), p["why"])
        for p in yaml.safe_load(PAIRS.read_text(encoding="utf-8"))
    ]


BACKGROUND_FIXTURES = ("hmpps-reordered", "thematic-national", "youth-justice-rag", "youth-justice-sub-actions")


def background_plans() -> list[Plan]:
    """The real plans and the fixture plans the pairs were labelled among: the archive the pairs' texts
    are weighed among. Named, not globbed, so that a fixture added for another test does not move the
    measured figures (a word's weight depends on how many texts use it)."""
    fixtures = ROOT / "tests" / "fixtures" / "plans"
    paths = sorted((ROOT / "source_plans").glob("*.txt")) + [fixtures / f"{name}.txt" for name in BACKGROUND_FIXTURES]
    return [read_plan(path)[0] for path in paths]


def pair_scores(pairs: list[Pair]) -> list[float]:
    from probation_archive.recurrence import score_pairs

    plans = background_plans()
    background = [r.text for p in plans for r in p.recommendations]
    names = {p.provider.name for p in plans} | {s.provider for pair in pairs for s in (pair.a, pair.b) if s.provider}
    return score_pairs([(pair.a.text, pair.b.text) for pair in pairs], background, names)
