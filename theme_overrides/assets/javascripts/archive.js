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
    if (!/^rec-[a-z0-9-]+$/.test(id)) return;
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
    var number = button.getAttribute("data-label");  // as the page shows it: 1.2, R3 (the build writes it)
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

  // A plan page writes its citations once, in a hidden template (built by the same code as every
  // citation of the archive), with slots for what differs by recommendation: fill a copy of one part
  // of it with a recommendation's values (the data-cite-* of its "Cite this recommendation").
  function filledCopy(part, details, anchor) {
    var copy = part.cloneNode(true);
    copy.querySelectorAll(".cite-slot").forEach(function (slot) {
      var name = slot.getAttribute("data-slot").replace(/_/g, "-");
      var value = details.getAttribute("data-cite-" + name);
      // words-bibtex is written only where escaping changed the words
      if (value === null && name === "words-bibtex") value = details.getAttribute("data-cite-words");
      slot.textContent = value;
    });
    copy.querySelectorAll(".cite-url").forEach(function (el) {
      var href = el.getAttribute("data-href").split("#")[0] + "#" + anchor;
      el.setAttribute("data-href", href);
      el.textContent = absolute(href);
    });
    return copy;
  }
  function anchorOf(details) { return details.closest(".rec").getAttribute("data-rec"); }
  // The formats, added when the reader first opens "Cite this recommendation".
  function addFormats(details) {
    var template = document.querySelector(".cite-template");
    if (!template || details.querySelector(".cite-format")) return;
    var anchor = anchorOf(details);
    template.querySelectorAll(".cite-format").forEach(function (format) {
      var box = filledCopy(format, details, anchor);
      var name = "cite-" + box.getAttribute("data-format") + "-" + anchor;
      var label = box.querySelector(".cite-label span");
      label.id = name + "-label";
      var button = box.querySelector(".copy-cite");
      button.setAttribute("data-copy", name);
      button.setAttribute("aria-describedby", label.id);
      box.querySelector("pre").setAttribute("data-cite", name);
      details.appendChild(box);
    });
  }
  // "Cite as: …" (the plain-text citation) under each permalink of a printed page.
  function addPrintCitations() {
    var template = document.querySelector('.cite-template [data-format="text"] code');
    if (!template) return;
    document.querySelectorAll("details.cite").forEach(function (details) {
      var printed = details.parentNode.querySelector(".print-cite");
      if (!printed || printed.querySelector(".print-cite-text")) return;
      var line = document.createElement("span");
      line.className = "print-cite-text";
      line.innerHTML = "<br><strong>Cite as:</strong> ";
      var text = filledCopy(template, details, anchorOf(details));
      while (text.firstChild) line.appendChild(text.firstChild);
      printed.appendChild(line);
    });
  }
  function copyCitation(button) {
    var box = button.closest(".cite-format").querySelector("pre");
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
  }

  function stampPrint() {
    var today = new Date();
    document.querySelectorAll(".print-date").forEach(function (el) { el.textContent = formatDate(today, "long"); });
    fillDates(document, today);
  }
  function init() {
    document.querySelectorAll(".copy-permalink").forEach(function (button) {
      button.addEventListener("click", function () { copyPermalink(button); });
    });
    markPassedTargets(new Date());
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
    addPrintCitations();
    document.querySelectorAll("details.cite").forEach(function (details) {
      details.addEventListener("toggle", function () { if (details.open) addFormats(details); });
      if (details.open) addFormats(details);
    });
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest(".copy-cite");
      if (button) copyCitation(button);
    });
    stampPrint();
    window.addEventListener("beforeprint", stampPrint);
    markTarget();
    window.addEventListener("hashchange", markTarget);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
