/* What passed its date without a word: the "Target dates passed" page (overdue/) and the line on each
   provider's page, counted from the reader's own date. The build writes no day: each group (a provider;
   an action owner of one provider) holds how many of its recommendations start to pass in each month
   (data/overdue.json, or a provider page's data-due), and a recommendation whose month is this one or
   earlier has a target date passed. Worded neutrally: "target date passed; no later update in this
   archive". The pure functions below are unit-tested (tests/js/overdue.test.js). */
(function () {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  // ---- pure functions ----

  /* A day's month as the build counts months (year × 12 + month − 1; overdue.month_number). */
  function monthNumber(day) { return day.getFullYear() * 12 + day.getMonth(); }

  /* A month number in words: 24240 -> "January 2020". */
  function monthWords(month) { return MONTHS[month % 12] + " " + Math.floor(month / 12); }

  /* How many recommendations of a group have a target date passed by `now`: `due` is the flat list
     [month, how many, month, how many, …] the build writes. */
  function passedCount(due, now) {
    var n = 0;
    for (var i = 0; i + 1 < due.length; i += 2) if (due[i] <= now) n += due[i + 1];
    return n;
  }

  /* A provider page's data-due ("24233 1 24240 2") as the flat list. */
  function dueList(text) {
    return (text || "").split(/\s+/).filter(Boolean).map(Number);
  }

  function byCountThenName(a, b) {
    return (b.count - a.count) || (a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : 0);
  }

  /* The providers with a passed target at month `now`, most first (then by name): {slug, name, url, owners, count}. */
  function providerGroups(data, now) {
    return data.providers.map(function (p) {
      return { slug: p.slug, name: p.name, url: p.url, owners: p.owners, sortName: p.name, count: passedCount(p.due, now) };
    }).filter(function (g) { return g.count > 0; }).sort(byCountThenName);
  }

  /* A provider's action owners (its owners.json: per plan and recommendation, [owner, month, …]) with a passed
     target at month `now`, most first (then by name): {slug, name, count}, a recommendation counted once under
     each owner whose own target has passed. */
  function ownerGroups(file, now) {
    var counts = {};
    Object.keys(file.plans).forEach(function (slug) {
      file.plans[slug].forEach(function (pairs) {
        for (var i = 0; i + 1 < pairs.length; i += 2) {
          if (pairs[i + 1] && pairs[i + 1] <= now) counts[pairs[i]] = (counts[pairs[i]] || 0) + 1;
        }
      });
    });
    return Object.keys(counts).map(function (n) {
      var owner = file.owners[n];
      return { slug: owner.slug, name: owner.name, sortName: owner.name, count: counts[n] };
    }).sort(byCountThenName);
  }

  /* The explorer's query for a group's rows: its provider (and owner), target date passed. */
  function explorerQuery(provider, owner) {
    var params = new URLSearchParams();
    if (provider) params.set("provider", provider);
    if (owner) params.set("owner", owner);
    params.set("overdue", "passed");
    return "?" + params.toString();
  }

  var api = {
    monthNumber: monthNumber, monthWords: monthWords, passedCount: passedCount, dueList: dueList,
    providerGroups: providerGroups, ownerGroups: ownerGroups, explorerQuery: explorerQuery
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;  // node --test (tests/js/)
  if (typeof document === "undefined") return;

  // ---- the pages ----

  function countLink(count, href) {
    if (!count) return document.createTextNode("0");
    var a = document.createElement("a");
    a.className = "count-link";
    a.href = href;
    a.textContent = String(count);
    return a;
  }

  function plural(n, word) { return n === 1 ? word : word + "s"; }

  /* A provider page: "N recommendations (latest versions) with a target date passed; …". */
  function fillProviderLine(line, now) {
    var n = passedCount(dueList(line.getAttribute("data-due")), now);
    line.textContent = "";
    line.appendChild(countLink(n, line.getAttribute("data-href")));
    line.appendChild(document.createTextNode(" " + plural(n, "recommendation") + " of its latest plans with a " +
      "target date passed; no later update in this archive (as of " + monthWords(now) + ", from your date)."));
    line.hidden = false;
  }

  function cell(row, content, label, numeric) {
    var td = document.createElement("td");
    td.setAttribute("data-label", label);
    if (numeric) td.className = "num";
    td.appendChild(typeof content === "string" ? document.createTextNode(content) : content);
    row.appendChild(td);
  }

  function link(text, href) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  /* A table of groups: `heads` its column names, `cells(group)` its cells as [content, numeric]. */
  function groupTable(groups, heads, cells) {
    var table = document.createElement("table");
    table.className = "overdue-table cards";
    var head = table.createTHead().insertRow();
    heads.forEach(function (text, i) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      if (i === heads.length - 1) th.className = "num";
      head.appendChild(th);
    });
    var body = table.createTBody();
    groups.forEach(function (g) {
      var row = body.insertRow();
      cells(g).forEach(function (c, i) { cell(row, c, heads[i], i === heads.length - 1); });
    });
    return table;
  }

  function fetchJSON(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.json();
    });
  }

  /* A failure the reader sees in `where`, with a button that tries again. */
  function showFailure(where, text, retry) {
    where.textContent = text + " Check the connection, then try again. ";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = "Try again";
    button.addEventListener("click", retry);
    where.appendChild(button);
  }

  var HEAD = "Recommendations with a target date passed";

  function showOwners(box, explorer, provider, now) {
    var where = document.getElementById("overdue-owners");
    box.removeAttribute("data-owners-ready");
    where.textContent = "Loading the owners of " + provider.name + "\u2026";
    fetchJSON(box.getAttribute("data-site-root") + provider.owners).then(function (file) {
      if (document.getElementById("overdue-provider").value !== provider.slug) return;  // another was chosen
      where.textContent = "";
      where.appendChild(groupTable(ownerGroups(file, now), ["Action owner", HEAD], function (g) {
        return [g.name, countLink(g.count, explorer + explorerQuery(provider.slug, g.slug))];
      }));
      box.setAttribute("data-owners-ready", provider.slug);
    }).catch(function (error) {
      console.error(error);
      showFailure(where, "The owners of " + provider.name + " could not load.", function () {
        showOwners(box, explorer, provider, now);
      });
    });
  }

  function showGroups(box, data, now) {
    var root = box.getAttribute("data-site-root");  // the site's root, relative to this page
    var explorer = root + data.explorer;
    var providers = providerGroups(data, now);
    var total = providers.reduce(function (n, g) { return n + g.count; }, 0);
    var status = document.getElementById("overdue-status");
    status.textContent = "As of " + monthWords(now) + " (today's date in your browser): ";
    status.appendChild(countLink(total, explorer + explorerQuery()));
    status.appendChild(document.createTextNode(" " + plural(total, "recommendation") + " of " +
      providers.length + " " + plural(providers.length, "provider") +
      " with a target date passed; no later update in this archive."));
    document.getElementById("overdue-providers").appendChild(groupTable(providers, ["Provider", HEAD], function (g) {
      return [link(g.name, root + g.url), countLink(g.count, explorer + explorerQuery(g.slug))];
    }));
    var select = document.getElementById("overdue-provider");
    providers.forEach(function (g) { select.appendChild(new Option(g.name + " (" + g.count + ")", g.slug)); });
    select.addEventListener("change", function () {
      showOwners(box, explorer, providers.find(function (g) { return g.slug === select.value; }), now);
    });
    if (providers.length) showOwners(box, explorer, providers[0], now);
    box.setAttribute("data-ready", "true");
  }

  function loadOverdue(box, now) {
    var status = document.getElementById("overdue-status");
    box.hidden = false;  // without a script the page says why it cannot count (its noscript)
    fetchJSON(box.getAttribute("data-overdue")).then(function (data) { showGroups(box, data, now); }).catch(function (error) {
      console.error(error);
      showFailure(status, "The counts could not load.", function () { loadOverdue(box, now); });
    });
  }

  function init() {
    var now = monthNumber(new Date());
    document.querySelectorAll(".overdue-count[data-due]").forEach(function (line) { fillProviderLine(line, now); });
    var box = document.getElementById("overdue");
    if (box) loadOverdue(box, now);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
