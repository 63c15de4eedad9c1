/* Offline search: loads index shards with <script> tags (works from file://),
   only those a query needs. Scoring mirrors `kb search` (builder/browser_search.py). */
(function () {
  "use strict";
  var root = document.querySelector("[data-kb-search]");
  if (!root) return;
  var base = root.getAttribute("data-kb-root");
  var pageLang = root.getAttribute("data-kb-lang");
  var text = JSON.parse(root.getAttribute("data-kb-text"));
  var input = root.querySelector("input[type=search]");
  var out = root.querySelector(".kb-results");
  var status = root.querySelector(".kb-status");
  var selects = root.querySelectorAll("select[data-kb-filter]");
  var LIMIT = 20;

  var loaded = {}, waiting = {}, shards = {}, chunks = {}, meta = null, rows = null;
  window.kbIndex = {
    meta: function (m) { meta = m; done("search/meta.js"); },
    facets: function (r) { rows = r; done("search/facets.js"); },
    shard: function (prefix, data) { shards[prefix] = data; done("search/s/" + file(prefix) + ".js"); },
    docs: function (n, list) { chunks[n] = list; done("search/d/" + n + ".js"); }
  };
  function file(prefix) {
    return prefix.replace(/[^a-z0-9]/g, function (c) { return "_" + c.charCodeAt(0).toString(16); });
  }
  function done(path) { loaded[path] = true; (waiting[path] || []).forEach(function (f) { f(); }); delete waiting[path]; }
  function load(path) {
    return new Promise(function (resolve, reject) {
      if (loaded[path]) return resolve();
      if (waiting[path]) { waiting[path].push(resolve); return; }
      waiting[path] = [resolve];
      var s = document.createElement("script");
      s.src = base + path;
      s.onerror = function () { reject(new Error(path)); };
      document.head.appendChild(s);
    });
  }

  function fold(s) {
    return s.toLowerCase().replace(/ñ/g, "\u0000").normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "").replace(/\u0000/g, "ñ");
  }
  function words(q) {
    return fold(q).split(/[^a-z0-9ñ]+/).filter(function (w) { return w.length >= 2; });
  }
  // like `kb search`: a stop word of either language is not searched
  function isStop(w) { return meta.stop.es.indexOf(w) >= 0 || meta.stop.en.indexOf(w) >= 0; }
  function shardFor(key) {
    var best = null;
    meta.prefixes.forEach(function (p) {
      if (key.indexOf(p) === 0 && (!best || p.length > best.length)) best = p;
    });
    return best;
  }
  function shardsFor(word, prefix) {
    // the shard of the word, and for a prefix, every longer shard under it
    var list = [], own = shardFor(word);
    if (own) list.push(own);
    if (prefix) meta.prefixes.forEach(function (p) {
      if (p.length > word.length && p.indexOf(word) === 0) list.push(p);
    });
    return list;
  }
  function loadAll(paths) { return Promise.all(paths.map(load)); }
  function shardPath(p) { return "search/s/" + file(p) + ".js"; }

  function surfaces(word, prefix) {
    var found = [];
    shardsFor(word, prefix).forEach(function (p) {
      var w = shards[p].w;
      if (w[word]) found.push(w[word]);
      if (prefix) Object.keys(w).forEach(function (k) {
        if (k !== word && k.indexOf(word) === 0 && found.length < 40) found.push(w[k]);
      });
    });
    return found;
  }
  function postings(key) {
    var p = shardFor(key.slice(3));
    return p && shards[p] && shards[p].p[key];
  }

  // Per word: stems in each language; the word's score in a document is the sum
  // of its stems' scores (as whoosh sums the fields of an Or query).
  function resolveWord(word, prefix) {
    var tries = [word];
    if (!prefix) tries.push(word.slice(0, -1), word.slice(0, -2));
    var i = 0;
    function attempt() {
      var w = tries[i], asPrefix = prefix || i > 0;
      return loadAll(shardsFor(w, asPrefix).map(shardPath)).then(function () {
        var found = surfaces(w, asPrefix);
        if (!found.length && ++i < tries.length && tries[i].length >= 3) return attempt();
        var keys = {};
        found.forEach(function (pair) {
          if (pair[0]) keys["es:" + pair[0]] = 1;
          if (pair[1]) keys["en:" + pair[1]] = 1;
        });
        keys = Object.keys(keys);
        var stemShards = keys.map(function (k) { return shardFor(k.slice(3)); })
          .filter(function (p) { return p; }).map(shardPath);
        return loadAll(stemShards).then(function () {
          return { word: word, keys: keys };
        });
      });
    }
    return attempt();
  }

  // A word's score in a document: in each language, its best stem (several with
  // prefix completion), summed over the two languages, as whoosh sums an Or query.
  function score(resolved) {
    var total = {};
    resolved.forEach(function (r) {
      var byLang = { es: {}, en: {} };
      r.keys.forEach(function (k) {
        var list = postings(k); if (!list) return;
        var lang = k.slice(0, 2), doc = 0;
        for (var i = 0; i < list.length; i += 2) {
          doc += list[i];
          var s = list[i + 1] / 100;
          if (!byLang[lang][doc] || byLang[lang][doc] < s) byLang[lang][doc] = s;
        }
      });
      ["es", "en"].forEach(function (lang) {
        Object.keys(byLang[lang]).forEach(function (d) { total[d] = (total[d] || 0) + byLang[lang][d]; });
      });
    });
    return total;
  }

  function facetOf(doc) {
    var row = rows.substr(doc * 10, 10), f = {};
    f.kind = row[0] === "r" ? "repair" : "workshop";
    f.lang = meta.facets.langs[parseInt(row[1], 10)];
    meta.facets.order.forEach(function (name, i) {
      var n = parseInt(row.substr(2 + 2 * i, 2), 36);
      f[name] = n ? meta.facets.names[name][n - 1] : null;
    });
    return f;
  }
  function filters() {
    var f = {};
    selects.forEach(function (s) { if (s.value) f[s.getAttribute("data-kb-filter")] = s.value; });
    return f;
  }

  function highlight(textValue, ws) {
    var folded = fold(textValue), marks = [];
    ws.forEach(function (w) {
      var re = new RegExp("(^|[^a-z0-9ñ])(" + w.replace(/[^a-z0-9ñ]/g, "") + "[a-z0-9ñ]*)", "g"), m;
      while ((m = re.exec(folded))) marks.push([m.index + m[1].length, m.index + m[0].length]);
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var html = "", at = 0;
    marks.forEach(function (m) {
      if (m[0] < at) return;
      html += esc(textValue.slice(at, m[0])) + "<mark>" + esc(textValue.slice(m[0], m[1])) + "</mark>";
      at = m[1];
    });
    return html + esc(textValue.slice(at));
  }
  function esc(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // Until meta.js and facets.js are in, a query only waits; once they are,
  // the box's latest text is searched (see the end of this file).
  var ready = false, pending = false;
  var current = 0;
  function run() {
    if (!ready) { pending = true; return; }
    var q = input.value, id = ++current;
    try { history.replaceState(null, "", "?q=" + encodeURIComponent(q)); } catch (e) { /* file:// */ }
    var ws = words(q).filter(function (w) { return !isStop(w); });
    if (!ws.length) { out.innerHTML = ""; status.textContent = ""; return; }
    var typing = !/\s$/.test(q);
    Promise.all(ws.map(function (w, i) { return resolveWord(w, typing && i === ws.length - 1); }))
      .then(function (resolved) {
        if (id !== current) return;
        var scores = score(resolved), f = filters(), counts = {};
        var hits = Object.keys(scores).map(Number).filter(function (d) {
          var fd = facetOf(d);
          Object.keys(fd).forEach(function (k) { counts[k + ":" + fd[k]] = (counts[k + ":" + fd[k]] || 0) + 1; });
          return Object.keys(f).every(function (k) { return fd[k] === f[k]; });
        });
        hits.sort(function (a, b) {
          var la = facetOf(a).lang === pageLang ? 0 : 1, lb = facetOf(b).lang === pageLang ? 0 : 1;
          return la - lb || scores[b] - scores[a] || a - b;
        });
        updateCounts(counts);
        var top = hits.slice(0, LIMIT);
        var need = {};
        top.forEach(function (d) { need["search/d/" + Math.floor(d / meta.chunk) + ".js"] = 1; });
        return loadAll(Object.keys(need)).then(function () {
          if (id !== current) return;
          status.textContent = text.found.replace("{n}", hits.length);
          out.innerHTML = top.map(function (d) {
            var doc = chunks[Math.floor(d / meta.chunk)][d % meta.chunk], fd = facetOf(d);
            return "<li data-kb-doc=\"" + d + "\"><a href=\"" + esc(base + doc[0]) + "\">" +
              highlight(doc[1], ws) + "</a> <span class=\"kb-badge\">" + esc(text[fd.kind]) +
              (fd.lang !== pageLang ? " · " + esc(fd.lang) : "") + "</span>" +
              (doc[3] === "example" ? " <span class=\"kb-badge kb-badge--example\">" + esc(text.example) + "</span>" : "") +
              "<br><span class=\"kb-summary\">" + highlight(doc[2], ws) + "</span></li>";
          }).join("");
        });
      }).catch(function () { status.textContent = text.error; });
  }
  function updateCounts(counts) {
    selects.forEach(function (s) {
      var name = s.getAttribute("data-kb-filter");
      Array.prototype.forEach.call(s.options, function (o) {
        if (!o.value) return;
        var label = o.getAttribute("data-label") || o.textContent;
        o.setAttribute("data-label", label);
        o.textContent = label + " (" + (counts[name + ":" + o.value] || 0) + ")";
      });
    });
  }

  var timer = null;
  function schedule() { clearTimeout(timer); timer = setTimeout(run, 40); }
  input.addEventListener("input", schedule);
  selects.forEach(function (s) { s.addEventListener("change", run); });
  root.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); run(); });
  root.classList.add("kb-search--ready");
  // The query in the address is shown at once, and searched when the index is in,
  // unless the person has typed another one by then (the latest query wins).
  var initial = /[?&]q=([^&]*)/.exec(location.search);
  if (initial) {
    try { input.value = decodeURIComponent(initial[1].replace(/\+/g, " ")); } catch (e) { /* bad %-escape */ }
    pending = true;
  }
  loadAll(["search/meta.js", "search/facets.js"]).then(function () {
    ready = true;
    if (pending) { pending = false; clearTimeout(timer); run(); }
  }).catch(function () { status.textContent = text.error; });
})();
