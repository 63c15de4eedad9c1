"""Open data in the built site (datos/): the JSON validates against its published
schema, the CSV parses with one row per repair, the Atom feed is well-formed with
links relative to it that lead to pages of the site."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
from pathlib import Path

import jsonschema
import pytest
from defusedxml import ElementTree
from referencing import Registry, Resource

from builder.check.checker import check
from builder.load.source import discover
from builder.site import opendata
from builder.site.model import SiteModel

from .conftest import VALID, make_project

ATOM = "{http://www.w3.org/2005/Atom}"


def published(site: Path, name: str) -> str:
    return (site / opendata.FOLDER / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def data(built_site) -> dict:
    return json.loads(published(built_site, opendata.DATA))


def _validator(site: Path) -> jsonschema.Draft202012Validator:
    """A validator that reads every schema from the site itself, as a reuser would."""
    folder = site / opendata.FOLDER
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8"))
               for p in folder.glob("*.schema.json")}
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema)) for name, schema in schemas.items())
    return jsonschema.Draft202012Validator(
        schemas[opendata.SCHEMA], registry=registry,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_json_validates_against_its_published_schema(built_site, data):
    assert data["$schema"] == opendata.SCHEMA
    assert data["version"] == opendata.VERSION
    errors = [f"{list(e.absolute_path)}: {e.message}"
              for e in _validator(built_site).iter_errors(data)]
    assert errors == []


def test_schema_refuses_what_it_should(built_site, data):
    validator = _validator(built_site)
    broken = json.loads(json.dumps(data))
    broken["repairs"][0]["meta"]["plant"]["sector"] = 12  # a field of the editors' schema
    assert not validator.is_valid(broken)
    del broken["version"]
    assert not validator.is_valid(broken)


def test_every_document_is_in_the_json_with_its_pages(built_site, data):
    files = discover(VALID / "content")
    documents = data["repairs"] + data["workshops"]
    assert len(documents) == len(files)
    for doc in documents:
        assert (built_site / doc["page"]).is_file(), doc["page"]
        for page in doc["translations"].values():
            assert (built_site / page).is_file(), page
        assert doc["meta"]["id"] == doc["id"] and doc["meta"]["lang"] == doc["lang"]
    source = next(p for p in files if "repairs" in p.parts and p.name == "index.md")
    body = source.read_text(encoding="utf-8").split("---", 2)[2]
    mine = next(d for d in data["repairs"] if d["id"] == source.parent.name and
                d["meta"].get("translation_of") is None)
    assert mine["body"].strip() == body.strip()


def test_csv_has_one_row_per_repair(built_site, data):
    rows = list(csv.DictReader(io.StringIO(published(built_site, opendata.CSV_FILE))))
    ids = {d["id"] for d in data["repairs"]}
    assert sorted(r["id"] for r in rows) == sorted(ids)
    assert list(rows[0]) == list(opendata.CSV_COLUMNS)
    for row in rows:
        original = next(d for d in data["repairs"] if d["id"] == row["id"] and
                        "translation_of" not in d["meta"])
        assert row["title"] == " ".join(original["meta"]["title"].split())
        assert row["sector"] == original["meta"]["plant"]["sector"]
        assert (built_site / row["page"]).is_file()


@pytest.mark.parametrize("text", ["=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)"])
def test_csv_cells_never_run_as_formulas(text):
    assert opendata._cell(text) == "'" + text
    assert opendata._cell("válvula = 3") == "válvula = 3"


def test_feed_is_well_formed_atom_with_relative_links(built_site, data):
    text = published(built_site, opendata.FEED)
    root = ElementTree.fromstring(text.encode("utf-8"))
    assert root.tag == ATOM + "feed"
    entries = root.findall(ATOM + "entry")
    originals = [d for d in data["repairs"] if "translation_of" not in d["meta"]]
    assert len(entries) == min(len(originals), opendata.FEED_SIZE) > 0
    stamp = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
    assert stamp.match(root.findtext(ATOM + "updated"))
    ids = [e.findtext(ATOM + "id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("tag:") for i in ids)
    links = [link.get("href") for link in root.iter(ATOM + "link")]
    for href in links:
        assert "://" not in href and not href.startswith("/"), href
        target = posixpath.normpath(posixpath.join(opendata.FOLDER, href))
        assert (built_site / target).is_file(), href
    for entry in entries:
        assert stamp.match(entry.findtext(ATOM + "updated"))
        assert entry.findtext(ATOM + "title") and entry.findtext(ATOM + "summary")


def test_kb_json_is_put_together_from_kept_parts_as_one_dump_would_be(tmp_path, monkeypatch):
    """kb.json's text is that of one ``json.dumps`` of the whole, whether each document's
    part is dumped now or taken from the cache; after one change, only that document's
    part is dumped again."""
    root = make_project(tmp_path)
    documents = check(root / "content", similar=False).documents
    assert {d.kind for d in documents} == {"repair", "workshop"}
    assert any(d.meta.translation_of for d in documents)  # a part with translations
    real, parts = json.dumps, []

    def text() -> tuple[str, str]:
        whole = real(opendata.data(SiteModel(documents)), ensure_ascii=False, indent=1)
        parts.clear()
        return "".join(opendata.data_parts(SiteModel(documents))), whole

    def dumps(value, **kw) -> str:
        parts.append(isinstance(value, dict) and "body" in value)  # a document's part
        return real(value, **kw)

    monkeypatch.setattr(opendata.json, "dumps", dumps)
    made, whole = text()
    assert made == whole and parts.count(True) == len(documents)  # every part dumped
    made, whole = text()
    assert made == whole and parts.count(True) == 0  # every part kept
    changed = next(d for d in documents if d.kind == "repair")
    changed.src.raw += b"\n"  # another file hash: its part is dumped again
    changed.src.body += "Una línea más.\n"
    made, whole = text()
    assert made == whole and parts.count(True) == 1
    assert real(changed.src.body, ensure_ascii=False) in made
