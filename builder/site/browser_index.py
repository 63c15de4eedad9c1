"""The site's own search index: small shards the browser loads with <script> tags.

Built from the same analysis and fields as the whoosh index (``builder.search``)
and scored the same way (BM25F over one field per language whose sections are
weighted, a query word counting in both languages); the query is planned as
``builder.search.forgiving`` plans it (synonyms, words spelled alike, typos),
with the Spanish stemmer's and the spelling key's tables exported here, so the
browser and `kb search` agree. Works from file:// because nothing is fetched:
every file is a script that hands its data to ``kbIndex``.

Layout under ``search/``:
- ``meta.js``: shard prefixes (front-coded), vocabulary groups, stop words, stemmer
  and spelling tables, synonyms, and one letter per document (kind, language, and
  whether it is a translation of the document before it), packed: each document with
  its translations as one symbol, two symbols a character;
- ``facets.js``: per document, its facet values (a few chars each), loaded only
  when a filter is used;
- ``s/<prefix>.js``: "lang:stem" -> postings;
- ``v/<group>.js``: the words of one vocabulary group (first letter and length of
  their spelling key) -> [1 if its Spanish stem is indexed, its indexed English stem];
- ``s/<prefix>-<n>.js``, ``v/<group>-<n>.js``: the further parts of a shard or group
  that would be over MAX_FILE (a phone on a slow link loads no file over 64 KB); a
  posting list too long for one part is cut between documents and continued in the
  next part, which the browser appends in order;
- ``d/<n>.js``: titles, summaries and URLs of the documents of CHUNK documents
  (each with its translations, so a result and its translation's link come from one
  file), n*CHUNK .. (n+1)*CHUNK-1 counting documents without their translations.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from builder.core import cache
from builder.core.files import content_hash
from builder.document import Document
from builder.search import forgiving
from builder.search.fields import SPELLING, WEIGHTS, document_fields, text_field
from builder.site.model import SiteModel, page_uri
from builder.text import spanish
from builder.text.analysis import LANGS, MARK, WORDS_AND_MARKS, stop_words, terms, word
from schema.vocabularies import vocab

K1, B = 1.2, 0.75  # whoosh's BM25F defaults
# Documents (with their translations) per title and summary file: the 20 results first
# shown come from up to 20 files, so the smaller each, the fewer bytes a query loads
# (issue 15: about 1.6 KB a file rather than 4.4 at 10,000 write-ups; 1,900 files).
CHUNK = 4
# A shard over this is split by a longer prefix, down to a stem of its own: a one-word
# query loads little more than its word's postings (issue 15).
SHARD_BYTES = 16_000
READING = 3  # bump when a document's cached reading changes shape or meaning
MAX_FILE = 64 * 1024  # no shard file may be larger (tests/test_browser_index_size)
FACET_VOCABS = {"sector": "sector", "machine_class": "machine_class",
                "failure_mode": "failure_mode", "strand": "strand"}


@dataclass
class _Doc:
    doc: Document
    url: str
    tf: dict[str, Counter] = field(default_factory=dict)  # lang -> stem -> weighted tf
    lengths: dict[str, int] = field(default_factory=dict)  # lang -> words in its field


# Contributed text (titles, summaries) must stay data wherever the script is read:
# "<", ">" and "&" as \u escapes cannot close a <script> or open a comment if the file
# is ever inlined, and U+2028/U+2029 cannot end a line in older JavaScript engines.
_JS_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                            "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _js(call: str, *args) -> str:
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
                    for a in args)
    return f"kbIndex.{call}({body.translate(_JS_UNSAFE)});\n"


def _analyse(docs: list[_Doc]) -> dict[str, dict[str, str]]:
    """Read each document's per-language field as the whoosh index does (section
    weights add up per stem); return surface word -> {lang: stem}. Each document's
    reading is kept in the project's cache under the hash of its file; it names its
    surface words only (a word's stems do not depend on the document: they are found
    once per word here, which keeps the cache and the memory small at 10,000)."""
    words: dict[str, dict[str, str]] = {}
    for d in docs:
        src = d.doc.src
        store = cache.store(cache.of_source(src.path, src.rel), "browser", per_document=True)
        d.tf, d.lengths, surfaces = store.get(cache.digest(content_hash(src.raw), d.url, READING),
                                              lambda d=d: _analyse_one(d))
        for surface in surfaces:
            if surface not in words:
                words[surface] = _stems(surface)
    return words


def _stems(surface: str) -> dict[str, str]:
    """A vocabulary word's stem in every language it has one in (the query side of
    `_analyse_words`)."""
    stems = {}
    for lang in LANGS:
        found = word(surface, lang)
        if found:
            stems[lang] = found[1]
    return stems


def _analyse_one(d: _Doc) -> tuple[dict[str, Counter], dict[str, int], tuple[str, ...]]:
    """tf and length per language, and the document's vocabulary: the words of the
    whoosh index's spelling field, in order."""
    weights = dict(WEIGHTS)
    fields = document_fields(d.url, d.doc.kind, d.doc.meta, d.doc.src.body)
    tf, lengths = {}, {}
    for lang in LANGS:
        counts: Counter = Counter()
        boost, length = 1.0, 0
        for match in WORDS_AND_MARKS.finditer(fields[text_field(lang)]):
            raw = match.group()
            if raw[0] == MARK:
                boost = weights.get(raw[1:], 1.0)
                continue
            found = word(raw, lang)
            if found is None:
                continue
            counts[found[1]] += boost
            length += 1
        tf[lang], lengths[lang] = counts, length
    return tf, lengths, tuple(dict.fromkeys(w for w, _ in terms(fields[SPELLING], None)))


