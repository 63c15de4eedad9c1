"""How a query written in a hurry becomes what to look for: one plan for `kb search`
and the site's search (``search.js`` follows the same steps on the same data).

A query is cut into *slots*: a synonym phrase ("cámara frigorífica", "balineras")
or one word. Each slot lists the terms that satisfy it, with a weight:

- the word's own stems (weight 1), and the words of a synonym entry (1);
- words of the vocabulary spelled alike (``spanish.sound``: "balvula" -> "valvula"), 0.8;
- only when neither exists: words within the typo budget of the word's key (one
  edit from 5 letters, two from 9), 0.5 for one edit and 0.25 for two.

Alike and typo candidates are taken from the query's language only (no English
"never" for a Spanish "nevera"). The vocabulary is grouped by the first letter
and the length of each word's spelling key, so a candidate search reads only the
groups of lengths within the budget (files of their own in the browser).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import yaml

from builder.text.analysis import LANGS, distance, terms, typo_budget, word
from builder.text.spanish import sound

SYNONYMS_FILE = Path(__file__).resolve().parents[2] / "schema" / "synonyms.yaml"
EXACT, ALIKE, TYPO = 1.0, 0.8, 0.5
MAX_CANDIDATES = 8  # alike or typo words kept per query word, nearest first


@dataclass(frozen=True)
class Term:
    lang: str
    stem: str
    weight: float


@dataclass
class Slot:
    """One part of the query that a document must match to have all of it."""

    words: list[str]
    how: str = "none"  # exact, synonym, alike, typo or none
    terms: list[Term] = field(default_factory=list)
    use: list[str] = field(default_factory=list)  # a synonym entry's words


class Lexicon(Protocol):
    def present(self, lang: str, stem: str) -> bool: ...

    def group(self, key: str) -> list[str]: ...

    def stem(self, w: str, lang: str) -> str | None: ...


def group_key(key: str, length: int | None = None) -> str:
    """Vocabulary group of a spelling key: its first letter and its length."""
    return f"{key[:1]}{len(key) if length is None else length}"


def group_words(words: Iterable[str]) -> dict[str, list[str]]:
    """Vocabulary words by group, each group sorted."""
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(group_key(sound(w)), []).append(w)
    return {k: sorted(v) for k, v in sorted(groups.items())}


def stem(w: str, lang: str) -> str | None:
    found = word(w, lang)
    return found[1] if found else None


# --- synonyms --------------------------------------------------------------------------


@dataclass(frozen=True)
class Synonym:
    lang: str
    trigger: tuple[str, ...]  # keys of the words a worker may type
    use: tuple[str, ...]  # folded words the write-ups use


def key(w: str, lang: str) -> str:
    """What a synonym trigger word is compared by: the spelling key of its Spanish
    stem (any number, accent or spelling by ear), or the folded English word."""
    return sound(stem(w, "es") or w) if lang == "es" else w


def phrase(text: str, lang: str) -> list[str]:
    return [w for w, _ in terms(text, lang)]


@cache
def synonyms(path: Path = SYNONYMS_FILE) -> tuple[Synonym, ...]:
    """The synonym entries that are well formed (``kb check`` reports the others)."""
    data = read_synonyms(path)
    out = []
    for lang, entries in data.items() if isinstance(data, dict) else ():
        for entry in entries if lang in LANGS and isinstance(entries, list) else ():
            if not _entry_ok(entry):
                continue
            use = tuple(phrase(entry["use"], lang))
            for also in entry["also"]:
                trigger = tuple(key(w, lang) for w in phrase(also, lang))
                if trigger and use:
                    out.append(Synonym(lang, trigger, use))
    return tuple(out)


def read_synonyms(path: Path = SYNONYMS_FILE) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}


def _entry_ok(entry: object) -> bool:
    return (isinstance(entry, dict) and set(entry) == {"use", "also"}
            and isinstance(entry["use"], str) and entry["use"].strip() != ""
            and isinstance(entry["also"], list) and len(entry["also"]) > 0
            and all(isinstance(a, str) and a.strip() for a in entry["also"]))


def synonym_table() -> list[list[Any]]:
    """The entries for the browser: [lang, trigger keys, use words]."""
    return [[s.lang, list(s.trigger), list(s.use)] for s in synonyms()]


# --- the plan --------------------------------------------------------------------------


def plan(words: list[str], lexicon: Lexicon, default_lang: str) -> tuple[list[Slot], str]:
    """The slots of a query's folded words, and the language taken for it."""
    slots = _synonym_slots(words)
    for slot in slots:
        slot.terms = _exact(slot.words, lexicon)
        if slot.how == "none" and slot.terms:
            slot.how = "exact"
    lang = _language(slots, default_lang)
    for slot in slots:
        if slot.how == "synonym":
            slot.terms += [t for t in _exact(slot.use, lexicon) if t not in slot.terms]
        else:
            _forgive(slot, lexicon, lang)
    return slots, lang


