"""The sharded search index: every term in exactly one small shard, word beginnings kept
together, postings that agree with the text, deterministic output."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lunr.builder import Builder
from lunr.pipeline import Pipeline

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
    _trim_and_stem,
    action_texts,
    decode_numbers,
    encode_all,
    encode_numbers,
    gzip_size,
    search_documents,
    search_files,
    search_version,
    site_pages,
    split_shards,
    suggestion_words,
    term_postings,
    words,
)
from probation_archive.site import content_files, parse_sources
from probation_archive.themes import load_themes

from .conftest import ROOT, SOURCE_PLANS, golden_records


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


@given(st.text(st.sampled_from("aZé_0 -,.:;!=[]()\"/'&\n\t\xa0*#ßİ\u2028x"), max_size=30))
def test_words_are_the_text_split_on_the_separator_and_trimmed(text: str) -> None:
    """`words` finds each word in one pass: exactly what splitting on `SEPARATOR` (as mkdocs.yml and
    search-core.js split) and trimming with lunr.js's ASCII-only trimmer gives, empty words dropped."""
    trimmed = (re.sub(r"^[^A-Za-z0-9_]+|[^A-Za-z0-9_]+$", "", token) for token in SEPARATOR.split(text.lower()))
    assert words(text) == [word for word in trimmed if word]


def test_fragments_hold_what_a_result_shows(files: dict[str, str]) -> None:
    """Per plan, what a result shows, against the reviewed parse: the plan's title and
    address; per recommendation its anchor, the reference its plan page shows (`rec.label`: `3`, `2.1`),
    its first line (without emphasis markers; cut at a word when long) and its number of actions."""
    records = {record["id"]: record for record in golden_records()}
    assert sorted(plan.slug for plan in real_plans()) == sorted(records)
    for n, plan in enumerate(real_plans()):  # fragment n is the n-th plan given to the index
        record = records[plan.slug]
        fragment = json.loads(versioned(files, f"fragments/{n}.json"))
        assert (fragment["title"], fragment["url"]) == (record["title"], record["url"])
        assert len(fragment["recs"]) == len(record["recommendations"])
        for (anchor, label, line, actions), rec in zip(fragment["recs"], record["recommendations"], strict=True):
            assert anchor == rec["id"]
            assert str(label) == (rec.get("ref") or str(rec["number"]))
            whole = rec["text"].split("\n", 1)[0].replace("*", "")
            assert line == whole or (line.endswith("…") and whole.startswith(line[:-1]) and len(line) > 40), rec["id"]
            assert actions == len(rec["actions"])


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
    """Another process, another hash seed, the plans parsed again: the same files, byte for byte."""
    script = (
        "import json, pathlib, sys\n"
        "from probation_archive.publish.search_index import search_files\n"
        "from probation_archive.site import parse_sources\n"
        "json.dump(search_files(list(parse_sources(pathlib.Path(sys.argv[1])).plans)), sys.stdout)\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    out = subprocess.run(
        [sys.executable, "-c", script, str(SOURCE_PLANS)], cwd=ROOT, env=env, check=True, capture_output=True
    )
    assert json.loads(out.stdout) == files


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


@given(st.lists(st.integers(min_value=0, max_value=2**40)))
def test_all_numbers_encoded_at_once_are_each_encoded_in_turn(numbers: list[int]) -> None:
    """The build encodes every posting in one pass (`encode_all`): the same characters as one number at
    a time, and each number's characters start where it says."""
    text, starts = encode_all(np.array(numbers, dtype=np.int64))
    assert text == encode_numbers(numbers)
    bounds = [*starts.tolist(), len(text)]
    assert [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)] == [encode_numbers([n]) for n in numbers]


def test_a_negative_or_cut_short_number_is_refused() -> None:
    with pytest.raises(ValueError):
        encode_numbers([-1])
    with pytest.raises(ValueError):
        encode_all(np.array([3, -1]))
    with pytest.raises(ValueError):
        decode_numbers(encode_numbers([10080])[:-1])


def lunr_trim_filter_stem(token, i=None, tokens=None):  # type: ignore[no-untyped-def]
    """lunr's trimmer, stop word filter and stemmer as one step of a lunr pipeline."""
    term = _trim_and_stem(str(token))
    return token.update(lambda s, metadata=None: term) if term else None


Pipeline.register_function(lunr_trim_filter_stem, "archiveTrimStopStem")


def lunr_term_postings(documents: list[SearchDocument]) -> dict[str, list[int]]:
    """The reference: the postings as lunr's own `Builder` weighs them (the build used it until it
    wrote the index straight from the plans), with the same trimmer, stop words and stemmer."""

    builder = Builder()
    builder.pipeline.add(lunr_trim_filter_stem)
    builder.ref("id")
    builder.field("text", boost=2)
    builder.field("actions")
    builder.field("title", boost=10)
    builder.metadata_whitelist = ["index"]
    for doc in documents:
        fields = {"id": str(doc.number), "text": doc.text, "actions": doc.actions, "title": doc.title}
        builder.add(fields, {"boost": doc.boost} if doc.boost != 1 else None)
    builder._calculate_average_field_lengths()
    builder._create_field_vectors()
    term_of = {posting["_index"]: term for term, posting in builder.inverted_index.items()}
    weights: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for field_ref, vector in builder.field_vectors.items():
        _field, ref = field_ref.split("/", 1)
        for i in range(0, len(vector.elements), 2):
            weights[term_of[vector.elements[i]]][int(ref)] += vector.elements[i + 1]
    postings = {}
    for term, posting in builder.inverted_index.items():
        positions: dict[int, list[int]] = defaultdict(list)
        for field, offset in (("text", 0), ("actions", FIELD_SPAN), ("title", 2 * FIELD_SPAN)):
            for ref, metadata in posting[field].items():
                positions[int(ref)] += [offset + min(i, FIELD_SPAN - 1) for i in metadata["index"]]
        flat, last_doc = [], 0
        for number in sorted(positions):
            spots = sorted(positions[number])
            flat += [number - last_doc, round(weights[term][number] * 1000), len(spots)]
            flat += [b - a for a, b in zip([0, *spots], spots, strict=False)]
            last_doc = number
        postings[term] = flat
    return postings


def test_postings_are_lunrs_on_the_real_plans_and_pages() -> None:
    """Our postings are exactly those lunr's Builder makes of the same documents: every term, weight
    (BM25 with k1 = 1.2, b = 0.75, field and page boosts) and position, on the real plans and the
    other pages of the real site (with their boosts)."""
    plans = list(real_plans())
    pages = site_pages(content_files(plans, load_themes()))
    assert {page.boost for page in pages} != {1.0}, "some page must carry a boost"
    documents = list(search_documents(plans, pages))
    ours = term_postings(documents)
    assert len(ours) > 1000
    assert ours == lunr_term_postings(documents)


@given(
    st.lists(
        st.tuples(
            st.text(st.sampled_from("ab \n-Éé'&x"), max_size=20),
            st.text(st.sampled_from("ab -the not"), max_size=20),
            st.sampled_from([1.0, 0.5, 3.0]),
        ),
        min_size=1,  # lunr's Builder divides by zero on no documents (ours has no postings)
        max_size=6,
    )
)
def test_postings_are_lunrs_on_odd_documents(docs: list[tuple[str, str, float]]) -> None:
    """Empty fields, stop words only, repeated words, hyphens, non-ASCII letters, boosts."""
    documents = [SearchDocument(n, text, actions, text[:5], boost) for n, (text, actions, boost) in enumerate(docs)]
    assert term_postings(documents) == lunr_term_postings(documents)
    assert term_postings([]) == {}


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
