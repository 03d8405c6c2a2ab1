// Unit tests of overdue.js's pure functions: months, counting passed targets from the build's
// histograms, the page's groups and the explorer addresses they link to (node --test tests/js/*.test.js).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const {
  monthNumber, monthWords, passedCount, dueList, providerGroups, ownerGroups, explorerQuery
} = require("../../theme_overrides/assets/javascripts/overdue.js");

test("monthNumber counts months as the build does (year × 12 + month − 1)", () => {
  assert.equal(monthNumber(new Date(2019, 5, 30)), 2019 * 12 + 5);
  assert.equal(monthNumber(new Date(2020, 0, 1)), 24240);
  assert.equal(monthWords(24240), "January 2020");
  assert.equal(monthWords(24233), "June 2019");
});

test("passedCount adds the recommendations whose month is this one or earlier", () => {
  const due = [24233, 1, 24240, 2, 24300, 5];
  assert.equal(passedCount(due, 24232), 0);
  assert.equal(passedCount(due, 24233), 1);
  assert.equal(passedCount(due, 24240), 3);
  assert.equal(passedCount(due, 30000), 8);
  assert.equal(passedCount([], 30000), 0);
});

test("dueList reads a provider page's data-due", () => {
  assert.deepEqual(dueList("24233 1 24240 2"), [24233, 1, 24240, 2]);
  assert.deepEqual(dueList(""), []);
  assert.deepEqual(dueList(null), []);
});

test("providerGroups keeps the providers with a passed target, most first, then by name", () => {
  const data = {
    providers: [
      { slug: "b", name: "Beta", url: "providers/b/", owners: "data/providers/b/owners.json", due: [100, 2] },
      { slug: "a", name: "Alpha", url: "providers/a/", owners: "data/providers/a/owners.json", due: [100, 2, 200, 1] },
      { slug: "c", name: "Gamma", url: "providers/c/", owners: "data/providers/c/owners.json", due: [300, 4] },
    ],
  };
  assert.deepEqual(providerGroups(data, 150).map((g) => [g.slug, g.count]), [["a", 2], ["b", 2]]);
  const later = providerGroups(data, 250);
  assert.deepEqual(later.map((g) => [g.slug, g.count]), [["a", 3], ["b", 2]]);
  assert.equal(later[0].url, "providers/a/");
  assert.equal(later[0].owners, "data/providers/a/owners.json");
  assert.deepEqual(providerGroups(data, 50), []);
});

test("ownerGroups counts a recommendation under each owner whose own target has passed", () => {
  const file = {
    owners: [{ slug: "aco", name: "ACO" }, { slug: "head", name: "Head of Area" }, { slug: "lead", name: "Lead" }],
    plans: {
      "p-2019": [[0, 100, 1, 200], [1, 0], [2, 300]],  // 0: never passes (completed, or a superseded version)
      "p-2020": [[0, 150], [1, 120, 0, 250], []],
    },
  };
  assert.deepEqual(ownerGroups(file, 160).map((g) => [g.slug, g.name, g.count]), [["aco", "ACO", 2], ["head", "Head of Area", 1]]);
  assert.deepEqual(ownerGroups(file, 300).map((g) => [g.slug, g.count]), [["aco", 3], ["head", 2], ["lead", 1]]);
  assert.deepEqual(ownerGroups(file, 99), []);
});

test("explorerQuery names the provider and owner, and the passed targets", () => {
  assert.equal(explorerQuery(), "?overdue=passed");
  assert.equal(explorerQuery("a-crc"), "?provider=a-crc&overdue=passed");
  assert.equal(explorerQuery("a-crc", "l-and-d"), "?provider=a-crc&owner=l-and-d&overdue=passed");
});
