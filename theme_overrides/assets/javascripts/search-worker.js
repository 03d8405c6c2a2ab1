/* The header search's worker: Material's search protocol over the archive's sharded index.
   Material posts SETUP (0) once, expects READY (1), then posts QUERY (2) with what the reader
   typed and renders the RESULT (3) {items: SearchItem[][]} it gets back: one group per plan
   (the plan first, then its matching recommendations, each with the words around its match)
   or other page. Nothing but this file and search-core.js is downloaded before the reader types;
   shards and result text are fetched per query.
   Beside each RESULT the worker posts a NOTE ("archive-note") that archive.js shows above the results:
   how many were found and in what order, what found nothing and what the reader may have meant,
   or that search could not load (never shown as "no results"); archive.js posts RETRY
   ("archive-retry") to ask again.
   main.html starts it as `search-worker.js?path=<its own path under the site root>`, so it finds the
   site's root without assuming where it lives. */
var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3, NOTE = "archive-note", RETRY = "archive-retry", ORDER = "archive-order";
var SHOWN_GROUPS = 10;  // plans and pages shown; the rest are one link into the explorer
var SHOWN_RECS = 3;    // per plan before Material folds the others under "N more"
var CLOSE_PAGES = 5;   // pages whose names are close to a query that found nothing
var here = new URL(self.location.href);
var siteRoot = new URL(here.pathname.slice(0, here.pathname.length - here.searchParams.get("path").length), here).href;
var engine = null;
var latest = 0, lastText = "";
var order = "best";  // or "newest": the reader's choice, posted by search-page.js (ORDER), kept for later queries

/* search-core.js, loaded when first needed; a failed load is tried again at the next query
   (never the end of the worker). */
function loadEngine() {
  if (engine) return engine;
  if (typeof ArchiveSearch === "undefined") importScripts("search-core.js");
  engine = ArchiveSearch.create(siteRoot);
  return engine;
}

