/* Copy-permalink and citation Copy buttons, highlighting of the linked recommendation, absolute
   permalinks in citations, the access date (filled in at the moment of copying) and the print stamp. */
(function () {
  "use strict";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function formatDate(day, style) {
    var iso = day.getFullYear() + "-" + pad(day.getMonth() + 1) + "-" + pad(day.getDate());
    if (style === "long") return day.getDate() + " " + MONTHS[day.getMonth()] + " " + day.getFullYear();
    if (style === "slash") return iso.replace(/-/g, "/");
    return iso;
  }
  function pageAddress() {
    return location.origin + location.pathname;
  }
  function permalink(anchor) {
    return pageAddress() + "#" + anchor;
  }
  /* A citation's URL: as built when the site's address was configured, else this page's address. */
  function absolute(href) {
    if (/^https?:\/\//.test(href)) return href;
    var hash = href.indexOf("#");
    return hash < 0 ? pageAddress() : permalink(href.slice(hash + 1));
  }
  function fillDates(root, day) {
    root.querySelectorAll(".cite-accessed").forEach(function (el) {
      el.textContent = formatDate(day, el.getAttribute("data-style"));
    });
  }
  function copyText(text, done, fallback) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }
  function markTarget() {
    document.querySelectorAll(".rec.is-target").forEach(function (el) { el.classList.remove("is-target"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!/^rec-\d+$/.test(id)) return;
    var body = document.querySelector('.rec[data-rec="' + id + '"]');
    if (body) body.classList.add("is-target");
  }
  function stampPrint() {
    var today = new Date();
    document.querySelectorAll(".print-date").forEach(function (el) { el.textContent = formatDate(today, "long"); });
    fillDates(document, today);
  }
  function init() {
    document.querySelectorAll(".copy-permalink").forEach(function (button) {
      button.addEventListener("click", function () {
        var url = permalink(button.getAttribute("data-anchor"));
        var done = function () {
          var label = button.querySelector(".label");
          if (label) label.textContent = "Link copied";
        };
        copyText(url, done, function () { history.replaceState(null, "", url); });
      });
    });
    document.querySelectorAll(".cite-url").forEach(function (el) {
      el.textContent = absolute(el.getAttribute("data-href"));
    });
    document.querySelectorAll(".print-url").forEach(function (el) {
      if (!/^https?:\/\//.test(el.textContent)) el.textContent = pageAddress();
    });
    document.querySelectorAll("a[data-page-issue]").forEach(function (link) {
      var url = new URL(link.href);
      var body = url.searchParams.get("body") || "";
      var page = pageAddress();
      url.searchParams.set("title", "Problem with " + page);
      url.searchParams.set("body", body.replace(/^Page: .*$/m, "Page: " + page));
      link.href = url.toString();
    });
    document.querySelectorAll(".copy-cite").forEach(function (button) {
      button.addEventListener("click", function () {
        // not an id: Material renames the ids of <pre> blocks
        var box = document.querySelector('pre[data-cite="' + button.getAttribute("data-copy") + '"]');
        if (!box) return;
        fillDates(box, new Date());
        var status = button.parentNode.querySelector(".copy-status");
        copyText(box.textContent, function () {
          if (status) status.textContent = "Copied";
        }, function () {
          var range = document.createRange();
          range.selectNodeContents(box);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          if (status) status.textContent = "Selected: press Ctrl+C to copy";
        });
      });
    });
    stampPrint();
    window.addEventListener("beforeprint", stampPrint);
    markTarget();
    window.addEventListener("hashchange", markTarget);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
