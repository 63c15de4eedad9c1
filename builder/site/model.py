"""The site's structure: which page each document gets, in which language, and the
browse groupings. Computed once per build from the checked documents."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from builder.core import cache
from builder.core.files import content_hash

# The site's sections and page paths live below the stages, where `kb check` reads them too
# (re-exported here for the site's modules).
from builder.core.site_paths import (  # noqa: F401
    FACET_SLUG,
    LANGS,
    PREFIX,
    SECTION,
    facet_uri,
    guide_uri,
    home_uri,
    in_language,
    language_of,
    listing_uri,
    page_uri,
    section_uri,
)
from builder.document import Document
from builder.site.convert import PageSource
from schema.vocabularies import fold, vocab

# Facets of repairs: key -> (vocabulary or None for free text, url slug es, url slug en)
_VOCABULARY = {"sector": "sector", "machine_class": "machine_class",
               "failure_mode": "failure_mode", "part_origin": "part_origin"}
FACETS = {facet: (_VOCABULARY.get(facet), FACET_SLUG["es"][facet], FACET_SLUG["en"][facet])
          for facet in FACET_SLUG["es"]}
PAGE_SIZE = 50


def slugify(text: str) -> str:
    folded = fold(text).replace("ñ", "n")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"


@dataclass
class Entry:
    """One document in one language, at its page."""

    doc: Document
    lang: str
    translated: bool = True  # False: shown in `lang` listings, but written in another

    @property
    def kind(self) -> str:
        return self.doc.kind

    @property
    def id(self) -> str:
        return self.doc.id

    @property
    def meta(self):
        return self.doc.meta


@dataclass
class FacetValue:
    facet: str
    key: str
    label: dict[str, str]
    ids: list[str] = field(default_factory=list)


@dataclass
class SiteModel:
    documents: list[Document]
    _titles: dict[str, dict] = field(default_factory=dict, repr=False)
    _kept: dict[str, object] = field(default_factory=dict, repr=False)

    @cached_property
    def docs(self) -> dict[tuple[str, str, str], Document]:
        return {(d.kind, d.id, d.lang): d for d in self.documents}

    @cached_property
    def ids(self) -> dict[str, list[str]]:
        """Document ids of each kind, sorted by title of the original."""
        out: dict[str, dict[str, Document]] = defaultdict(dict)
        for d in self.documents:
            if not d.meta.translation_of or d.id not in out[d.kind]:
                out[d.kind][d.id] = d
        return {k: sorted(v, key=lambda i: fold(v[i].meta.title)) for k, v in out.items()}

    def doc(self, kind: str, doc_id: str, lang: str) -> Document | None:
        """The document in ``lang``, or its original when there is no translation."""
        found = self.docs.get((kind, doc_id, lang))
        if found:
            return found
        return self.docs.get((kind, doc_id, "es")) or self.docs.get((kind, doc_id, "en"))

    def titles(self, lang: str) -> dict[str, dict[str, str]]:
        """kind -> id -> title as a reader of ``lang`` sees it (computed once)."""
        if lang not in self._titles:
            self._titles[lang] = {
                kind: {i: self.doc(kind, i, lang).meta.title for i in ids}
                for kind, ids in {"repair": [], "workshop": [], **self.ids}.items()}
        return self._titles[lang]

    @cached_property
    def corpus_key(self) -> str:
        """Names every document and the hash of its file: what whole-corpus results
        (related lists, the browser index) are made from."""
        return cache.digest(sorted((d.kind, d.id, d.lang, self.digest(d))
                                   for d in self.documents))

    def _store(self, name: str) -> cache.Store:
        where = cache.of_source(self.documents[0].src.path, self.documents[0].src.rel) \
            if self.documents else None
        return cache.store(where, name)

    def is_kept(self, name: str) -> bool:
        return self._store(name).has(self.corpus_key)

    def kept(self, name: str, make):
        """``make()``, or its result kept in the project's cache for this corpus; held by
        the model too, so a page asking again does not read the cache file again."""
        if name not in self._kept:
            store = self._store(name)
            self._kept[name] = store.get(self.corpus_key, make)
            store.save()  # lets go of the store's copy: the model holds the value
        return self._kept[name]

    @cached_property
    def _digests(self) -> dict[str, str]:
        return {d.src.rel: content_hash(d.src.raw) for d in self.documents}

    def digest(self, doc: Document) -> str:
        """Hash of the document's file: everything a page shows of it comes from there."""
        return self._digests[doc.src.rel]

    def versions(self, kind: str, doc_id: str) -> tuple[tuple[str, str], ...]:
        """(language, file hash) of each version of a document."""
        return tuple((lang, self.digest(d)) for lang in LANGS
                     if (d := self.docs.get((kind, doc_id, lang))))

    def has(self, kind: str, doc_id: str, lang: str) -> bool:
        return (kind, doc_id, lang) in self.docs

    def uri(self, kind: str, doc_id: str, lang: str) -> str:
        """Page of the document for a reader of ``lang`` (its own language if untranslated)."""
        target = self.doc(kind, doc_id, lang)
        return page_uri(kind, doc_id, target.lang if target else lang)

    @cached_property
    def _facet_keys(self) -> dict[tuple[str, str], list[str]]:
        out: dict[tuple[str, str], list[str]] = defaultdict(list)
        for facet, values in self.facets.items():
            for key, value in values.items():
                for doc_id in value.ids:
                    out[facet, doc_id].append(key)
        return out

    def facet_keys(self, facet: str, doc_id: str) -> list[str]:
        """The values (keys of the browse pages) a repair has for ``facet``: the same in
        both languages, whatever each version writes."""
        return self._facet_keys.get((facet, doc_id), [])

    def entries(self, kind: str, lang: str) -> list[Entry]:
        out = []
        for doc_id in self.ids.get(kind, []):
            doc = self.doc(kind, doc_id, lang)
            if doc:
                out.append(Entry(doc, lang, translated=doc.lang == lang))
        return out

    @cached_property
    def facets(self) -> dict[str, dict[str, FacetValue]]:
        """facet -> value key -> the repairs (ids) with that value, from the originals."""
        out: dict[str, dict[str, FacetValue]] = {f: {} for f in FACETS}
        for doc_id in self.ids.get("repair", []):
            originals = [self.doc("repair", doc_id, lang) for lang in LANGS]
            for facet, values in _facet_values(originals).items():
                for key, label in values.items():
                    slot = out[facet].setdefault(key, FacetValue(facet, key, label))
                    slot.ids.append(doc_id)
        return {
            facet: dict(sorted(values.items(), key=lambda kv: fold(kv[1].label["es"])))
            for facet, values in out.items()
        }

    @cached_property
    def programme(self) -> dict[str, dict[int, list[str]]]:
        """strand -> level (0 = none) -> workshop ids."""
        out: dict[str, dict[int, list[str]]] = {}
        for strand in vocab("strand").terms:
            by_level: dict[int, list[str]] = defaultdict(list)
            for doc_id in self.ids.get("workshop", []):
                meta = self.doc("workshop", doc_id, "es").meta
                if meta.strand == strand:
                    by_level[meta.level or 0].append(doc_id)
            if by_level:
                out[strand] = dict(sorted(by_level.items()))
        return out


