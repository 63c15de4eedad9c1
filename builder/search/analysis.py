"""Text analysis shared by the index, the queries and the browser export.

Every word goes through the same steps: split, lowercase, fold accents (keeping
"ñ"), drop stop words, stem with Snowball. Folding comes *before* stemming so
that "reparación" and "reparacion" give one stem; see ``spanish.py`` for the
Spanish stemmer that works on folded words.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.lang import stopwords_for_language
from whoosh.lang.snowball.english import EnglishStemmer

from schema.vocabularies import fold

from . import spanish

LANGS = ("es", "en")
WORD = r"\w+(?:\.?\w+)*"
MIN_WORD = 2
MARK = "\x1e"  # starts a section name inside an indexed text: "\x1etitle ..."


class FoldFilter(Filter):
    """Strip accents from lowercase tokens, keeping "ñ" distinct from "n"."""

    def __call__(self, tokens):  # noqa: ANN001, ANN204 - whoosh's filter protocol
        for token in tokens:
            token.text = fold(token.text)
            yield token


class SectionFilter(Filter):
    """Weigh each word by the section it is in, then drop the section marks.

    One field holds a document's title, summary, body... each after a mark;
    the weights add up per word, which is BM25F's weighted term frequency.
    """

    def __init__(self, weights: tuple[tuple[str, float], ...]) -> None:
        self.weights = dict(weights)

    def __call__(self, tokens):  # noqa: ANN001, ANN204 - whoosh's filter protocol
        boost = 1.0
        for token in tokens:
            if token.text.startswith(MARK):
                boost = self.weights.get(token.text[1:], 1.0)
                continue
            token.boost = boost
            yield token


@cache
def stop_words(lang: str) -> frozenset[str]:
    """The Snowball stop words of ``lang``, folded like the text they are matched with."""
    return frozenset(fold(word) for word in stopwords_for_language(lang))


@cache
def stemmer(lang: str) -> Callable[[str], str]:
    """The Snowball stemmer of ``lang`` for folded words."""
    if lang == "es":
        return spanish.stem
    if lang == "en":
        return EnglishStemmer().stem
    raise ValueError(f"no analyzer for language {lang!r}")


@cache
def _folding() -> CompositeAnalyzer:
    return RegexTokenizer(WORD) | LowercaseFilter() | FoldFilter()


@cache
def surface_analyzer(lang: str | None = None) -> CompositeAnalyzer:
    """Split, lowercase, fold and drop stop words (of ``lang``, or of every language)."""
    stops = stop_words(lang) if lang else frozenset().union(*map(stop_words, LANGS))
    return _folding() | StopFilter(stoplist=stops, minsize=MIN_WORD)


@cache
def analyzer(lang: str) -> CompositeAnalyzer:
    """The surface words of ``lang``, stemmed."""
    return surface_analyzer(lang) | StemFilter(stemfn=stemmer(lang), cachesize=-1)


@cache
def sectioned_analyzer(lang: str, weights: tuple[tuple[str, float], ...]) -> CompositeAnalyzer:
    """The analyzer of an indexed text made of marked sections (see ``sectioned``)."""
    return (RegexTokenizer(f"{MARK}\\w+|{WORD}") | SectionFilter(weights) | LowercaseFilter()
            | FoldFilter() | StopFilter(stoplist=stop_words(lang), minsize=MIN_WORD)
            | StemFilter(stemfn=stemmer(lang), cachesize=-1))


def sectioned(parts: dict[str, str]) -> str:
    """One text from named sections, for ``sectioned_analyzer``."""
    return "\n".join(f"{MARK}{name} {text.replace(MARK, ' ')}" for name, text in parts.items()
                     if text)


def terms(text: str, lang: str) -> list[tuple[str, str]]:
    """(folded surface word, stem) for every indexed word of ``text``, in order.

    This is the whole analysis: the index, ``kb search`` and the browser index
    all use it, so they agree on what matches.
    """
    stem = stemmer(lang)
    return [(token.text, stem(token.text)) for token in surface_analyzer(lang)(text)]


def stems(text: str, lang: str) -> list[str]:
    return [stem for _, stem in terms(text, lang)]


def folded_words(text: str) -> list[str]:
    """Every word of ``text``, lowercase and folded, stop words included."""
    return [token.text for token in _folding()(text)]
