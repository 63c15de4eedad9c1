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
        """Known keys close to ``value``: by key spelling and by label in either language."""
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
        close = difflib.get_close_matches(folded, list(self.terms), n=n, cutoff=0.6)
        labels = {fold(lbl): key for key, t in self.terms.items() for lbl in t.values()}
        close += [labels[m] for m in difflib.get_close_matches(folded, list(labels), n=n)]
        return list(dict.fromkeys(by_label + close))[:n]


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
