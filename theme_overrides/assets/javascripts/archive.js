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
  // One polite live region per page: "Link copied" (or why not) is announced, then cleared.
  function announce(text) {
    var region = document.getElementById("archive-announcer");
    if (!region) {
      region = document.createElement("div");
      region.id = "archive-announcer";
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    region.textContent = text;
  }

  var RESET_AFTER_MS = 4000;

  function copyPermalink(button) {
    var anchor = button.getAttribute("data-anchor");
    var number = anchor.replace(/^rec-/, "");
    var url = permalink(anchor);
    var label = button.querySelector(".label");
    var message = button.parentNode.querySelector(".copy-status");
    if (!message) {
      message = document.createElement("span");
      message.className = "copy-status";
      button.insertAdjacentElement("afterend", message);
    }
    function show(labelText, text, isError) {
      if (label) label.textContent = labelText;
      message.textContent = isError ? text : "";
      message.classList.toggle("is-error", !!isError);
      announce(text);
      clearTimeout(button.resetTimer);
      button.resetTimer = setTimeout(function () {
        if (label) label.textContent = "Copy link";
        if (!isError) message.textContent = "";
        announce("");
      }, RESET_AFTER_MS);
    }
    function refused() {
      history.replaceState(null, "", url);
      show("Copy link", "Your browser did not allow copying. The link to recommendation " + number +
        " is now in the address bar: copy it from there.", true);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(function () {
        show("Link copied", "Link to recommendation " + number + " copied", false);
      }, refused);
    } else {
      refused();
    }
  }

  // Targets are as stated when the plan was submitted; the page may be read years later. Mark, from
  // the reader's own date, every target whose month is over and that was not stated as completed
  // (data-due-after: the first month after the target, written by the build).
  function markPassedTargets(today) {
    var month = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0");
    document.querySelectorAll("[data-due-after]").forEach(function (cell) {
      if (cell.querySelector(".target-passed") || month < cell.getAttribute("data-due-after")) return;
      var mark = document.createElement("span");
      mark.className = "target-passed";
      mark.textContent = "Target date passed";
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(mark);
    });
  }

  function init() {
    document.querySelectorAll(".copy-permalink").forEach(function (button) {
      button.addEventListener("click", function () { copyPermalink(button); });
    });
    markPassedTargets(new Date());
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
