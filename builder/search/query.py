"""Search the index: ranked hits with snippets, facet counts and "did you mean".

A query is analysed like the documents, once per language, and planned by
``forgiving.plan`` (synonyms, words spelled alike, typos): each slot becomes the
stems that satisfy it in each language's text field. Documents that match every
slot come first, then those that match some; within each, BM25F (words in titles
and summaries count more; alike and typo terms weigh less than exact ones). One
entry per document: its best language, or the reader's when given. When nothing
matches, the nearest words of the query's language are searched instead, and
the result says so. Query syntax is not interpreted, so no input can make a
parser fail. Totals and facet counts come from the postings as sets.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher
from whoosh.searching import Searcher

from builder.search import forgiving, index
from builder.search.fields import FACETS, head_field, text_field, unpack
from builder.search.snippet import shorten
from builder.search.snippet import snippet as make_snippet
from builder.text.analysis import LANGS, folded_words, stemmer, terms

COMMON_SHARE = 0.1  # a term in more of the documents than this only refines scores
COMMON_DOCS = 1000  # ... if it is also in more documents than this


class SearchError(Exception):
    """A query that cannot be run, with a message in each language."""

    def __init__(self, es: str, en: str) -> None:
        super().__init__(en)
        self.text = {"es": es, "en": en}


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    sector: str | None = None
    machine_class: str | None = None
    failure_mode: str | None = None
    lang: str | None = None


@dataclass
class Hit:
    id: str
    path: str
    kind: str
    lang: str
    title: str
    summary: str
    snippet: str
    score: float
    facets: dict[str, list[str]]
    translations: list[str] = field(default_factory=list)  # other languages matched


@dataclass
class Results:
    query: str
    words: list[str]
    total: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    suggestion: str | None = None
    corrected: bool = False  # nothing matched the query: these are the suggestion's hits
    lang: str = "es"  # the language the query was taken to be in

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class _Word:
    surface: str
    stems: dict[str, str]  # lang -> stem


class SearchIndex:
    """An open index for many queries: the searcher and facet tables stay warm."""

    def __init__(self, searcher: Searcher, vocabulary: dict[str, list[str]] | None = None
                 ) -> None:
        self._searcher = searcher
        self._facets = _facet_table(searcher)
        self._lexicon = _Lexicon(searcher.reader(), vocabulary or {})

    @classmethod
    def open(cls, content: Path, folder: Path, refresh: bool = True) -> SearchIndex:
        """Open the index, first bringing it up to date; rebuild it if it is damaged."""
        if refresh:
            index.refresh(content, folder)
        try:
            return cls._load(folder)
        except Exception:  # missing, built by other code, damaged: whoosh raises anything
            index.refresh(content, folder, force=True)
            return cls._load(folder)

    @classmethod
    def _load(cls, folder: Path) -> SearchIndex:
        ix, _, gen = index.open_generation(folder)
        return cls(ix.searcher(), index.vocabulary(gen))

    @cached_property
    def _doc_keys(self) -> dict[int, str]:
        return _doc_keys(self._searcher, self._facets.get("kind", {}))

    def close(self) -> None:
        self._searcher.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def search(self, text: str, filters: Filters = Filters(), limit: int = 10,
               prefer: str | None = None) -> Results:
        """The best ``limit`` documents for ``text``; ``prefer`` names the reader's
        language, whose version of a document is shown when it matched (by default
        the language the query is written in)."""
        words = _words(text)
        if not words:
            raise SearchError(
                "la búsqueda no tiene palabras que buscar (solo signos o palabras muy comunes "
                "como 'de', 'la', 'the')",
                "the query has no words to search for (only symbols, or very common words "
                "such as 'de', 'la', 'the')")
        default = filters.lang or prefer or "es"
        folded = [w.surface for w in words]
        results = self._run(text, folded, filters, limit, prefer, default)
        if results.total == 0:
            fixed = forgiving.suggestion(folded, self._lexicon, results.lang)
            results.suggestion = fixed
            if fixed:
                again = self._run(text, fixed.split(), filters, limit, prefer, results.lang)
                if again.total:
                    again.suggestion, again.corrected = fixed, True
                    again.unknown = results.unknown
                    return again
        return results

    def _run(self, text: str, folded: list[str], filters: Filters, limit: int,
             prefer: str | None, default: str) -> Results:
        slots, lang = forgiving.plan(folded, self._lexicon, default)
        prefer = prefer or lang  # without a reader's language: the query's
        per_slot = [[(text_field(t.lang), t.stem, t.weight) for t in slot.terms]
                    for slot in slots]
        present = _merge([t for terms in per_slot for t in terms])
        allowed = self._allowed(filters)
        sets = [self._union(terms) for terms in per_slot if terms]
        matched = set().union(*sets) if sets else set()
        if allowed is not None:
            matched &= allowed
        every = set.intersection(*sets) & matched if sets and len(sets) == len(slots) \
            else set()
        hits = []
        if matched:
            stems = {t.lang: set() for slot in slots for t in slot.terms}
            for slot in slots:
                for t in slot.terms:
                    stems[t.lang].add(t.stem)
            ranked = [*self._ranked(present, every, limit * 2 + 2)]
            if len(ranked) < limit * 2 + 2:
                ranked += self._ranked(present, matched - every, limit * 2 + 2)
            hits = [self._hit(h, stems) for h in _one_per_document(ranked, prefer)][:limit]
        unknown = [w for slot in slots if not slot.terms for w in slot.words]
        total = len({self._doc_keys.get(n, n) for n in matched})
        return Results(query=text, words=folded, total=total, hits=hits,
                       facets=self._count(matched), unknown=unknown, lang=lang)

    def _ranked(self, present: list[tuple[str, str, float]], allowed: set[int],
                limit: int) -> list[Any]:
        """The top ``limit`` hits among ``allowed``. Terms in a large share of the
        documents (BM25 gives them almost no weight) only add to the score of
        documents that have a rarer term, unless that leaves too few hits: scoring
        them everywhere is the slow part."""
        if not allowed:
            return []
        reader, limit = self._searcher.reader(), max(limit, 1)
        cutoff = max(COMMON_DOCS, int(reader.doc_count() * COMMON_SHARE))
        rare = [t for t in present if reader.doc_frequency(t[0], t[1]) <= cutoff]
        common = [t for t in present if t not in rare]
        head = [t for t in ((_head(name), stem, w) for name, stem, w in common)
                if (t[0], t[1]) in reader]
        if common and (rare or head):
            # with only common words: the documents with one in their title, summary or labels
            first = wq.AndMaybe(_or(rare), _or(common)) if rare else _or(head)
            found = self._searcher.search(first, limit=limit, filter=allowed)
            if found.scored_length() >= limit:
                return list(found)
        return list(self._searcher.search(_or(present), limit=limit, filter=allowed))

    def _union(self, present: list[tuple[str, str, float]]) -> set[int]:
        """Every live document holding any of the terms: postings as sets, no scoring."""
        found: set[int] = set()
        for leaf, offset in self._searcher.reader().leaf_readers():
            ids: set[int] = set()
            for name, stem, _ in present:
                if (name, stem) in leaf:
                    ids.update(_raw(leaf.postings(name, stem)).all_ids())
            ids -= leaf.deleted_docs_set
            found.update({d + offset for d in ids} if offset else ids)
        return found

    def _allowed(self, filters: Filters) -> set[int] | None:
        given = [(name, value) for name, value in asdict(filters).items() if value]
        if not given:
            return None
        sets = [self._facets.get(name, {}).get(value, set()) for name, value in given]
        return set.intersection(*sets)

    def _count(self, matched: set[int]) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for name, table in self._facets.items():
            found = {value: len(docs & matched) for value, docs in table.items()}
            found = {value: n for value, n in found.items() if n}
            if found:
                counts[name] = dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))
        return counts

    def _hit(self, found: tuple[Any, list[str]], stems_by_lang: dict[str, set[str]]) -> Hit:
        hit, translations = found
        stored = hit.fields()
        lang = stored["lang"][0]
        stems = stems_by_lang.get(lang, set())
        stem = stemmer(lang)
        snippet = make_snippet(unpack(stored["text"]), stems, stem) or \
            make_snippet(stored["summary"], stems, stem) or shorten(stored["summary"])
        facets = {name: stored[name] for name in FACETS if stored.get(name)}
        return Hit(stored["id"], stored["path"], stored["kind"][0], lang, stored["title"],
                   stored["summary"], snippet, round(hit.score, 4), facets, translations)


def _doc_keys(searcher: Searcher, kinds: dict[str, set[int]]) -> dict[int, str]:
    """index entry -> its document ("kind/id"): versions of one document share it."""
    reader, kind_of = searcher.reader(), {n: k for k, ns in kinds.items() for n in ns}
    out = {}
    for value in reader.lexicon("id"):
        doc_id = value.decode("utf-8") if isinstance(value, bytes) else value
        for n in reader.postings("id", value).all_ids():
            out[n] = f"{kind_of.get(n)}/{doc_id}"
    return out


class _Lexicon:
    """``forgiving.Lexicon`` over an open index and its vocabulary groups."""

    def __init__(self, reader: Any, groups: dict[str, list[str]]) -> None:
        self._reader, self._groups = reader, groups

    def present(self, lang: str, stem: str) -> bool:
        return (text_field(lang), stem) in self._reader

    def group(self, key: str) -> list[str]:
        return self._groups.get(key, [])

    def stem(self, w: str, lang: str) -> str | None:
        return forgiving.stem(w, lang)


def _merge(terms: list[tuple[str, str, float]]) -> list[tuple[str, str, float]]:
    """One entry per term, with its highest weight."""
    best: dict[tuple[str, str], float] = {}
    for name, stem, weight in terms:
        best[(name, stem)] = max(weight, best.get((name, stem), 0.0))
    return [(name, stem, weight) for (name, stem), weight in best.items()]


def _one_per_document(ranked: list[Any], prefer: str | None) -> list[tuple[Any, list[str]]]:
    """Each document once, at the rank of its best version: the version in
    ``prefer`` when it matched, else the best one; with the other languages."""
    versions: dict[str, list[Any]] = {}
    for hit in ranked:
        versions.setdefault(hit["id"] + "\n" + hit["kind"][0], []).append(hit)
    out = []
    for found in versions.values():
        chosen = next((h for h in found if h["lang"][0] == prefer), found[0])
        out.append((chosen, [h["lang"][0] for h in found if h is not chosen]))
    return out


def search(content: Path, folder: Path, text: str, filters: Filters = Filters(),
           limit: int = 10) -> Results:
    """Refresh the index, search it once; a damaged index is rebuilt and searched again."""
    try:
        with SearchIndex.open(content, folder) as ix:
            return ix.search(text, filters, limit)
    except SearchError:
        raise
    except Exception:  # whoosh raises anything on a damaged file found while reading
        index.refresh(content, folder, force=True)
    with SearchIndex.open(content, folder, refresh=False) as ix:
        return ix.search(text, filters, limit)


def _words(text: str) -> list[_Word]:
    """The query's words, in order, with their stem in each language.

    A stop word of either language is dropped: "de" searched in English text
    would only find Spanish names, and "the" says nothing in Spanish text.
    """
    stems: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        for surface, stem in terms(text, lang):
            stems.setdefault(surface, {})[lang] = stem
    return [_Word(w, stems[w]) for w in dict.fromkeys(folded_words(text))
            if len(stems.get(w, ())) == len(LANGS)]


def _raw(matcher: Any) -> Any:
    # A segment with deletions wraps its postings in a filter that checks each one
    # in Python; reading them whole and removing the deleted set after is faster.
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


def _head(name: str) -> str:
    return head_field(name.rsplit("_", 1)[1])


def _or(present: list[tuple[str, str, float]]) -> wq.Query:
    """Any term: BM25F over the sectioned fields; more words matched, more score."""
    q = wq.Or([wq.Term(name, stem, boost=weight) for name, stem, weight in present])
    # whoosh's choice for small indexes preloads a 2048-slot array per clause: slower here
    q.matcher_type = wq.Or.DEFAULT_MATCHER
    return q


def _facet_table(searcher: Searcher) -> dict[str, dict[str, set[int]]]:
    """facet -> value -> documents having it (read once per open index)."""
    reader = searcher.reader()
    table: dict[str, dict[str, set[int]]] = {}
    for name in FACETS:
        table[name] = {
            value.decode("utf-8") if isinstance(value, bytes) else value:
                set(reader.postings(name, value).all_ids())
            for value in reader.lexicon(name)
        }
    return table
