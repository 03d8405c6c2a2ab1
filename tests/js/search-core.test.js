// Unit tests of search-core.js's pure functions (node --test tests/js/*.test.js; `make test` runs them).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { decodeNumbers, parse, words } = require("../../theme_overrides/assets/javascripts/search-core.js");

// What search/manifest.json gives the browser (probation_archive/search_index.py writes it;
// tests/test_search_index.py checks the manifest against the build's constants).
const MANIFEST = {
  separator: '[\\s\\-,:;!=\\[\\]()\\"/.]+',
  digits: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
  status_words: [[["not", "agreed"], "n"], [["partly", "agreed"], "p"], [["partially", "agreed"], "p"], [["agreed"], "a"]],
};

test("decodeNumbers reads what search_index.encode_numbers wrote", () => {
  // search_index.encode_numbers([0, 5, 31, 32, 10080]) == "AFfgBg7J" (its doctest)
  assert.deepEqual(decodeNumbers("AFfgBg7J", MANIFEST.digits), [0, 5, 31, 32, 10080]);
  assert.deepEqual(decodeNumbers("", MANIFEST.digits), []);
});

test("decodeNumbers refuses a number cut short or a character that is not a digit", () => {
  assert.throws(() => decodeNumbers("Ag", MANIFEST.digits), /cut short/);
  assert.throws(() => decodeNumbers("A*", MANIFEST.digits), /not a digit/);
});

test("words split as the build does: & stays inside a word, punctuation is trimmed", () => {
  assert.deepEqual(words('Improve E&D (equality) and "Through-The-Gate" work.', MANIFEST.separator),
    ["improve", "e&d", "equality", "and", "through", "the", "gate", "work"]);
});

test("parse: quoted phrases keep their positions, the last word being typed is a beginning", () => {
  const parsed = parse('"domestic abuse" risk asse', MANIFEST);
  assert.deepEqual(parsed.words.map((w) => [w.text, w.position, w.phrase, !!w.prefix]), [
    // a quote mark is a gap: no phrase reaches across it
    ["domestic", 1, 1, false], ["abuse", 2, 1, false], ["risk", 4, 0, false], ["asse", 5, 0, true],
  ]);
  assert.equal(parsed.status, null);
  assert.equal(parse("risk ", MANIFEST).words[0].prefix, false);
});

test("parse: status words filter (the longest first), but not inside quotes", () => {
  assert.deepEqual(parse("housing not agreed ", MANIFEST).status, "n");
  assert.deepEqual(parse("housing not agreed ", MANIFEST).words.map((w) => w.text), ["housing"]);
  assert.equal(parse("partially agreed", MANIFEST).status, "p");
  assert.equal(parse("agreed", MANIFEST).status, "a");
  const quoted = parse('"not agreed"', MANIFEST);
  assert.equal(quoted.status, null);
  assert.deepEqual(quoted.words.map((w) => w.text), ["not", "agreed"]);
});

const core = require("../../theme_overrides/assets/javascripts/search-core.js");

test("distance counts edits, a swap of two letters as one, and stops past the limit", () => {
  assert.equal(core.distance("accomodation", "accommodation", 2), 1);
  assert.equal(core.distance("ccommodation", "accommodation", 2), 1);  // the first letter too
  assert.equal(core.distance("safegarding", "safeguarding", 2), 1);
  assert.equal(core.distance("desistence", "desistance", 2), 1);
  assert.equal(core.distance("abuse", "abues", 1), 1);  // swapped
  assert.equal(core.distance("probation", "housing", 2), 3);  // past the limit: limit + 1
});

test("nearest: the words at the smallest distance, most frequent first; none past the limit", () => {
  // each list most frequent first, as search_index.suggestion_words writes words/L.json
  const lists = [["accommodations"], ["accommodation", "accumulation"], ["domestic"]];
  assert.deepEqual(core.nearest("accomodation", lists), ["accommodation"]);
  assert.deepEqual(core.nearest("domestc", lists), ["domestic"]);
  assert.deepEqual(core.nearest("zebra", lists), []);
  assert.deepEqual(core.nearest("house", [["horse", "mouse", "houses"]]), ["horse", "mouse", "houses"]);
});

test("tokens: the words as `words` splits them, each with where it stands in the text", () => {
  const text = "Improve (E&D) work.";
  const found = core.tokens(text, MANIFEST.separator);
  assert.deepEqual(found.map((t) => t.text), words(text, MANIFEST.separator));
  assert.deepEqual(found.map((t) => text.slice(t.start, t.end)), ["Improve", "E&D", "work"]);
});

