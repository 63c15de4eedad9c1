"""The Snowball Spanish stemmer, for words whose accents are already folded.

Snowball's suffix lists spell accents ("ación", "ía", "éis"), so on folded text
("reparacion") they stop matching and singular and plural drift apart
("reparacion" -> "reparacion" but "reparaciones" -> "repar"). This is the same
algorithm (https://snowballstem.org/algorithms/spanish/stemmer.html) with every
suffix folded; "ñ" is an ordinary consonant, as in Snowball.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

VOWELS = frozenset("aeiou")

PRONOUNS = ("me", "se", "sela", "selo", "selas", "selos", "la", "le", "lo", "las", "les", "los",
            "nos")
PRONOUN_AFTER = ("iendo", "ando", "ar", "er", "ir")

# step 1: suffix -> (region, replacement, what may precede it and goes too)
STANDARD: dict[str, tuple[str, str, tuple[str, ...]]] = {
    **dict.fromkeys(("anza", "anzas", "ico", "ica", "icos", "icas", "ismo", "ismos", "able",
                     "ables", "ible", "ibles", "ista", "istas", "oso", "osa", "osos", "osas",
                     "amiento", "amientos", "imiento", "imientos"), ("r2", "", ())),
    **dict.fromkeys(("adora", "ador", "acion", "adoras", "adores", "aciones", "ante", "antes",
                     "ancia", "ancias"), ("r2", "", ("ic",))),
    **dict.fromkeys(("logia", "logias"), ("r2", "log", ())),
    **dict.fromkeys(("ucion", "uciones"), ("r2", "u", ())),
    **dict.fromkeys(("encia", "encias"), ("r2", "ente", ())),
    "amente": ("r1", "", ("iv", "os", "ic", "ad")),
    "mente": ("r2", "", ("ante", "able", "ible")),
    **dict.fromkeys(("idad", "idades"), ("r2", "", ("abil", "ic", "iv"))),
    **dict.fromkeys(("iva", "ivo", "ivas", "ivos"), ("r2", "", ("at",))),
}
Y_VERB = ("ya", "ye", "yan", "yen", "yeron", "yendo", "yo", "yas", "yes", "yais", "yamos")
VERB_GU = ("en", "es", "emos")
# Snowball's verb endings without accents, then the accented ones whose folded
# form cannot be taken for a noun ending; the short ones are left out, because
# folded they would cut "materia", "primera", "refineria", "julio", "seis", "pais".
VERB = (
    "ad", "ed", "id", "an", "ar", "er", "ir", "as", "aba", "ada", "ida", "ara", "ase", "ado",
    "ido", "iera", "iese", "aste", "iste", "aban", "aran", "asen", "aron", "ando", "abas", "adas",
    "idas", "aras", "ases", "ados", "idos", "amos", "imos", "ieran", "iesen", "ieron", "iendo",
    "ieras", "ieses", "abais", "arais", "aseis", "ierais", "ieseis", "asteis", "isteis",
    "aremos", "eremos", "iremos",
    "iais", "iamos", "areis", "ereis", "ireis", "arian", "erian", "irian", "ariais", "eriais",
    "iriais", "abamos", "aramos", "asemos", "ariamos", "eriamos", "iriamos", "ieramos",
    "iesemos",
)
RESIDUAL = ("os", "a", "o", "e")


def _longest(word: str, suffixes: Iterable[str]) -> str:
    return max((s for s in suffixes if word.endswith(s)), key=len, default="")


def _after_vowel_consonant(word: str, start: int) -> int:
    """Start of the region after the first non-vowel that follows a vowel."""
    for i in range(max(start, 1), len(word)):
        if word[i] not in VOWELS and word[i - 1] in VOWELS:
            return i + 1
    return len(word)


def _rv(word: str) -> int:
    if len(word) < 3:
        return len(word)
    if word[1] not in VOWELS:
        return next((i + 1 for i in range(2, len(word)) if word[i] in VOWELS), len(word))
    if word[0] in VOWELS:
        return next((i + 1 for i in range(2, len(word)) if word[i] not in VOWELS), len(word))
    return 3


def _pronoun(word: str, rv: int) -> str:
    suffix = _longest(word, PRONOUNS)
    if not suffix:
        return word
    rest = word[: -len(suffix)]
    verb = _longest(rest, PRONOUN_AFTER)
    if verb and len(rest) - len(verb) >= rv:
        return rest
    if rest.endswith("uyendo") and len(rest) - 5 >= rv:
        return rest
    return word


def _standard(word: str, r1: int, r2: int) -> str | None:
    suffix = _longest(word, STANDARD)
    if not suffix:
        return None
    region, replacement, before = STANDARD[suffix]
    if len(word) - len(suffix) < (r1 if region == "r1" else r2):
        return None
    word = word[: -len(suffix)] + replacement
    if replacement:
        return word
    for prev in before:
        if word.endswith(prev) and len(word) - len(prev) >= r2:
            word = word[: -len(prev)]
            if suffix == "amente" and prev == "iv" and word.endswith("at") \
                    and len(word) - 2 >= r2:
                word = word[:-2]
            break
    return word


def _y_verb(word: str, rv: int) -> str | None:
    suffix = _longest(word[rv:], Y_VERB)
    if suffix and word[: -len(suffix)].endswith("u"):
        return word[: -len(suffix)]
    return None


def _verb(word: str, rv: int) -> str:
    suffix = _longest(word[rv:], (*VERB_GU, *VERB))
    if not suffix:
        return word
    word = word[: -len(suffix)]
    if suffix in VERB_GU and word.endswith("gu"):
        word = word[:-1]
    return word


def _residual(word: str, rv: int) -> str:
    suffix = _longest(word[rv:], RESIDUAL)
    if not suffix:
        return word
    word = word[: -len(suffix)]
    if suffix == "e" and word.endswith("gu") and len(word) - 1 >= rv:
        word = word[:-1]
    return word


def stem(word: str) -> str:
    """Snowball Spanish stem of a lowercase, accent-folded word."""
    rv = _rv(word)
    r1 = _after_vowel_consonant(word, 1)
    r2 = _after_vowel_consonant(word, r1 + 1)
    word = _pronoun(word, rv)
    done = _standard(word, r1, r2)
    if done is None:
        done = _y_verb(word, rv)
    if done is None:
        done = _verb(word, rv)
    return _residual(done, rv)


# Spelling that sounds alike in Venezuelan Spanish, as (pattern, replacement)
# pairs applied in order to a folded word; written so that Python's ``re`` and
# JavaScript's RegExp read them alike (the browser applies the same list).
# Upper-case letters are placeholders (folded words are lower case).
SOUND_RULES: tuple[tuple[str, str], ...] = (
    ("ch", "C"),              # keep "ch" apart before dropping "h"
    ("h", ""),                # silent h: "orno" = "horno"
    ("gu(?=[ei])", "G"),      # "guerra": the u is silent and g stays hard
    ("g(?=[ei])", "j"),       # "refrijeracion" = "refrigeracion"
    ("qu(?=[ei])", "k"),
    ("c(?=[ei])", "s"),       # c/s/z: "sentrifuga" = "centrifuga"
    ("z", "s"),
    ("c", "k"),
    ("v", "b"),               # b/v: "balvula" = "valvula"
    ("w", "b"),
    ("ll", "y"),              # ll/y: "torniyo" = "tornillo"
    ("n(?=[bp])", "m"),       # n/m before p/b: "conpresor" = "compresor"
    ("([a-z])\\1+", "$1"),    # doubled letters: rr/r, "harrina" = "harina"
)


def sound(word: str) -> str:
    """The key of a folded word under ``SOUND_RULES``: words that a hurried writer
    may swap for one another ("balvula", "valbula", "valvula") share it."""
    for pattern, replacement in _SOUND:
        word = pattern.sub(replacement, word)
    return word


_SOUND = tuple((re.compile(p), r.replace("$1", r"\1")) for p, r in SOUND_RULES)


def tables() -> dict[str, object]:
    """The stemmer's and the spelling key's data, for the browser's copy of the
    algorithm (``search.js``), which reads them instead of repeating them."""
    return {"vowels": "".join(sorted(VOWELS)), "pronouns": PRONOUNS,
            "pronounAfter": PRONOUN_AFTER, "standard": STANDARD, "yVerb": Y_VERB,
            "verbGu": VERB_GU, "verb": VERB, "residual": RESIDUAL, "sound": SOUND_RULES}
