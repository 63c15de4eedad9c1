"""Open data: every write-up and workshop as files other sites and researchers can reuse.

Published in ``datos/`` beside the pages (nothing fetched, nothing absolute):
- ``kb.json``: every document (originals and translations) with its front matter,
  its Markdown body and its page; a ``version`` and a ``$schema`` link;
- ``kb.schema.json``: the JSON Schema of ``kb.json``; a document's fields follow
  ``repair.schema.json`` and ``workshop.schema.json``, the editors' schemas, also here;
- ``reparaciones.csv``: one row per repair (its original language), UTF-8;
- ``novedades.xml``: an Atom feed of the newest write-ups, links relative to it.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import schema
from builder.core import cache
from builder.site.model import LANGS, Generated, SiteModel, page_uri
from schema.vocabularies import interface

FOLDER = "datos"
VERSION = "1.0"  # of kb.json's shape: a new major number when a reader must change
DATA, SCHEMA, CSV_FILE, FEED = "kb.json", "kb.schema.json", "reparaciones.csv", "novedades.xml"
EDITOR_SCHEMAS = ("repair", "workshop")
SCHEMA_DIR = Path(schema.__file__).parent / "json"  # written by `kb schema`
FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"
LICENSE = "CC-BY-SA-4.0 (salvo que el documento diga otra / unless the document says otherwise)"
CSV_COLUMNS = (
    "id", "lang", "title", "summary", "page", "translations", "status", "plant", "city",
    "state", "country", "sector", "ownership", "machine_class", "equipment", "make", "model",
    "year", "failure_mode", "outcome", "capacity_before_pct", "capacity_after_pct",
    "date_started", "date_finished", "duration_days", "volunteers", "plant_workers", "battle",
    "workshops", "license", "updated")
FORMULA_START = ("=", "+", "-", "@")  # a spreadsheet would run such a cell as a formula


def generate(model: SiteModel, schema_dir: Path = SCHEMA_DIR) -> Iterator[Generated]:
    """The open-data files of the site (``schema_dir``: the editors' JSON Schemas).

    kb.json holds every document whole, so it changes with any of them: it is made
    when written (``make``), under the corpus's key. A build that keeps it makes
    none of it (seconds of JSON at 10,000 write-ups), and a build that writes it
    does so while the page loop's child process writes its pages
    (builder.site.pageloop)."""
    yield Generated(f"{FOLDER}/{DATA}", key=cache.digest("opendata", DATA, model.corpus_key),
                    make=lambda: [*data_parts(model), "\n"])
    yield Generated(f"{FOLDER}/{SCHEMA}", json.dumps(data_schema(), indent=2) + "\n")
    for kind in EDITOR_SCHEMAS:
        yield Generated(f"{FOLDER}/{kind}.schema.json",
                        (schema_dir / f"{kind}.schema.json").read_text(encoding="utf-8"))
    yield Generated(f"{FOLDER}/{CSV_FILE}", repairs_csv(model))
    yield Generated(f"{FOLDER}/{FEED}", feed(model))


def page_html(kind: str, doc_id: str, lang: str) -> str:
    """A document's page, relative to the site's root."""
    return page_uri(kind, doc_id, lang).removesuffix(".md") + ".html"


def _documents(model: SiteModel):
    return sorted(model.documents, key=lambda d: (d.kind, d.id, d.lang))


def _langs(model: SiteModel, kind: str, doc_id: str) -> list[str]:
    """The languages a document is in (a lookup per language: the corpus is not walked)."""
    return sorted(lang for lang in LANGS if model.has(kind, doc_id, lang))


def data(model: SiteModel) -> dict:
    """``kb.json``: every document, originals and translations."""
    found: dict[str, list] = {"repairs": [], "workshops": []}
    for doc in _documents(model):
        found[doc.kind + "s"].append(_entry(model, doc))
    return {**_head(model), **found}


def _head(model: SiteModel) -> dict:
    return {"$schema": SCHEMA, "version": VERSION,
            "title": interface()["site_name"], "license": LICENSE,
            "updated": _latest(model).isoformat()}


def _entry(model: SiteModel, doc) -> dict:
    return {
        "kind": doc.kind,
        "id": doc.id,
        "lang": doc.lang,
        "page": page_html(doc.kind, doc.id, doc.lang),
        "translations": {lang: page_html(doc.kind, doc.id, lang)
                         for lang in _langs(model, doc.kind, doc.id) if lang != doc.lang},
        "meta": doc.meta.model_dump(mode="json", exclude_none=True, exclude_defaults=True,
                                    by_alias=True),
        "body": doc.src.body,
    }


def data_parts(model: SiteModel) -> list[str]:
    """kb.json's text in pieces (joined: ``json.dumps(data(model), ensure_ascii=False,
    indent=1)``), put together from each document's part as kept in the
    project's cache (the "opendata" store, under the hash of its file and its
    languages): a rebuild writes only the changed documents as JSON again, where the
    whole file is 50 MB at 10,000 write-ups, and the pieces are written one after the
    other, never joined in memory. A document's part is its own dump indented two more
    spaces (JSON strings hold no newline)."""
    found: dict[str, list[str]] = {"repairs": [], "workshops": []}
    for doc in _documents(model):
        found[doc.kind + "s"].append(_entry_text(model, doc))
    cache.save("opendata")
    out = ["{\n" + ",\n".join(f" {_json(key)}: {_json(value, 1)}"
                               for key, value in _head(model).items())]
    for key, parts in found.items():
        if not parts:
            out.append(f",\n {_json(key)}: []")
            continue
        out.append(f",\n {_json(key)}: [\n  ")
        for n, part in enumerate(parts):
            out += [",\n  ", part] if n else [part]
        out.append("\n ]")
    out.append("\n}")
    return out


def _json(value, depth: int = 0) -> str:
    """``value`` as ``json.dumps(..., indent=1)`` writes it ``depth`` levels down."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * depth)