def _synonym_slots(words: list[str]) -> list[Slot]:
    keys = {lang: [key(w, lang) for w in words] for lang in LANGS}
    slots, i = [], 0
    while i < len(words):
        best = max((s for s in synonyms()
                    if tuple(keys[s.lang][i:i + len(s.trigger)]) == s.trigger),
                   key=lambda s: len(s.trigger), default=None)
        if best is None:
            slots.append(Slot([words[i]]))
            i += 1
            continue
        span = words[i:i + len(best.trigger)]
        uses = [s.use for s in synonyms() if s.trigger == best.trigger and s.lang == best.lang]
        slots.append(Slot(span, "synonym", use=list(dict.fromkeys(w for u in uses for w in u))))
        i += len(span)
    return slots


def _exact(words: list[str], lexicon: Lexicon) -> list[Term]:
    out = []
    for w in words:
        for lang in LANGS:
            s = lexicon.stem(w, lang)
            if s and lexicon.present(lang, s):
                out.append(Term(lang, s, EXACT))
    return out


def _language(slots: list[Slot], default: str) -> str:
    """The language most of the known words are in; ``default`` on a tie."""
    votes = {lang: sum(any(t.lang == lang for t in s.terms) for s in slots) for lang in LANGS}
    best = max(votes.values())
    return default if votes[default] == best else max(votes, key=lambda k: votes[k])


def candidates(w: str, lexicon: Lexicon, lang: str, budget: int) -> list[tuple[int, str]]:
    """(edits, word) of the vocabulary words of ``lang`` within ``budget`` edits of
    ``w``'s spelling key, nearest first (0: spelled alike)."""
    k = sound(w)
    if not k:
        return []
    found = []
    for length in range(max(1, len(k) - budget), len(k) + budget + 1):
        for v in lexicon.group(group_key(k, length)):
            if v == w:
                continue
            d = distance(k, sound(v), budget)
            s = lexicon.stem(v, lang)
            if d <= budget and s and lexicon.present(lang, s):
                found.append((d, v))
    return sorted(found)


def _forgive(slot: Slot, lexicon: Lexicon, lang: str) -> None:
    w = slot.words[0]
    alike = [v for _, v in candidates(w, lexicon, lang, 0)][:MAX_CANDIDATES]
    if alike:
        slot.how = "exact" if slot.terms else "alike"
        slot.terms += _weighted(alike, lexicon, lang, ALIKE)
        return
    if slot.terms:
        return
    for d, v in candidates(w, lexicon, lang, typo_budget(sound(w)))[:MAX_CANDIDATES]:
        slot.terms += _weighted([v], lexicon, lang, TYPO / d)
        slot.how = "typo"


def _weighted(words: list[str], lexicon: Lexicon, lang: str, weight: float) -> list[Term]:
    out = []
    for v in words:
        s = lexicon.stem(v, lang)
        if s:
            out.append(Term(lang, s, weight))
    return out


def suggestion_budget(w: str) -> int:
    """One edit more than a typo, for keys of 4 letters or more."""
    k = sound(w)
    return typo_budget(k) + 1 if len(k) >= 4 else 0


def suggestion(words: list[str], lexicon: Lexicon, lang: str) -> str | None:
    """The query with each word that has no match replaced by the nearest word of
    ``lang``'s vocabulary (one edit more than the typo budget); None if none."""
    out, changed = [], False
    for w in words:
        if _exact([w], lexicon):
            out.append(w)
            continue
        near = candidates(w, lexicon, lang, suggestion_budget(w))
        if near:
            out.append(near[0][1])
            changed = True
        else:
            out.append(w)
    return " ".join(out) if changed else None
