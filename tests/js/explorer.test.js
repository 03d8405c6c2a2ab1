// Unit tests of explorer.js's pure functions: the address, and reading the published CSV
// (node --test tests/js/*.test.js; `make test` runs them).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { wordsParam, csvRecords, csvCells, csvSelect } = require("../../theme_overrides/assets/javascripts/explorer.js");

const BOM = "\ufeff";
const HEADER = BOM + "plan_id,provider,recommendation_id,text,archive_version\n";
// As probation_archive/export.py writes it (Python's csv module, "\n" line endings, a formula guarded).
const ROW_A1 = 'a-2019-03,"Dorset, Devon",rec-1,"• one\n• two",sha256:1\n';
const ROW_A2 = "a-2019-03,\"Dorset, Devon\",rec-1-2,'=HYPERLINK(1),sha256:1\n";
const ROW_B1 = 'b-2020-01,Wessex,rec-r3,"He said ""no""",sha256:1\n';
const FILE_A = HEADER + ROW_A1 + ROW_A2;
const FILE_B = HEADER + ROW_B1;

test("wordsParam reads the explorer's own parameter, and the old ?q= links", () => {
  assert.equal(wordsParam("?words=domestic+abuse"), "domestic abuse");
  assert.equal(wordsParam("?q=housing"), "housing");
  assert.equal(wordsParam("?words=a&q=b"), "a");
  assert.equal(wordsParam("?theme=health"), "");
});

test("csvRecords cuts a file into records exactly as written, line breaks in quotes kept", () => {
  assert.deepEqual(csvRecords(FILE_A), [HEADER, ROW_A1, ROW_A2]);
  assert.equal(csvRecords(FILE_A).join(""), FILE_A);
  assert.deepEqual(csvRecords("a,b"), ["a,b"]);
  assert.deepEqual(csvRecords(""), []);
});

test("csvCells unquotes cells", () => {
  assert.deepEqual(csvCells(ROW_A1), ["a-2019-03", "Dorset, Devon", "rec-1", "• one\n• two", "sha256:1"]);
  assert.deepEqual(csvCells(ROW_B1), ["b-2020-01", "Wessex", "rec-r3", 'He said "no"', "sha256:1"]);
  assert.deepEqual(csvCells(",,\n"), ["", "", ""]);
});

test("csvSelect gives the header and the wanted rows in the wanted order, byte for byte", () => {
  const key = ["plan_id", "recommendation_id"];
  const wanted = [["b-2020-01", "rec-r3"], ["a-2019-03", "rec-1-2"], ["a-2019-03", "rec-1"]];
  assert.equal(csvSelect([FILE_A, FILE_B], key, wanted), HEADER + ROW_B1 + ROW_A2 + ROW_A1);
  assert.equal(csvSelect([FILE_A], key, []), HEADER);
});

test("csvSelect refuses a row the published files do not have", () => {
  assert.throws(() => csvSelect([FILE_A], ["plan_id", "recommendation_id"], [["a-2019-03", "rec-9"]]), /rec-9/);
});

test("ownersById reads a provider's owners.json against the explorer's numbering", () => {
  const { ownersById } = require("../../theme_overrides/assets/javascripts/explorer.js");
  const file = {
    owners: [{ slug: "aco", name: "ACO" }, { slug: "head", name: "Head of Area" }],
    plans: { "p-2019": [[0, 100, 1, 0], [1, 300]], "gone-2018": [[0, 1]] },
  };
  const read = ownersById(file, { "p-2019": 5 }, 200);
  assert.deepEqual(read.owner, { 5: ["aco", "head"], 6: ["head"] });
  assert.deepEqual(read.passed, { 5: ["aco"], 6: [] });
});

test("groupsById numbers each Recurring group's members, and lists the groups in order", () => {
  const { groupsById } = require("../../theme_overrides/assets/javascripts/explorer.js");
  const read = groupsById([[0, 3], [2]], 5);
  assert.deepEqual(read.group, { 0: "1", 1: "", 2: "2", 3: "1", 4: "" });
  assert.deepEqual(read.options, [{ slug: "1", name: "Group 1" }, { slug: "2", name: "Group 2" }]);
  assert.deepEqual(groupsById([], 1), { group: { 0: "" }, options: [] });
});

test("planOptions names each plan by provider and date, newest first", () => {
  const { planOptions } = require("../../theme_overrides/assets/javascripts/explorer.js");
  const plans = {
    slug: ["a-2019-03", "b-2020-01"], provider: [1, 0], date: ["March 2019", "January 2020"],
    order: { newest: [1, 0] },
  };
  assert.deepEqual(planOptions(plans, [{ name: "Beta" }, { name: "Alpha" }]), [
    { slug: "b-2020-01", name: "Beta \u00b7 January 2020" }, { slug: "a-2019-03", name: "Alpha \u00b7 March 2019" },
  ]);
});

test("targetsOf reads a recommendation's action target statuses from its base-32 digit", () => {
  const { targetsOf } = require("../../theme_overrides/assets/javascripts/explorer.js");
  const targets = ["completed", "partly-completed", "ongoing", "planned", "unknown"].map((slug) => ({ slug }));
  assert.deepEqual(targetsOf("0", targets), []);
  assert.deepEqual(targetsOf("1", targets), ["completed", "any"]);
  assert.deepEqual(targetsOf("o", targets), ["planned", "unknown", "any"]);  // 8 + 16
  assert.deepEqual(targetsOf("v", targets), ["completed", "partly-completed", "ongoing", "planned", "unknown", "any"]);
});