test("excerpt: the part holding the match, its words around it, the matched words marked and escaped", () => {
  // [anchor, label, first line, actions, text, per action text, owner, progress…, rationale]
  const rec = ["rec-1", "1", "Review <cases>", 2, "Review <cases> now",
    ["Find housing", "Head of housing", "", "Audit accommodation & debt", "Lead", "Done: accommodation found", "Why"]];
  const span = 10000;
  // the actions field's words: find housing (0-1), head of housing (2-4), audit accommodation debt (5-7: a
  // lone "&" is trimmed away, as the build's words() does), lead (8), done accommodation found (9-11), why (12)
  const inAction2 = core.excerpt(rec, [span + 6], MANIFEST.separator, span);
  assert.equal(inAction2.part, "action 2");
  assert.equal(inAction2.html, "Audit <mark>accommodation</mark> &amp; debt");
  assert.deepEqual(inAction2.words, ["accommodation"]);
  const owner = core.excerpt(rec, [span + 4], MANIFEST.separator, span);
  assert.equal(owner.part, "the owner of action 1");
  const progress = core.excerpt(rec, [span + 10], MANIFEST.separator, span);
  assert.equal(progress.part, "the progress note of action 2");
  assert.match(progress.html, /<mark>accommodation<\/mark> found/);
  const text = core.excerpt(rec, [1], MANIFEST.separator, span);
  assert.equal(text.part, "the recommendation");
  assert.equal(text.html, "Review &lt;<mark>cases</mark>&gt; now");
  assert.equal(core.excerpt(rec, [span + 12], MANIFEST.separator, span).part, "the rationale");
  assert.equal(core.excerpt(rec, [], MANIFEST.separator, span), null);
});

test("cached: a failed load is forgotten, so the next call loads again", async () => {
  const store = {};
  let calls = 0;
  const load = () => { calls += 1; return calls === 1 ? Promise.reject(new Error("offline")) : Promise.resolve("ok"); };
  await assert.rejects(core.cached(store, "k", load), /offline/);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(await core.cached(store, "k", load), "ok");
  assert.equal(await core.cached(store, "k", load), "ok");
  assert.equal(calls, 2);
});

test("fetchOk tries a dropped connection or a server error once more, but not a 404", async () => {
  const real = global.fetch;
  try {
    const answers = [];
    global.fetch = () => Promise.resolve(answers.shift()).then((a) => (a instanceof Error ? Promise.reject(a) : a));
    answers.push(new TypeError("Failed to fetch"), { ok: true, status: 200, json: () => Promise.resolve(1) });
    assert.equal(await core.fetchJSON("a.json"), 1);
    answers.push({ ok: false, status: 503 }, { ok: false, status: 503 });
    await assert.rejects(core.fetchJSON("b.json"), (e) => e.status === 503);
    assert.equal(answers.length, 0, "a server error is tried twice, no more");
    answers.push({ ok: false, status: 404 }, { ok: true, status: 200 });
    await assert.rejects(core.fetchJSON("c.json"), (e) => e.status === 404 && /c\.json: 404/.test(e.message));
    assert.equal(answers.length, 1, "a 404 is not tried again");
  } finally {
    global.fetch = real;
  }
});

test("shardsFor: a beginning spanning many shards is searched in all of them, or said to be too short", () => {
  const firsts = ["a", "pra", "pre", "pri", "pro", "prp", "q"];
  assert.deepEqual(Array.from(core.shardsFor(firsts, { text: "pro", prefix: true }, 3)), [4]);
  const pr = core.shardsFor(firsts, { text: "pr", prefix: true }, 3);
  assert.equal(pr.short, true);  // five shards from a two-letter beginning: too short
  assert.deepEqual(Array.from(pr), [0]);
  // a beginning of three letters or more is searched in every shard it spans
  const many = ["a", "proa", "prob", "proc", "prod", "q"];
  assert.deepEqual(Array.from(core.shardsFor(many, { text: "pro", prefix: true }, 3)), [0, 1, 2, 3, 4]);
  assert.deepEqual(Array.from(core.shardsFor(many, { text: "pro", prefix: false }, 3)), [0]);
});

test("newestFirst: plans by date, newest first, undated after the dated, other pages last, ties keep the best-match order", () => {
  const { newestFirst } = require("../../theme_overrides/assets/javascripts/search-core.js");
  const plan = (n) => ({ hit: { plan: n } });
  const page = (n) => ({ hit: { page: n } });
  // plan numbers 0..3 dated: 2019-03, undated, 2021-12-10, 2019-03
  const dates = [20190300, 0, 20211210, 20190300];
  const groups = [page(0), plan(3), plan(1), plan(0), plan(2)];
  assert.deepEqual(newestFirst(groups, dates).map((g) => ("page" in g.hit ? "page" + g.hit.page : g.hit.plan)),
    [2, 3, 0, 1, "page0"]);
  assert.deepEqual(groups.map((g) => g.hit.plan ?? "page"), ["page", 3, 1, 0, 2], "the groups given are left as they were");
});