def _facet_values(docs: list[Document | None]) -> dict[str, dict[str, dict[str, str]]]:
    """Facet values of one repair, labels from its Spanish and English versions."""
    found: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    by_lang = {d.lang: d for d in docs if d}
    base = next(iter(by_lang.values()))
    m = base.meta
    for facet, value in (("sector", m.plant.sector), ("machine_class", m.equipment.class_),
                         ("failure_mode", m.failure.mode)):
        voc = vocab(FACETS[facet][0])
        found[facet][value] = {lang: voc.label_of(value, lang) for lang in LANGS}
    origins = vocab("part_origin")
    for part in m.parts:
        found["part_origin"][part.origin] = {lang: origins.label_of(part.origin, lang)
                                             for lang in LANGS}
    free = {"plant": lambda d: d.meta.plant.name, "state": lambda d: d.meta.plant.state,
            "battle": lambda d: d.meta.battle.name if d.meta.battle else None}
    for facet, get in free.items():
        value = get(base)
        if value:
            labels = {lang: get(by_lang.get(lang, base)) or value for lang in LANGS}
            found[facet][slugify(value)] = labels
    return found


@dataclass(frozen=True)
class Generated:
    """A file to add to the site: text or bytes content, a source path to copy, or a
    ``make`` that renders the content when MkDocs asks for it.

    ``key`` names everything the content is made from (besides the code, which the
    cache's environment covers): the same key, the same content. A page whose key
    is the one of the previous build is neither rendered nor written again.
    """

    uri: str
    content: str | bytes | PageSource | None = None
    source: Path | None = None
    # a list of str: text written piece by piece, never joined (kb.json, 50 MB)
    make: Callable[[], str | list[str] | PageSource] | None = None
    key: str | None = None

    def fingerprint(self) -> str:
        """What tells whether this file differs from the one of the previous build."""
        if self.key is not None:
            return self.key
        if self.source is not None:
            st = self.source.stat()
            return cache.digest("file", str(self.source), st.st_size, st.st_mtime_ns)
        if isinstance(self.content, PageSource):
            return self.content.digest()
        data = self.content.encode() if isinstance(self.content, str) else self.content
        return content_hash(data or b"")
