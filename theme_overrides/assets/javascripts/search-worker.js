/* The header search's worker: Material's search protocol over the archive's sharded index.
   Material posts SETUP (0) once, expects READY (1), then posts QUERY (2) with what the reader
   typed and renders the RESULT (3) {items: SearchItem[][]} it gets back: one group per plan,
   the plan first, then its matching recommendations. Nothing but this file and search-core.js
   is downloaded before the reader types; shards and result text are fetched per query. */
importScripts("search-core.js");

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var SHOWN_PLANS = 10;  // groups rendered; the rest are one link into the explorer
var SHOWN_RECS = 3;    // per plan before Material folds the others under "N more"
var siteRoot = new URL("../../", self.location.href).href;
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

function items(result, fragments) {
  var mark = highlighter(result.words);
  var terms = {};
  result.words.forEach(function (w) { terms[w] = true; });
  var groups = [], byPlan = {};
  result.hits.forEach(function (hit) {
    if (!(hit.plan in byPlan)) { byPlan[hit.plan] = []; groups.push(byPlan[hit.plan]); }
    byPlan[hit.plan].push(hit);
  });
  var out = groups.slice(0, SHOWN_PLANS).map(function (hits) {
    var f = fragments[hits[0].plan];
    var recs = hits.map(function (hit) {
      var rec = f.recs[hit.rec];
      return { location: f.url + "#" + rec[0], title: "Recommendation " + rec[1], text: "<p>" + mark(rec[2]) + "</p>",
               score: hit.score, terms: terms };
    });
    // Material shows the recommendations scoring at least the plan's score and folds the rest
    var threshold = recs[Math.min(SHOWN_RECS, recs.length) - 1].score;
    return [{ location: f.url, title: mark(f.title), text: "", score: threshold, terms: terms }].concat(recs);
  });
  if (groups.length > SHOWN_PLANS) {
    var query = result.query;
    out.push([{
      location: "explorer/?q=" + encodeURIComponent(query),
      title: "All " + result.hits.length + " matching recommendations, in " + groups.length + " plans: open the explorer",
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
    var plans = [];
    result.hits.forEach(function (hit) {
      if (plans.indexOf(hit.plan) === -1 && plans.length < SHOWN_PLANS) plans.push(hit.plan);
    });
    return engine.fragments(plans).then(function (fragments) {
      if (seq === latest) self.postMessage({ type: RESULT, data: { items: items(result, fragments) } });
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
