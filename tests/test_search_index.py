"""The sharded search index: every term in exactly one small shard, word beginnings kept
together, postings that agree with the text, deterministic output."""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from probation_archive.archive import stride
from probation_archive.pages.plan import render_plan_page
from probation_archive.present.words import plan_title
from probation_archive.publish.search_index import (
    FIELD_SPAN,
    LUNR_JS,
    NUMBER_DIGITS,
    PREFIX_LETTERS,
    SEPARATOR,
    SearchDocument,
    SearchPage,
    action_texts,
    decode_numbers,
    encode_numbers,
    gzip_size,
    search_documents,
    search_files,
    search_version,
    split_shards,
    suggestion_words,
    words,
)
from probation_archive.site import parse_sources

from .conftest import ROOT, SOURCE_PLANS


@cache
def real_plans():  # type: ignore[no-untyped-def]
    return tuple(parse_sources(SOURCE_PLANS).plans)


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return search_files(list(real_plans()))


def versioned(files: dict[str, str], path: str) -> str:
    """A search file under the folder of the manifest's version: `search/<version>/<path>`."""
    return files[f"search/{json.loads(files['search/manifest.json'])['version']}/{path}"]


def shards(files: dict[str, str]) -> list[dict]:
    count = len(json.loads(files["search/manifest.json"])["shards"])
    return [json.loads(versioned(files, f"shards/{n}.json")) for n in range(count)]


def decode(encoded: str) -> dict[int, list[int]]:
    flat = decode_numbers(encoded)
    out, doc, i = {}, 0, 0
    while i < len(flat):
        doc += flat[i]
        count, spot, spots = flat[i + 2], 0, []
        for delta in flat[i + 3 : i + 3 + count]:
            spot += delta
            spots.append(spot)
        out[doc] = spots
        i += 3 + count
    return out


def test_every_term_is_in_exactly_one_shard_in_key_order(files: dict[str, str]) -> None:
    manifest = json.loads(files["search/manifest.json"])
    seen: dict[str, int] = {}
    for n, shard in enumerate(shards(files)):
        for key in [*shard["terms"], *shard["forms"]]:
            assert key not in seen or key in shard["forms"] and key in shard["terms"], key
            seen[key] = n
            # the shard a reader's browser picks for a key is the last whose first key sorts before it
            assert max(i for i, first in enumerate(manifest["shards"]) if first <= key) == n


def test_shards_are_small_when_gzipped() -> None:
    entries = {f"w{n:05d}": "[" + ",".join(str((n * 7919 + k) % 997) for k in range(40)) + "]" for n in range(5000)}
    cut = split_shards(entries)
    assert len(cut) > 5
    for keys in cut:
        text = json.dumps({k: entries[k] for k in keys})
        assert gzip_size(text) <= 50_000


def test_terms_sharing_their_first_letters_are_never_split() -> None:
    entries = {f"abc{n:03d}": "x" * 100 for n in range(50)} | {"abd": "x", "b": "x"}
    cut = split_shards(entries, target=3_000)  # the "abc" group (5.3 KB) is under twice the target
    assert len(cut) == 2
    firsts = {k[:PREFIX_LETTERS]: n for n, keys in enumerate(cut) for k in keys}
    for n, keys in enumerate(cut):
        assert all(firsts[k[:PREFIX_LETTERS]] == n for k in keys)


