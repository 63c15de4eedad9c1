"""What a document puts in the index: the whoosh schema and one document's fields.

Each language has one text field (``text_es``, ``text_en``) analysed by that
language's analyzer. A document's title, summary, labels, details and body go
into its language's field as marked sections, each word weighted by its
section (titles and summaries weigh more than bodies): one posting per word
instead of one per section keeps queries fast. Vocabulary labels go into both
languages' fields, so "oven" finds a Spanish write-up about a "horno". Facets
are stored keywords, one value per line.
"""

from __future__ import annotations

import zlib
from typing import Any

from whoosh.analysis import RegexTokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from builder.text.analysis import LANGS, KbAnalyzer, sectioned
from builder.text.plain import body_text, details_text
from schema.models import Repair, Workshop
from schema.vocabularies import vocab

# section -> weight of its words: titles and summaries weigh more than bodies.
WEIGHTS = {"title": 4.0, "summary": 2.5, "labels": 2.0, "details": 1.5, "terms": 1.0,
           "body": 1.0}
# facet -> vocabulary of its values (None: free text such as a plant's name)
FACETS = {"kind": None, "lang": "lang", "status": "doc_status", "sector": "sector",
          "machine_class": "machine_class", "failure_mode": "failure_mode", "plant": None,
          "state": None, "part_origin": "part_origin", "strand": "strand"}
SPELLING = "words"


def schema() -> Schema:
    """The index schema; changing it (or the analysis) forces a full rebuild."""
    fields: dict[str, Any] = {
        "path": ID(stored=True, unique=True),
        "id": ID(stored=True),
        "title": STORED(),
        "summary": STORED(),
        "text": STORED(),
        SPELLING: TEXT(analyzer=KbAnalyzer(None, stem=False), phrase=False),
    }
    fields |= {name: KEYWORD(stored=True, analyzer=RegexTokenizer(r"[^\n]+")) for name in FACETS}
    weights = tuple(WEIGHTS.items())
    for lang in LANGS:
        fields[text_field(lang)] = TEXT(analyzer=KbAnalyzer(lang, weights=weights), phrase=False)
        fields[head_field(lang)] = TEXT(analyzer=KbAnalyzer(lang, weights=weights), phrase=False)
    return Schema(**fields)


def text_field(lang: str) -> str:
    """Everything the document says in ``lang``."""
    return f"text_{lang}"


def head_field(lang: str) -> str:
    """Only its title, summary and labels: short postings for very common words."""
    return f"head_{lang}"


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 6)


def unpack(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8")


def document_fields(path: str, kind: str, meta: Repair | Workshop, body: str) -> dict[str, Any]:
    """The whoosh fields of one validated document."""
    lang, text, details = meta.lang, body_text(body), details_text(meta)
    fields: dict[str, Any] = {
        "path": path, "id": meta.id, "title": meta.title, "summary": meta.summary,
        "text": pack(text),
    }
    spelling = []  # every word of both languages' fields: the typo and "did you mean" words
    for lg in LANGS:
        labels, other_labels = _labels(meta, lg)
        head = {"labels": labels} | ({"title": meta.title, "summary": meta.summary}
                                     if lg == lang else {})
        rest = {"terms": other_labels} | ({"details": details, "body": text} if lg == lang else {})
        fields[text_field(lg)] = sectioned(head | rest)
        fields[head_field(lg)] = sectioned(head)
        spelling += [*head.values(), *rest.values()]
    fields[SPELLING] = "\n".join(spelling)
    for name, values in facet_values(kind, meta).items():
        if values:
            fields[name] = "\n".join(values)
            fields[f"_stored_{name}"] = values
    return fields


def facet_values(kind: str, meta: Repair | Workshop) -> dict[str, list[str]]:
    values = {"kind": [kind], "lang": [meta.lang], "status": [meta.status]}
    if isinstance(meta, Repair):
        values |= {"sector": [meta.plant.sector], "machine_class": [meta.equipment.class_],
                   "failure_mode": [meta.failure.mode], "plant": [meta.plant.name],
                   "state": [meta.plant.state] if meta.plant.state else [],
                   "part_origin": sorted({p.origin for p in meta.parts})}
    else:
        values["strand"] = [meta.strand]
    return {k: [v.replace("\n", " ") for v in vs] for k, vs in values.items()}


def _labels(meta: Repair | Workshop, lang: str) -> tuple[str, str]:
    """The labels, in ``lang``, of the vocabulary terms the document uses: those
    that say what it is about (machine class, failure mode, strand), and the rest."""
    if isinstance(meta, Repair):
        main = [("machine_class", meta.equipment.class_), ("failure_mode", meta.failure.mode)]
        rest = [("sector", meta.plant.sector), ("outcome_status", meta.outcome.status)]
        rest += [("barrier", b) for b in meta.barriers]
        rest += [("trade", t) for t in (meta.people.trades if meta.people else [])]
        rest += [("part_origin", p.origin) for p in meta.parts]
    else:
        main = [("strand", meta.strand)]
        rest = [("activity_kind", a.kind) for a in meta.activities]
    return tuple("\n".join(vocab(name).label_of(key, lang) for name, key in dict.fromkeys(terms))
                 for terms in (main, rest))