def _postings(docs: list[_Doc]) -> dict[str, dict[int, float]]:
    """"lang:stem" -> document number -> BM25F score in that language's field
    (document numbers in increasing order)."""
    n = len(docs)
    out: dict[str, dict[int, float]] = {}
    for lang in LANGS:
        avg = sum(d.lengths[lang] for d in docs) / n or 1
        df: Counter = Counter()
        for d in docs:
            df.update(d.tf[lang].keys())
        idf = {stem: math.log(n / (count + 1)) + 1 for stem, count in df.items()}
        by_stem: dict[str, dict[int, float]] = {stem: {} for stem in df}
        k1 = K1 + 1
        for number, d in enumerate(docs):
            norm = K1 * ((1 - B) + B * d.lengths[lang] / avg)
            for stem, tf in d.tf[lang].items():
                by_stem[stem][number] = idf[stem] * tf * k1 / (tf + norm)
        out.update((f"{lang}:{stem}", found) for stem, found in by_stem.items())
    return out


def _vocabulary(words: dict[str, dict[str, str]], scores: dict) -> dict[str, dict[str, list]]:
    """group -> word -> [1 if its Spanish stem is indexed else 0, its English stem if
    indexed else 0]: what ``forgiving`` needs of a word (the browser stems Spanish
    itself). Words with neither are left out, as `kb search` never proposes them."""
    groups: dict[str, dict[str, list]] = {}
    for surface in sorted(words):
        stems = words[surface]
        es = 1 if "es" in stems and f"es:{stems['es']}" in scores else 0
        en = stems["en"] if "en" in stems and f"en:{stems['en']}" in scores else 0
        if es or en:
            group = forgiving.group_key(spanish.sound(surface))
            groups.setdefault(group, {})[surface] = [es, en]
    return groups


def _encode(postings: dict[int, float]) -> list[int]:
    """[doc delta, score*100, ...] ordered by document: compact and exact enough."""
    flat, last = [], 0
    for number in sorted(postings):
        flat.append(number - last)
        flat.append(max(1, round(postings[number] * 100)))
        last = number
    return flat


def _shards(postings: dict[str, list[int]]) -> dict[str, dict]:
    """Group postings by their stem's start into shards."""
    items = [(key.split(":", 1)[1], "p", (key, value)) for key, value in postings.items()]

    sizes = {id(item): len(item[0]) + len(json.dumps(item[2])) for item in items}

    def size(group: list) -> int:
        return sum(sizes[id(item)] for item in group)

    def split(prefix: str, group: list) -> Iterator[tuple[str, list]]:
        longer = [i for i in group if len(i[0]) > len(prefix)]
        if size(group) <= SHARD_BYTES or not longer:
            yield prefix, group
            return
        yield prefix, [i for i in group if len(i[0]) <= len(prefix)]
        by_next: dict[str, list] = defaultdict(list)
        for item in longer:
            by_next[item[0][: len(prefix) + 1]].append(item)
        for sub in sorted(by_next):
            yield from split(sub, by_next[sub])

    by_first: dict[str, list] = defaultdict(list)
    for item in items:
        by_first[item[0][:1]].append(item)
    shards: dict[str, dict] = {}
    for first in sorted(by_first):
        for prefix, group in split(first, by_first[first]):
            if not group:
                continue
            shards[prefix] = {"p": {value[0]: value[1] for _, _, value in group}}
    return shards


