"""Search analysis: folding before stemming, ñ, stop words, Snowball, one code path."""

from __future__ import annotations

from importlib import metadata

import pytest
import whoosh
from hypothesis import given
from hypothesis import strategies as st
from whoosh.lang.snowball.spanish import SpanishStemmer

from builder.core import environment
from builder.text.analysis import KbAnalyzer, sectioned, stems, terms
from builder.text.spanish import stem


def one_stem(word: str, lang: str = "es") -> str:
    found = stems(word, lang)
    assert len(found) == 1, found
    return found[0]


def test_accents_are_folded_before_stemming():
    forms = ["reparación", "reparacion", "REPARACIÓN", "reparaciones", "Reparaciónes"]
    assert {one_stem(w) for w in forms} == {"repar"}


@pytest.mark.parametrize("word", ["válvulas", "valvulas", "válvula", "valvula", "VÁLVULA"])
def test_plural_and_accents_give_one_stem(word):
    assert one_stem(word) == one_stem("valvula") == "valvul"


def test_enye_stays_distinct_from_n():
    assert terms("año", "es") == [("año", "año")]
    assert terms("ano", "es") == [("ano", "ano")]
    assert terms("AÑO Ñandú", "es")[1][0] == "ñandu"


@pytest.mark.parametrize(("words", "expected"), [
    (["ovens", "oven", "Oven"], "oven"),
    (["repaired", "repairs", "repairing"], "repair"),
    (["freezers", "freezer"], "freezer"),
    (["valves", "valve"], "valv"),
])
def test_english_snowball(words, expected):
    assert {one_stem(w, "en") for w in words} == {expected}


def test_stop_words_are_dropped_in_each_language():
    assert terms("de la y el", "es") == []
    assert terms("the of and", "en") == []
    assert terms("más", "es") == []  # folded like the text: "más" and "mas" are both stop words


def test_terms_gives_folded_word_and_stem_in_order():
    assert terms("Hornos y válvulas", "es") == [("hornos", "horn"), ("valvulas", "valvul")]


@pytest.mark.parametrize("word", ["trabajadores", "congeladores", "bombas", "compresores",
                                  "hornos", "mantenimiento", "rodamiento", "soldadura",
                                  "produccion", "herramientas", "quemador", "calentaba"])
def test_spanish_stemmer_is_snowball_on_words_without_accents(word):
    assert stem(word) == SpanishStemmer().stem(word)


def test_spanish_stemmer_handles_folded_suffixes():
    # Snowball spells "ación": on folded text it would leave "reparacion" whole.
    assert SpanishStemmer().stem("reparacion") == "reparacion"
    assert stem("reparacion") == stem("reparaciones") == "repar"
    assert stem("distribucion") == "distribu"
    # ... while short accented endings are not folded, not to cut nouns.
    assert stem("materia") == "materi"
    assert stem("primera") == stem("primero") == "primer"


@given(st.text(alphabet=st.sampled_from("aábcdeéíñnoóprsuúü .,;-ÁÑ\n\t0129"), max_size=80),
       st.sampled_from(["es", "en"]))
def test_the_index_analyzer_gives_exactly_the_stems_of_terms(text, lang):
    assert [t.text for t in KbAnalyzer(lang)(text)] == stems(text, lang)
    weighted = KbAnalyzer(lang, weights=(("title", 4.0), ("body", 1.0)))
    tokens = [(t.text, t.boost) for t in weighted(sectioned({"title": text, "body": text}))]
    assert tokens == [(s, 4.0) for s in stems(text, lang)] + [(s, 1.0) for s in stems(text, lang)]


def test_whoosh_is_the_pinned_fork_and_the_only_one():
    assert whoosh.versionstring() == "2.7.5"
    assert [p for p in environment.problems() if "whoosh" in p] == []
    forks = {d.metadata["Name"].lower() for d in metadata.distributions()} & {
        f.lower() for f in environment.WHOOSH_FORKS}
    assert forks == {"whoosh-reloaded"}
