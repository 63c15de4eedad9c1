"""Possible duplicates: two write-ups that tell nearly the same story.

``kb check`` reports them as suggestions (code ``possible-duplicate``): often a
new write-up repeats a repair someone already documented, and completing that
one is better than keeping two. Only documents of the same kind and language,
with different ids, are compared (a translation is not a duplicate), and two
repairs only when their plants' names share a word: parallel write-ups about
different plants (the three Guayana factories) are not one repair told twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from builder.document import Document, Problem
from builder.text.analysis import folded_words, stop_words
from builder.text.similarity import Neighbours, document_profile, vectors

THRESHOLD = 0.75  # cosine of the tf-idf vectors from which two texts look duplicated
CODE = "possible-duplicate"


def duplicate_problems(documents: Sequence[Document]) -> list[Problem]:
    """A ``possible-duplicate`` suggestion on each document that has a near twin.

    The problem is on the document's ``title`` line and names the other id
    (``other``) and the similarity (``score``, e.g. "87%"); a document with
    several twins gets one problem for each.
    """
    groups: dict[tuple[str, str], list[Document]] = defaultdict(list)
    for doc in documents:
        groups[(doc.kind, doc.lang)].append(doc)
    problems: list[Problem] = []
    for docs in groups.values():
        problems += _in_group(docs)
    return sorted(problems, key=Problem.sort_key)


def _in_group(docs: list[Document]) -> list[Problem]:
    if len({d.id for d in docs}) < 2:
        return []
    by_rel = {d.src.rel: d for d in docs}
    space = Neighbours(vectors({rel: document_profile(d) for rel, d in by_rel.items()}))
    problems = []
    for rel, doc in by_rel.items():
        twins = space.above(rel, THRESHOLD)
        for other_rel, score in sorted(twins.items(), key=lambda kv: (-kv[1], kv[0])):
            other = by_rel[other_rel]
            if other.id != doc.id and _same_place(doc, other):
                problems.append(Problem(rel, doc.src.line_of(("title",)), "title", CODE,
                                        {"other": other.id, "score": f"{score:.0%}"}))
    return problems


def _same_place(a: Document, b: Document) -> bool:
    if a.kind != "repair":
        return True
    return bool(_name_words(a.meta.plant.name) & _name_words(b.meta.plant.name))


def _name_words(name: str) -> set[str]:
    return {w for w in folded_words(name) if len(w) > 2 and w not in stop_words(None)}
