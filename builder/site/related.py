"""Related documents of every repair: similar repairs, and workshops that teach its skills.

Computed once per build from the validated documents alone (no index, no files):
the ids the write-up names first, then tf-idf similarity with a bonus for the same
machine class and failure mode. ``related_for`` adds the titles in the reader's
language for a repair's page.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from builder.core import cache, parallel
from builder.document import Document
from builder.site.model import SiteModel
from builder.text.similarity import (
    Neighbours,
    Vector,
    cosine,
    document_profiles,
    merged,
    nearest_many,
    vectors,
)
from schema.models import Repair, Workshop

SAME_CLASS = 0.25  # added to the text similarity of two repairs of the same machine class
SAME_MODE = 0.15  # ... with the same failure mode
VAGUE = {"unspecified", "unknown"}  # values that say nothing about likeness
MIN_SCORE = 0.05  # below this, a repair or workshop is not shown as related
PARALLEL_FROM = 1000  # repairs from which the lists are computed in two processes
BUCKET = 200  # same-class repairs always compared when the class has at most this many


@dataclass(frozen=True)
class Related:
    """Ids in rank order."""

    repairs: list[str]
    workshops: list[str]


def related(documents: Sequence[Document], repairs: int = 5,
            workshops: int = 3) -> dict[str, Related]:
    """``related(documents, repairs=5, workshops=3) -> {repair id: Related}``.

    ``documents`` are checked documents (``builder.document.Document``), every
    language; a write-up and its translation count as one id. For every repair
    id, ``Related.repairs`` lists other repair ids and ``Related.workshops``
    workshop ids, best first, at most ``repairs`` and ``workshops`` of them:

    - first the ids the write-up names itself (``related``, ``workshops``; and
      workshops whose ``related_repairs`` name it), in the order written, when
      they exist among ``documents``;
    - then repairs by text similarity (tf-idf cosine), plus a bonus for the same
      machine class and for the same failure mode; workshops by the similarity
      of their text to the repair's. Scores under ``MIN_SCORE`` are left out.

    Pure and deterministic: the same documents give the same lists.
    """
    with _collection_paused():
        return _related(documents, repairs, workshops)


@contextmanager
def _collection_paused() -> Iterator[None]:
    """No cyclic garbage collection meanwhile: the lists allocate millions of objects
    (no cycles among them), which would start full collections that walk every
    long-lived object of the build (documents, model) for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _related(documents: Sequence[Document], repairs: int, workshops: int) -> dict[str, Related]:
    by_id = _by_id(documents)
    repair_ids = sorted(i for i, (kind, _) in by_id.items() if kind == "repair")
    shop_ids = sorted(i for i, (kind, _) in by_id.items() if kind == "workshop")
    vecs = vectors(_profiles(by_id))
    metas = {i: _original(docs) for i, (_, docs) in by_id.items()}
    repair_vecs = {i: vecs[i] for i in repair_ids}
    shop_space = Neighbours({i: vecs[i] for i in shop_ids})
    taught = _taught_by(metas, shop_ids)
    buckets = _buckets(metas, repair_ids)

    def lists(ids: list[str]) -> dict[str, Related]:
        out = {}
        near = nearest_many(repair_vecs, ids)
        for rid in ids:
            meta = metas[rid]
            named = [r for r in meta.related if r in repair_vecs and r != rid]
            ranked = _similar_repairs(rid, metas, repair_vecs, near[rid], buckets)
            shops = [w for w in [*meta.workshops, *taught[rid]] if w in shop_space.vectors]
            out[rid] = Related(_first(named, ranked, repairs),
                               _first(shops, _ranked(shop_space.dots(vecs[rid])), workshops))
        return out

    if len(repair_ids) < PARALLEL_FROM:
        return lists(repair_ids)
    half = len(repair_ids) // 2  # the second half in a child process: two cores
    second = parallel.started(lambda: lists(repair_ids[half:]))
    return lists(repair_ids[:half]) | second()


