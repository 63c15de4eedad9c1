"""Text analysis shared by the index, the queries and the browser export.

Every word goes through the same steps: split, lowercase, fold accents (keeping
"ñ"), drop stop words, stem with Snowball. Folding comes *before* stemming so
that "reparación" and "reparacion" give one stem; see ``spanish.py`` for the
Spanish stemmer that works on folded words.

The steps run once per distinct word (``word``, cached) in a single whoosh
tokenizer instead of a chain of filters: the index, ``terms()`` and the
similarity code call the same function, so they agree by construction, and
indexing is several times faster.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from whoosh.analysis import Token, Tokenizer
from whoosh.lang import stopwords_for_language
from whoosh.lang.snowball.english import EnglishStemmer

from builder.text import spanish
from schema.vocabularies import fold

LANGS = ("es", "en")
WORD = r"\w+(?:\.?\w+)*"
MIN_WORD = 2
MARK = "\x1e"  # starts a section name inside an indexed text: "\x1etitle ..."
WORDS = re.compile(WORD)
WORDS_AND_MARKS = re.compile(f"{MARK}\\w+|{WORD}")
CACHE_LIMIT = 500_000  # distinct words kept per language before the cache starts over

Analysis = tuple[str, str] | None  # (folded word, stem), or None for a stop word

_words: dict[str | None, dict[str, Analysis]] = {}
_MISSING = object()


@cache
def stop_words(lang: str | None) -> frozenset[str]:
    """The Snowball stop words of ``lang`` (or of every language), folded."""
    if lang is None:
        return frozenset().union(*map(stop_words, LANGS))
    return frozenset(fold(w) for w in stopwords_for_language(lang))


@cache
def stemmer(lang: str) -> Callable[[str], str]:
    """The Snowball stemmer of ``lang`` for folded words."""
    if lang == "es":
        return spanish.stem
    if lang == "en":
        return EnglishStemmer().stem
    raise ValueError(f"no analyzer for language {lang!r}")


def word(raw: str, lang: str | None) -> Analysis:
    """(folded, stem) of one word as the tokenizer splits them; None if it is dropped.

    With ``lang`` None the word is only folded (the stem is the folded word) and
    the stop words of every language are dropped.
    """
    found = _known(lang).get(raw, _MISSING)
    return _analyse(raw, lang) if found is _MISSING else found


def _known(lang: str | None) -> dict[str, Analysis]:
    return _words.setdefault(lang, {})


def _analyse(raw: str, lang: str | None) -> Analysis:
    known = _known(lang)
    folded = fold(raw)
    if len(folded) < MIN_WORD or folded in stop_words(lang):
        result = None
    else:
        result = (folded, stemmer(lang)(folded) if lang else folded)
    if len(known) >= CACHE_LIMIT:
        known.clear()
    known[raw] = result
    return result


def terms(text: str, lang: str) -> list[tuple[str, str]]:
    """(folded surface word, stem) for every indexed word of ``text``, in order.

    This is the whole analysis: the index, ``kb search`` and the browser index
    all use it, so they agree on what matches.
    """
    known, out = _known(lang), []
    for raw in WORDS.findall(text):
        found = known.get(raw, _MISSING)
        if found is _MISSING:
            found = _analyse(raw, lang)
        if found:
            out.append(found)
    return out


def stems(text: str, lang: str) -> list[str]:
    return [stem for _, stem in terms(text, lang)]


def folded_words(text: str) -> list[str]:
    """Every word of ``text``, lowercase and folded, stop words included."""
    return [fold(raw) for raw in WORDS.findall(text)]


def sectioned(parts: dict[str, str]) -> str:
    """One text from named sections, for an analyzer with section weights."""
    return "\n".join(f"{MARK}{name} {text.replace(MARK, ' ')}" for name, text in parts.items()
                     if text)


class KbAnalyzer(Tokenizer):
    """The whoosh analyzer of our text fields: ``word`` for every word.

    ``stem=False`` indexes folded words (for spelling suggestions). With
    ``weights``, a section mark ("\\x1etitle") sets the boost of the words after
    it; boosts add up per word, which is BM25F's weighted term frequency.
    """

    def __init__(self, lang: str | None, stem: bool = True,
                 weights: tuple[tuple[str, float], ...] = ()) -> None:
        self.lang, self.stem, self.weights = lang, stem, weights
        self.is_morph = stem and lang is not None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KbAnalyzer) and vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash((self.lang, self.stem, self.weights))

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, mode: str = "", **kwargs: object) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        weights, boost, pos, known = dict(self.weights), 1.0, start_pos, _known(self.lang)
        pattern = WORDS_AND_MARKS if weights else WORDS
        for match in pattern.finditer(value):
            raw = match.group()
            if raw[0] == MARK:
                boost = weights.get(raw[1:], 1.0)
                continue
            found = known.get(raw, _MISSING)
            if found is _MISSING:
                found = _analyse(raw, self.lang)
            if found is None and removestops:
                continue
            token.stopped = found is None
            token.text = fold(raw) if found is None else found[1 if self.stem else 0]
            token.boost = boost
            if keeporiginal:
                token.original = raw
            if positions:
                token.pos, pos = pos, pos + 1
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


def typo_budget(folded: str) -> int:
    """Edits forgiven in a word of this length: none below 5 letters, one from 5,
    two from 9 (as the common search engines do)."""
    return 0 if len(folded) < 5 else 1 if len(folded) < 9 else 2


def distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from ``a`` to ``b``;
    any value over ``limit`` is returned as ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        prev, row = row, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        before = prev
    return min(row[-1], limit + 1)
