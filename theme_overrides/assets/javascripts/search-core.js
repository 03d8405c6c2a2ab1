/* The archive's search engine, shared by the header search (inside its web worker) and the
   explorer (on the page). It reads the sharded index build.py writes under search/ (see
   probation_archive/publish/search_index.py): a query fetches the manifest once, then only the shards
   its words fall in, and a result's text only for the plans displayed.

   Every file but the manifest lives in search/<version>/ (the manifest's `version`): a page never
   mixes two builds' files. When a versioned file is gone (a 404: the site was deployed since the
   manifest was read), the engine reads the manifest again past the browser's cache; if its version
   changed, it forgets everything it holds and the query starts again on the new build (a caller
   holding hits of the old one gets an error with `stale` set, and asks again).
   A fetch that fails is tried once more; a failure is never kept in a cache, and it reaches the
   caller as an error (never as "no results").

   Everything the build decides (the word separator, the span of each field's word positions, the
   digits of the postings, the status words, where lunr.js is) is read from the manifest, never
   copied here.

   ArchiveSearch.create(siteRoot) -> engine
     engine.query(text)    -> Promise<{hits: [{doc, plan, rec, score, positions} or {doc, page, score}],
                              words, counts (documents per word), short (beginnings too short to expand),
                              status, version}>
     engine.fragments(names, version) -> Promise<{name: fragment}> (names: plan numbers, or "pages");
                              each file fetched once: the one cache of fragments, the explorer's too
     engine.texts(names, version) -> Promise<{plan: [[text, texts of the actions field]]}>: for excerpts
     engine.suggest(word)  -> Promise<[words the archive holds, nearest first]> (loads words/L.json)
   ArchiveSearch.fetchJSON(url, init) -> Promise of the parsed file, rejected with the address and HTTP
                              status (error.status) when it cannot be had, after one more try for a
                              dropped connection or a server error (fetchOk: the response): the scripts' one fetch

   Scoring: a document's score is the sum, over the query's words, of lunr's BM25 weight of the
   best term the word matched in it (exact word or its stem: x1; a longer word the typed
   beginning expands to: x0.5). Every word must match (AND); a quoted phrase must match at
   consecutive positions. */
