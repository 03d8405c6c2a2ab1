// Unit tests of overdue.js's pure functions: months, counting passed targets from the build's
// histograms, the page's groups and the explorer addresses they link to (node --test tests/js/*.test.js).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const {
  monthNumber, monthWords, passedCount, dueList, overdueGroups, explorerQuery
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

test("overdueGroups keeps the groups with a passed target, most first, then by name", () => {
  const data = {
    providers: [
      { slug: "b", name: "Beta", url: "providers/b/", due: [100, 2] },
      { slug: "a", name: "Alpha", url: "providers/a/", due: [100, 2, 200, 1] },
      { slug: "c", name: "Gamma", url: "providers/c/", due: [300, 4] },
    ],
    owners: [
      { provider: 1, slug: "head", name: "Head of Area", due: [200, 1] },
      { provider: 0, slug: "aco", name: "ACO", due: [100, 2] },
      { provider: 1, slug: "aco", name: "ACO", due: [100, 2] },
    ],
  };
  const early = overdueGroups(data, 150);
  assert.deepEqual(early.providers.map((g) => [g.slug, g.count]), [["a", 2], ["b", 2]]);
  assert.deepEqual(early.owners.map((g) => [g.provider, g.slug, g.count]), [["a", "aco", 2], ["b", "aco", 2]]);
  const later = overdueGroups(data, 250);
  assert.deepEqual(later.providers.map((g) => [g.slug, g.count]), [["a", 3], ["b", 2]]);
  assert.deepEqual(later.owners.map((g) => [g.provider, g.slug, g.count]),
    [["a", "aco", 2], ["b", "aco", 2], ["a", "head", 1]]);
  assert.equal(later.owners[2].providerName, "Alpha");
  assert.equal(later.owners[2].providerUrl, "providers/a/");
  assert.deepEqual(overdueGroups(data, 50), { providers: [], owners: [] });
});

test("explorerQuery names the provider and owner, and the passed targets", () => {
  assert.equal(explorerQuery(), "?overdue=passed");
  assert.equal(explorerQuery("a-crc"), "?provider=a-crc&overdue=passed");
  assert.equal(explorerQuery("a-crc", "l-and-d"), "?provider=a-crc&owner=l-and-d&overdue=passed");
});
