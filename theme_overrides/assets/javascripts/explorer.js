/* The explorer: filters and full-text search over every recommendation.
   Records prebuilt by build.py; words are searched with the site's sharded index through
   ArchiveSearch (search-core.js), the engine the header search uses. Filter state lives in the URL. */
(function () {
  "use strict";
  var form = document.getElementById("explorer-form");
  if (!form) return;
  var FILTERS = ["provider", "type", "theme", "status", "year"];
  var LIMIT = 300;
  var countEl = document.getElementById("explorer-count");
  var list = document.getElementById("explorer-results");
  var records = [], labels = {}, docOf = {};
  var engine = ArchiveSearch.create(new URL(form.getAttribute("data-site-root"), location.href).href);
  var searched = { q: "", order: null };

  function field(name) { return form.querySelector('[data-filter="' + name + '"]'); }

  function matches(record, name, value) {
    if (!value) return true;
    if (name === "theme") return record.themes.indexOf(value) !== -1;
    return String(record[name]) === value;
  }

  /* The ranking for `q` if it is the one last searched; otherwise search it and update again. */
  function search(q) {
    if (q === searched.q) return searched.order;
    if (!q) { searched = { q: q, order: null }; return null; }
    engine.query(q).then(function (result) {
      if (field("q").value.trim() !== q) return;
      var order = {};
      result.hits.forEach(function (hit, n) { order[hit.doc] = n; });
      searched = { q: q, order: order };
      update();
    });
    return searched.order;
  }
  function state() {
    var s = { q: field("q").value.trim() };
    FILTERS.forEach(function (name) { s[name] = field(name).value; });
    return s;
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    field("q").value = params.get("q") || "";
    FILTERS.forEach(function (name) {
      var value = params.get(name) || "";
      var select = field(name);
      if (Array.prototype.some.call(select.options, function (o) { return o.value === value; })) select.value = value;
    });
  }

  function update() {
    var s = state();
    var order = search(s.q);
    var base = records.filter(function (r) { return !order || docOf[r.id] in order; });
    FILTERS.forEach(function (name) {
      var counts = {};
      base.forEach(function (r) {
        if (!FILTERS.every(function (other) { return other === name || matches(r, other, s[other]); })) return;
        (name === "theme" ? r.themes : [String(r[name])]).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      Array.prototype.forEach.call(field(name).options, function (option) {
        if (!option.value) return;
        if (!labels[name + option.value]) labels[name + option.value] = option.textContent;
        option.textContent = labels[name + option.value] + " (" + (counts[option.value] || 0) + ")";
      });
    });
    var found = base.filter(function (r) {
      return FILTERS.every(function (name) { return matches(r, name, s[name]); });
    });
    if (order) found.sort(function (a, b) { return order[docOf[a.id]] - order[docOf[b.id]]; });
    countEl.textContent = found.length + (found.length === 1 ? " recommendation" : " recommendations") +
      (s.q && s.q === searched.q ? " matching \u201c" + s.q + "\u201d" : "") +
      (found.length > LIMIT ? " (showing the first " + LIMIT + ")" : "");
    render(found.slice(0, LIMIT));
    var params = new URLSearchParams();
    Object.keys(s).forEach(function (k) { if (s[k]) params.set(k, s[k]); });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function render(found) {
    list.textContent = "";
    found.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "../" + r.id;
      a.textContent = r.text.split("\n")[0];
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = r.provider_name + " \u00b7 " + r.date + " \u00b7 recommendation " + r.number +
        " \u00b7 " + labels["status" + r.status] + " \u00b7 " + r.actions + (r.actions === 1 ? " action" : " actions");
      li.appendChild(a);
      li.appendChild(meta);
      list.appendChild(li);
    });
  }

  var timer = null;
  form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  form.addEventListener("change", update);
  field("q").addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 150); });
  form.addEventListener("reset", function () { setTimeout(update, 0); });

  restore();
  countEl.textContent = "Loading\u2026";
  fetch(form.getAttribute("data-records")).then(function (r) { return r.json(); }).then(function (data) {
    records = data.recommendations;
    // the search index numbers a recommendation by its plan's position and its own
    var plan = -1, rec = 0, previous = null, stride = data.stride;
    records.forEach(function (r) {
      if (r.plan !== previous) { plan += 1; rec = 0; previous = r.plan; }
      docOf[r.id] = plan * stride + rec++;
    });
    FILTERS.forEach(function (name) {
      Array.prototype.forEach.call(field(name).options, function (o) { labels[name + o.value] = o.textContent; });
    });
    form.setAttribute("data-ready", "true");
    update();
  }).catch(function () {
    countEl.textContent = "The explorer could not load its data.";
  });
})();
