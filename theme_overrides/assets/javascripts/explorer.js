/* The explorer: filters and full-text search over every recommendation.
   Records and a lunr index prebuilt by build.py; filter state lives in the URL. */
(function () {
  "use strict";
  var form = document.getElementById("explorer-form");
  if (!form) return;
  var FILTERS = ["provider", "type", "theme", "status", "year"];
  var LIMIT = 300;
  var countEl = document.getElementById("explorer-count");
  var list = document.getElementById("explorer-results");
  var records = [], index = null, labels = {};

  function field(name) { return form.querySelector('[data-filter="' + name + '"]'); }

  function matches(record, name, value) {
    if (!value) return true;
    if (name === "theme") return record.themes.indexOf(value) !== -1;
    return String(record[name]) === value;
  }

  function search(q) {
    if (!q || !index) return null;
    var hits;
    try {
      hits = index.search(q);
    } catch (e) {  // a query with lunr syntax errors: search its plain words instead
      hits = index.search(q.replace(/[:~^*+\-]/g, " "));
    }
    var order = {};  // lunr refs are positions in the records list
    hits.forEach(function (hit, n) { order[records[+hit.ref].id] = n; });
    return order;
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
    var base = records.filter(function (r) { return !order || r.id in order; });
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
    if (order) found.sort(function (a, b) { return order[a.id] - order[b.id]; });
    countEl.textContent = found.length + (found.length === 1 ? " recommendation" : " recommendations") +
      (s.q ? " matching \u201c" + s.q + "\u201d" : "") +
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
  Promise.all([
    fetch(form.getAttribute("data-records")).then(function (r) { return r.json(); }),
    fetch(form.getAttribute("data-index")).then(function (r) { return r.json(); })
  ]).then(function (data) {
    records = data[0].recommendations;
    index = lunr.Index.load(data[1]);
    FILTERS.forEach(function (name) {
      Array.prototype.forEach.call(field(name).options, function (o) { labels[name + o.value] = o.textContent; });
    });
    form.setAttribute("data-ready", "true");
    update();
  }).catch(function () {
    countEl.textContent = "The explorer could not load its data.";
  });
})();
