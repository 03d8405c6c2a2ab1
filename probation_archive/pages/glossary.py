"""A glossary built from the plans' own expansions, such as "Probation Services Officer (PSO)"."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from ..archive import Archive, current_provider
from ..model import Status, TargetStatus
from ..normalise import PROVIDER_TYPES
from ..present.markup import Html, join
from ..present.words import STATUS_LABELS, TARGET_LABELS, also_called
from .layout import markdown_page

_EXPANSION = re.compile(
    r"((?:[A-Z][\w'’&/-]*\s+(?:(?:of|and|for|the|to|in|&)\s+)*){1,9})\((([A-Z][A-Za-z&]{1,9})(?:'?s)?)\)"
)
_ABBREVIATION = re.compile(r"\([A-Z][A-Za-z&]{1,9}(?:'?s)?\)")  # how every `_EXPANSION` ends
_NOT_IN_NAME = re.compile(r"[^\w'’&/\s-]")  # a character no `_EXPANSION` has before its "("
_SMALL = {"of", "and", "for", "the", "to", "in", "&"}  # not part of initials, nor lead words


def _initials_match(words: list[str], abbreviation: str) -> int:
    """How many trailing words spell the abbreviation (0 if none do)."""
    letters = [c.upper() for c in abbreviation if c.isalpha()]
    for start in range(len(words)):
        candidate = [w for w in words[start:] if w.lower() not in _SMALL]
        initials = [w[0].upper() for w in candidate]
        # "OASys" spells "Offender ASsessment sYStem": accept when the capitals of the abbreviation
        # are the initials, ignoring the lowercase letters.
        capitals = [c for c in abbreviation if c.isupper()]
        if initials in (letters, capitals):
            return len(words) - start
    return 0


def expansion_matches(text: str) -> Iterator[re.Match[str]]:
    """`_EXPANSION.finditer(text)`, found faster: a match ends with an abbreviation in brackets and, before
    its "(", holds only the characters of names, so each "(ABBR)" is searched for in the run of such
    characters just before it (the same matches: runs end at a bracket, so no two overlap).

    >>> text = "(see) the Probation Service (PS) and an Offender Management Unit (OMU). x (Y) Z Y (ZY)"
    >>> [m.group() for m in expansion_matches(text)] == [m.group() for m in _EXPANSION.finditer(text)]
    True
    """
    backwards = ""
    for abbreviation in _ABBREVIATION.finditer(text):
        backwards = backwards or text[::-1]
        bracket = abbreviation.start()
        other = _NOT_IN_NAME.search(backwards, len(text) - bracket)
        start = len(text) - other.start() if other else 0
        if match := _EXPANSION.search(text, start, abbreviation.end()):
            yield match


def find_expansions(texts: Iterable[str]) -> dict[str, str]:
    """Abbreviation -> expansion, from every "Full Name (ABBR)" whose initials spell ABBR.

    The first expansion seen wins, so the result depends only on the order of the texts.

    >>> find_expansions(["train all Probation Services Officers (PSOs) and use the Offender Assessment System (OASys)"])
    {'PSO': 'Probation Services Officers', 'OASys': 'Offender Assessment System'}
    """
    found: dict[str, str] = {}
    for text in texts:
        for m in expansion_matches(text):
            words = m[1].split()
            abbreviation = re.sub(r"'?s$", "", m[2]) if m[2].endswith("s") and m[2][:-1].isupper() else m[2]
            taken = _initials_match(words, abbreviation)
            expansion = words[-taken:] if taken else []
            while expansion and expansion[0].lower() in _SMALL:
                expansion.pop(0)
            if expansion and abbreviation not in found:
                found[abbreviation] = " ".join(expansion)
    return found


def render_glossary(archive: Archive) -> str:
    texts: list[str] = [f"{name} ({code})" for name, code in PROVIDER_TYPES[:3]]
    for _, rec in archive.recommendations():
        texts.append(rec.text)
        for action in rec.actions:
            texts += [action.text, action.owner or ""]
    terms = find_expansions(texts)
    for plans in archive.providers().values():  # the plans' own short names for their provider: "DDC CRC"
        provider = current_provider(plans)
        if also_called(provider):
            terms.setdefault(provider.short_name, provider.name)
    rows = join(
        Html('<tr><th scope="row"><abbr>{}</abbr></th><td>{}</td></tr>').format(abbr, terms[abbr])
        for abbr in sorted(terms, key=str.lower)
    )
    return markdown_page(
        {"title": "Glossary", "search": {"boost": 0.5}},
        "# Glossary",
        "",
        "## What the statuses mean { #statuses }",
        "",
        "Each plan says, for every recommendation, whether it is agreed. The plans define the three answers "
        "in their introduction, in these words:",
        "",
        '<dl class="definitions">',
        *(
            Html('<dt id="status-{}">{}</dt><dd>“{}”</dd>').format(status, STATUS_LABELS[status], text)
            for status, text in STATUS_DEFINITIONS.items()
        ),
        "</dl>",
        "",
        "Statuses are as stated when each plan was submitted; the archive does not record what happened after.",
        "",
        "## Target status { #target-status }",
        "",
        "What the plan said about an action's target date when it was submitted:",
        "",
        '<dl class="definitions">',
        *(
            Html('<dt id="target-{}">{}</dt><dd>{}</dd>').format(status, TARGET_LABELS[status], text)
            for status, text in TARGET_DEFINITIONS.items()
        ),
        '<dt id="target-passed">Target date passed</dt><dd>Shown by your browser, from today\'s date, beside '
        "an action whose target month is over and that the plan did not state as completed. It does not mean "
        "the action was not done: the archive only knows what the plan said when it was submitted.</dd>",
        "</dl>",
        "",
        "## Abbreviations { #abbreviations }",
        "",
        "Abbreviations used in the action plans, with the expansions the plans themselves give.",
        "",
        Html(
            '<table class="glossary"><thead><tr><th scope="col">Abbreviation</th><th scope="col">Meaning</th></tr>'
            "</thead><tbody>{}</tbody></table>"
        ).format(rows),
    )


# What each status means, word for word as the action plans define it in their introduction
# ("The action plan confirms whether recommendations are agreed, partly agreed or not agreed (see
# categorisations below)"); tests/test_providers.py checks every real plan still says exactly this.
STATUS_DEFINITIONS: Mapping[Status, str] = {
    "agreed": "All of the recommendation is agreed with, can be achieved and is affordable.",
    "partly-agreed": "Only part of the recommendation is agreed with, is achievable, affordable and will be "
    "implemented. This might be because we cannot implement the whole recommendation because of commissioning, "
    "policy, operational or affordability reasons.",
    "not-agreed": "The recommendation is not agreed and will not be implemented. This might be because of "
    "commissioning, policy, operational or affordability reasons.",
}


TARGET_DEFINITIONS: Mapping[TargetStatus, str] = {
    "completed": "The plan said the action was already done when it was submitted.",
    "partly-completed": "The plan said some parts of the action were done and gave a date for the others.",
    "ongoing": "The plan said the action was continuing, with no end date or an end date still to come.",
    "planned": "The plan gave a date by which the action would be done.",
    "unknown": "The target cell gave no date or status the archive could read; its words are shown as written.",
}
