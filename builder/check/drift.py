"""Translation drift: what a translation says differently from its original, found by
what needs no understanding of either language -- the figures, and the language the
body is written in. Suggestions, with the line of each: a reviewer decides."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from builder.check.validation import dotted
from builder.document import Loc, Problem, SourceFile, catalogue
from builder.load import markdown, sections

# A figure: digits, with the separators either language writes between them (1.000,5 /
# 1,000.5 read alike). One pass, no backtracking.
FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
ATTRIBUTES = re.compile(r"\{:[^}\n]*\}")  # an attribute list ({: .class}) is not text
# The commonest short words of each language: a body with many of one and few of the
# other is written in the first.
STOP = {
    "es": set("de la que el en y los del se las por un para con una su al es lo como más "
              "pero sus le ya o fue este ha sí porque esta son entre cuando muy sin sobre "
              "también hasta hay donde quien desde todo nos durante".split()),
    "en": set("the of and to in is was for that with on as by it at from this be are "
              "were which an has had have not but or its their after they when into "
              "then there than also".split()),
}
MIN_WORDS = 30  # common words needed before a body's language is judged
DOMINANCE = 2.0  # how many times more of the other language's words means "written in it"


def check(folder: list[SourceFile]) -> list[Problem]:
    """Drift of every translation from the original, for the files of one document
    folder (a translation lives beside its original). The checker keeps the result
    with the folder's (``builder.check.checker``): it is made again only when a file
    of the folder changes, in whichever process checks the folder."""
    originals = [d for d in folder if d.data is not None and d.kind and
                 not d.data.get("translation_of")]
    if len(originals) != 1:
        return []  # badly linked translations are reported elsewhere
    return [p for d in folder if d is not originals[0] and d.data is not None and d.kind
            for p in _drift(originals[0], d)]


def _drift(original: SourceFile, translation: SourceFile) -> Iterator[Problem]:
    yield from _field_figures(original, translation)
    if any(p.is_error and catalogue()[p.code].group == "body"
           for p in (*original.problems, *translation.problems)):
        return  # a body past the limits is not read whole: its figures would mislead
    yield from _body_figures(original, translation)
    lang = translation.data.get("lang")
    written = body_language(translation.body)
    if lang in STOP and written and written != lang:
        yield Problem(translation.rel, translation.body_line, None, "translation-language",
                      {"lang": lang, "found": written})


def figures(text: str) -> Counter[str]:
    """The figures of a text, each as its digits alone."""
    return Counter(re.sub(r"[.,]", "", m) for m in FIGURE.findall(text))


def _field_figures(original: SourceFile, translation: SourceFile) -> Iterator[Problem]:
    theirs = dict(_numbers(original.data))
    for loc, mine in _numbers(translation.data):
        if loc in theirs and mine != theirs[loc]:
            yield _problem(translation, translation.line_of(loc), dotted(loc),
                           theirs[loc] - mine, mine - theirs[loc])


def _numbers(data: Any) -> Iterator[tuple[Loc, Counter[str]]]:
    """Each front-matter value that holds figures (numbers, and texts with digits)."""
    for loc, value in _leaves(data):
        if isinstance(value, bool):
            continue
        found = figures(str(value)) if isinstance(value, int | float | str) else Counter()
        if found:
            yield loc, found


def _leaves(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in ("translation_of", "lang"):
                yield from _leaves(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _leaves(value, (*loc, i))
    else:
        yield loc, data


def _body_figures(original: SourceFile, translation: SourceFile) -> Iterator[Problem]:
    """Figures of the text a reader sees (not of link targets, attributes or the numbers
    of a numbered list). Nothing when the whole bodies agree; otherwise section by
    section (the n-th ``##`` of one against the n-th of the other) to say where."""
    if _seen_figures(original.body) == _seen_figures(translation.body):
        return
    theirs, mine = _sections(original.body), _sections(translation.body)
    if len(theirs) != len(mine):
        theirs, mine = [("", original.body, 0)], [("", translation.body, 0)]
    for (_, their_text, _), (_, my_text, line) in zip(theirs, mine, strict=True):
        their_n, my_n = _seen_figures(their_text), _seen_figures(my_text)
        missing, extra = their_n - my_n, my_n - their_n
        if missing or extra:
            yield _problem(translation, translation.body_line + line, None, missing, extra)


def _seen_figures(body: str) -> Counter[str]:
    return figures(ATTRIBUTES.sub(" ", markdown.plain_text(body)))


def _sections(body: str) -> list[tuple[str, str, int]]:
    """(heading, text, line index) of the part before the first ``##`` and each section."""
    lines = body.split("\n")
    marks = [(0, "")] + list(sections.headings(body))
    out = []
    for n, (start, title) in enumerate(marks):
        end = marks[n + 1][0] if n + 1 < len(marks) else len(lines)
        out.append((title, "\n".join(lines[start:end]), start))
    return out


def _problem(src: SourceFile, line: int, field: str | None, missing: Counter[str],
             extra: Counter[str]) -> Problem:
    return Problem(src.rel, line, field, "translation-figures",
                   {"missing": sorted(missing.elements()) or ["-"],
                    "extra": sorted(extra.elements()) or ["-"]})


def body_language(body: str) -> str | None:
    """"es" or "en" when the body is clearly written in it, else None."""
    words = re.findall(r"[a-záéíóúñü]+", body.lower())
    counts = {lang: sum(w in stop for w in words) for lang, stop in STOP.items()}
    if sum(counts.values()) < MIN_WORDS:
        return None
    es, en = counts["es"], counts["en"]
    if es >= DOMINANCE * max(en, 1):
        return "es"
    if en >= DOMINANCE * max(es, 1):
        return "en"
    return None