def _entry_text(model: SiteModel, doc) -> str:
    store = cache.store(cache.of_source(doc.src.path, doc.src.rel), "opendata",
                        per_document=True)
    key = cache.digest(doc.kind, doc.id, doc.lang, model.digest(doc),
                       _langs(model, doc.kind, doc.id))
    return store.get(key, lambda: _json(_entry(model, doc), 2))


def data_schema() -> dict:
    """The JSON Schema of ``kb.json``."""

    def document(kind: str) -> dict:
        return {
            "type": "object",
            "required": ["kind", "id", "lang", "page", "translations", "meta", "body"],
            "additionalProperties": False,
            "properties": {
                "kind": {"const": kind},
                "id": {"type": "string"},
                "lang": {"enum": ["es", "en"]},
                "page": {"type": "string", "description": "Page, relative to the site root."},
                "translations": {"type": "object",
                                 "additionalProperties": {"type": "string"}},
                "meta": {"$ref": f"{kind}.schema.json",
                         "description": "The front matter, as kb check accepts it."},
                "body": {"type": "string", "description": "The Markdown body."},
            },
        }

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA,
        "title": "EPO knowledge base: open data",
        "description": "Repair write-ups and workshops of the EPO knowledge base "
                       f"(kb.json, version {VERSION}).",
        "type": "object",
        "required": ["$schema", "version", "title", "license", "updated", "repairs",
                     "workshops"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string"},
            "version": {"type": "string", "pattern": r"^1\.\d+$"},
            "title": {"type": "object", "additionalProperties": {"type": "string"}},
            "license": {"type": "string"},
            "updated": {"type": "string", "format": "date"},
            "repairs": {"type": "array", "items": document("repair")},
            "workshops": {"type": "array", "items": document("workshop")},
        },
    }


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    text = " ".join(str(value).split())
    return "'" + text if text.startswith(FORMULA_START) else text


