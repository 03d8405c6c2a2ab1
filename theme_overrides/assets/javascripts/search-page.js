/* The header search's notes, on the page: search-worker.js posts a NOTE ("archive-note") beside each
   RESULT it gives Material, and this script shows it in the line above the results, where Material
   would say "N results shown" or "No matching documents":
     - results: how many and in what order ("32 recommendations in 14 plans, best matches first"),
       a button to sort them newest first (or back to best matches first), a link to the same words in the
       explorer, and when a typo was corrected, which;
     - nothing found: which words found nothing, "Did you mean …?" (a button runs it);
     - a failure: "Search could not load." with a Try again button (never "no results"); the same
       button when the results came but the words around each match did not.
   main.html keeps the worker Material starts (window.archiveSearchWorker) so this script can hear it. */
(function () {
  "use strict";
  var NOTE = "archive-note", RETRY = "archive-retry", ORDER = "archive-order";
  var worker = window.archiveSearchWorker;
  var result = document.querySelector('[data-md-component="search-result"]');
  var input = document.querySelector('[data-md-component="search-query"]');
  if (!worker || !result || !input) return;
  var meta = result.querySelector(".md-search-result__meta");
  var config = JSON.parse(document.getElementById("__config").textContent);
  var base = new URL(config.base, location.href);
  var latest = null;

  function button(text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "md-button archive-search-button";
    b.textContent = text;
    b.addEventListener("click", function (event) { event.preventDefault(); onClick(); });
    return b;
  }

  /* Run `text` as if typed: Material asks the worker for it (it sends only a changed value). */
  function run(text) {
    input.value = "";
    input.dispatchEvent(new KeyboardEvent("keyup"));
    input.value = text;
    input.dispatchEvent(new KeyboardEvent("keyup"));
    input.focus();
  }

  function apply() {
    var note = latest;
    if (!note || note.query !== input.value || !note.meta || meta.querySelector("[data-archive-note]")) return;
    var box = document.createElement("span");
    box.setAttribute("data-archive-note", note.error ? "error" : note.none ? "none" : "results");
    box.appendChild(document.createTextNode(note.meta + " "));
    if (note.error || note.partial) {
      box.appendChild(button("Try again", function () { worker.postMessage({ type: RETRY }); }));
    }
    if (note.suggestions && note.suggestions.length) {
      box.appendChild(document.createTextNode("Did you mean "));
      note.suggestions.forEach(function (text, n) {
        if (n) box.appendChild(document.createTextNode(n === note.suggestions.length - 1 ? " or " : ", "));
        var b = button(text.trim(), function () { run(text); });
        b.setAttribute("data-archive-suggestion", text);
        box.appendChild(b);
      });
      box.appendChild(document.createTextNode("? "));
    }
    if (note.explorer && !note.none && !note.error) {
      var newest = note.order === "newest";
      var sort = button(newest ? "Best matches first" : "Newest first", function () {
        worker.postMessage({ type: ORDER, order: newest ? "best" : "newest" });
      });
      sort.setAttribute("data-archive-order", newest ? "best" : "newest");
      box.appendChild(sort);
      box.appendChild(document.createTextNode(" "));
      var link = document.createElement("a");
      link.href = new URL(note.explorer, base).href;
      link.textContent = "All of them in the explorer";
      box.appendChild(link);
    }
    meta.textContent = "";
    meta.appendChild(box);
  }

  worker.addEventListener("message", function (event) {
    if (!event.data || event.data.type !== NOTE) return;
    latest = event.data.data;
    var shown = meta.querySelector("[data-archive-note]");
    if (shown) shown.remove();
    apply();
  });
  // Material rewrites the line on each result: put the note back when it is the latest query's
  new MutationObserver(apply).observe(meta, { childList: true, characterData: true, subtree: true });
})();