def test_postings_point_at_the_words_of_each_recommendation(files: dict[str, str]) -> None:
    """Every posting of "abus" (abuse, abusive…) is a recommendation whose text or actions hold
    a word stemming to it, at the positions given."""
    documents = {d.number: d for d in search_documents(list(real_plans()))}
    shard = next(s for s in shards(files) if "abus" in s["terms"])
    postings = decode(shard["terms"]["abus"])
    expected = {
        n for n, d in documents.items() if any(w.startswith("abus") for w in f"{d.text} {d.actions} {d.title}".split())
    }
    assert set(postings) == expected and expected
    for doc, spots in postings.items():
        for spot in spots:
            field = (documents[doc].text, documents[doc].actions, documents[doc].title)[spot // FIELD_SPAN]
            assert field.split()[spot % FIELD_SPAN].startswith("abus")


def test_word_forms_map_to_their_stem_and_stop_words_keep_status_words(files: dict[str, str]) -> None:
    forms = {k: v for s in shards(files) for k, v in s["forms"].items()}
    assert forms["perpetrators"] == "perpetr"
    stop = set(json.loads(files["search/manifest.json"])["stop_words"])
    assert "the" in stop and "not" not in stop


def test_words_keep_ampersand_abbreviations_whole() -> None:
    assert words("E&D, L&D and OASys (Through-The-Gate).") == ["e&d", "l&d", "and", "oasys", "through", "the", "gate"]


def test_fragments_hold_what_a_result_shows(files: dict[str, str]) -> None:
    plans = real_plans()
    for n, plan in enumerate(plans):
        fragment = json.loads(versioned(files, f"fragments/{n}.json"))
        assert fragment["url"] == plan.url and fragment["title"] == plan_title(plan)
        assert [r[0] for r in fragment["recs"]] == [rec.anchor for rec in plan.recommendations]


def test_fragments_label_recommendations_as_their_plan_page_does() -> None:
    """Issue #17: the reordered HMPPS plan's recommendation "2.1" is its third; its result must say
    "2.1" (the label its plan page shows), not the sequence number 3."""
    [plan] = [
        p for p in parse_sources(ROOT / "tests" / "fixtures" / "plans").plans if p.source == "hmpps-reordered.txt"
    ]
    fragment = json.loads(versioned(search_files([plan]), "fragments/0.json"))
    assert [r[1] for r in fragment["recs"]] == ["1.1", "1.2", "2.1", "2.2"]
    page = render_plan_page(plan, {})
    assert all(f'data-anchor="{r[0]}" data-label="{r[1]}"' in page for r in fragment["recs"])


def test_the_manifest_gives_the_browser_the_constants_of_the_index(files: dict[str, str]) -> None:
    """search-core.js copies none of the build's constants: it reads them from the manifest."""
    manifest = json.loads(files["search/manifest.json"])
    assert manifest["separator"] == SEPARATOR.pattern and manifest["field_span"] == FIELD_SPAN
    assert manifest["digits"] == NUMBER_DIGITS
    assert [letter for _, letter in manifest["status_words"]] == ["n", "p", "p", "a"]
    assert manifest["stemmer"] == LUNR_JS


def test_plans_and_other_pages_are_found_by_their_titles() -> None:
    plans = list(real_plans())
    pages = [SearchPage("Glossary", "glossary/", "OASys: Offender Assessment System", 0.5)]
    documents = list(search_documents(plans, pages))
    step = stride(plans)
    assert documents[-1] == SearchDocument(len(plans) * step, "oasys offender assessment system", "", "glossary", 0.5)
    titles = [d for d in documents if d.number % step == step - 1 and d.number < len(plans) * step]
    assert [d.title for d in titles] == [" ".join(words(plan_title(p))) for p in plans]


def test_index_is_deterministic(files: dict[str, str]) -> None:
    assert search_files(list(real_plans())) == files


def test_nothing_but_configuration_in_materials_own_index(tmp_path: Path) -> None:
    from probation_archive.site import run

    report = run(SOURCE_PLANS, tmp_path / "content", tmp_path / "site", strict=True)
    assert report.failures == []
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == [] and "separator" in index["config"]


@given(st.lists(st.integers(min_value=0, max_value=2**40)))
def test_postings_numbers_round_trip(numbers: list[int]) -> None:
    text = encode_numbers(numbers)
    assert decode_numbers(text) == numbers
    assert json.dumps(text) == f'"{text}"'  # nothing to escape in JSON


def test_a_negative_or_cut_short_number_is_refused() -> None:
    with pytest.raises(ValueError):
        encode_numbers([-1])
    with pytest.raises(ValueError):
        decode_numbers(encode_numbers([10080])[:-1])


def test_every_search_file_but_the_manifest_is_in_the_folder_of_its_version(files: dict[str, str]) -> None:
    """Issue #20: a page that read one build's manifest must never read another build's shard or
    fragment. Every other file is under `search/<version>/`, the version a hash of them all."""
    version = json.loads(files["search/manifest.json"])["version"]
    assert len(version) == 12 and set(version) <= set("0123456789abcdef")
    others = {path for path in files if path != "search/manifest.json"}
    assert others and all(path.startswith(f"search/{version}/") for path in others)
    manifest = json.loads(files["search/manifest.json"])
    del manifest["version"]
    inner = {path.removeprefix(f"search/{version}/"): text for path, text in files.items() if path in others}
    assert search_version({**inner, "manifest.json": json.dumps(manifest, separators=(",", ":"), sort_keys=True)}) == (
        version
    )


def test_a_changed_plan_gets_a_new_version_and_the_same_plans_the_same_one(files: dict[str, str]) -> None:
    plans = list(real_plans())
    changed = [plans[0].__class__(**{**plans[0].__dict__, "slug": plans[0].slug + "-x"}), *plans[1:]]
    version = json.loads(files["search/manifest.json"])["version"]
    assert json.loads(search_files(changed)["search/manifest.json"])["version"] != version
    assert json.loads(search_files(list(plans))["search/manifest.json"])["version"] == version


def test_fragments_carry_the_texts_at_the_positions_of_the_postings(files: dict[str, str]) -> None:
    """The excerpt under a result is found from a posting's word positions in the plan's texts:
    the recommendation's text (from 0) and `action_texts` (from FIELD_SPAN), split word by word as
    the index split them."""
    plans = real_plans()
    step = stride(list(plans))
    documents = {d.number: d for d in search_documents(list(plans))}
    for p, plan in enumerate(plans):
        shown = json.loads(versioned(files, f"texts/{p}.json"))
        for r, rec in enumerate(plan.recommendations):
            text, actions = shown[r]
            doc = documents[p * step + r]
            assert words(text) == doc.text.split()
            assert [w for part in actions for w in words(part)] == doc.actions.split()
            assert actions == action_texts(rec)


def test_progress_notes_and_rationales_are_searched() -> None:
    plan = real_plans()[0]
    rec = plan.recommendations[0]
    action = dataclasses.replace(rec.actions[0], owner=None, progress="Zymurgy course booked")
    rec = dataclasses.replace(rec, actions=(action,), rationale="Quixotic costs")
    plan = dataclasses.replace(plan, recommendations=(rec,))
    [doc, _title] = search_documents([plan])
    assert doc.actions.endswith("zymurgy course booked quixotic costs")
    assert "none" not in doc.actions.split()  # an action without an owner has no word for it
    index = search_files([plan])
    assert any("zymurgi" in shard["terms"] and "quixot" in shard["terms"] for shard in shards(index))


def test_words_to_suggest_are_split_by_length_most_frequent_first() -> None:
    docs = [SearchDocument(0, "accommodation housing"), SearchDocument(1, "accommodation the of 2020")]
    assert suggestion_words(docs) == {7: ["housing"], 13: ["accommodation"]}
    assert suggestion_words([SearchDocument(0, "aa bb")]) == {}  # too short to suggest