def repair_row(model: SiteModel, doc) -> dict[str, str]:
    """One repair as a CSV row (its original language)."""
    m = doc.meta
    people = m.people
    row = {
        "id": m.id, "lang": m.lang, "title": m.title, "summary": m.summary,
        "page": page_html("repair", m.id, m.lang),
        "translations": [lang for lang in _langs(model, "repair", m.id) if lang != m.lang],
        "status": m.status, "plant": m.plant.name, "city": m.plant.city,
        "state": m.plant.state, "country": m.plant.country, "sector": m.plant.sector,
        "ownership": m.plant.ownership, "machine_class": m.equipment.class_,
        "equipment": m.equipment.name, "make": m.equipment.make, "model": m.equipment.model,
        "year": m.equipment.year, "failure_mode": m.failure.mode, "outcome": m.outcome.status,
        "capacity_before_pct": m.outcome.capacity_before_pct,
        "capacity_after_pct": m.outcome.capacity_after_pct,
        "date_started": m.date_started, "date_finished": m.date_finished,
        "duration_days": m.duration_days,
        "volunteers": people.volunteers if people else None,
        "plant_workers": people.plant_workers if people else None,
        "battle": m.battle.name if m.battle else None, "workshops": m.workshops,
        "license": m.license, "updated": m.updated,
    }
    return {key: _cell(row[key]) for key in CSV_COLUMNS}


def _originals(model: SiteModel, kind: str):
    return [model.doc(kind, i, "es") if model.doc(kind, i, "es").meta.translation_of is None
            else model.doc(kind, i, "en") for i in model.ids.get(kind, [])]


def repairs_csv(model: SiteModel) -> str:
    """``reparaciones.csv``: a header, then one row per repair."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for doc in sorted(_originals(model, "repair"), key=lambda d: d.id):
        writer.writerow(repair_row(model, doc))
    return out.getvalue()


def _date(value: str | None) -> datetime.date | None:
    """A partial date ("2021", "2021-05", "2021-05-03") as its first day."""
    if not value:
        return None
    parts = [int(p) for p in str(value).split("-")] + [1, 1]
    return datetime.date(parts[0], parts[1], parts[2])


def _doc_date(doc) -> datetime.date:
    found = [d for d in (_date(doc.meta.updated), _date(getattr(doc.meta, "date_finished", None)))
             if d]
    return max(found, default=datetime.date(2016, 1, 1))


def _latest(model: SiteModel) -> datetime.date:
    return max((_doc_date(d) for d in model.documents), default=datetime.date(2016, 1, 1))


def _stamp(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def feed(model: SiteModel) -> str:
    """``novedades.xml``: an Atom feed of the newest write-ups (originals), newest first.
    Links are relative to the feed (``../reparaciones/<id>/index.html``), so it works
    wherever the site is served; ids are tag: URIs, the same on every copy."""
    ET.register_namespace("", ATOM)

    def sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "es"})
    names = interface()["site_name"]
    sub(root, "title", f"{names['es']} / {names['en']}")
    sub(root, "subtitle", "Reparaciones nuevas / new repair write-ups")
    sub(root, "id", "tag:epo-kb,2016:repairs")
    sub(root, "updated", _stamp(_latest(model)))
    sub(root, "link", rel="self", href=FEED, type="application/atom+xml")
    sub(root, "link", rel="alternate", href="../index.html", type="text/html")
    author = sub(root, "author")
    sub(author, "name", "Ejército Productivo Obrero (EPO)")
    repairs = sorted(_originals(model, "repair"), key=lambda d: (_doc_date(d), d.id),
                     reverse=True)[:FEED_SIZE]
    for doc in repairs:
        entry = sub(root, "entry")
        entry.set("{http://www.w3.org/XML/1998/namespace}lang", doc.lang)
        sub(entry, "title", doc.meta.title)
        sub(entry, "id", f"tag:epo-kb,2016:repair/{doc.id}")
        sub(entry, "updated", _stamp(_doc_date(doc)))
        sub(entry, "link", rel="alternate", type="text/html",
            href="../" + page_html("repair", doc.id, doc.lang))
        sub(entry, "summary", doc.meta.summary)
        for name in doc.meta.authors:
            sub(sub(entry, "author"), "name", name)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"