(function (root) {
  "use strict";
  var PREFIX_WEIGHT = 0.5;
  var MAX_PREFIX_SHARDS = 3;
  var MIN_STEMMED = 3;  // a word beginning shorter than this is not worth lunr.js's stemmer

  function trim(word) { return word.replace(/^\W+/, "").replace(/\W+$/, ""); }

  /* The words of a text as the index sees them: split on the build's separator (the manifest's
     `separator`, a regular expression's source), lower-cased and trimmed. */
  function words(text, separator) {
    return text.toLowerCase().split(new RegExp(separator)).map(trim).filter(Boolean);
  }

  /* Parse what the reader typed: words with their positions, quoted phrases, a status. `m` is the
     manifest: its `separator` and `status_words` ([[words…], letter], longest first). */
  function parse(text, m) {
    var prefixLast = !/[\s"]$/.test(text);
    var parts = text.split('"');
    var out = [], position = 0, phrase = 0;
    parts.forEach(function (part, n) {
      var quoted = n % 2 === 1;
      if (quoted) phrase += 1;
      words(part, m.separator).forEach(function (w) {
        out.push({ text: w, position: position++, phrase: quoted ? phrase : 0 });
      });
      position += 1;  // no phrase across a quote mark
    });
    if (out.length) out[out.length - 1].prefix = prefixLast;
    var status = null;
    for (var i = 0; i < out.length && !status; i++) {
      m.status_words.some(function (s) {
        var ws = s[0];
        var match = ws.every(function (w, k) {
          var t = out[i + k];
          return t && t.text === w && !t.phrase;
        });
        if (match) { status = s[1]; out.splice(i, ws.length); }
        return match;
      });
    }
    return { words: out, status: status };
  }

  /* A term's postings: one string of numbers, five bits a character, lowest bits first; the first
     half of `digits` (the manifest's: search_index.encode_numbers writes with them) ends a number. */
  var digitValues = {};
  function decodeNumbers(text, digits) {
    var valueOf = digitValues[digits];
    if (!valueOf) {
      valueOf = digitValues[digits] = {};
      for (var d = 0; d < digits.length; d++) valueOf[digits.charCodeAt(d)] = d;
    }
    var numbers = [], value = 0, scale = 1;
    for (var i = 0; i < text.length; i++) {
      var digit = valueOf[text.charCodeAt(i)];
      if (digit === undefined) throw new Error("not a digit of the index: " + text.charAt(i));
      value += (digit & 31) * scale;
      if (digit < 32) { numbers.push(value); value = 0; scale = 1; } else scale *= 32;
    }
    if (scale !== 1) throw new Error("the last number is cut short");
    return numbers;
  }

  /* The one fetch of the archive's scripts: the response, or an error naming the address and status
     (`status`: 0 for no answer). A dropped connection or a server error is tried once more; a 404 is
     not (the file is not there: for the search index, a sign of a new deploy). */
  function fetchOk(url, init) {
    function once() {
      return fetch(url, init).then(function (r) {
        if (r.ok) return r;
        var error = new Error(url + ": " + r.status);
        error.status = r.status;
        throw error;
      }, function (cause) {
        var error = new Error(url + ": " + (cause && cause.message || "no answer"));
        error.status = 0;
        throw error;
      });
    }
    return once().catch(function (error) {
      if (error.status === 0 || error.status >= 500) return once();
      throw error;
    });
  }

  function fetchJSON(url, init) {
    return fetchOk(url, init).then(function (r) { return r.json(); });
  }

  /* store[key], loaded once by load(); a failed load is forgotten, so the next call tries again. */
  function cached(store, key, load) {
    if (!(key in store)) {
      var promise = store[key] = load();
      promise.catch(function () { if (store[key] === promise) delete store[key]; });
    }
    return store[key];
  }

  /* Damerau-Levenshtein distance (adjacent letters swapped count one), or limit + 1 once it is
     known to exceed `limit`. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var before = null, previous = [], current = [];
    for (var j = 0; j <= b.length; j++) previous[j] = j;
    for (var i = 1; i <= a.length; i++) {
      current = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        var d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) {
          d = Math.min(d, before[j - 2] + 1);
        }
        current[j] = d;
        if (d < best) best = d;
      }
      if (best > limit) return limit + 1;
      before = previous;
      previous = current;
    }
    return previous[b.length] > limit ? limit + 1 : previous[b.length];
  }

  /* The edits a word of this length may be corrected by: one for a short word, two for a longer one. */
  function editsFor(word) { return word.length <= 5 ? 1 : 2; }

  /* The words of `lists` (each most frequent first) nearest to `word`: those at the smallest
     distance (at most editsFor(word)), most frequent first. */
  function nearest(word, lists) {
    var limit = editsFor(word), found = [];
    lists.forEach(function (list) {
      list.forEach(function (candidate, rank) {
        var d = distance(word, candidate, limit);
        if (d <= limit && candidate !== word) found.push({ word: candidate, d: d, rank: rank });
      });
    });
    if (!found.length) return [];
    var best = Math.min.apply(null, found.map(function (f) { return f.d; }));
    return found.filter(function (f) { return f.d === best; })
      .sort(function (x, y) { return x.rank - y.rank || (x.word < y.word ? -1 : 1); })
      .map(function (f) { return f.word; });
  }

  /* A text's words as `words` splits them, each with where it stands in the text ({text, start, end}),
     so that a word found at a posting's position can be shown in its own sentence. */
  function tokens(text, separator) {
    var out = [], re = new RegExp(separator, "g"), from = 0, match;
    function add(start, end) {
      var piece = text.slice(start, end);
      var lead = piece.length - piece.replace(/^\W+/, "").length;
      var body = piece.replace(/^\W+/, "").replace(/\W+$/, "");
      if (body) out.push({ text: body.toLowerCase(), start: start + lead, end: start + lead + body.length });
    }
    while ((match = re.exec(text)) !== null) {
      if (!match[0].length) { re.lastIndex++; continue; }
      add(from, match.index);
      from = match.index + match[0].length;
    }
    add(from, text.length);
    return out;
  }

  function escapeHTML(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  var EXCERPT_BEFORE = 8, EXCERPT_WORDS = 32;

  /* Where a recommendation matched, and the words around it: `rec` is its fragment entry followed by
     its texts ([anchor, label, first line, actions, text, [per action: text, owner, progress…, rationale]]),
     `positions` the word positions the query matched (the postings': recommendation text from 0,
     the actions field from `span`). The part holding most matched words is shown:
     {part: "the recommendation" | "action 3" | "the owner of action 3" | "the progress note of action 3"
     | "the rationale", html (escaped, matched words in <mark>), words (the matched words as written)};
     null when no position falls in the texts. */
  function excerpt(rec, positions, separator, span) {
    var parts = [{ part: "the recommendation", text: rec[4] || "" }];
    var texts = rec[5] || [], actions = rec[3] || 0;
    texts.forEach(function (text, k) {
      var a = Math.floor(k / 3) + 1, kind = k % 3;
      var name = k >= actions * 3 ? "the rationale"
        : kind === 0 ? "action " + a : kind === 1 ? "the owner of action " + a : "the progress note of action " + a;
      parts.push({ part: name, text: text || "", actionsField: true });
    });
    var from = 0;
    parts.forEach(function (p) {
      p.tokens = tokens(p.text, separator);
      p.hit = {};
      if (p.actionsField) { p.first = from; from += p.tokens.length; } else p.first = 0;
    });
    positions.forEach(function (pos) {
      var field = Math.floor(pos / span), at = pos % span;
      if (field === 0) { if (at < parts[0].tokens.length) parts[0].hit[at] = true; return; }
      if (field !== 1) return;
      for (var i = 1; i < parts.length; i++) {
        var p = parts[i];
        if (at >= p.first && at < p.first + p.tokens.length) { p.hit[at - p.first] = true; return; }
      }
    });
    var best = null;
    parts.forEach(function (p) {
      var n = Object.keys(p.hit).length;
      if (n && (!best || n > Object.keys(best.hit).length)) best = p;
    });
    if (!best) return null;
    var hits = Object.keys(best.hit).map(Number).sort(function (x, y) { return x - y; });
    var start = Math.max(0, hits[0] - EXCERPT_BEFORE), end = Math.min(best.tokens.length, start + EXCERPT_WORDS);
    var text = best.text, html = start > 0 ? "\u2026" : "", cursor = best.tokens[start].start, seen = {};
    for (var i = start; i < end; i++) {
      var t = best.tokens[i];
      html += escapeHTML(text.slice(cursor, t.start));
      var word = text.slice(t.start, t.end);
      if (best.hit[i]) { html += "<mark>" + escapeHTML(word) + "</mark>"; seen[word.toLowerCase()] = true; }
      else html += escapeHTML(word);
      cursor = t.end;
    }
    html += end < best.tokens.length ? escapeHTML(text.slice(cursor, best.tokens[end - 1].end)) + " \u2026"
      : escapeHTML(text.slice(cursor));
    return { part: best.part, html: html, words: Object.keys(seen) };
  }

  /* The shard a key sorts into: the last whose first key (`firsts`, the manifest's `shards`) is not after it. */
  function shardNumber(firsts, key) {
    var lo = 0, hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /* The shards a word needs: the one its letters fall in, and for a word beginning every later one
     whose first key still starts with it. A beginning shorter than `prefixLetters` that spans more
     than MAX_PREFIX_SHARDS is not expanded (the list says `short`): only the word itself is searched. */
  function shardsFor(firsts, word, prefixLetters) {
    var first = shardNumber(firsts, word.text), list = [first];
    if (word.prefix) {
      for (var n = first + 1; n < firsts.length && firsts[n].indexOf(word.text) === 0; n++) list.push(n);
      if (list.length > MAX_PREFIX_SHARDS && word.text.length < prefixLetters) {
        list = [first];
        list.short = true;
      }
    }
    return list;
  }

  function create(siteRoot) {
    var base = new URL("search/", siteRoot).href;
    var loaded = {};  // "manifest", "stemmer", and each versioned file by its path: promises, never a failure

    function loadManifest() {
      return cached(loaded, "manifest", function () { return fetchJSON(base + "manifest.json"); });
    }

    /* A file of the manifest's version. A 404 means the site may have been deployed since the manifest
       was read: read it again past the browser's cache, and if its version changed, forget
       everything (the error says `stale`: the caller asks again). */
    function versioned(m, path) {
      return cached(loaded, m.version + "/" + path, function () {
        return fetchJSON(base + m.version + "/" + path).catch(function (error) {
          if (error.status !== 404) throw error;
          return fetchJSON(base + "manifest.json", { cache: "no-cache" }).then(function (fresh) {
            if (fresh.version !== m.version) {
              loaded = { manifest: Promise.resolve(fresh) };
              error.stale = true;
            }
            throw error;
          });
        });
      });
    }

    function loadStemmer(m) {
      return cached(loaded, "stemmer", function () {
        return new Promise(function (resolve, reject) {
          var url = new URL(m.stemmer, siteRoot).href;
          if (typeof lunr !== "undefined") return resolve();
          if (typeof importScripts === "function") {
            importScripts(url);  // throws when it cannot be loaded: the promise is rejected, and forgotten
            return resolve();
          }
          var script = document.createElement("script");
          script.src = url;
          script.onload = function () { resolve(); };
          script.onerror = function () { script.remove(); reject(new Error(url + ": could not be loaded")); };
          document.head.appendChild(script);
        }).then(function () {
          return function (w) { return lunr.stemmer(new lunr.Token(w)).toString(); };
        });
      });
    }

    function loadShard(m, n) { return versioned(m, "shards/" + n + ".json"); }

    /* term -> factor for one word, from the shards its letters fall in. */
    function termsFor(word, shardList) {
      var found = {};
      function add(term, factor) { if (!(term in found) || found[term] < factor) found[term] = factor; }
      shardList.forEach(function (shard) {
        if (word.text in shard.terms) add(word.text, 1);
        if (word.text in shard.forms) add(shard.forms[word.text], 1);
        if (!word.prefix) return;
        Object.keys(shard.terms).forEach(function (t) { if (t.indexOf(word.text) === 0) add(t, PREFIX_WEIGHT); });
        Object.keys(shard.forms).forEach(function (f) { if (f.indexOf(word.text) === 0) add(shard.forms[f], PREFIX_WEIGHT); });
      });
      return found;
    }

    /* doc -> {score, positions} for one word: the shards it needs, then (only for a word the
       text never had) lunr.js's stemmer and its stem's shard. */
    function resolveWord(m, word) {
      var needed = shardsFor(m.shards, word, m.prefix_letters);
      if (needed.short) { word.short = true; word.prefix = false; }
      return Promise.all(needed.map(function (n) { return loadShard(m, n); })).then(function (shardList) {
        var terms = termsFor(word, shardList);
        // a beginning too short to expand, or too short to stem, is not worth lunr.js's stemmer
        if (Object.keys(terms).length || word.short || word.prefix && word.text.length < MIN_STEMMED) return terms;
        return loadStemmer(m).then(function (stem) {
          var s = stem(word.text);
          return loadShard(m, shardNumber(m.shards, s)).then(function (shard) {
            var t = {};
            if (s in shard.terms) t[s] = 1;
            return t;
          });
        });
      }).then(function (terms) {
        // a word form's stem can sort into another shard than the word (rare)
        return Promise.all(Object.keys(terms).map(function (t) {
          return loadShard(m, shardNumber(m.shards, t)).then(function (shard) { return [t, terms[t], decodeNumbers(shard.terms[t] || "", m.digits)]; });
        }));
      }).then(postingsFor);
    }

    function postingsFor(matches) {
      var docs = {};
      matches.forEach(function (match) {
        var factor = match[1], flat = match[2], doc = 0;
        for (var i = 0; i < flat.length;) {
          doc += flat[i];
          var weight = flat[i + 1] / 1000 * factor, count = flat[i + 2], spot = 0;
          var entry = docs[doc] || (docs[doc] = { score: 0, positions: {} });
          if (weight > entry.score) entry.score = weight;
          for (var k = 0; k < count; k++) { spot += flat[i + 3 + k]; entry.positions[spot] = true; }
          i += 3 + count;
        }
      });
      return docs;
    }

    function phraseHolds(doc, group, perWord, span) {
      var head = perWord[group[0].index][doc].positions;
      return Object.keys(head).some(function (p) {
        p = +p;
        return group.every(function (w, k) {
          if (k === 0) return true;
          var offset = w.position - group[0].position;
          return perWord[w.index][doc].positions[p + offset] && Math.floor(p / span) === Math.floor((p + offset) / span);
        });
      });
    }

    function query(text) {
      return attempt(text).catch(function (error) {
        if (error.stale) return attempt(text);  // a new deploy: once more, on its files
        throw error;
      });
    }

    function attempt(text) {
      return loadManifest().then(function (m) {
        var parsed = parse(text || "", m);
        var stop = m.stopSet || (m.stopSet = m.stop_words.reduce(function (s, w) { s[w] = true; return s; }, {}));
        // stop words leave the query but keep their place: "through the gate" is "gate" two words
        // on; a word being typed stays ("do" may become "domestic")
        var ws = parsed.words.filter(function (w) { return !stop[w.text] || w.prefix; });
        ws.forEach(function (w, i) { w.index = i; });
        return Promise.all([
          Promise.all(ws.map(function (w) { return resolveWord(m, w); })),
          parsed.status ? versioned(m, "status.json") : null
        ]).then(function (r) { return rank(m, ws, r[0], parsed.status, r[1]); });
      });
    }

    /* What a document number stands for: recommendation `rec` of plan `plan`, plan `plan`
       itself (rec -1), or another page (`page`). */
    function hit(m, doc, score) {
      if (doc >= m.pages_from) return { doc: doc, page: doc - m.pages_from, score: score };
      var rec = doc % m.stride;
      return { doc: doc, plan: Math.floor(doc / m.stride), rec: rec === m.stride - 1 ? -1 : rec, score: score };
    }

    function rank(m, ws, perWord, wanted, statusLetters) {
      var candidates;
      if (ws.length) {
        var smallest = perWord.reduce(function (a, b) { return Object.keys(a).length <= Object.keys(b).length ? a : b; });
        candidates = Object.keys(smallest).filter(function (doc) {
          return perWord.every(function (docs) { return doc in docs; });
        });
      } else if (wanted) {
        candidates = [];
        for (var d = 0; d < statusLetters.length; d++) if (statusLetters[d] === wanted) candidates.push(String(d));
      } else {
        candidates = [];
      }
      if (wanted) candidates = candidates.filter(function (doc) { return statusLetters[doc] === wanted; });
      var phrases = {};
      ws.forEach(function (w) { if (w.phrase) (phrases[w.phrase] = phrases[w.phrase] || []).push(w); });
      Object.keys(phrases).forEach(function (k) {
        var group = phrases[k];
        if (group.length > 1) candidates = candidates.filter(function (doc) { return phraseHolds(doc, group, perWord, m.field_span); });
      });
      var hits = candidates.map(function (doc) {
        var score = ws.reduce(function (s, w, i) { return s + perWord[i][doc].score; }, 0);
        var h = hit(m, +doc, Math.round(score * 1000) / 1000), spots = {};
        perWord.forEach(function (docs) { Object.keys(docs[doc].positions).forEach(function (p) { spots[p] = true; }); });
        h.positions = Object.keys(spots).map(Number);
        return h;
      });
      hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      return {
        hits: hits,
        words: ws.map(function (w) { return w.text; }),
        counts: perWord.map(function (docs) { return Object.keys(docs).length; }),
        short: ws.filter(function (w) { return w.short; }).map(function (w) { return w.text; }),
        status: wanted,
        version: m.version
      };
    }

    /* What results show: for plan numbers, {title, url, recs: [[anchor, label, first words, actions]]};
       for "pages", [[title, url]] of the other pages. `version` is the query result's: fragments of
       another build are never read for its hits (the error says `stale`: ask again). */
    function loadFragments(names, version) { return perPlan("fragments/", names, version); }

    /* The texts behind each recommendation of the plans `names`: [[text, texts of the actions field]],
       for the excerpt around a match; as loadFragments. */
    function loadTexts(names, version) { return perPlan("texts/", names, version); }

    function perPlan(folder, names, version) {
      var out = {};
      return loadManifest().then(function (m) {
        if (version && version !== m.version) {
          var error = new Error("the search index changed since the query");
          error.stale = true;
          throw error;
        }
        return Promise.all(names.map(function (p) {
          return versioned(m, folder + p + ".json").then(function (f) { out[p] = f; });
        }));
      }).then(function () { return out; });
    }

    /* Words the archive holds near `word` (a typo's corrections), nearest then most frequent first. */
    function suggest(word) {
      return loadManifest().then(function (m) {
        var limit = editsFor(word);
        var lengths = m.word_lengths.filter(function (n) { return Math.abs(n - word.length) <= limit; });
        return Promise.all(lengths.map(function (n) { return versioned(m, "words/" + n + ".json"); }));
      }).then(function (lists) { return nearest(word, lists); });
    }

    /* Each plan's date by its number (20190329; 20190300 for a month; 0 undated), of the query's version:
       read only when the reader sorts results newest first. */
    function loadDates(version) {
      return loadManifest().then(function (m) {
        if (version && version !== m.version) {
          var error = new Error("the search index changed since the query");
          error.stale = true;
          throw error;
        }
        return versioned(m, "dates.json");
      });
    }

    return {
      query: query, fragments: loadFragments, texts: loadTexts, suggest: suggest, dates: loadDates,
      manifest: loadManifest
    };
  }

  /* Result groups newest first: plans by their date (`dates`, by plan number; 0 undated, after the
     dated), then the other pages; a stable sort, so equal dates keep the best-match order. */
  function newestFirst(groups, dates) {
    function date(group) { return "page" in group.hit ? -2 : dates[group.hit.plan] || -1; }
    return groups.map(function (group, n) { return { group: group, n: n, date: date(group) }; })
      .sort(function (a, b) { return b.date - a.date || a.n - b.n; })
      .map(function (item) { return item.group; });
  }

  var api = {
    create: create, words: words, parse: parse, decodeNumbers: decodeNumbers, fetchOk: fetchOk, fetchJSON: fetchJSON,
    cached: cached, distance: distance, nearest: nearest, tokens: tokens, excerpt: excerpt, escapeHTML: escapeHTML,
    shardNumber: shardNumber, shardsFor: shardsFor, newestFirst: newestFirst
  };
  root.ArchiveSearch = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;  // node --test (tests/js/)
})(typeof self !== "undefined" ? self : globalThis);
