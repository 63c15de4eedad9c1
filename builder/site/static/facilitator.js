/* For facilitators (progressive enhancement: without JavaScript the pages show the plan's
   largest group at 08:00 and the full list of workshops).

   1. A workshop page and its printable guide: the number of people (?personas=12) and
      the start time (?inicio=09:30) recompute the groups, the materials' totals and the
      agenda's times, with the rules of builder/site/quantities.py (its twin: the tests
      run both and compare), and the link to the guide carries them.
   2. The programme page: a planner that orders the ticked workshops after the ones they
      need first and lays them out over the days available.
   Works from file:// (no fetch, no storage needed). Under node, exports the logic. */
(function () {
  "use strict";
  var EPSILON = 1e-9; // 0.1 x 3 is 0.30000000000000004: not a reason to round up

  // -- the numbers (twin of builder/site/quantities.py) ---------------------------
  function groups(size, group) { return Math.max(1, Math.ceil(size / group)); }
  function total(quantity, per, size, nGroups, roundTo, atLeast) {
    var factor = per === "person" ? size : per === "group" ? nGroups : 1;
    var step = roundTo > 0 ? roundTo : 1;
    var value = Math.ceil(quantity * factor / step - EPSILON) * step;
    if (atLeast > 0 && value < atLeast) value = atLeast;
    return Math.round(value * 1000) / 1000;
  }
  function shown(value) { return String(value); }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(m) { m = ((m % 1440) + 1440) % 1440; return pad(Math.floor(m / 60)) + ":" + pad(m % 60); }
  function minutesOf(text) {
    var match = /^(\d{1,2}):(\d{2})/.exec(text || "");
    if (!match || +match[1] > 23 || +match[2] > 59) return null;
    return +match[1] * 60 + +match[2];
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  // -- the programme planner ---------------------------------------------------------
  /* catalogue: [{id, title, minutes, activities: [minutes...], prerequisites: [ids]}] in
     the page's order; chosen: ids; days x perDay minutes. Returns {days: [[session]],
     unplaced: [{id, reason, minutes?, title?}], added: [{id, for}]}. A workshop longer
     than what is left of a day goes on in the next day, cut between activities. */
  function plan(catalogue, chosen, days, perDay) {
    var byId = {}, order = {}, i;
    catalogue.forEach(function (w, n) { byId[w.id] = w; order[w.id] = n; });
    var wanted = {}, added = [], queue = [];
    chosen.forEach(function (id) { if (byId[id] && !wanted[id]) { wanted[id] = true; queue.push(id); } });
    while (queue.length) { // the workshops to take first come along
      var id = queue.shift();
      byId[id].prerequisites.forEach(function (pre) {
        if (byId[pre] && !wanted[pre]) { wanted[pre] = true; added.push({ id: pre, "for": id }); queue.push(pre); }
      });
    }
    var ids = Object.keys(wanted).sort(function (a, b) { return order[a] - order[b]; });
    // Kahn's order, stable by the catalogue's order; what is left is in a cycle.
    var done = {}, sequence = [], progress = true;
    while (progress) {
      progress = false;
      for (i = 0; i < ids.length; i++) {
        var w = byId[ids[i]];
        if (done[w.id]) continue;
        if (w.prerequisites.every(function (p) { return !wanted[p] || done[p]; })) {
          done[w.id] = true; sequence.push(w.id); progress = true; break;
        }
      }
    }
    var unplaced = [];
    ids.forEach(function (id) { if (!done[id]) unplaced.push({ id: id, reason: "cycle" }); });
    var out = [], day = 0, used = 0, placed = {};
    for (i = 0; i < days; i++) out.push([]);
    sequence.forEach(function (id) {
      var w = byId[id];
      var missing = w.prerequisites.filter(function (p) { return wanted[p] && !placed[p]; });
      if (missing.length) { unplaced.push({ id: id, reason: "needs", title: byId[missing[0]].title }); return; }
      var longest = Math.max.apply(null, w.activities.length ? w.activities : [w.minutes]);
      if (longest > perDay) { unplaced.push({ id: id, reason: "too_long", minutes: longest }); return; }
      // Try it from where the programme is now; it takes no room when it does not fit.
      var d = day, u = used, sessions = [], current = null;
      (w.activities.length ? w.activities : [w.minutes]).forEach(function (m) {
        if (d >= days) return;
        if (u + m > perDay) { d += 1; u = 0; current = null; if (d >= days) return; }
        if (!current) { current = { id: id, day: d, start: u, minutes: 0 }; sessions.push(current); }
        current.minutes += m; u += m;
      });
      var fitted = sessions.reduce(function (s, x) { return s + x.minutes; }, 0);
      if (d >= days || fitted < w.minutes) { unplaced.push({ id: id, reason: "no_room" }); return; }
      sessions.forEach(function (s, n) { s.part = n + 1; s.parts = sessions.length; out[s.day].push(s); });
      placed[id] = true; day = d; used = u;
    });
    return { days: out, unplaced: unplaced, added: added };
  }

  var api = { groups: groups, total: total, shown: shown, clock: clock, plan: plan };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; }
  if (typeof document === "undefined") return;

  // -- the page ------------------------------------------------------------------------
  function param(names) {
    var query = new URLSearchParams(location.search);
    for (var i = 0; i < names.length; i++) if (query.get(names[i])) return query.get(names[i]);
    return null;
  }
  function workshop() {
    var box = document.querySelector("[data-kb-plan]");
    if (!box) return;
    var sizeInput = document.querySelector("[data-kb-size]");
    var startInput = document.querySelector("[data-kb-start]");
    var group = +box.getAttribute("data-kb-group") || 5;
    var min = +box.getAttribute("data-kb-min"), max = +box.getAttribute("data-kb-max");
    var state = { size: sizeInput ? +sizeInput.value : max, start: startInput ? minutesOf(startInput.value) : 480 };
    var asked = parseInt(param(["personas", "people"]), 10);
    if (asked >= 1 && asked <= 9999) state.size = asked;
    var askedStart = minutesOf(param(["inicio", "start"]));
    if (askedStart !== null) state.start = askedStart;
    function update() {
      var n = groups(state.size, group);
      document.querySelectorAll("[data-kb-qty]").forEach(function (row) {
        var cell = row.querySelector("[data-kb-total]");
        if (cell) cell.textContent = shown(total(+row.getAttribute("data-kb-qty"), row.getAttribute("data-kb-per"), state.size, n,
          +row.getAttribute("data-kb-round") || 0, +row.getAttribute("data-kb-least") || 0));
      });
      document.querySelectorAll("[data-kb-size-note]").forEach(function (el) {
        el.textContent = fill(el.getAttribute("data-kb-template"), { n: state.size, k: n, g: group });
      });
      document.querySelectorAll("[data-kb-size-warning]").forEach(function (el) {
        el.textContent = state.size < min || state.size > max ? el.getAttribute("data-kb-template") : "";
      });
      document.querySelectorAll("[data-kb-offset]").forEach(function (cell) {
        cell.textContent = clock(state.start + parseInt(cell.getAttribute("data-kb-offset"), 10));
      });
      document.querySelectorAll("[data-kb-guide-for]").forEach(function (el) {
        el.textContent = fill(el.getAttribute("data-kb-template"), { n: state.size, time: clock(state.start) });
      });
      var query = "?personas=" + state.size + "&inicio=" + clock(state.start);
      document.querySelectorAll("a[data-kb-carry]").forEach(function (link) {
        link.setAttribute("href", link.getAttribute("href").split("?")[0] + query);
      });
      try { history.replaceState(null, "", location.pathname + query + location.hash); } catch (e) { /* file:// may refuse */ }
    }
    if (sizeInput) {
      sizeInput.min = "1"; sizeInput.step = "1"; sizeInput.value = state.size;
      sizeInput.addEventListener("input", function () {
        var n = parseInt(sizeInput.value, 10);
        if (n >= 1 && n <= 9999) { state.size = n; update(); }
      });
    }
    if (startInput) {
      startInput.value = clock(state.start);
      startInput.addEventListener("input", function () {
        var m = minutesOf(startInput.value);
        if (m !== null) { state.start = m; update(); }
      });
      startInput.addEventListener("change", function () {
        var m = minutesOf(startInput.value);
        if (m !== null) { state.start = m; update(); }
      });
    }
    update();
  }

  function planner() {
    var root = document.querySelector("[data-kb-planner]");
    if (!root) return;
    var text = JSON.parse(root.getAttribute("data-kb-text"));
    var items = Array.prototype.slice.call(document.querySelectorAll("[data-kb-workshop]"));
    var catalogue = items.map(function (li) {
      var acts = (li.getAttribute("data-kb-activities") || "").split(",").filter(Boolean).map(Number);
      return { id: li.getAttribute("data-kb-workshop"),
        title: li.getAttribute("data-kb-title") || li.querySelector("a").textContent, // the sanitizer drops "x: y" values
        minutes: +li.getAttribute("data-kb-minutes"), activities: acts,
        prerequisites: (li.getAttribute("data-kb-prerequisites") || "").split(" ").filter(Boolean),
        strand: li.getAttribute("data-kb-strand"), level: li.getAttribute("data-kb-level"),
        url: li.getAttribute("data-kb-url"), guide: li.getAttribute("data-kb-guide") };
    });
    var byId = {};
    catalogue.forEach(function (w) { byId[w.id] = w; });
    root.hidden = false;
    document.querySelectorAll("[data-kb-planner-nojs]").forEach(function (el) { el.hidden = true; });
    items.forEach(function (li) { var box = li.querySelector("input[type=checkbox]"); if (box) box.hidden = false; });
    var $ = function (name) { return root.querySelector("[data-kb-" + name + "]"); };
    var daysInput = $("days"), perDayInput = $("per-day");
    document.querySelectorAll(".kb-pick").forEach(function (el) { el.hidden = false; });
    var sheet = document.querySelector("[data-kb-sheet]");
    function el(tag, cls, content) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (content !== undefined) e.textContent = content;
      return e;
    }
    function link(w, label, href) { var a = el("a", null, label); a.href = href; return a; }
    function run() {
      var chosen = items.filter(function (li) { var b = li.querySelector("input[type=checkbox]"); return b && b.checked; })
        .map(function (li) { return li.getAttribute("data-kb-workshop"); });
      var days = Math.max(1, parseInt(daysInput.value, 10) || 1);
      var perDay = Math.max(1, parseInt(perDayInput.value, 10) || 1);
      sheet.textContent = "";
      if (!chosen.length) { sheet.appendChild(el("p", "kb-note", text.none)); sheet.hidden = false; return; }
      var result = plan(catalogue, chosen, days, perDay);
      var addedFor = {};
      result.added.forEach(function (a) { addedFor[a.id] = a["for"]; });
      sheet.appendChild(el("h2", null, text.title));
      var table = el("table", "kb-table kb-programme-sheet"), body = el("tbody");
      result.days.forEach(function (sessions, d) {
        var used = sessions.reduce(function (s, x) { return s + x.minutes; }, 0);
        var row = el("tr"), head = el("th", null, fill(text.day, { n: d + 1 }));
        head.appendChild(el("br"));
        head.appendChild(el("small", null, fill(text.used, { used: used, total: perDay })));
        row.appendChild(head);
        var cell = el("td"), list = el("ul");
        sessions.forEach(function (s) {
          var w = byId[s.id], li = el("li");
          li.appendChild(link(w, w.title, w.url));
          li.appendChild(document.createTextNode(" · " + s.minutes + " min" + (s.parts > 1 ? " (" + s.part + "/" + s.parts + ")" : "") + " · "));
          li.appendChild(link(w, text.guide, w.guide));
          if (addedFor[s.id] && s.part === 1) li.appendChild(el("small", "kb-note", " — " + fill(text.added, { title: byId[addedFor[s.id]].title })));
          list.appendChild(li);
        });
        cell.appendChild(list);
        row.appendChild(cell);
        body.appendChild(row);
      });
      table.appendChild(body);
      sheet.appendChild(table);
      if (result.unplaced.length) {
        sheet.appendChild(el("h3", null, text.not_fit));
        var ul = el("ul", "kb-not-fit");
        result.unplaced.forEach(function (u) {
          var w = byId[u.id], li = el("li");
          li.setAttribute("data-kb-reason", u.reason);
          li.appendChild(link(w, w.title, w.url));
          li.appendChild(document.createTextNode(": " + fill(text[u.reason], { minutes: u.minutes, day: perDay, title: u.title })));
          ul.appendChild(li);
        });
        sheet.appendChild(ul);
      }
      var print = el("button", "md-button md-button--primary kb-print", text.print);
      print.type = "button";
      print.addEventListener("click", function () { window.print(); });
      sheet.appendChild(print);
      sheet.hidden = false;
      document.body.classList.add("kb-has-programme");
    }
    document.querySelectorAll("a[data-kb-pick]").forEach(function (pick) {
      pick.addEventListener("click", function () {
        var strand = pick.getAttribute("data-kb-strand"), level = pick.getAttribute("data-kb-level");
        items.forEach(function (li) {
          li.querySelector("input[type=checkbox]").checked = li.getAttribute("data-kb-strand") === strand &&
            (!level || li.getAttribute("data-kb-level") === level);
        });
        run();
      });
    });
    $("run").addEventListener("click", run);
  }

  function start() { workshop(); planner(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
