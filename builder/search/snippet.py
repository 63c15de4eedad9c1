"""Snippets: the piece of a text that best shows why it matched, matches in ``**``.

Analysing a whole body per hit is too slow for a warm query budget, so the
text is folded character by character (keeping offsets), candidate words are
found with one regular expression on the stems (a Snowball stem is nearly
always a prefix of its word), and only those candidates are stemmed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from schema.vocabularies import fold

WIDTH = 200
LEAD = 50  # characters of context before the first match
MARK = "**"


@cache
def _fold_char(char: str) -> str:
    folded = fold(char)
    if len(folded) == 1:
        return folded
    lower = char.lower()
    return lower if len(lower) == 1 else char


def fold_keeping_offsets(text: str) -> str:
    """``fold(text)`` one character for one character, so offsets still match."""
    return text.translate({ord(c): _fold_char(c) for c in set(text)})


def matches(text: str, stems: set[str], stem: Callable[[str], str]) -> list[tuple[int, int, str]]:
    """(start, end, stem) of every word of ``text`` whose stem is in ``stems``."""
    wanted = sorted((s for s in stems if s), key=len, reverse=True)
    if not wanted:
        return []
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, wanted)) + r")\w*")
    found = ((m.start(), m.end(), stem(m.group())) for m in
             pattern.finditer(fold_keeping_offsets(text)))
    return [span for span in found if span[2] in stems]


def snippet(text: str, stems: set[str], stem: Callable[[str], str], width: int = WIDTH) -> str:
    """The window of ``text`` holding the most distinct matched stems, or ''."""
    spans = matches(text, stems, stem)
    if not spans:
        return ""
    first = max(range(len(spans)), key=lambda i: (_distinct(spans, i, width), -i))
    start = _word_start(text, max(0, spans[first][0] - LEAD))
    end = _word_end(text, min(len(text), start + width))
    out, at = [], start
    for s, e, _ in spans:
        if s >= start and e <= end:
            out += [text[at:s], MARK, text[s:e], MARK]
            at = e
    out.append(text[at:end])
    body = " ".join("".join(out).split())
    return ("… " if start > 0 else "") + body + (" …" if end < len(text) else "")


def shorten(text: str, width: int = WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " …"


def _distinct(spans: list[tuple[int, int, str]], i: int, width: int) -> int:
    limit = spans[i][0] + width - LEAD
    return len({s for start, end, s in spans[i:] if end <= limit})


def _word_start(text: str, at: int) -> int:
    while 0 < at < len(text) and not text[at - 1].isspace():
        at -= 1
    return at


def _word_end(text: str, at: int) -> int:
    while 0 < at < len(text) and not text[at].isspace():
        at += 1
    return at
