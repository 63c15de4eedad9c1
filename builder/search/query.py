"""Search the index: ranked hits with snippets, facet counts and "did you mean".

A query is analysed like the documents, once per language; each word becomes
its stem in each language's text field, and the terms are OR-ed (BM25F: words
in titles and summaries count more; documents with more of the words score
more). Query syntax is not interpreted, so no input can make a parser fail.
Totals and facet counts come from the postings as sets, without scoring.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher
from whoosh.searching import Searcher

from builder.search import index
from builder.search.fields import FACETS, SPELLING, head_field, text_field, unpack
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


@dataclass
class Results:
    query: str
    words: list[str]
    total: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    suggestion: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class _Word:
    surface: str
    stems: dict[str, str]  # lang -> stem


class SearchIndex:
    """An open index for many queries: the searcher and facet tables stay warm."""

    def __init__(self, searcher: Searcher) -> None:
        self._searcher = searcher
        self._facets = _facet_table(searcher)

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
        ix, _ = index.open_index(folder)
        return cls(ix.searcher())

    def close(self) -> None:
        self._searcher.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def search(self, text: str, filters: Filters = Filters(), limit: int = 10) -> Results:
        words = _words(text)
        if not words:
            raise SearchError(
                "la búsqueda no tiene palabras que buscar (solo signos o palabras muy comunes "
                "como 'de', 'la', 'the')",
                "the query has no words to search for (only symbols, or very common words "
                "such as 'de', 'la', 'the')")
        reader = self._searcher.reader()
        present = [t for t in _terms(words) if t in reader]
        allowed = self._allowed(filters)
        matched = self._union(present)
        if allowed is not None:
            matched &= allowed
        hits = []
        if matched:
            hits = [self._hit(h, words) for h in self._ranked(present, allowed, limit)][:limit]
        unknown = [w.surface for w in words if not any(t in reader for t in _terms([w]))]
        return Results(
            query=text, words=[w.surface for w in words], total=len(matched), hits=hits,
            facets=self._count(matched), unknown=unknown,
            suggestion=self._suggest(words, unknown))

    def _ranked(self, present: list[tuple[str, str]], allowed: set[int] | None,
                limit: int) -> Any:
        """The top ``limit`` hits. Terms in a large share of the documents (BM25 gives
        them almost no weight) only add to the score of documents that have a rarer
        term, unless that leaves too few hits: scoring them everywhere is the slow part.
        """
        reader, limit = self._searcher.reader(), max(limit, 1)
        cutoff = max(COMMON_DOCS, int(reader.doc_count() * COMMON_SHARE))
        rare = [t for t in present if reader.doc_frequency(*t) <= cutoff]
        common = [t for t in present if t not in rare]
        head = [t for t in ((_head(name), stem) for name, stem in common) if t in reader]
        if common and (rare or head):
            # with only common words: the documents with one in their title, summary or labels
            first = wq.AndMaybe(_or(rare), _or(common)) if rare else _or(head)
            found = self._searcher.search(first, limit=limit, filter=allowed)
            if found.scored_length() >= limit:
                return found
        return self._searcher.search(_or(present), limit=limit, filter=allowed)

    def _union(self, present: list[tuple[str, str]]) -> set[int]:
        """Every live document holding any of the terms: postings as sets, no scoring."""
        found: set[int] = set()
        for leaf, offset in self._searcher.reader().leaf_readers():
            ids: set[int] = set()
            for name, stem in present:
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

    def _hit(self, hit: Any, words: list[_Word]) -> Hit:
        stored = hit.fields()
        lang = stored["lang"][0]
        stems = {w.stems[lang] for w in words if lang in w.stems}
        stem = stemmer(lang)
        snippet = make_snippet(unpack(stored["text"]), stems, stem) or \
            make_snippet(stored["summary"], stems, stem) or shorten(stored["summary"])
        facets = {name: stored[name] for name in FACETS if stored.get(name)}
        return Hit(stored["id"], stored["path"], stored["kind"][0], lang, stored["title"],
                   stored["summary"], snippet, round(hit.score, 4), facets)

    def _suggest(self, words: list[_Word], unknown: list[str]) -> str | None:
        if not unknown:
            return None
        fixed = {}
        for word in unknown:
            found = self._searcher.suggest(SPELLING, word, limit=1, maxdist=2, prefix=1)
            if found:
                fixed[word] = found[0]
        if not fixed:
            return None
        return " ".join(fixed.get(w.surface, w.surface) for w in words)


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


def _terms(words: list[_Word]) -> list[tuple[str, str]]:
    return [(text_field(lang), stem) for w in words for lang, stem in w.stems.items()]


def _or(present: list[tuple[str, str]]) -> wq.Query:
    """Any term: BM25F over the sectioned fields; more words matched, more score."""
    q = wq.Or([wq.Term(name, stem) for name, stem in present])
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
