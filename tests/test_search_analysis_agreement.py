"""The browser's analysis (``search.js``, run by node) and `kb search`'s (Python)
give identical output on every word of the content, the vocabularies, the bench
corpus blocks and the synonyms, and on those words with every ending the Spanish
stemmer knows (a large Spanish word list: no Snowball vocabulary is at hand offline)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from builder.search import forgiving
from builder.text.analysis import LANGS, WORDS, distance, stop_words, typo_budget, word
from builder.text.spanish import sound, tables
from schema.vocabularies import fold

from .conftest import ROOT

NODE = shutil.which("node")
SCRIPT = ROOT / "builder" / "site" / "static" / "search.js"
RUNNER = """
const fs = require("fs"), vm = require("vm");
vm.runInThisContext(fs.readFileSync(process.argv[2], "utf8"));
const input = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const A = globalThis.kbMakeAnalysis(input.tables, input.stop);
const out = {
  words: input.raw.map(r => { const f = A.fold(r); return [f, A.stemEs(f), A.sound(f)]; }),
  texts: input.texts.map(t => A.words(t)),
  distances: input.pairs.map(p => A.distance(p[0], p[1], 2)),
  budgets: input.raw.map(r => A.budget(A.fold(r))),
};
fs.writeFileSync(process.argv[4], JSON.stringify(out));
"""
pytestmark = pytest.mark.skipif(NODE is None, reason="needs node")


def sources() -> list[str]:
    files = [*(ROOT / "content").rglob("*.md"), ROOT / "schema" / "vocabularies.yaml",
             ROOT / "schema" / "interface.yaml", ROOT / "bench" / "blocks.yaml",
             forgiving.SYNONYMS_FILE]
    return [f.read_text(encoding="utf-8") for f in files if f.is_file()]


def word_list(texts: list[str]) -> list[str]:
    """Every raw word of the texts, and the Spanish ones with each stemmer ending."""
    raw = sorted({w for text in texts for w in WORDS.findall(text)})
    t = tables()
    endings = {*t["pronouns"], *t["standard"], *t["yVerb"], *t["verbGu"], *t["verb"],
               *t["residual"], "ación", "aciones", "ía", "ías", "ándose", "iéndolo", "éis"}
    bases = sorted({fold(w) for w in raw if w.isalpha() and len(w) >= 4})[:1500]
    grown = [b[:-1] + e for b in bases for e in sorted(endings)]
    return raw + grown


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("agreement")
    texts = sources()
    raw = word_list(texts)
    lines = [line for text in texts for line in text.splitlines() if line.strip()]
    keys = sorted({sound(fold(w)) for w in raw})[:3000]
    pairs = [(a, b) for a, b in zip(keys, keys[1:] + keys[:1], strict=True)]
    pairs += [(a, a[::-1]) for a in keys[:500]]
    data = {"tables": tables(), "stop": {lang: sorted(stop_words(lang)) for lang in LANGS},
            "raw": raw, "texts": lines, "pairs": pairs}
    (folder / "in.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (folder / "run.js").write_text(RUNNER, encoding="utf-8")
    subprocess.run([NODE, str(folder / "run.js"), str(SCRIPT), str(folder / "in.json"),
                    str(folder / "out.json")], check=True, timeout=300)
    return data, json.loads((folder / "out.json").read_text(encoding="utf-8"))


def test_the_word_list_is_large(both):
    data, _ = both
    assert len(data["raw"]) > 50_000


def test_fold_stem_and_spelling_key_agree_on_every_word(both):
    data, js = both
    python = []
    for raw in data["raw"]:
        folded = fold(raw)
        found = word(raw, "es")
        python.append([folded, found[1] if found else None, sound(folded)])
    differ = [(raw, p, j) for raw, p, j in zip(data["raw"], python, js["words"], strict=True)
              if p != j]
    assert differ == [], differ[:20]


def test_query_words_agree_on_every_line(both):
    data, js = both
    python = [[w for w in dict.fromkeys(fold(r) for r in WORDS.findall(line))
               if all(word(w, lang) for lang in LANGS)] for line in data["texts"]]
    differ = [(line, p, j) for line, p, j in zip(data["texts"], python, js["texts"], strict=True)
              if p != j]
    assert differ == [], differ[:10]


def test_edit_distances_and_typo_budgets_agree(both):
    data, js = both
    assert [distance(a, b, 2) for a, b in data["pairs"]] == js["distances"]
    assert [typo_budget(fold(r)) for r in data["raw"]] == js["budgets"]
