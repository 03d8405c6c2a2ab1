/* The explorer: filters, sorting and full-text search over every recommendation.
   Facets (a few bytes per recommendation) come from data/explorer-facets.json; what a result shows
   comes from the search index's per-plan fragments (ArchiveSearch's one cache), fetched only for the
   results on screen; the full-text box goes through textSearch() alone, which asks the site's sharded
   search index (ArchiveSearch, the engine of the header search). Filter state lives in the URL.
   The CSV download is the rows of the published recommendations.csv (each provider's file, named by
   the facets) for the current results, byte for byte: no column or quoting rule is repeated here.
   All data prebuilt by build.py. The pure functions below are unit-tested (tests/js/). */
(function (root) {
  "use strict";

  // ---- pure functions: the address, and reading the published CSV ----

  /* The words box's value from the address: "words", the explorer's own parameter; "q" from older
     links (not written any more: Material's search box reads "q" too, and would open over the page). */
  function wordsParam(search) {
    var params = new URLSearchParams(search);
    return params.get("words") || params.get("q") || "";
  }

  /* A CSV file's records, each exactly as written with its own line ending (a line break inside a
     quoted cell stays inside its record). */
  function csvRecords(text) {
    var records = [], start = 0, inQuotes = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (c === '"') inQuotes = !inQuotes;
      else if (c === "\n" && !inQuotes) { records.push(text.slice(start, i + 1)); start = i + 1; }
    }
    if (start < text.length) records.push(text.slice(start));
    return records;
  }

  /* One record's cells, uninQuotes ('"a,b"' is a,b; '""' inside quotes is one quote mark). */
  function csvCells(record) {
    var cells = [], cell = "", inQuotes = false;
    record = record.replace(/\r?\n$/, "");
    for (var i = 0; i < record.length; i++) {
      var c = record.charAt(i);
      if (inQuotes) {
        if (c !== '"') cell += c;
        else if (record.charAt(i + 1) === '"') { cell += '"'; i++; }
        else inQuotes = false;
      } else if (c === '"') inQuotes = true;
      else if (c === ",") { cells.push(cell); cell = ""; }
      else cell += c;
    }
    cells.push(cell);
    return cells;
  }

  /* The rows of published CSV files (texts with the same header, its byte-order mark kept) whose
     `key` columns hold each of `wanted` (lists of values), in that order, under the first file's
     header: every byte as published. Throws if a wanted row is not in the files. */
  function csvSelect(files, key, wanted) {
    var header = "", rowOf = {};
    files.forEach(function (text) {
      var records = csvRecords(text);
      if (!records.length) return;
      if (!header) header = records[0];
      var names = csvCells(records[0].replace(/^\ufeff/, ""));
      var columns = key.map(function (name) { return names.indexOf(name); });
      records.slice(1).forEach(function (record) {
        var cells = csvCells(record);
        rowOf[JSON.stringify(columns.map(function (c) { return cells[c]; }))] = record;
      });
    });
    return header + wanted.map(function (values) {
      var row = rowOf[JSON.stringify(values)];
      if (row === undefined) throw new Error("not in the published CSV: " + values.join(" "));
      return row;
    }).join("");
  }

  /* A provider's owners.json (overdue.provider_owners) read against the explorer's numbering: for each
     recommendation id of its plans, the owners of its actions, and those of them whose target date has
     passed by month `now` (a due month of 0 never passes). `firstOf` maps a plan's slug to its first id. */
  function ownersById(file, firstOf, now) {
    var owner = {}, passed = {};
    Object.keys(file.plans).forEach(function (slug) {
      if (!(slug in firstOf)) return;
      file.plans[slug].forEach(function (pairs, k) {
        var id = firstOf[slug] + k;
        owner[id] = [];
        passed[id] = [];
        for (var i = 0; i + 1 < pairs.length; i += 2) {
          var name = file.owners[pairs[i]].slug;
          owner[id].push(name);
          if (pairs[i + 1] && pairs[i + 1] <= now) passed[id].push(name);
        }
      });
    });
    return { owner: owner, passed: passed };
  }

  /* The Recurring group filter from the facets' groups (group N is the N-th, a list of recommendation ids):
     each id's group number (as a string; "" for none), and the options "Group N", in number order. */
  function groupsById(groups, count) {
    var group = {}, options = [];
    for (var id = 0; id < count; id++) group[id] = "";
    groups.forEach(function (members, n) {
      members.forEach(function (member) { group[member] = String(n + 1); });
      options.push({ slug: String(n + 1), name: "Group " + (n + 1) });
    });
    return { group: group, options: options };
  }

  /* The Plan filter's options from the facets' plans: "Provider · date", newest first (the build's order). */
  function planOptions(plans, providers) {
    return plans.slug.map(function (slug, p) {
      return { slug: slug, name: providers[plans.provider[p]].name + " \u00b7 " + plans.date[p], rank: plans.order.newest[p] };
    }).sort(function (a, b) { return a.rank - b.rank; }).map(function (o) { return { slug: o.slug, name: o.name }; });
  }

  /* The Action target filter's values for a recommendation from its base-32 digit in the facets' recs.targets
     (bit N: one of its actions' targets has the status of the facets' targets[N]): those statuses' slugs, and "any"
     when it has an action at all. */
  function targetsOf(digit, targets) {
    var mask = parseInt(digit, 32);
    var slugs = targets.filter(function (t, bit) { return mask & (1 << bit); }).map(function (t) { return t.slug; });
    return mask ? slugs.concat(["any"]) : slugs;
  }

  var api = {
    wordsParam: wordsParam, csvRecords: csvRecords, csvCells: csvCells, csvSelect: csvSelect, ownersById: ownersById,
    groupsById: groupsById, planOptions: planOptions, targetsOf: targetsOf
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;  // node --test (tests/js/)
  if (typeof document === "undefined") return;

  // ---- the page ----

  var form = document.getElementById("explorer-form");
  if (!form) return;
  var ArchiveSearch = root.ArchiveSearch;
  var FILTERS = ["provider", "type", "theme", "status", "year", "before", "overdue", "target", "version", "owner",
    "group", "plan"];
  var NAMES = {
    provider: "Provider", type: "Provider type", theme: "Theme", status: "Status", year: "Year", before: "Made before",
    overdue: "Target date", target: "Action target", version: "Versions", owner: "Action owner", group: "Recurring group",
    plan: "Plan"
  };
  // This month as year × 12 + month − 1: a target passed when due_from + recs.due <= NOW (owners.json: due <= NOW).
  var NOW = new Date().getFullYear() * 12 + new Date().getMonth();
  var BEFORE = [[], ["any"], ["any", "provider"]];  // facets' recs.before (0, 1, 2) as the filter's values
  var PAGE = +form.getAttribute("data-page-size") || 20;
  var countEl = document.getElementById("explorer-count");
  var summaryEl = document.getElementById("explorer-summary");
  var emptyEl = document.getElementById("explorer-empty");
  var list = document.getElementById("explorer-results");
  var moreButton = document.getElementById("explorer-more");
  var csvButton = document.getElementById("explorer-csv");
  var facets = null;
  var planOf = [];       // recommendation id -> plan position
  var firstOf = [];      // plan position -> id of its first recommendation
  var values = {};       // filter name -> recommendation id -> value (theme: list of slugs)
  var found = [];        // ids of the current results, in order
  var shown = 0;         // how many of them are on screen
  var generation = 0;    // drops the answer of a query that has been overtaken
  var foundHits = null;  // the text search behind `found` (positions of each match, the index's version)
  var engineManifest = null;
  var retried = 0;       // a deploy seen while loading: the data is loaded again once
  var owners = { provider: "", owner: {}, passed: {} };  // the chosen provider's action owners (ownersById)
  var fromAddress = {};  // the address's values for options that come with the data (owner, group), until they do

  function field(name) { return form.querySelector('[data-filter="' + name + '"]'); }

  // ---- full-text search: the site's sharded index (search-core.js), the engine the header search uses ----

  var rootPath = form.getAttribute("data-site-root");  // the site's root, relative to this page
  var siteRoot = new URL(rootPath, location.href).href;
  var engine = ArchiveSearch.create(siteRoot);

  /* The ids of the recommendations whose text or actions match `query` (a quoted phrase as a
     phrase, "not agreed" as a status, a word beginning as any word it starts); null when the
     query holds no word to search for. Only the shards the query's words need are fetched.
     The set also says where each matched (`positions`: id -> word positions, for the excerpt),
     which words were searched and which version of the index answered. */
  function textSearch(query) {
    if (!query.trim()) return Promise.resolve(null);
    return engine.query(query).then(function (result) {
      if (!result.words.length && !result.status) return null;
      var ids = new Set();
      ids.positions = {};
      ids.version = result.version;
      ids.words = result.words;
      ids.counts = result.counts;
      result.hits.forEach(function (hit) {
        if (hit.plan !== undefined && hit.rec >= 0 && hit.plan < firstOf.length) {
          ids.add(firstOf[hit.plan] + hit.rec);
          ids.positions[firstOf[hit.plan] + hit.rec] = hit.positions;
        }
      });
      return ids;
    });
  }

  // ---- facets ----

  function prepare(data) {
    facets = data;
    planOf = [];
    firstOf = [];
    var plans = data.plans;
    var provider = {}, theme = {}, status = {}, type = {}, year = {}, before = {}, version = {}, overdue = {};
    var plan = {}, target = {};
    var groups = groupsById(data.groups, data.recs.status.length);
    values = {
      provider: provider, theme: theme, status: status, type: type, year: year, before: before, version: version,
      overdue: overdue, target: target, owner: {}, group: groups.group, plan: plan
    };
    owners = { provider: "", owner: {}, passed: {} };
    var id = 0;
    plans.slug.forEach(function (slug, p) {
      firstOf.push(id);
      var prov = data.providers[plans.provider[p]];
      for (var k = 0; k < plans.recs[p]; k++, id++) {
        planOf[id] = p;
        provider[id] = prov.slug;
        type[id] = prov.type;
        year[id] = plans.year[p];
        status[id] = data.statuses[data.recs.status[id]].slug;
        before[id] = BEFORE[data.recs.before[id]];
        version[id] = plans.latest[p] ? "latest" : "earlier";  // "Latest version of each plan": versions.py
        overdue[id] = data.recs.due[id] && data.recs.due[id] <= NOW - data.due_from ? "passed" : "";
        plan[id] = slug;
        target[id] = targetsOf(data.recs.targets[id], data.targets);
        theme[id] = data.themes.filter(function (t, bit) { return data.recs.themes[id] & (1 << bit); })
          .map(function (t) { return t.slug; });
      }
    });
    setOptions("group", groups.options);
    setOptions("plan", planOptions(plans, data.providers));
    FILTERS.forEach(function (name) {
      Array.prototype.forEach.call(field(name).options, function (o) {
        if (!o.hasAttribute("data-label")) o.setAttribute("data-label", o.textContent);
      });
    });
  }

  /* A select's options after its first ("Any"), as [{slug, name}]; the value it had (or the address's, until
     its option came) is kept when it is still there. */
  function setOptions(name, choices) {
    var select = field(name);
    var keep = select.value || fromAddress[name] || "";
    while (select.options.length > 1) select.remove(1);
    choices.forEach(function (o) {
      var option = document.createElement("option");
      option.value = o.slug;
      option.textContent = o.name;
      option.setAttribute("data-label", o.name);
      select.appendChild(option);
    });
    select.value = choices.some(function (o) { return o.slug === keep; }) ? keep : "";
    delete fromAddress[name];
  }

  /* A recommendation's value for a filter under state `s`. An action owner and a passed target go together:
     with "Target date passed" chosen, the owners are those whose own target has passed; with an owner
     chosen, the target date is that owner's (what the Target dates passed page counts by owner). */
  function valueOf(id, name, s) {
    if (name === "owner") return (s.overdue === "passed" ? owners.passed : owners.owner)[id] || [];
    if (name === "overdue" && s.owner) return (owners.passed[id] || []).indexOf(s.owner) !== -1 ? "passed" : "";
    return values[name][id];
  }

  function matches(id, name, s) {
    if (!s[name]) return true;
    var v = valueOf(id, name, s);
    return Array.isArray(v) ? v.indexOf(s[name]) !== -1 : v === s[name];
  }

  /* Whether a recommendation passes every filter of `s`. */
  function passes(id, s) {
    return FILTERS.every(function (name) { return matches(id, name, s); });
  }

  /* `s` without one of its filters (the counts of that filter's options, or of removing it). */
  function without(s, name) {
    var t = Object.assign({}, s);
    t[name] = "";
    return t;
  }

  // ---- state and the URL ----

  function state() {
    var s = { q: field("q").value.trim(), sort: field("sort").value };
    FILTERS.forEach(function (name) { s[name] = field(name).value; });
    return s;
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    fromAddress = { owner: params.get("owner") || "", group: params.get("group") || "", plan: params.get("plan") || "" };
    field("q").value = wordsParam(location.search);
    FILTERS.concat(["sort"]).forEach(function (name) {
      var value = params.get(name) || "";
      var select = field(name);
      if (Array.prototype.some.call(select.options, function (o) { return o.value === value; })) select.value = value;
    });
  }

  function isDefault(s) {
    return !s.q && s.sort === "newest" && FILTERS.every(function (name) { return !s[name]; });
  }

  function saveToUrl(s) {
    var params = new URLSearchParams();
    Object.keys(s).forEach(function (k) {
      if (s[k] && !(k === "sort" && s[k] === "newest")) params.set(k === "q" ? "words" : k, s[k]);
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  // ---- what the reader sees ----

  function optionLabel(name, value) {
    var option = Array.prototype.find.call(field(name).options, function (o) { return o.value === value; });
    return option ? option.getAttribute("data-label") || option.textContent : value;
  }

  function active(s) {
    var parts = FILTERS.filter(function (name) { return s[name]; }).map(function (name) {
      return { name: name, text: NAMES[name] + ": " + optionLabel(name, s[name]) };
    });
    if (s.q) parts.unshift({ name: "q", text: "Words: " + quoted(s.q) });
    return parts;
  }

  function quoted(q) { return /^["\u201c]/.test(q) ? q : "\u201c" + q + "\u201d"; }

  function plural(n) { return n + (n === 1 ? " recommendation" : " recommendations"); }

  function inPlans(ids) {
    var n = new Set(ids.map(function (id) { return planOf[id]; })).size;
    return " in " + n + (n === 1 ? " plan" : " plans");
  }

  /* A failure the reader sees, after `after`, with a button that tries again; cleared by clearError. */
  function showError(after, text, retry) {
    var box = after.nextElementSibling && after.nextElementSibling.classList.contains("explorer-error")
      ? after.nextElementSibling : null;
    if (!box) {
      box = document.createElement("p");
      box.className = "explorer-error";
      box.setAttribute("role", "alert");
      after.insertAdjacentElement("afterend", box);
    }
    box.textContent = text + " ";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = "Try again";
    button.addEventListener("click", function () { box.remove(); retry(); });
    box.appendChild(button);
  }

  function clearError(after) {
    var box = after.nextElementSibling;
    if (box && box.classList.contains("explorer-error")) box.remove();
  }

  function updateOptions(s, textHits) {
    FILTERS.forEach(function (name) {
      var counts = {}, t = without(s, name);
      for (var id = 0; id < planOf.length; id++) {
        if ((textHits && !textHits.has(id)) || !passes(id, t)) continue;
        var v = valueOf(id, name, t);
        (Array.isArray(v) ? v : [v]).forEach(function (x) { counts[x] = (counts[x] || 0) + 1; });
      }
      Array.prototype.forEach.call(field(name).options, function (option) {
        if (!option.value) return;
        var n = counts[option.value] || 0;
        option.textContent = option.getAttribute("data-label") + " (" + n + (n ? "" : ", none match") + ")";
        option.disabled = n === 0 && option.value !== s[name];  // never chosen by accident with the arrow keys
      });
    });
  }

  function countWithout(s, textHits, name) {
    var n = 0, t = without(s, name);
    for (var id = 0; id < planOf.length; id++) {
      if (name !== "q" && textHits && !textHits.has(id)) continue;
      if (passes(id, t)) n++;
    }
    return n;
  }

  function showEmpty(s, textHits, parts) {
    emptyEl.textContent = "";
    if (found.length) { emptyEl.hidden = true; return; }
    var why = document.createElement("p");
    why.textContent = parts.length
      ? "No recommendation matches all of: " + parts.map(function (p) { return p.text; }).join("; ") + "."
      : "The archive holds no recommendation yet.";
    emptyEl.appendChild(why);
    var ways = parts.map(function (p) {
      return { part: p, count: countWithout(s, textHits, p.name) };
    });
    if (ways.length) {
      var hint = document.createElement("p");
      hint.textContent = "To widen the search, remove one of them:";
      emptyEl.appendChild(hint);
      var ul = document.createElement("ul");
      ways.forEach(function (way) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-button";
        button.textContent = "Remove " + way.part.text + " (" + plural(way.count) + ")";
        button.addEventListener("click", function () {
          field(way.part.name).value = "";
          update();
        });
        li.appendChild(button);
        ul.appendChild(li);
      });
      emptyEl.appendChild(ul);
    }
    if (s.q) {
      var tip = document.createElement("p");
      tip.textContent = "Words are searched together: fewer words, or the start of a word, find more.";
      emptyEl.appendChild(tip);
      if (textHits) suggestWords(textHits, s.q);
    }
    emptyEl.hidden = false;
  }

  /* For the words that found nothing: "No plan holds “accomodation”. Did you mean accommodation?",
     each suggestion a button that searches it. */
  function suggestWords(textHits, q) {
    var missing = textHits.words.filter(function (w, i) { return textHits.counts[i] === 0; });
    if (!missing.length) return;
    var mine = generation;
    var line = document.createElement("p");
    line.setAttribute("data-explorer-suggest", "");
    line.textContent = "No plan holds " + missing.map(quoted).join(" or ") + ". ";
    emptyEl.insertBefore(line, emptyEl.firstChild);
    Promise.all(missing.map(function (w) { return engine.suggest(w); })).then(function (lists) {
      if (mine !== generation) return;
      var word = missing[lists.findIndex(function (l) { return l.length; })];
      var choices = lists.find(function (l) { return l.length; });
      if (!choices) return;
      line.appendChild(document.createTextNode("Did you mean "));
      choices.slice(0, 3).forEach(function (to, n) {
        if (n) line.appendChild(document.createTextNode(" or "));
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-button";
        button.textContent = to;
        button.addEventListener("click", function () {
          field("q").value = q.replace(new RegExp(word.replace(/[|\\{}()[\]^$+*?.-]/g, "\\$&"), "i"), to);
          update();
        });
        line.appendChild(button);
      });
      line.appendChild(document.createTextNode("?"));
    }).catch(function (error) { console.error(error); });  // the line still says which words found nothing
  }

  // A plan's result fragment (search_index.fragment, shared with the header search and fetched once
  // by the engine): its address and, per recommendation, [anchor, label, first line, number of actions];
  // with words searched, followed by its texts (search_index.texts: text, texts of the actions field). A fragment for another plan than the facets' (the site was
  // deployed between the two) is an error that says `stale`: the explorer loads its data again.
  function withFragments(ids, version, withTexts) {
    var plans = Array.from(new Set(ids.map(function (id) { return planOf[id]; })));
    return Promise.all([
      engine.fragments(plans, version), withTexts ? engine.texts(plans, version) : null
    ]).then(function (loaded) {
      var byPlan = loaded[0], texts = loaded[1];
      return ids.map(function (id) {
        var p = planOf[id], rec = byPlan[p].recs[id - firstOf[p]];
        if (byPlan[p].url !== "plans/" + facets.plans.slug[p] + "/" || !rec) {
          var error = new Error("the explorer's data and the search index are of two builds");
          error.stale = error.facets = true;
          throw error;
        }
        return { id: id, plan: p, url: byPlan[p].url, entry: texts ? rec.concat(texts[p][id - firstOf[p]]) : rec,
                 rec: { anchor: rec[0], label: rec[1], text: rec[2], actions: rec[3] } };
      });
    });
  }

  function statusLabel(id) { return facets.statuses[facets.recs.status[id]].label; }
  function providerOf(p) { return facets.providers[facets.plans.provider[p]]; }

  /* One result, exactly as probation_archive/explorer.py writes it (`result_item`). */
  function renderItem(r, textHits) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    var match = textHits && textHits.positions[r.id]
      ? ArchiveSearch.excerpt(r.entry, textHits.positions[r.id], engineManifest.separator, engineManifest.field_span) : null;
    // ?h=: the matched words, highlighted on the plan's page (as Material does for its own results)
    var h = match && match.words.length ? "?h=" + encodeURIComponent(match.words.join(" ")) : "";
    a.href = rootPath + r.url + h + "#" + r.rec.anchor;
    a.textContent = r.rec.text;
    var meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = providerOf(r.plan).name + " \u00b7 " + facets.plans.date[r.plan] + " \u00b7 recommendation " +
      r.rec.label + " \u00b7 " + statusLabel(r.id) + " \u00b7 " + r.rec.actions +
      (r.rec.actions === 1 ? " action" : " actions");
    li.appendChild(a);
    if (match) {
      var where = document.createElement("span");
      where.className = "archive-excerpt";
      where.innerHTML = '<span class="archive-where">In ' + ArchiveSearch.escapeHTML(match.part) + ":</span> " + match.html;
      li.appendChild(where);
    }
    li.appendChild(meta);
    return li;
  }

  function showPage(from, replace, mine) {
    var ids = found.slice(from, from + PAGE);
    var hits = foundHits;
    return withFragments(ids, hits && hits.version, !!hits).then(function (items) {
      if (mine !== generation) return;
      if (replace) list.textContent = "";
      items.forEach(function (r) { list.appendChild(renderItem(r, hits)); });
      shown = from + items.length;
      moreButton.hidden = shown >= found.length;
      moreButton.textContent = "Show " + Math.min(PAGE, found.length - shown) + " more";
    });
  }

  // ---- the Action owner filter: the chosen provider's owners.json ----

  /* The owners of the chosen provider's actions as the owner filter's options, fetched when the provider
     changes (without a provider: no options, the filter cleared). */
  function loadOwners(provider) {
    if (provider === owners.provider) return Promise.resolve();
    if (!provider) {
      owners = { provider: "", owner: {}, passed: {} };
      setOwnerOptions([]);
      return Promise.resolve();
    }
    return ArchiveSearch.fetchJSON(new URL(facets.owners.replace("{slug}", provider), siteRoot).href).then(function (file) {
      if (field("provider").value !== provider) return;  // another provider was chosen meanwhile
      var first = {};
      facets.plans.slug.forEach(function (slug, p) { first[slug] = firstOf[p]; });
      var read = ownersById(file, first, NOW);
      owners = { provider: provider, owner: read.owner, passed: read.passed };
      setOwnerOptions(file.owners);
    });
  }

  function setOwnerOptions(choices) {
    field("owner").options[0].textContent = choices.length ? "Any" : "Any (choose a provider first)";
    setOptions("owner", choices);
  }

  /* Filter again: the chosen provider's action owners first (when the provider changed), then the results. */
  function update() {
    return loadOwners(field("provider").value).then(filterResults, function (error) {
      console.error(error);
      countEl.textContent = "The owners of this provider's actions could not load.";
      form.setAttribute("data-failed", "");
      showError(countEl.parentElement, "Check the connection, then try again.", function () {
        form.removeAttribute("data-failed");
        update();
      });
    });
  }

  function filterResults() {
    var mine = ++generation;
    var s = state();
    saveToUrl(s);
    if (s.q) form.removeAttribute("data-ready-query");
    clearError(countEl.parentElement);
    return Promise.all([textSearch(s.q), s.q ? engine.manifest() : null]).then(function (loaded) {
      var textHits = loaded[0];
      if (loaded[1]) engineManifest = loaded[1];
      if (mine !== generation) return;
      foundHits = textHits;
      var order = facets.plans.order[s.sort] || facets.plans.order.newest;  // the build's sort orders
      found = [];
      for (var id = 0; id < planOf.length; id++) {
        if ((!textHits || textHits.has(id)) && passes(id, s)) found.push(id);
      }
      found.sort(function (a, b) { return (order[planOf[a]] - order[planOf[b]]) || (a - b); });
      updateOptions(s, textHits);
      var parts = active(s);
      countEl.textContent = plural(found.length) + inPlans(found) + (s.q ? " matching " + quoted(s.q) : "") + ", " +
        optionLabel("sort", s.sort).charAt(0).toLowerCase() + optionLabel("sort", s.sort).slice(1);
      summaryEl.textContent = parts.length ? "Filters: " + parts.map(function (p) { return p.text; }).join(" \u00b7 ") : "No filters";
      showEmpty(s, textHits, parts);
      if (isDefault(s) && !list.hasAttribute("data-replaced") && list.children.length === Math.min(PAGE, found.length)) {
        shown = list.children.length;  // the first screen is already in the HTML
        moreButton.hidden = shown >= found.length;
        return;
      }
      list.setAttribute("data-replaced", "");
      return showPage(0, true, mine);
    }).then(function () {
      if (mine === generation) { form.setAttribute("data-ready-query", s.q); retried = 0; }
    }).catch(function (error) {
      if (mine !== generation) return;
      if (error && error.stale && retried++ < 1) return (error.facets ? loadFacets({ cache: "no-cache" }) : Promise.resolve()).then(update);
      console.error(error);
      countEl.textContent = s.q ? "Search could not load." : "The explorer could not load its data.";
      list.textContent = "";
      list.setAttribute("data-replaced", "");
      moreButton.hidden = true;
      emptyEl.hidden = true;
      form.setAttribute("data-failed", "");
      showError(countEl.parentElement, "Check the connection, then try again.", function () {
        form.removeAttribute("data-failed");
        update();
      });
    });
  }

  // ---- CSV of the current results: their rows of the published recommendations.csv ----

  function publishedCsv(provider) {
    return ArchiveSearch.fetchOk(new URL(facets.providers[provider].csv, siteRoot).href)
      .then(function (r) { return r.arrayBuffer(); })
      .then(function (bytes) { return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes); });  // keep the BOM
  }

  function downloadCsv() {
    var ids = found.slice();
    var providers = Array.from(new Set(ids.map(function (id) { return facets.plans.provider[planOf[id]]; })));
    if (!providers.length && facets.providers.length) providers = [0];  // for the header alone
    csvButton.disabled = true;
    clearError(csvButton);
    Promise.all([withFragments(ids, foundHits && foundHits.version), Promise.all(providers.map(publishedCsv))]).then(function (loaded) {
      var wanted = loaded[0].map(function (r) { return [facets.plans.slug[r.plan], r.rec.anchor]; });
      var blob = new Blob([csvSelect(loaded[1], facets.csv_key, wanted)], { type: "text/csv;charset=utf-8" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "explorer-recommendations.csv";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    }).catch(function (error) {
      console.error(error);
      showError(csvButton, "The download could not be made: the published CSV could not be loaded.", downloadCsv);
    }).finally(function () { csvButton.disabled = false; });
  }

  root.ArchiveExplorer = { textSearch: textSearch };

  // ---- wiring ----

  var timer = null;
  form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  form.addEventListener("change", function (e) { if (e.target !== field("q")) update(); });
  field("q").addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 150); });
  form.addEventListener("reset", function () { setTimeout(update, 0); });
  function showMore() {
    if (moreButton.disabled) return;
    moreButton.disabled = true;
    clearError(moreButton);
    showPage(shown, false, generation).catch(function (error) {
      console.error(error);
      if (error && error.stale) return update();  // a new deploy: the results are searched again
      showError(moreButton, "The next results could not load.", showMore);
      return null;
    }).finally(function () { moreButton.disabled = false; });
  }
  moreButton.addEventListener("click", showMore);
  csvButton.addEventListener("click", downloadCsv);

  function loadFacets(init) {
    return ArchiveSearch.fetchJSON(form.getAttribute("data-facets"), init).then(prepare);
  }

  function startExplorer() {
    clearError(countEl.parentElement);
    loadFacets()
      .then(update)
      .then(function () { form.setAttribute("data-ready", "true"); })
      .catch(function (error) {
        console.error(error);
        countEl.textContent = "The explorer could not load its data.";
        showError(countEl.parentElement, "Check the connection, then try again.", startExplorer);
      });
  }

  restore();
  startExplorer();
})(typeof self !== "undefined" ? self : globalThis);