def _by_id(documents: Sequence[Document]) -> dict[str, tuple[str, list[Document]]]:
    grouped: dict[tuple[str, str], list[Document]] = defaultdict(list)
    for doc in documents:
        grouped[(doc.kind, doc.id)].append(doc)
    return {doc_id: (kind, docs) for (kind, doc_id), docs in sorted(grouped.items())}


def _profiles(by_id: dict[str, tuple[str, list[Document]]]) -> dict[str, Counter[str]]:
    """Each id's profile: its documents' merged (one document's is its own: the same
    terms in the same order, without a copy)."""
    found = iter(document_profiles([d for _, docs in by_id.values() for d in docs]))
    out = {}
    for i, (_, docs) in by_id.items():
        mine = [next(found) for _ in docs]
        out[i] = mine[0] if len(mine) == 1 else merged(mine)
    return out


def _original(docs: list[Document]) -> Repair | Workshop:
    return next((d.meta for d in docs if not d.meta.translation_of), docs[0].meta)


def _taught_by(metas: dict[str, Repair | Workshop], shop_ids: list[str]) -> dict[str, list]:
    taught: dict[str, list[str]] = defaultdict(list)
    for wid in shop_ids:
        for rid in metas[wid].related_repairs:
            taught[rid].append(wid)
    return taught


def _buckets(metas: dict[str, Repair | Workshop], repair_ids: list[str]) -> dict[str, list]:
    buckets: dict[str, list[str]] = defaultdict(list)
    for rid in repair_ids:
        klass = metas[rid].equipment.class_
        if klass not in VAGUE:
            buckets[klass].append(rid)
    return {k: v for k, v in buckets.items() if len(v) <= BUCKET}


def _similar_repairs(rid: str, metas: dict[str, Repair | Workshop], vecs: dict[str, Vector],
                     scores: dict[str, float], buckets: dict[str, list[str]]) -> list[str]:
    """``scores``: the nearest repairs' cosines (completed and changed here)."""
    for other in buckets.get(metas[rid].equipment.class_, []):
        if other != rid and other not in scores:
            scores[other] = cosine(vecs[rid], vecs[other])
    me = metas[rid]
    for other in scores:
        them = metas[other]
        if me.equipment.class_ == them.equipment.class_ and me.equipment.class_ not in VAGUE:
            scores[other] += SAME_CLASS
        if me.failure.mode == them.failure.mode and me.failure.mode not in VAGUE:
            scores[other] += SAME_MODE
    return _ranked(scores)


def _ranked(scores: dict[str, float]) -> list[str]:
    return [k for k in sorted(scores, key=lambda k: (-scores[k], k)) if scores[k] >= MIN_SCORE]


def _first(named: list[str], ranked: list[str], limit: int) -> list[str]:
    """The named ids, then the ranked ones, without repeats, at most ``limit``."""
    return list(dict.fromkeys([*named, *ranked]))[:limit]


LIMIT = 5  # related repairs shown on a repair's page
WORKSHOP_LIMIT = 3  # workshops shown on a repair's page


def related_lists(model: SiteModel) -> dict[str, Related]:
    """repair id -> related repairs and workshops of the model's corpus, computed once
    per corpus and kept in the project's cache."""

    def make() -> dict[str, Related]:
        found = related(model.documents, repairs=LIMIT, workshops=WORKSHOP_LIMIT)
        cache.save("profiles")
        return found

    return model.kept("related", make)


def related_for(model: SiteModel, repair_id: str, lang: str) -> dict[str, list[dict]]:
    ranked = related_lists(model).get(repair_id, Related([], []))
    titles = model.titles(lang)
    return {
        "repairs": [{"id": r, "title": titles["repair"][r]} for r in ranked.repairs],
        "workshops": [{"id": w, "title": titles["workshop"][w]} for w in ranked.workshops],
    }
