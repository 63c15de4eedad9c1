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

import re
import zlib
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import RegexTokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from schema.models import Repair, Workshop
from schema.vocabularies import fold, vocab

from ..sections import headings, section_keys
from .analysis import LANGS, KbAnalyzer, sectioned

# section -> weight of its words: titles and summaries weigh more than bodies.
WEIGHTS = {"title": 4.0, "summary": 2.5, "labels": 2.0, "details": 1.5, "terms": 1.0,
           "body": 1.0}
# facet -> vocabulary of its values (None: free text such as a plant's name)
FACETS = {"kind": None, "lang": "lang", "status": "doc_status", "sector": "sector",
          "machine_class": "machine_class", "failure_mode": "failure_mode", "plant": None,
          "state": None, "part_origin": "part_origin", "strand": "strand"}
SPELLING = "words"

MARKDOWN = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: keep the alt text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: keep the text
    (re.compile(r"^!!!\s*\w+\s*(?:\"([^\"]*)\")?", re.M), r"\1"),  # admonitions: keep the title
    (re.compile(r"<[^>\n]+>"), " "),  # inline HTML tags
    (re.compile(r"^\s{0,3}(?:#{1,6}|[-*+]|\d+[.)]|>)\s+", re.M), ""),  # headings, lists, quotes
    (re.compile(r"[*_`~|]+"), " "),  # emphasis, code, tables
    (re.compile(r"[ \t]+"), " "),
]


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


def plain_text(markdown: str) -> str:
    """The words of a Markdown body, without its markup."""
    for pattern, repl in MARKDOWN:
        markdown = pattern.sub(repl, markdown)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip()


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
        SPELLING: "\n".join((meta.title, meta.summary, details, text)),
    }
    for lg in LANGS:
        labels, other_labels = _labels(meta, lg)
        head = {"labels": labels} | ({"title": meta.title, "summary": meta.summary}
                                     if lg == lang else {})
        rest = {"terms": other_labels} | ({"details": details, "body": text} if lg == lang else {})
        fields[text_field(lg)] = sectioned(head | rest)
        fields[head_field(lg)] = sectioned(head)
    for name, values in facet_values(kind, meta).items():
        if values:
            fields[name] = "\n".join(values)
            fields[f"_stored_{name}"] = values
    return fields


def body_text(body: str) -> str:
    """The words of a body, without markup or the standard section headings."""
    return plain_text(_without_standard_headings(body))


def details_text(meta: Repair | Workshop) -> str:
    """The short texts of the front matter (tags, machine, symptoms, objectives...)."""
    return "\n".join(_details(meta))


def _without_standard_headings(body: str) -> str:
    """The required section headings are in every write-up: they tell nothing apart."""
    keys, lines = section_keys(), body.split("\n")
    for i, text in headings(body):
        if fold(text).strip(" :.") in keys:
            lines[i] = ""
    return "\n".join(lines)


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


def _details(meta: Repair | Workshop) -> Iterator[str]:
    """The short texts of the front matter, in the document's language."""
    yield from meta.tags
    if isinstance(meta, Repair):
        yield from _repair_details(meta)
    else:
        yield from _workshop_details(meta)


def _repair_details(meta: Repair) -> Iterator[str]:
    eq, plant = meta.equipment, meta.plant
    yield from _given(eq.name, eq.make, eq.model, eq.subunit, plant.name, plant.city, plant.state)
    if meta.battle:
        yield meta.battle.name
    yield from meta.failure.symptoms
    yield from meta.failure.causes
    for part in meta.parts:
        yield from _given(part.name, part.replaces, part.material)
    yield from (tool.name for tool in meta.tools)
    yield from meta.safety
    for image in meta.images:
        yield from _given(image.alt, image.depicts)


def _workshop_details(meta: Workshop) -> Iterator[str]:
    yield meta.why
    yield from meta.objectives
    yield from meta.questions
    yield from meta.keypoints
    yield from meta.setup
    yield from (m.item for m in meta.materials)
    for act in meta.activities:
        yield from _given(act.title, act.description, act.facilitator_notes)
        yield from act.debrief
    yield from (h.title for h in meta.handouts)
    yield from _given(meta.participants.profile, meta.evaluation)


def _given(*values: str | None) -> Iterator[str]:
    yield from (v for v in values if v)
