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
