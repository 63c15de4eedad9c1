"""Controlled vocabularies, loaded once from ``vocabularies.yaml``."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

VOCAB_FILE = Path(__file__).with_name("vocabularies.yaml")
LOCAL_TERM = re.compile(r"^x-[a-z0-9]+(?:-[a-z0-9]+)*$")
CLOSE = 0.6  # how alike a word and a key or label must be to be offered
MARGIN = 0.05  # offered too: those almost as alike as the closest


def fold(text: str) -> str:
    """Lowercase and strip accents, keeping ñ distinct from n."""
    text = text.lower().replace("ñ", "\0")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("\0", "ñ")


@dataclass(frozen=True)
class Vocabulary:
    name: str
    open: bool
    label: dict[str, str]
    terms: dict[str, dict[str, str]]

    def __contains__(self, key: object) -> bool:
        return key in self.terms

    def accepts(self, key: str) -> bool:
        return key in self.terms or (self.open and bool(LOCAL_TERM.match(key)))

    def is_local(self, key: str) -> bool:
        return self.open and key not in self.terms and bool(LOCAL_TERM.match(key))

    def label_of(self, key: str, lang: str) -> str:
        term = self.terms.get(key)
        if term is None:
            return key[2:].replace("-", " ") if key.startswith("x-") else key
        return term[lang]

    def suggest(self, value: str, n: int = 3) -> list[str]:
        """Known keys close to ``value``: by key spelling and by label in either language.
        Only the closest are offered: "repaired" is near "Reparada" (fixed) and a little
        less near "No reparada" (not-fixed), and offering both would mislead."""
        folded = fold(str(value)).strip()
        by_label = [
            key
            for key, labels in self.terms.items()
            if folded in (fold(labels["es"]), fold(labels["en"]))
        ]
        if by_label:  # "horno" is exactly the Spanish label of "oven": say only that
            return by_label[:n]
        # "pesca" is a word of the label "Pesca y productos del mar" (fisheries)
        in_label = [key for key, labels in self.terms.items()
                    if any(folded in fold(label).replace("-", " ").split()
                           for label in labels.values())]
        if in_label:
            return in_label[:n]
        scores: dict[str, float] = {}
        for key, labels in self.terms.items():
            for text in (key, *map(fold, labels.values())):
                ratio = difflib.SequenceMatcher(None, folded, text).ratio()
                scores[key] = max(scores.get(key, 0.0), ratio)
        best = max(scores.values(), default=0.0)
        if best < CLOSE:
            return []
        near = sorted((k for k, r in scores.items() if r >= best - MARGIN),
                      key=lambda k: -scores[k])
        return near[:n]

    def local_term(self, value: str) -> str | None:
        """The local term ``x-...`` that ``value`` would become in an open list."""
        slug = slug_of(str(value))
        return f"x-{slug}" if self.open and slug else None


@cache
def vocabularies() -> dict[str, Vocabulary]:
    raw = yaml.safe_load(VOCAB_FILE.read_text(encoding="utf-8"))
    return {
        name: Vocabulary(name, bool(v["open"]), v["label"], v["terms"]) for name, v in raw.items()
    }


def vocab(name: str) -> Vocabulary:
    return vocabularies()[name]


INTERFACE_FILE = Path(__file__).with_name("interface.yaml")


@cache
def interface() -> dict[str, dict[str, str]]:
    """Interface strings of the site: key -> {es, en}."""
    return yaml.safe_load(INTERFACE_FILE.read_text(encoding="utf-8"))


def slug_of(text: str) -> str:
    """``text`` as an id: lowercase letters without accents, digits and hyphens
    ("Caja reductora Ñ" -> "caja-reductora-n")."""
    plain = fold(text).replace("ñ", "n")
    return "-".join(re.findall(r"[a-z0-9]+", plain))
