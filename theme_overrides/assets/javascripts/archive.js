/* Copy-permalink buttons, highlighting of the linked recommendation, absolute permalinks in citations. */
(function () {
  "use strict";
  function permalink(anchor) {
    return location.origin + location.pathname + "#" + anchor;
  }
  function markTarget() {
    document.querySelectorAll(".rec.is-target").forEach(function (el) { el.classList.remove("is-target"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!/^rec-\d+$/.test(id)) return;
    var body = document.querySelector('.rec[data-rec="' + id + '"]');
    if (body) body.classList.add("is-target");
  }
  function init() {
    document.querySelectorAll(".copy-permalink").forEach(function (button) {
      button.addEventListener("click", function () {
        var url = permalink(button.getAttribute("data-anchor"));
        var done = function () {
          var label = button.querySelector(".label");
          if (label) label.textContent = "Link copied";
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(url).then(done, function () { history.replaceState(null, "", url); });
        } else {
          history.replaceState(null, "", url);
        }
      });
    });
    document.querySelectorAll(".rec").forEach(function (rec) {
      var anchor = rec.getAttribute("data-rec");
      rec.querySelectorAll(".cite-text, .cite-bibtex code").forEach(function (el) {
        el.textContent = el.textContent.replace(/(^|[\s{])plans\/[^\s}]+#rec-\d+/, function (m, lead) {
          return lead + permalink(anchor);
        });
      });
    });
    markTarget();
    window.addEventListener("hashchange", markTarget);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
