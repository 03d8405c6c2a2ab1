/* The header search's worker: Material's search protocol over the archive's sharded index.
   Material posts SETUP (0) once, expects READY (1), then posts QUERY (2) with what the reader
   typed and renders the RESULT (3) {items: SearchItem[][]} it gets back: one group per plan
   (the plan first, then its matching recommendations) or other page. Nothing but this file and search-core.js
   is downloaded before the reader types; shards and result text are fetched per query.
   main.html starts it as `search-worker.js?path=<its own path under the site root>`, so it finds the
   site's root without assuming where it lives. */
importScripts("search-core.js");

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var SHOWN_GROUPS = 10;  // plans and pages shown; the rest are one link into the explorer
var SHOWN_RECS = 3;    // per plan before Material folds the others under "N more"
var here = new URL(self.location.href);
var siteRoot = new URL(here.pathname.slice(0, here.pathname.length - here.searchParams.get("path").length), here).href;
var engine = ArchiveSearch.create(siteRoot);
var latest = 0;

function escapeHTML(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function highlighter(ws) {
  if (!ws.length) return escapeHTML;
  var alternatives = ws.map(function (w) { return escapeHTML(w).replace(/[|\\{}()[\]^$+*?.-]/g, "\\$&"); });
  var match = new RegExp("(^|[^A-Za-z0-9_&;])(" + alternatives.join("|") + ")", "gi");
  return function (text) { return escapeHTML(text).replace(match, "$1<mark>$2</mark>"); };
}

/* The groups Material shows, best first: a plan with its matching recommendations (the plan
   first, as Material expects), or another page on its own. */
function groupsOf(hits) {
  var groups = [], byKey = {};
  hits.forEach(function (hit) {
    var key = "page" in hit ? "page" + hit.page : "plan" + hit.plan;
    if (!(key in byKey)) { byKey[key] = { hit: hit, recs: [], title: null }; groups.push(byKey[key]); }
    if (hit.rec === -1) byKey[key].title = hit;
    else if (!("page" in hit)) byKey[key].recs.push(hit);
  });
  return groups;
}

function items(result, groups, fragments) {
  var mark = highlighter(result.words);
  var terms = {};
  result.words.forEach(function (w) { terms[w] = true; });
  var out = groups.slice(0, SHOWN_GROUPS).map(function (group) {
    if ("page" in group.hit) {
      var page = fragments.pages[group.hit.page];
      return [{ location: page[1], title: mark(page[0]), text: "", score: group.hit.score, terms: terms }];
    }
    var f = fragments[group.hit.plan];
    var recs = group.recs.map(function (hit) {
      var rec = f.recs[hit.rec];  // [anchor, label as the plan page shows it (2.1, R3), first line, actions]
      return { location: f.url + "#" + rec[0], title: "Recommendation " + rec[1], text: "<p>" + mark(rec[2]) + "</p>",
               score: hit.score, terms: terms };
    });
    // Material shows the recommendations scoring at least the plan's score and folds the rest
    var score = recs.length ? recs[Math.min(SHOWN_RECS, recs.length) - 1].score : group.hit.score;
    return [{ location: f.url, title: mark(f.title), text: "", score: score, terms: terms }].concat(recs);
  });
  if (groups.length > SHOWN_GROUPS) {
    var recs = result.hits.filter(function (hit) { return hit.rec >= 0; }).length;
    out.push([{
      // "words", the explorer's own parameter: Material's search box reads "q" and would open over the explorer
      location: "explorer/?words=" + encodeURIComponent(result.query),
      title: "All " + recs + " matching recommendations: open the explorer",
      text: "", score: 0, terms: {}
    }]);
  }
  return out;
}

function answer(text) {
  var seq = ++latest;
  if (!text.trim()) {
    self.postMessage({ type: RESULT, data: { items: [] } });
    return;
  }
  engine.query(text).then(function (result) {
    if (seq !== latest) return null;
    result.query = text;
    var groups = groupsOf(result.hits);
    var names = groups.slice(0, SHOWN_GROUPS).map(function (g) { return "page" in g.hit ? "pages" : g.hit.plan; });
    names = names.filter(function (name, n) { return names.indexOf(name) === n; });
    return engine.fragments(names).then(function (fragments) {
      if (seq === latest) self.postMessage({ type: RESULT, data: { items: items(result, groups, fragments) } });
    });
  }).catch(function (error) {
    if (seq === latest) self.postMessage({ type: RESULT, data: { items: [] } });
    console.error(error);
  });
}

self.addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) self.postMessage({ type: READY });
  else if (message.type === QUERY) answer(message.data);
});
