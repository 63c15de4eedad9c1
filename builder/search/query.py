"""Search the index: ranked hits with snippets, facet counts and "did you mean".

A query is analysed like the documents, once per language; each word becomes
"this stem in any field of that language", weighted by field; the words are
OR-ed, with a bonus for documents that hold all of them. Query syntax is not
interpreted, so no input can make a parser fail.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher

from . import index
from .analysis import LANGS, folded_words, stemmer, terms
from .fields import FACETS, SPELLING, WEIGHTS, unpack
from .snippet import shorten
from .snippet import snippet as make_snippet

FILTERS = ("kind", "sector", "machine_class", "failure_mode", "lang")
ALL_WORDS = 1.0  # weight of the bonus for documents holding every word


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

    def query(self) -> wq.Query | None:
        given = [wq.Term(name, value) for name, value in asdict(self).items() if value]
        return wq.And(given) if given else None


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
    stems: dict[str, str]  # lang -> stem, for the languages where it is not a stop word


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
            ix, _ = index.open_index(folder)
            return cls(ix.searcher())
        except index.IndexUnavailable:
            index.refresh(content, folder, force=True)
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
        q, only = _query(words, self._searcher.reader()), filters.query()
        matched = self._matches(wq.And([q, only]) if only else q)
        found = self._searcher.search(q, limit=max(limit, 1), filter=only)
        unknown = [w.surface for w in words if not self._known(w)]
        return Results(
            query=text, words=[w.surface for w in words], total=len(matched),
            hits=[self._hit(h, words) for h in found][:limit],
            facets=self._count(matched), unknown=unknown,
            suggestion=self._suggest(words, unknown))

    def _matches(self, q: wq.Query) -> set[int]:
        return set(self._searcher.docs_for_query(q))

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

    def _known(self, word: _Word) -> bool:
        reader = self._searcher.reader()
        return any((f"{name}_{lang}", stem) in reader
                   for lang, stem in word.stems.items() for name in WEIGHTS)

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
    with SearchIndex.open(content, folder) as ix:
        try:
            return ix.search(text, filters, limit)
        except SearchError:
            raise
        except Exception:  # whoosh raises anything on a damaged file found while reading
            pass
    index.refresh(content, folder, force=True)
    with SearchIndex.open(content, folder, refresh=False) as ix:
        return ix.search(text, filters, limit)


def _words(text: str) -> list[_Word]:
    """The query's words, in order, with their stem in each language where they count."""
    stems: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        for surface, stem in terms(text, lang):
            stems.setdefault(surface, {})[lang] = stem
    return [_Word(w, stems[w]) for w in dict.fromkeys(folded_words(text)) if w in stems]


def _query(words: list[_Word], reader: Any) -> wq.Query:
    """Any word in any field; documents with every word also score as a whole.

    Terms absent from the index are left out (fewer matchers, faster). A word
    that is a stop word in one language ("de", "the") only adds to the score:
    requiring it would shut out the documents of the other language.
    """
    per_word = [_Or([wq.Term(f"{name}_{lang}", stem, boost=weight)
                     for lang, stem in w.stems.items() for name, weight in WEIGHTS.items()
                     if (f"{name}_{lang}", stem) in reader])
                for w in words]
    required = [q for w, q in zip(words, per_word, strict=True) if len(w.stems) == len(LANGS)]
    if len(required) > 1:
        per_word.append(wq.And(required, boost=ALL_WORDS))
    return _Or(per_word)


def _Or(subqueries: list[wq.Query]) -> wq.Query:  # noqa: N802 - reads like the query class
    # whoosh's default for small indexes preloads 2048-slot arrays per clause: slower here
    q = wq.Or(subqueries) if subqueries else wq.NullQuery
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