def _facets(docs: list[_Doc]) -> tuple[dict, str]:
    """Facet names and labels, and one fixed-width row of codes per document."""
    names = {f: list(vocab(v).terms) for f, v in FACET_VOCABS.items()}
    rows = []
    for d in docs:
        meta = d.doc.meta
        values = {"sector": None, "machine_class": None, "failure_mode": None, "strand": None}
        if d.doc.kind == "repair":
            values |= {"sector": meta.plant.sector, "machine_class": meta.equipment.class_,
                       "failure_mode": meta.failure.mode}
        else:
            values["strand"] = meta.strand
        row = ""
        for facet, value in values.items():
            index = names[facet].index(value) + 1 if value in names[facet] else 0
            row += _base36(index, 2)
        rows.append(row)
    labels = {lang: {f: [vocab(v).label_of(k, lang) for k in names[f]]
                     for f, v in FACET_VOCABS.items()} for lang in LANGS}
    return {"names": names, "labels": labels, "order": list(values), "langs": list(LANGS),
            "width": 2 * len(values)}, "".join(rows)


def _versions(docs: list[_Doc]) -> list[list[int]]:
    """Document numbers of each document with its translations (documents are sorted
    by kind, id and language, so they are neighbours)."""
    out: list[list[int]] = []
    last = None
    for number, d in enumerate(docs):
        key = (d.doc.kind, d.doc.id)
        if key == last:
            out[-1].append(number)
        else:
            out.append([number])
        last = key
    return out


def _documents(docs: list[_Doc], versions: list[list[int]]) -> dict:
    """One letter per document: a/b a repair in es/en, c/d a workshop; upper case
    when it is another language of the document before it, so the browser lists each
    document once. Sent packed (a string of one letter per document is 14 KB at
    10,000 write-ups): each document with its translations ("bA") is a symbol of
    ``kinds``, and two symbols share a character of PACK."""
    letters = ["".join(_letter(docs[n], i > 0) for i, n in enumerate(group))
               for group in versions]
    kinds = sorted(set(letters))
    if len(kinds) * len(kinds) > len(PACK):
        raise ValueError(f"{len(kinds)} kinds of document are too many to pack")
    symbols = [kinds.index(g) for g in letters] + [0]  # the last character's second half
    packed = "".join(PACK[symbols[i] * len(kinds) + symbols[i + 1]]
                     for i in range(0, len(letters), 2))
    return {"kinds": kinds, "groups": len(letters), "packed": packed}


def _letter(d: _Doc, translation: bool) -> str:
    letter = "abcd"[2 * (d.doc.kind != "repair") + LANGS.index(d.doc.lang)]
    return letter.upper() if translation else letter


# 64 characters that need no escaping in JSON
PACK = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"


def _front_coded(words: list[str]) -> str:
    """Sorted words as "n" + the rest, comma-separated, n (base 36) the letters shared
    with the word before: 1,500 shard prefixes in 5 KB instead of 9."""
    out, last = [], ""
    for w in words:
        shared = 0
        while shared < min(len(w), len(last), 35) and w[shared] == last[shared]:
            shared += 1
        out.append(_base36(shared, 1) + w[shared:])
        last = w
    return ",".join(out)