function escapeHTML(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function quoted(text) { return "\u201c" + text + "\u201d"; }

function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

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

function explorerLink(text) {
  // "words", the explorer's own parameter: Material's search box reads "q" and would open over the explorer
  return "explorer/?words=" + encodeURIComponent(text);
}

/* What the results are: "32 recommendations in 14 plans, best matches first". */
function summary(result) {
  var recs = 0, plans = {}, pages = 0;
  result.hits.forEach(function (hit) {
    if ("page" in hit) pages++;
    else { plans[hit.plan] = true; if (hit.rec >= 0) recs++; }
  });
  var parts = [];
  var planCount = Object.keys(plans).length;
  if (planCount) parts.push(plural(recs, "recommendation", "recommendations") + " in " + plural(planCount, "plan", "plans"));
  if (pages) parts.push(plural(pages, "other page", "other pages"));
  return parts.join(" and ") + (order === "newest" ? ", newest first" : ", best matches first");
}

function shortNote(result) {
  return result.short.map(function (w) {
    return "Words beginning with " + quoted(w) + " are too many to search: type more of the word.";
  }).join(" ");
}

/* Material's items; `texts` (per plan, engine.texts) adds the words around each match, once loaded. */
function items(result, groups, fragments, texts) {
  var mark = highlighter(result.words);
  var out = groups.slice(0, SHOWN_GROUPS).map(function (group) {
    var terms = {};
    result.words.forEach(function (w) { terms[w] = true; });
    if ("page" in group.hit) {
      var page = fragments.pages[group.hit.page];
      return [{ location: page[1], title: mark(page[0]), text: "", score: group.hit.score, terms: terms }];
    }
    var f = fragments[group.hit.plan];
    var recs = group.recs.map(function (hit) {
      // [anchor, label as the plan page shows it (2.1, R3), first line, actions, text, texts of the actions field]
      var rec = f.recs[hit.rec];
      var found = texts && texts[group.hit.plan]
        ? ArchiveSearch.excerpt(rec.concat(texts[group.hit.plan][hit.rec]), hit.positions || [], result.separator, result.span)
        : null;
      var recTerms = {};
      Object.keys(terms).forEach(function (w) { recTerms[w] = true; });
      var text = "<p>" + mark(rec[2]) + "</p>";
      if (found) {
        found.words.forEach(function (w) { recTerms[w] = true; });  // ?h=: the words as the page has them
        text = '<p class="archive-excerpt"><span class="archive-where">In ' + found.part + ":</span> " + found.html + "</p>";
      }
      return { location: f.url + "#" + rec[0], title: "Recommendation " + escapeHTML(String(rec[1])), text: text,
               score: hit.score, terms: recTerms };
    });
    // Material shows the recommendations scoring at least the plan's score and folds the rest
    var score = recs.length ? recs[Math.min(SHOWN_RECS, recs.length) - 1].score : group.hit.score;
    return [{ location: f.url, title: mark(f.title), text: "", score: score, terms: terms }].concat(recs);
  });
  if (groups.length > SHOWN_GROUPS) {
    var recs = result.hits.filter(function (hit) { return hit.rec >= 0; }).length;
    out.push([{
      location: explorerLink(result.query),
      title: "All " + recs + " matching recommendations: open the explorer",
      text: "", score: 0, terms: {}
    }]);
  }
  return out;
}

function post(seq, list, note) {
  if (seq !== latest) return;
  // the note first: Material rewrites the line above the results on RESULT, and search-page.js then
  // writes the note it holds, this one
  self.postMessage({ type: NOTE, data: note });
  self.postMessage({ type: RESULT, data: { items: list } });
}

/* Search could not load: one item saying so (its link opens the search again), and the note
   archive.js turns into "Search could not load. Try again". */
function failed(seq, text, error) {
  if (error) console.error(error);
  post(seq, [[{
    location: "?q=" + encodeURIComponent(text),
    title: "Search could not load",
    text: "<p>Check the connection, then try again.</p>",
    score: 0, terms: {}
  }]], { query: text, error: true, meta: "Search could not load." });
}

function show(seq, text, result, correction) {
  if (order !== "newest") return showGroups(seq, text, result, correction, groupsOf(result.hits));
  return engine.dates(result.version).then(function (dates) {
    return showGroups(seq, text, result, correction, ArchiveSearch.newestFirst(groupsOf(result.hits), dates));
  });
}

function showGroups(seq, text, result, correction, groups) {
  var names = groups.slice(0, SHOWN_GROUPS).map(function (g) { return "page" in g.hit ? "pages" : g.hit.plan; });
  names = names.filter(function (name, n) { return names.indexOf(name) === n; });
  return Promise.all([engine.fragments(names, result.version), engine.manifest()]).then(function (loaded) {
    result.separator = loaded[1].separator;
    result.span = loaded[1].field_span;
    var meta = summary(result);
    if (correction) {
      meta = "No plan holds " + correction.missing.map(quoted).join(" or ") + ": showing results for " +
        quoted(result.query) + ". " + meta;
    }
    var note = { query: text, meta: meta + ". " + shortNote(result), explorer: explorerLink(result.query), order: order };
    if (correction) note.corrected = result.query;
    // the results with their first lines at once; then, if no newer query came, where each matched
    post(seq, items(result, groups, loaded[0], null), note);
    if (seq !== latest) return null;
    var plans = names.filter(function (name) { return name !== "pages"; });
    if (!plans.length) return null;
    return engine.texts(plans, result.version).then(function (texts) {
      post(seq, items(result, groups, loaded[0], texts), note);
    }, function (error) {
      if (error && error.stale) throw error;  // a new deploy: the whole query again
      console.error(error);
      var partial = { query: text, meta: note.meta + " Where each matched could not load.", partial: true };
      post(seq, items(result, groups, loaded[0], null), partial);
    });
  });
}

/* Pages (themes, areas, providers…) whose names hold a word near one of `wanted`. */
function closePages(pages, wanted, separator) {
  var S = ArchiveSearch;
  return pages.filter(function (page) {
    return S.words(page[0], separator).some(function (w) {
      return w.length >= 3 && wanted.some(function (q) {
        return w.indexOf(q) === 0 || q.indexOf(w) === 0 && w.length >= 4 || S.distance(w, q, 2) <= (q.length <= 5 ? 1 : 2);
      });
    });
  }).slice(0, CLOSE_PAGES);
}

/* Nothing found: which words found nothing and what they may have meant; where every such word
   has one nearest word, the results for the corrected query, with a line saying so. */
function nothingFound(seq, text, result, separator) {
  var missing = result.words.filter(function (w, i) { return result.counts[i] === 0 && result.short.indexOf(w) < 0; });
  return Promise.all(missing.map(function (w) { return engine.suggest(w); })).then(function (nearest) {
    var fixes = {};
    missing.forEach(function (w, i) { fixes[w] = nearest[i]; });
    var unambiguous = missing.length && nearest.every(function (list) { return list.length === 1; });
    if (unambiguous) {
      var corrected = correct(text, separator, function (w) { return fixes[w] ? fixes[w][0] : null; });
      return engine.query(corrected).then(function (again) {
        if (again.hits.length) {
          again.query = corrected;
          return show(seq, text, again, { from: text, missing: missing });
        }
        return none(seq, text, result, missing, fixes, separator);
      });
    }
    return none(seq, text, result, missing, fixes, separator);
  });
}

/* `text` with each word `fix` knows replaced (case aside), the rest as typed. */
function correct(text, separator, fix) {
  return text.replace(/[^\s"]+/g, function (token) {
    var w = ArchiveSearch.words(token, separator)[0];
    var to = w && fix(w);
    return to ? token.toLowerCase().replace(w, to) : token;
  });
}

function none(seq, text, result, missing, fixes, separator) {
  var suggestions = [];
  var first = missing.find(function (w) { return fixes[w] && fixes[w].length; });
  if (first) {
    suggestions = fixes[first].slice(0, 3).map(function (to) {
      return correct(text, separator, function (w) { return w === first ? to : null; });
    });
  }
  var meta;
  if (missing.length) meta = "No results: no plan holds " + missing.map(quoted).join(" or ") + ".";
  else {
    meta = "No results: no recommendation holds all of " + result.words.map(function (w, i) {
      return quoted(w) + " (" + result.counts[i] + ")";
    }).join(", ") + ". Try fewer words.";
  }
  return engine.fragments(["pages"]).then(function (f) {
    var wanted = missing.length ? missing : result.words;
    Object.keys(fixes).forEach(function (w) { wanted = wanted.concat(fixes[w]); });
    var list = [[{
      location: explorerLink(text),
      title: "Search the explorer for " + escapeHTML(quoted(text.trim())) + ", with no filters",
      text: "<p>The explorer finds words in every recommendation, action and progress note, and filters by provider, theme, status and year.</p>",
      score: 0, terms: {}
    }]].concat(closePages(f.pages, wanted, separator).map(function (page) {
      return [{ location: page[1], title: escapeHTML(page[0]), text: "<p>A page whose name is close to your words.</p>", score: 0, terms: {} }];
    }));
    post(seq, list, { query: text, meta: meta + " " + shortNote(result), none: true, missing: missing,
                      suggestions: suggestions, explorer: explorerLink(text) });
  });
}

function answer(text) {
  var seq = ++latest;
  lastText = text;
  if (!text.trim()) {
    post(seq, [], { query: "", meta: null });
    return;
  }
  try {
    loadEngine();
  } catch (error) {
    failed(seq, text, error);
    return;
  }
  var tries = 0;
  function run() {
    return engine.query(text).then(function (result) {
      if (seq !== latest) return null;
      result.query = text;
      if (!result.hits.length && result.words.length) {
        return engine.manifest().then(function (m) { return nothingFound(seq, text, result, m.separator); });
      }
      if (!result.hits.length) {
        post(seq, [], { query: text, meta: "No results." });
        return null;
      }
      return show(seq, text, result, null);
    }).catch(function (error) {
      if (error && error.stale && tries++ < 1) return run();  // a new deploy: once more, on its files
      failed(seq, text, error);
      return null;
    });
  }
  run();
}

self.addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) self.postMessage({ type: READY });
  else if (message.type === QUERY) answer(message.data);
  else if (message.type === RETRY) answer(lastText);
  else if (message.type === ORDER) {
    order = message.order === "newest" ? "newest" : "best";
    answer(lastText);
  }
});
