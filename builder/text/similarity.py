"""How alike two documents' texts are: tf-idf vectors of stems, and cosine.

Used at build time (related documents) and by ``kb check`` (possible
duplicates), so it works from validated documents only, with no index. The
stems are those of ``analysis``, prefixed with the language ("es:valvul"), so
a write-up and its translation both count, and Spanish never matches English
by accident. Comparing every pair is too slow for 10,000 write-ups, so
candidates come from an inverted index over each vector's heaviest terms.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import mul, truediv
from typing import Generic, TypeVar

from builder.core import cache
from builder.core.files import content_hash
from builder.text.analysis import stems
from builder.text.plain import body_text, details_text
from schema.models import Repair, Workshop

K = TypeVar("K", bound=Hashable)
Vector = dict[str, float]  # stem -> weight, unit length
# part of a document -> how much its words count
PARTS = {"title": 3, "summary": 2, "details": 1, "body": 1}


def profile(meta: Repair | Workshop, body: str) -> Counter[str]:
    """Weighted counts of the stems of one document, keyed "lang:stem"."""
    texts = {"title": meta.title, "summary": meta.summary, "details": details_text(meta),
             "body": body_text(body)}
    counts: Counter[str] = Counter()
    for part, text in texts.items():
        for stem, n in Counter(stems(text, meta.lang)).items():
            counts[stem] += n * PARTS[part]
    return Counter({f"{meta.lang}:{stem}": n for stem, n in counts.items()})


def document_profile(doc) -> Counter[str]:
    """``profile`` of a checked document, kept in the project's cache under the hash of
    its file (the front matter and body it is computed from)."""
    return _profile_in(_profiles_store(doc), doc)


def document_profiles(docs: Iterable) -> list[Counter[str]]:
    """``document_profile`` of each of ``docs``, in order, finding each project's cache
    once rather than once per document (paths and a stat cost more than the lookup)."""
    stores: dict[str, cache.Store] = {}
    out = []
    for doc in docs:
        path, rel = str(doc.src.path), doc.src.rel
        root = path[:-len(rel)] if path.endswith("/" + rel) else path  # its project
        if root not in stores:
            stores[root] = _profiles_store(doc)
        out.append(_profile_in(stores[root], doc))
    return out


def _profiles_store(doc) -> cache.Store:
    return cache.store(cache.of_source(doc.src.path, doc.src.rel), "profiles",
                       per_document=True)


def _profile_in(store: cache.Store, doc) -> Counter[str]:
    return store.get(content_hash(doc.src.raw), lambda: profile(doc.meta, doc.src.body))


def vectors(profiles: Mapping[K, Counter[str]]) -> dict[K, Vector]:
    """tf-idf (log tf, smoothed idf), normalised to unit length."""
    n = len(profiles)
    df = Counter(chain.from_iterable(profiles.values()))
    # Each term's idf and each count's log tf once, not once per occurrence: the same
    # expressions, so the same floats; the rest runs in C (map), in the same order.
    idf = {t: math.log(1 + n / d) for t, d in df.items()}
    tf = {c: 1 + math.log(c) for c in set(chain.from_iterable(map(dict.values, profiles.values())))}
    # one string object per term in every vector: later lookups (cosine, postings)
    # match by identity instead of comparing equal strings read from different files
    term = dict(zip(df, df, strict=True))
    out: dict[K, Vector] = {}
    for key, counts in profiles.items():
        weights = list(map(mul, map(tf.__getitem__, counts.values()), map(idf.__getitem__, counts)))
        norm = math.sqrt(sum(map(mul, weights, weights))) or 1.0
        out[key] = dict(zip(map(term.__getitem__, counts), map(truediv, weights, repeat(norm)),
                            strict=True))
    return out


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum([w * b[t] for t, w in a.items() if t in b])  # the same sum, in the same order


def _heavier(tw: tuple[str, float]) -> tuple[float, str]:
    return -tw[1], tw[0]


def heaviest(vector: Vector) -> list[tuple[str, float]]:
    return sorted(vector.items(), key=_heavier)


@dataclass
class Neighbours(Generic[K]):
    """Which documents share terms: an inverted index over vectors."""

    vectors: dict[K, Vector]
    postings: dict[str, list[tuple[K, float]]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        for key, vector in self.vectors.items():
            for term, weight in vector.items():
                self.postings[term].append((key, weight))

    def above(self, key: K, threshold: float) -> dict[K, float]:
        """Every other document whose cosine with ``key`` is at least ``threshold``.

        Exact, without comparing every pair (the "all pairs" method): only
        documents sharing one of the heaviest terms can reach the threshold, and
        a candidate is dropped as soon as what is left of the vector cannot
        lift its dot product to the threshold.
        """
        ordered, rest = heaviest(self.vectors[key]), 1.0
        partial: dict[K, float] = defaultdict(float)
        start = 0
        for term, weight in ordered:
            if math.sqrt(max(rest, 0.0)) < threshold:
                break
            for k, w in self.postings[term]:
                partial[k] += weight * w
            rest -= weight * weight
            start += 1
        partial.pop(key, None)
        suffix = ordered[start:]
        left = _tail_norms([w for _, w in suffix])
        found = {}
        for k, dot in partial.items():
            score = _finish(dot, self.vectors[k], suffix, left, threshold)
            if score is not None:
                found[k] = score
        return found

    def dots(self, vector: Vector) -> dict[K, float]:
        """Cosine of ``vector`` with every document sharing a term (exact; for small sets)."""
        found: dict[K, float] = {}
        add = found.get  # 0.0 + the first product: what defaultdict(float) gave
        # only the terms found here (in C), in the vector's order: the same sums
        for term in filter(self.postings.__contains__, vector):
            weight = vector[term]
            for k, w in self.postings[term]:
                found[k] = add(k, 0.0) + weight * w
        return found

    def nearest(self, key: K, keep: int = 10, terms: int = 10,
                longest: int = 250) -> dict[K, float]:
        """Up to ``keep`` other documents most alike ``key``, with their cosine.

        Approximate: candidates are ranked by the part of the cosine that comes
        from ``key``'s heaviest terms, skipping terms found in more than
        ``longest`` documents (they say little), which bounds the work.
        """
        vector, partial = self.vectors[key], {}
        add = partial.get  # 0.0 + the first product: what defaultdict(float) gave
        for term, weight in _heaviest(vector, terms):
            found = self.postings[term]
            if len(found) <= longest:
                for k, w in found:
                    partial[k] = add(k, 0.0) + weight * w
        partial.pop(key, None)
        best = _top(partial, keep)
        return {k: cosine(vector, self.vectors[k]) for k in best}


def nearest_many(vectors: Mapping[K, Vector], keys: Iterable[K], keep: int = 10,
                 terms: int = 10, longest: int = 250) -> dict[K, dict[K, float]]:
    """``Neighbours(vectors).nearest(key, keep, terms, longest)`` of each of ``keys``:
    the same dicts, with an inverted index of only the terms those keys look up (a
    few thousand of the corpus's, and only those found in at most ``longest``
    documents), so a process working on part of the keys builds a small one."""
    heavy = {key: _heaviest(vectors[key], terms) for key in keys}
    wanted = {term for top in heavy.values() for term, _ in top}
    df = Counter(chain.from_iterable(map(wanted.intersection, vectors.values())))
    short = {term for term in wanted if df[term] <= longest}
    index: dict[str, tuple[list[K], list[float]]] = {term: ([], []) for term in short}
    for key, vector in vectors.items():  # each list in the order of ``vectors``, as postings
        for term in short.intersection(vector):
            found, weights = index[term]
            found.append(key)
            weights.append(vector[term])
    out = {}
    # cosine(a, b) of vectors of different lengths sums over the shorter one, as
    # cosine(b, a) does: the same float, kept for when b's turn comes (about half the
    # pairs are each other's nearest)
    known: dict[tuple[K, K], float] = {}
    for key, top in heavy.items():
        partial: dict[K, float] = {}
        add = partial.get
        for term, weight in top:
            if term in index:
                found, weights = index[term]
                for k, product in zip(found, map(weight.__mul__, weights), strict=True):
                    partial[k] = add(k, 0.0) + product
        partial.pop(key, None)
        vector, scores = vectors[key], {}
        for k in _top(partial, keep):
            score = known.pop((k, key), None)
            if score is None:
                score = cosine(vector, vectors[k])
                if len(vectors[k]) != len(vector):
                    known[(key, k)] = score
            scores[k] = score
        out[key] = scores
    return out


def _cut(values: Iterable[float], n: int) -> float | None:
    """The ``n``-th largest of ``values`` (None when there are at most ``n``): no item
    below it can be among the ``n`` first, whatever breaks ties."""
    ordered = sorted(values, reverse=True)
    return ordered[n - 1] if 0 < n < len(ordered) else None


def _heaviest(vector: Vector, n: int) -> list[tuple[str, float]]:
    """``heaviest(vector)[:n]``, sorting only the terms that can be among them."""
    cut = _cut(vector.values(), n)
    items = vector.items() if cut is None else [(t, w) for t, w in vector.items() if w >= cut]
    return sorted(items, key=_heavier)[:max(n, 0)]


def _top(scores: dict[K, float], n: int) -> list[K]:
    """The ``n`` keys of highest score, ties by ``str(key)``: ``sorted(...)[:n]`` over
    the keys that can be among them (a stable sort of a filtered list: the same)."""
    cut = _cut(scores.values(), n)
    keys = scores if cut is None else [k for k, s in scores.items() if s >= cut]
    return sorted(keys, key=lambda k: (-scores[k], str(k)))[:max(n, 0)]


def _tail_norms(weights: list[float]) -> list[float]:
    """Length of the vector made of ``weights[i:]``, for every ``i`` (and 0 at the end)."""
    out, total = [0.0], 0.0
    for w in reversed(weights):
        total += w * w
        out.append(math.sqrt(total))
    return out[::-1]


def _finish(dot: float, other: Vector, suffix: list[tuple[str, float]], left: list[float],
            threshold: float) -> float | None:
    """The cosine, from the dot product over the prefix; None once it cannot reach."""
    for i, (term, weight) in enumerate(suffix):
        if dot + left[i] < threshold:
            return None
        dot += weight * other.get(term, 0.0)
    return dot if dot >= threshold else None


def merged(counts: Iterable[Mapping[str, int]]) -> Counter[str]:
    """The sum of ``counts``: the terms in the order first met, as ``Counter.update``
    one after the other gives them (done in C: a term's sum, its counts in order)."""
    counts = list(counts)
    terms = dict.fromkeys(chain.from_iterable(counts))
    columns = [map(c.get, terms, repeat(0)) for c in counts]  # each document's count of each
    sums = map(sum, zip(*columns, strict=True)) if columns else ()
    total: Counter[str] = Counter()
    dict.update(total, zip(terms, sums, strict=True))
    return total