def _base36(n: int, width: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    for _ in range(width):
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out


def export(model: SiteModel) -> Iterator[tuple[str, str]]:
    """(path under the site, script text) of every file of the browser index."""
    docs = [_Doc(d, page_uri(d.kind, d.id, d.lang).replace(".md", ".html"))
            for d in sorted(model.documents, key=lambda d: (d.kind, d.id, d.lang))]
    surfaces = _analyse(docs)
    scores = _postings(docs)
    groups = _vocabulary(surfaces, scores)
    postings = {key: _encode(value) for key, value in scores.items()}
    shards = _shards(postings)
    facet_meta, rows = _facets(docs)
    versions = _versions(docs)
    yield "search/meta.js", _js("meta", {
        "count": len(docs), "chunk": CHUNK, "prefixes": _front_coded(sorted(shards)),
        "groups": sorted(groups), "docs": _documents(docs, versions),
        "stop": {lang: sorted(stop_words(lang)) for lang in LANGS},
        "facets": facet_meta, "stemmer": spanish.tables(),
        "synonyms": forgiving.synonym_table(),
        "forgive": {"exact": forgiving.EXACT, "alike": forgiving.ALIKE,
                    "typo": forgiving.TYPO, "max": forgiving.MAX_CANDIDATES},
    })
    yield "search/facets.js", _js("facets", rows)
    for prefix, shard in shards.items():
        yield from _split("s", "shard", prefix, shard["p"], _cut_postings)
    for group, entries in groups.items():
        yield from _split("v", "vocabulary", group, entries, None)
    for start in range(0, len(versions), CHUNK):
        chunk = [[d.url, d.doc.meta.title, d.doc.meta.summary, d.doc.meta.status]
                 for group in versions[start:start + CHUNK] for d in (docs[n] for n in group)]
        yield f"search/d/{start // CHUNK}.js", _js("docs", start // CHUNK, chunk)


def _split(folder: str, call: str, key: str, data: dict[str, list],
           cut: Callable[[list, int], list[list]] | None) -> Iterator[tuple[str, str]]:
    """The files of one shard or vocabulary group: one when it fits in MAX_FILE, else
    parts ``kbIndex.<call>(key, data, part, parts)`` that each fit. Entries are packed
    in order; an entry too large for a part alone is cut by ``cut`` into pieces."""
    name = _filename(key)
    whole = _js(call, key, _wrap(call, data))
    if len(whole.encode()) <= MAX_FILE:
        yield f"search/{folder}/{name}.js", whole
        return
    room = MAX_FILE - len(_js(call, key, _wrap(call, {}), 999, 999).encode()) - 16
    parts: list[dict[str, list]] = [{}]
    used = 0
    for entry, value in data.items():
        size = _entry_bytes(entry, value)
        pieces = [value] if size <= room or cut is None else cut(value, room - size + len(
            _entry_json(value).encode()))
        for piece in pieces:
            size = _entry_bytes(entry, piece)
            if used and used + size > room:
                parts.append({})
                used = 0
            parts[-1][entry] = piece
            used += size
    for number, part in enumerate(parts):
        suffix = f"-{number}" if number else ""
        text = _js(call, key, _wrap(call, part), number, len(parts))
        if len(text.encode()) > MAX_FILE:
            raise ValueError(f"search/{folder}/{name}{suffix}.js: one entry over {MAX_FILE} "
                             "bytes that cannot be cut")
        yield f"search/{folder}/{name}{suffix}.js", text


def _wrap(call: str, data: dict) -> dict:
    return {"p": data} if call == "shard" else data


def _entry_json(value: list) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _entry_bytes(entry: str, value: list) -> int:
    return len(json.dumps(entry, ensure_ascii=False).encode()) + 2 + len(
        _entry_json(value).encode())


def _cut_postings(flat: list[int], room: int) -> list[list[int]]:
    """A posting list ([doc delta, score, ...]) in pieces of whole postings, each
    under ``room`` bytes as JSON; appended in order they are the list again."""
    pieces: list[list[int]] = [[]]
    used = 2
    for i in range(0, len(flat), 2):
        pair = flat[i:i + 2]
        size = len(str(pair[0])) + len(str(pair[1])) + 2
        if pieces[-1] and used + size > room:
            pieces.append([])
            used = 2
        pieces[-1].extend(pair)
        used += size
    return pieces


def _filename(prefix: str) -> str:
    """Shard file name: lower-case ASCII letters and digits only, the rest escaped
    (safe on every file system, also those that ignore case)."""
    return "".join(c if c in _SAFE else f"_{ord(c):x}" for c in prefix)


_SAFE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
