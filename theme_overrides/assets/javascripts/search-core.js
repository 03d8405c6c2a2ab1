/* The archive's search engine, shared by the header search (inside its web worker) and the
   explorer (on the page). It reads the sharded index build.py writes under search/ (see
   probation_archive/search_index.py): a query fetches the manifest once, then only the shards
   its words fall in, and a result's text only for the plans displayed.

   Everything the build decides (the word separator, the span of each field's word positions, the
   digits of the postings, the status words, where lunr.js is) is read from the manifest, never
   copied here.

   ArchiveSearch.create(siteRoot) -> engine
     engine.query(text)    -> Promise<{hits: [{doc, plan, rec, score} or {doc, page, score}], words, status}>
     engine.fragments(names) -> Promise<{name: fragment}> (names: plan numbers, or "pages"); each
                              file fetched once: the one cache of fragments, the explorer's too
   ArchiveSearch.fetchJSON(url) -> Promise of the parsed file, rejected with the address and HTTP
                              status when it cannot be had (fetchOk: the response): the scripts' one fetch

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

  /* The one fetch of the archive's scripts: the response, or an error naming the address and status. */
  function fetchOk(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r;
    });
  }

  function fetchJSON(url) {
    return fetchOk(url).then(function (r) { return r.json(); });
  }

  function create(siteRoot) {
    var base = new URL("search/", siteRoot).href;
    var manifest = null, shards = {}, fragments = {}, status = null, stemmer = null;

    function loadManifest() {
      if (!manifest) manifest = fetchJSON(base + "manifest.json");
      return manifest;
    }

    function loadStemmer(m) {
      if (stemmer) return stemmer;
      stemmer = new Promise(function (resolve) {
        var url = new URL(m.stemmer, siteRoot).href;
        if (typeof lunr !== "undefined") return resolve(lunr.stemmer);
        if (typeof importScripts === "function") {
          importScripts(url);
          return resolve(lunr.stemmer);
        }
        var script = document.createElement("script");
        script.src = url;
        script.onload = function () { resolve(lunr.stemmer); };
        script.onerror = function () { resolve(null); };
        document.head.appendChild(script);
      }).then(function (fn) {
        return fn ? function (w) { return fn(new lunr.Token(w)).toString(); } : function (w) { return w; };
      });
      return stemmer;
    }

    function shardNumber(m, key) {
      var lo = 0, hi = m.shards.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (m.shards[mid] <= key) lo = mid; else hi = mid - 1;
      }
      return lo;
    }

    /* The shards a word needs: the one its letters fall in, and (for a word beginning) the
       next ones while their first term still starts with it (at most a few). */
    function shardsFor(m, word) {
      var first = shardNumber(m, word.text), list = [first];
      if (word.prefix) {
        for (var n = first + 1; n < m.shards.length && m.shards[n].indexOf(word.text) === 0; n++) list.push(n);
        if (list.length > MAX_PREFIX_SHARDS) list = [first];
      }
      return list;
    }

    function loadShard(n) {
      if (!shards[n]) shards[n] = fetchJSON(base + "shards/" + n + ".json");
      return shards[n];
    }

    /* term -> factor for one word, from the shards its letters fall in. */
    function termsFor(word, loaded) {
      var found = {};
      function add(term, factor) { if (!(term in found) || found[term] < factor) found[term] = factor; }
      loaded.forEach(function (shard) {
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
      return Promise.all(shardsFor(m, word).map(loadShard)).then(function (loaded) {
        var terms = termsFor(word, loaded);
        if (Object.keys(terms).length || word.prefix && word.text.length < MIN_STEMMED) return terms;
        return loadStemmer(m).then(function (stem) {
          var s = stem(word.text);
          return loadShard(shardNumber(m, s)).then(function (shard) {
            var t = {};
            if (s in shard.terms) t[s] = 1;
            return t;
          });
        });
      }).then(function (terms) {
        // a word form's stem can sort into another shard than the word (rare)
        return Promise.all(Object.keys(terms).map(function (t) {
          return loadShard(shardNumber(m, t)).then(function (shard) { return [t, terms[t], decodeNumbers(shard.terms[t] || "", m.digits)]; });
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
      return loadManifest().then(function (m) {
        var parsed = parse(text || "", m);
        var stop = m.stopSet || (m.stopSet = m.stop_words.reduce(function (s, w) { s[w] = true; return s; }, {}));
        // stop words leave the query but keep their place: "through the gate" is "gate" two words
        // on; a word being typed stays ("do" may become "domestic")
        var ws = parsed.words.filter(function (w) { return !stop[w.text] || w.prefix; });
        ws.forEach(function (w, i) { w.index = i; });
        if (parsed.status && !status) status = fetchJSON(base + "status.json");
        return Promise.all([
          Promise.all(ws.map(function (w) { return resolveWord(m, w); })),
          parsed.status ? status : null
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
        return hit(m, +doc, Math.round(score * 1000) / 1000);
      });
      hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      return { hits: hits, words: ws.map(function (w) { return w.text; }), status: wanted };
    }

    /* What results show: for plan numbers, {title, url, recs: [[anchor, label, first words, actions]]};
       for "pages", [[title, url]] of the other pages. */
    function loadFragments(names) {
      var out = {};
      return Promise.all(names.map(function (p) {
        if (!fragments[p]) fragments[p] = fetchJSON(base + "fragments/" + p + ".json");
        return fragments[p].then(function (f) { out[p] = f; });
      })).then(function () { return out; });
    }

    return { query: query, fragments: loadFragments };
  }

  var api = {
    create: create, words: words, parse: parse, decodeNumbers: decodeNumbers, fetchOk: fetchOk, fetchJSON: fetchJSON
  };
  root.ArchiveSearch = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;  // node --test (tests/js/)
})(typeof self !== "undefined" ? self : globalThis);
