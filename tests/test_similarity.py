"""tf-idf vectors and neighbours: the faster forms give the very same floats.

``kb check`` (possible duplicates) and the related lists compare scores, so a
reordered sum that moved one bit could change a list. Each test holds a function
to a plain statement of what it computes (the original code), float by float
(``float.hex``) and in the same order.
"""

from __future__ import annotations

import gc
import math
from collections import Counter, defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.corpus import generate
from builder.check.checker import check
from builder.site.related import related
from builder.text.similarity import (
    Neighbours,
    _heavier,
    _heaviest,
    _top,
    cosine,
    document_profile,
    document_profiles,
    merged,
    nearest_many,
    vectors,
)

TERMS = [f"es:t{i}" for i in range(12)] + [f"en:t{i}" for i in range(6)]
counts_st = st.dictionaries(st.sampled_from(TERMS), st.integers(1, 6), min_size=1,
                            max_size=12).map(Counter)
profiles_st = st.dictionaries(st.text("abcdefgh", min_size=1, max_size=2), counts_st,
                              min_size=1, max_size=25)


def plain_vectors(profiles):
    """vectors() as first written: one expression per occurrence."""
    n = len(profiles)
    df = Counter(term for counts in profiles.values() for term in counts)
    out = {}
    for key, counts in profiles.items():
        weights = {t: (1 + math.log(c)) * math.log(1 + n / df[t]) for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        out[key] = {t: w / norm for t, w in weights.items()}
    return out


def plain_nearest(vecs, key, keep=10, terms=10, longest=250):
    """Neighbours.nearest as first written: every posting, defaultdict sums, full sorts."""
    postings = defaultdict(list)
    for k, vector in vecs.items():
        for term, weight in vector.items():
            postings[term].append((k, weight))
    vector, partial = vecs[key], defaultdict(float)
    for term, weight in sorted(vector.items(), key=_heavier)[:terms]:
        if len(postings[term]) <= longest:
            for k, w in postings[term]:
                partial[k] += weight * w
    partial.pop(key, None)
    best = sorted(partial, key=lambda k: (-partial[k], str(k)))[:keep]
    return {k: cosine(vector, vecs[k]) for k in best}


def exact(value):
    """Every float by its bits, every dict as its items in order."""
    if isinstance(value, float):
        return value.hex()
    if isinstance(value, dict):
        return [(k, exact(v)) for k, v in value.items()]
    return value


@settings(max_examples=200, deadline=None)
@given(profiles_st)
def test_vectors_are_the_plain_formula_bit_for_bit(profiles):
    assert exact(vectors(profiles)) == exact(plain_vectors(profiles))


@settings(max_examples=200, deadline=None)
@given(st.lists(counts_st, max_size=4))
def test_merged_is_counter_update_in_turn(counts):
    total: Counter[str] = Counter()
    for c in counts:
        total.update(c)
    got = merged(iter(counts))
    assert type(got) is Counter and list(got.items()) == list(total.items())


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text("abc", max_size=3), st.sampled_from([0.1, 0.2, 0.2, 0.3, 0.5])),
       st.integers(-1, 8))
def test_top_and_heaviest_are_the_sorted_prefix_with_ties(scores, n):
    assert _top(scores, n) == sorted(scores, key=lambda k: (-scores[k], k))[:max(n, 0)]
    assert _heaviest(scores, n) == sorted(scores.items(), key=_heavier)[:max(n, 0)]


@settings(max_examples=100, deadline=None)
@given(profiles_st, st.integers(1, 4), st.integers(1, 12), st.integers(1, 30))
def test_nearest_many_is_nearest_of_each_key(profiles, keep, terms, longest):
    vecs = vectors(profiles)
    keys = list(vecs)
    half = len(keys) // 2  # as related() splits the keys over two processes
    got = (nearest_many(vecs, keys[:half], keep, terms, longest)
           | nearest_many(vecs, keys[half:], keep, terms, longest))
    space = Neighbours(vecs)
    for key in keys:
        want = plain_nearest(vecs, key, keep, terms, longest)
        assert exact(got[key]) == exact(want) == exact(space.nearest(key, keep, terms, longest))


@settings(max_examples=100, deadline=None)
@given(profiles_st)
def test_dots_are_every_shared_terms_sum_in_the_vectors_order(profiles):
    vecs = vectors(profiles)
    space = Neighbours(vecs)
    for vector in vecs.values():
        want: dict[str, float] = defaultdict(float)
        for term, weight in vector.items():
            for k, w in space.postings.get(term, ()):
                want[k] += weight * w
        assert exact(space.dots(vector)) == exact(dict(want))


@settings(max_examples=100, deadline=None)
@given(profiles_st)
def test_cosine_of_different_lengths_is_symmetric(profiles):
    """What nearest_many relies on to compute a pair's cosine once."""
    vecs = list(vectors(profiles).values())
    for a in vecs:
        for b in vecs:
            if len(a) != len(b):
                assert exact(cosine(a, b)) == exact(cosine(b, a))


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory):
    return check(generate(tmp_path_factory.mktemp("corpus"), repairs=40).content).documents


def test_document_profiles_are_each_documents_profile(documents):
    got = document_profiles(documents)
    assert [list(p.items()) for p in got] == [list(document_profile(d).items())
                                              for d in documents]


def test_nearest_many_on_a_generated_corpus(documents):
    vecs = vectors({d.src.rel: document_profile(d) for d in documents})
    space = Neighbours(vecs)
    for longest in (3, 250):  # with and without terms too common to look up
        got = nearest_many(vecs, list(vecs), longest=longest)
        assert exact(got) == exact({k: space.nearest(k, longest=longest) for k in vecs})
        assert exact(got) == exact({k: plain_nearest(vecs, k, longest=longest) for k in vecs})


@pytest.mark.parametrize("enabled", [True, False])
def test_related_leaves_garbage_collection_as_it_was(documents, enabled):
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert related(documents)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
