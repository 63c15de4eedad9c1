/* Offline search: loads index shards with <script> tags (works from file://),
   only those a query needs. The query is analysed and planned as `kb search` does
   (builder/text/analysis.py, builder/text/spanish.py, builder/search/forgiving.py):
   the Spanish stemmer and the spelling key read the tables exported in meta.js,
   and tests/test_search_analysis_agreement.py runs both over thousands of words. */
(function (global) {
  "use strict";

  // --- analysis: the same steps as builder/text (fold, words, Spanish stem, key) ---
  function makeAnalysis(t, stop) {
    var V = t.vowels;
    var WORD = /[\p{L}\p{N}_]+(?:\.?[\p{L}\p{N}_]+)*/gu;
    var rules = t.sound.map(function (r) { return [new RegExp(r[0], "g"), r[1]]; });
    function fold(s) {
      return s.toLowerCase().replace(/ñ/g, "\u0000").normalize("NFKD")
        .replace(/\p{M}/gu, "").replace(/\u0000/g, "ñ");
    }
    function isStop(w, lang) { return stop[lang].indexOf(w) >= 0; }
    // the query's words: folded, at least 2 letters, not a stop word of either language
    function words(q) {
      var out = [];
      (q.match(WORD) || []).forEach(function (raw) {
        var w = fold(raw);
        if (w.length >= 2 && !isStop(w, "es") && !isStop(w, "en") && out.indexOf(w) < 0) out.push(w);
      });
      return out;
    }
    function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
    function longest(w, list) {
      var best = "";
      list.forEach(function (s) { if (s.length > best.length && ends(w, s)) best = s; });
      return best;
    }
    function vowel(c) { return V.indexOf(c) >= 0; }
    function afterVowelConsonant(w, start) {
      for (var i = Math.max(start, 1); i < w.length; i++) if (!vowel(w[i]) && vowel(w[i - 1])) return i + 1;
      return w.length;
    }
    function rvOf(w) {
      var i;
      if (w.length < 3) return w.length;
      if (!vowel(w[1])) { for (i = 2; i < w.length; i++) if (vowel(w[i])) return i + 1; return w.length; }
      if (vowel(w[0])) { for (i = 2; i < w.length; i++) if (!vowel(w[i])) return i + 1; return w.length; }
      return 3;
    }
    function cut(w, s) { return w.slice(0, w.length - s.length); }
    function pronoun(w, rv) {
      var s = longest(w, t.pronouns); if (!s) return w;
      var rest = cut(w, s), verb = longest(rest, t.pronounAfter);
      if (verb && rest.length - verb.length >= rv) return rest;
      if (ends(rest, "uyendo") && rest.length - 5 >= rv) return rest;
      return w;
    }
    function standard(w, r1, r2) {
      var s = longest(w, Object.keys(t.standard)); if (!s) return null;
      var rule = t.standard[s];
      if (w.length - s.length < (rule[0] === "r1" ? r1 : r2)) return null;
      w = cut(w, s) + rule[1];
      if (rule[1]) return w;
      for (var i = 0; i < rule[2].length; i++) {
        var prev = rule[2][i];
        if (ends(w, prev) && w.length - prev.length >= r2) {
          w = cut(w, prev);
          if (s === "amente" && prev === "iv" && ends(w, "at") && w.length - 2 >= r2) w = w.slice(0, -2);
          break;
        }
      }
      return w;
    }
    function yVerb(w, rv) {
      var s = longest(w.slice(rv), t.yVerb);
      return s && ends(cut(w, s), "u") ? cut(w, s) : null;
    }
    function verb(w, rv) {
      var s = longest(w.slice(rv), t.verbGu.concat(t.verb)); if (!s) return w;
      w = cut(w, s);
      if (t.verbGu.indexOf(s) >= 0 && ends(w, "gu")) w = w.slice(0, -1);
      return w;
    }
    function residual(w, rv) {
      var s = longest(w.slice(rv), t.residual); if (!s) return w;
      w = cut(w, s);
      if (s === "e" && ends(w, "gu") && w.length - 1 >= rv) w = w.slice(0, -1);
      return w;
    }
    function stem(w) {
      var rv = rvOf(w), r1 = afterVowelConsonant(w, 1), r2 = afterVowelConsonant(w, r1 + 1);
      w = pronoun(w, rv);
      var done = standard(w, r1, r2);
      if (done === null) done = yVerb(w, rv);
      if (done === null) done = verb(w, rv);
      return residual(done, rv);
    }
    function sound(w) {
      rules.forEach(function (r) { w = w.replace(r[0], r[1]); });
      return w;
    }
    function budget(k) { return k.length < 5 ? 0 : k.length < 9 ? 1 : 2; }
    function distance(a, b, limit) {
      if (Math.abs(a.length - b.length) > limit) return limit + 1;
      var before = [], row = [], i, j;
      for (j = 0; j <= b.length; j++) row.push(j);
      for (i = 1; i <= a.length; i++) {
        var prev = row; row = [i];
        for (j = 1; j <= b.length; j++) {
          var cost = a[i - 1] === b[j - 1] ? 0 : 1;
          row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
        }
        if (Math.min.apply(null, row) > limit) return limit + 1;
        before = prev;
      }
      return Math.min(row[b.length], limit + 1);
    }
    // Python's word(w, lang) for es: the stem, or null for a stop word or a short one
    function stemEs(w) { return w.length < 2 || isStop(w, "es") ? null : stem(w); }
    return { fold: fold, words: words, stem: stem, stemEs: stemEs, sound: sound,
             budget: budget, distance: distance };
  }
  global.kbMakeAnalysis = makeAnalysis;
  if (typeof document === "undefined") return;

  var root = document.querySelector("[data-kb-search]");
  if (!root) return;
  var base = root.getAttribute("data-kb-root");
  var pageLang = root.getAttribute("data-kb-lang");
  var text = JSON.parse(root.getAttribute("data-kb-text"));
  var more = JSON.parse(root.getAttribute("data-kb-more") || "{}");
  var input = root.querySelector("input[type=search]");
  var out = root.querySelector(".kb-results");
  var status = root.querySelector(".kb-status");
  var empty = root.querySelector(".kb-empty");
  var selects = root.querySelectorAll("select[data-kb-filter]");
  var LIMIT = 20, FIRST = 5, LANGS = ["es", "en"];

  var loaded = {}, waiting = {}, shards = {}, groups = {}, chunks = {}, meta = null, rows = null, A = null;
  var groupSet = {}, prefixSet = {}, docChunk = [], chunkStart = [];
  global.kbIndex = {
    meta: function (m) { meta = m; done("search/meta.js"); },
    facets: function (r) { rows = r; done("search/facets.js"); },
    shard: function (prefix, data, part, parts) {
      gather(shardPath, prefix, data.p, part, parts, function (p) { shards[prefix] = { p: p }; });
    },
    vocabulary: function (g, entries, part, parts) {
      gather(groupPath, g, entries, part, parts, function (e) { groups[g] = e; });
    },
    docs: function (n, list) { chunks[n] = list; done("search/d/" + n + ".js"); }
  };
  function file(prefix) {
    return prefix.replace(/[^a-z0-9]/g, function (c) { return "_" + c.charCodeAt(0).toString(16); });
  }
  function shardPath(p, part) { return "search/s/" + file(p) + (part ? "-" + part : "") + ".js"; }
  function groupPath(g, part) { return "search/v/" + file(g) + (part ? "-" + part : "") + ".js"; }
  // A shard or group over 64 KB comes in parts (browser_index._split): part 0 asks for
  // the others, and its path counts as loaded once all are in, their entries appended
  // in part order (a posting list may continue in the next part).
  var pieces = {};
  function gather(path, key, data, part, parts, use) {
    part = part || 0; parts = parts || 1;
    if (parts === 1) { use(data); done(path(key)); return; }
    var got = pieces[path(key)] || (pieces[path(key)] = { n: 0, list: [] });
    got.list[part] = data; got.n++;
    if (part === 0) for (var i = 1; i < parts; i++) load(path(key, i));
    if (got.n === parts) {
      var all = {};
      got.list.forEach(function (d) {
        Object.keys(d).forEach(function (k) { all[k] = all[k] ? all[k].concat(d[k]) : d[k]; });
      });
      delete pieces[path(key)];
      use(all);
    }
    if (part) done(path(key, part));
    if (got.n === parts) done(path(key));
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
  function loadAll(paths) {
    var unique = paths.filter(function (p, i) { return p && paths.indexOf(p) === i; });
    return Promise.all(unique.map(load));
  }
  // the shard of a stem: its longest start that is a shard's prefix
  function shardFor(key) {
    for (var n = key.length; n > 0; n--) if (prefixSet[key.slice(0, n)]) return key.slice(0, n);
    return null;
  }
  // meta.js, unpacked (browser_index._front_coded, _documents): the shard prefixes; one
  // letter per document; the title file of each document and where its chunk starts
  function unpack() {
    var last = "";
    meta.prefixes.split(",").forEach(function (item) {
      last = last.slice(0, parseInt(item.charAt(0), 36)) + item.slice(1);
      prefixSet[last] = 1;
    });
    var d = meta.docs, kinds = d.kinds, n = kinds.length, PACK = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
    var letters = [], group = 0;
    for (var i = 0; i < d.groups; i++) {
      var c = PACK.indexOf(d.packed.charAt(i >> 1)), kind = kinds[i % 2 ? c % n : Math.floor(c / n)];
      if (group % meta.chunk === 0) chunkStart.push(letters.length);
      for (var j = 0; j < kind.length; j++) { letters.push(kind.charAt(j)); docChunk.push(Math.floor(group / meta.chunk)); }
      group++;
    }
    meta.docs = letters.join("");
  }
  function chunkPath(d) { return "search/d/" + docChunk[d] + ".js"; }
  function docEntry(d) { return chunks[docChunk[d]][d - chunkStart[docChunk[d]]]; }
  function postings(key) {
    var p = shardFor(key.slice(3));
    return p && shards[p] ? shards[p].p[key] : undefined;
  }
  function stemShard(s) { var p = shardFor(s); return p ? shardPath(p) : null; }

  // --- the lexicon of forgiving.py: vocabulary groups and indexed stems ---
  function groupKey(k, length) { return k.charAt(0) + String(length); }
  function groupsFor(w, budget) {
    var k = A.sound(w), list = [];
    for (var n = Math.max(1, k.length - budget); n <= k.length + budget; n++) {
      if (groupSet[groupKey(k, n)]) list.push(groupPath(groupKey(k, n)));
    }
    return list;
  }
  function entry(w) { var g = groups[groupKey(A.sound(w), A.sound(w).length)]; return g && g[w]; }
  function stemOf(w, lang) {
    if (lang === "es") return A.stemEs(w);
    var e = entry(w); return e && e[1] ? e[1] : null;
  }
  function present(lang, s) { return postings(lang + ":" + s) !== undefined; }
  function exact(ws) {
    var terms = [];
    ws.forEach(function (w) {
      LANGS.forEach(function (lang) {
        var s = stemOf(w, lang);
        if (s && present(lang, s)) terms.push({ lang: lang, stem: s, weight: meta.forgive.exact });
      });
    });
    return terms;
  }
  function candidates(w, lang, budget) {
    var k = A.sound(w), found = [];
    if (!k) return found;
    for (var n = Math.max(1, k.length - budget); n <= k.length + budget; n++) {
      var g = groups[groupKey(k, n)] || {};
      Object.keys(g).forEach(function (v) {
        if (v === w) return;
        var d = A.distance(k, A.sound(v), budget);
        var ok = lang === "es" ? g[v][0] === 1 : !!g[v][1];
        if (d <= budget && ok) found.push([d, v]);
      });
    }
    return found.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
  }
  function weighted(ws, lang, weight) {
    var terms = [];
    ws.forEach(function (v) { var s = stemOf(v, lang); if (s) terms.push({ lang: lang, stem: s, weight: weight }); });
    return terms;
  }
  function synKey(w, lang) { return lang === "es" ? A.sound(A.stemEs(w) || w) : w; }
  function synonymSlots(ws) {
    var keys = {}, slots = [], i = 0;
    LANGS.forEach(function (lang) { keys[lang] = ws.map(function (w) { return synKey(w, lang); }); });
    while (i < ws.length) {
      var best = null;
      meta.synonyms.forEach(function (s) {
        var trig = s[1], k = keys[s[0]].slice(i, i + trig.length);
        if (k.length === trig.length && k.join("\u0001") === trig.join("\u0001") &&
            (!best || trig.length > best[1].length)) best = s;
      });
      if (!best) { slots.push({ words: [ws[i]], how: "none", terms: [], use: [] }); i++; continue; }
      var use = [];
      meta.synonyms.forEach(function (s) {
        if (s[0] === best[0] && s[1].join("\u0001") === best[1].join("\u0001"))
          s[2].forEach(function (u) { if (use.indexOf(u) < 0) use.push(u); });
      });
      slots.push({ words: ws.slice(i, i + best[1].length), how: "synonym", terms: [], use: use });
      i += best[1].length;
    }
    return slots;
  }
  function same(a, b) { return a.lang === b.lang && a.stem === b.stem && a.weight === b.weight; }
  // forgiving.plan, once the groups and stem shards of the words are in
  function plan(ws, defaultLang) {
    var slots = synonymSlots(ws);
    slots.forEach(function (slot) {
      slot.terms = exact(slot.words);
      if (slot.how === "none" && slot.terms.length) slot.how = "exact";
    });
    var votes = {};
    LANGS.forEach(function (lang) {
      votes[lang] = slots.filter(function (s) { return s.terms.some(function (t) { return t.lang === lang; }); }).length;
    });
    var top = Math.max(votes.es, votes.en);
    var lang = votes[defaultLang] === top ? defaultLang : (votes.es === top ? "es" : "en");
    slots.forEach(function (slot) {
      if (slot.how === "synonym") {
        exact(slot.use).forEach(function (t) { if (!slot.terms.some(function (u) { return same(t, u); })) slot.terms.push(t); });
        return;
      }
      var w = slot.words[0];
      var alike = candidates(w, lang, 0).slice(0, meta.forgive.max).map(function (c) { return c[1]; });
      if (alike.length) {
        slot.how = slot.terms.length ? "exact" : "alike";
        slot.terms = slot.terms.concat(weighted(alike, lang, meta.forgive.alike));
        return;
      }
      if (slot.terms.length) return;
      candidates(w, lang, A.budget(A.sound(w))).slice(0, meta.forgive.max).forEach(function (c) {
        slot.terms = slot.terms.concat(weighted([c[1]], lang, meta.forgive.typo / c[0]));
        slot.how = "typo";
      });
    });
    return { slots: slots, lang: lang };
  }
  function suggestionBudget(w) { var k = A.sound(w); return k.length >= 4 ? A.budget(k) + 1 : 0; }
  function suggestion(ws, lang) {
    var changed = false, fixed = ws.map(function (w) {
      if (exact([w]).length) return w;
      var near = candidates(w, lang, suggestionBudget(w));
      if (!near.length) return w;
      changed = true; return near[0][1];
    });
    return changed ? fixed.join(" ") : null;
  }
  // everything plan() and suggestion() will read, in as few rounds as it can (each
  // round a wait for files, long on an old phone): the group of each word's own
  // spelling and key length, its Spanish stem's shard and its synonyms' at once; then
  // the English stems' shards (the group names them); the groups of near spellings
  // only for a word found in neither language, the only case plan() reads them
  // (a suggestion, wide, asks for them all at once)
  function prepare(ws, wide) {
    var slots = synonymSlots(ws), used = [], first = [];
    slots.forEach(function (s) { used = used.concat(s.use); });
    ws.forEach(function (w) { first = first.concat(groupsFor(w, wide ? suggestionBudget(w) : 0)); });
    ws.concat(used).forEach(function (w) { first.push(stemShard(A.stemEs(w) || w)); });
    used.forEach(function (u) { first = first.concat(groupsFor(u, 0)); });
    return loadAll(first).then(function () {
      var english = [];
      ws.concat(used).forEach(function (w) { var e = entry(w); if (e && e[1]) english.push(stemShard(e[1])); });
      return loadAll(english);
    }).then(function () {
      var near = [];
      if (!wide) ws.forEach(function (w) { if (!exact([w]).length) near = near.concat(groupsFor(w, A.budget(A.sound(w)))); });
      return loadAll(near);
    });
  }
  function loadTerms(slots) {
    var paths = [];
    slots.forEach(function (s) { s.terms.forEach(function (t) { paths.push(stemShard(t.stem)); }); });
    return loadAll(paths);
  }

  // --- scoring: BM25F per term times its weight; documents with every slot first ---
  function rank(slots) {
    var best = {}, scores = {}, sets = [];
    slots.forEach(function (s) { s.terms.forEach(function (t) {
      var k = t.lang + ":" + t.stem; best[k] = Math.max(t.weight, best[k] || 0);
    }); });
    Object.keys(best).forEach(function (k) {
      var list = postings(k) || [], doc = 0;
      for (var i = 0; i < list.length; i += 2) { doc += list[i]; scores[doc] = (scores[doc] || 0) + best[k] * list[i + 1] / 100; }
    });
    slots.forEach(function (s) {
      if (!s.terms.length) return;
      var set = {};
      s.terms.forEach(function (t) {
        var list = postings(t.lang + ":" + t.stem) || [], doc = 0;
        for (var i = 0; i < list.length; i += 2) { doc += list[i]; set[doc] = 1; }
      });
      sets.push(set);
    });
    var every = sets.length === slots.length ? sets : null;
    var hits = Object.keys(scores).map(Number).map(function (d) {
      return { doc: d, score: scores[d], all: !!every && every.every(function (s) { return s[d]; }) };
    });
    hits.sort(function (a, b) { return (b.all - a.all) || (b.score - a.score) || (a.doc - b.doc); });
    return hits;
  }
  function letter(d) { return meta.docs.charAt(d); }
  function kindOf(d) { return "abAB".indexOf(letter(d)) >= 0 ? "repair" : "workshop"; }
  function langOf(d) { return "acAC".indexOf(letter(d)) >= 0 ? "es" : "en"; }
  function firstVersion(d) { while (d > 0 && letter(d) === letter(d).toUpperCase()) d--; return d; }
  function versions(d) {
    var first = firstVersion(d), list = [first];
    for (var n = first + 1; n < meta.docs.length && letter(n) === letter(n).toUpperCase(); n++) list.push(n);
    return list;
  }
  // each document once, at the rank of its best version, shown in the page's language if it matched
  function onePerDocument(hits) {
    var seen = {}, outList = [], matched = {};
    hits.forEach(function (h) { matched[h.doc] = 1; });
    hits.forEach(function (h) {
      var first = firstVersion(h.doc);
      if (seen[first]) return;
      seen[first] = 1;
      var vs = versions(h.doc).filter(function (v) { return matched[v]; });
      var chosen = vs.filter(function (v) { return langOf(v) === pageLang; })[0];
      outList.push({ doc: chosen === undefined ? h.doc : chosen, others: versions(h.doc).filter(function (v) { return v !== (chosen === undefined ? h.doc : chosen); }) });
    });
    return outList;
  }

  function facetOf(d) {
    var f = { kind: kindOf(d), lang: langOf(d) };
    if (!rows) return f;
    var row = rows.substr(d * meta.facets.width, meta.facets.width);
    meta.facets.order.forEach(function (name, i) {
      var n = parseInt(row.substr(2 * i, 2), 36);
      f[name] = n ? meta.facets.names[name][n - 1] : null;
    });
    return f;
  }
  function filters() {
    var f = {};
    selects.forEach(function (s) { if (s.value) f[s.getAttribute("data-kb-filter")] = s.value; });
    return f;
  }
  function needsFacets(f) { return Object.keys(f).some(function (k) { return k !== "kind" && k !== "lang"; }); }

  function highlight(textValue, ws) {
    var folded = A.fold(textValue), marks = [];
    if (folded.length !== textValue.length) return esc(textValue);
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
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function markWords(slots) {
    var list = [];
    slots.forEach(function (s) { s.words.concat(s.use).forEach(function (w) { list.push(w); }); });
    return list;
  }

  // Until meta.js is in, a query only waits; once it is, the box's latest text is
  // searched (see the end of this file).
  var ready = false, pending = false, current = 0;
  function search(ws, f, defaultLang) {
    return prepare(ws, false).then(function () {
      var p = plan(ws, defaultLang);
      return loadTerms(p.slots).then(function () { p.hits = rank(p.slots).filter(function (h) {
        var fd = facetOf(h.doc);
        return Object.keys(f).every(function (k) { return fd[k] === f[k]; });
      }); return p; });
    });
  }
  function run() {
    if (!ready) { pending = true; return; }
    var q = input.value, id = ++current;
    try { history.replaceState(null, "", "?q=" + encodeURIComponent(q)); } catch (e) { /* file:// */ }
    var ws = A.words(q);
    if (!ws.length) { out.innerHTML = ""; out.removeAttribute("aria-busy"); status.textContent = ""; if (empty) empty.hidden = true; return; }
    var f = filters();
    var facets = needsFacets(f) || rows ? load("search/facets.js") : Promise.resolve();
    var corrected = null;
    facets.then(function () { return search(ws, f, f.lang || pageLang); }).then(function (p) {
      if (p.hits.length) return p;
      return prepare(ws, true).then(function () {
        var fixed = suggestion(ws, p.lang);
        if (!fixed) return p;
        return search(fixed.split(" "), f, p.lang).then(function (again) {
          if (!again.hits.length) return p;
          corrected = fixed; return again;
        });
      });
    }).then(function (p) {
      if (id !== current) return;
      var list = onePerDocument(p.hits);
      if (rows) updateCounts(p.hits);
      var top = list.slice(0, LIMIT), ws2 = markWords(p.slots);
      // The first FIRST results as soon as their title files are in (a phone's screenful),
      // the rest after them: on a slow phone twenty files take a while. The list is
      // aria-busy until it is whole.
      return loadAll(chunksOf(top.slice(0, FIRST))).then(function () {
        if (id !== current) return;
        status.textContent = (corrected ? more.corrected.replace("{q}", q).replace("{s}", corrected) + " " : "") +
          text.found.replace("{n}", list.length);
        if (empty) empty.hidden = list.length > 0;
        out.innerHTML = top.slice(0, FIRST).map(function (h) { return item(h, ws2); }).join("");
        if (top.length <= FIRST) { out.removeAttribute("aria-busy"); return; }
        out.setAttribute("aria-busy", "true");
        return loadAll(chunksOf(top.slice(FIRST))).then(function () {
          if (id !== current) return;
          out.insertAdjacentHTML("beforeend", top.slice(FIRST).map(function (h) { return item(h, ws2); }).join(""));
          out.removeAttribute("aria-busy");
        });
      });
    }).catch(function () { status.textContent = text.error; });
  }
  function chunksOf(hits) {
    var need = [];
    hits.forEach(function (h) { [h.doc].concat(h.others).forEach(function (d) { need.push(chunkPath(d)); }); });
    return need;
  }
  function item(h, ws) {
    var d = h.doc, doc = docEntry(d), kind = kindOf(d), lang = langOf(d);
    var others = h.others.map(function (o) {
      var od = docEntry(o);
      return " <a class=\"kb-translation\" hreflang=\"" + langOf(o) + "\" href=\"" + esc(base + od[0]) + "\">" + esc(more["lang_" + langOf(o)] || langOf(o)) + "</a>";
    }).join("");
    return "<li data-kb-doc=\"" + d + "\"><a href=\"" + esc(base + doc[0]) + "\">" +
      highlight(doc[1], ws) + "</a> <span class=\"kb-badge\">" + esc(text[kind]) +
      (lang !== pageLang ? " · " + esc(lang) : "") + "</span>" +
      (doc[3] === "example" ? " <span class=\"kb-badge kb-badge--example\">" + esc(text.example) + "</span>" : "") +
      others + "<br><span class=\"kb-summary\">" + highlight(doc[2], ws) + "</span></li>";
  }
  function updateCounts(hits) {
    var counts = {};
    hits.forEach(function (h) {
      var fd = facetOf(h.doc);
      Object.keys(fd).forEach(function (k) { counts[k + ":" + fd[k]] = (counts[k + ":" + fd[k]] || 0) + 1; });
    });
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

  // A word pasted or the first key after a pause is searched at once; keys typed less
  // than 40 ms apart wait for the last one. (A 40 ms timer fires after 90 on a slow
  // phone's busy page: waiting when nothing is typed after it costs the most there.)
  var timer = null, lastInput = 0;
  function schedule() {
    var now = Date.now(), quiet = now - lastInput > 40;
    lastInput = now;
    clearTimeout(timer);
    if (quiet) run(); else timer = setTimeout(run, 40);
  }
  input.addEventListener("input", schedule);
  selects.forEach(function (s) { s.addEventListener("change", run); });
  root.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(); });
  root.classList.add("kb-search--ready");
  // The query in the address is shown at once, and searched when the index is in,
  // unless the person has typed another one by then (the latest query wins).
  var initial = /[?&]q=([^&]*)/.exec(location.search);
  if (initial) {
    try { input.value = decodeURIComponent(initial[1].replace(/\+/g, " ")); } catch (e) { /* bad %-escape */ }
    pending = true;
  }
  load("search/meta.js").then(function () {
    A = makeAnalysis(meta.stemmer, meta.stop);
    meta.groups.forEach(function (g) { groupSet[g] = 1; });
    unpack();
    ready = true;
    if (pending) { pending = false; clearTimeout(timer); run(); }
  }).catch(function () { status.textContent = text.error; });
})(typeof window !== "undefined" ? window : globalThis);
