"""Contracts: schema files are fresh, every field and term is documented in es and en."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

from builder.document import catalogue
from builder.report.schema_export import stale_files
from schema.introspect import _fields, _unwrap
from schema.models import BibEntry, Repair, Workshop
from schema.types import SLUG
from schema.vocabularies import fold, interface, vocab, vocabularies

from .conftest import ROOT


def test_generated_files_are_fresh():
    assert stale_files(ROOT) == [], "run: kb schema"


def _all_fields(model: type[BaseModel], prefix: str = ""):
    for alias, annotation in _fields(model):
        info = next(f for n, f in model.model_fields.items() if (f.alias or n) == alias)
        yield f"{prefix}{alias}", info
        core = _unwrap(annotation)[0]
        if isinstance(core, type) and issubclass(core, BaseModel):
            yield from _all_fields(core, f"{prefix}{alias}.")


@pytest.mark.parametrize("model", [Repair, Workshop, BibEntry], ids=lambda m: m.__name__)
def test_every_field_documented_in_both_languages(model):
    for name, info in _all_fields(model):
        docs = (info.json_schema_extra or {}).get("x-doc", {})
        assert docs.get("es") and docs.get("en"), f"{model.__name__}.{name} lacks es/en docs"
        assert docs["es"] != docs["en"] or len(docs["es"]) < 12, name


def test_every_field_in_the_field_reference():
    text = (ROOT / "docs" / "fields.md").read_text(encoding="utf-8")
    for model in (Repair, Workshop):
        for name, _ in _all_fields(model):
            assert re.search(rf"`{re.escape(name)}(\[\])?`", text.replace("[].", ".")), name


def test_vocabularies_have_stable_keys_and_both_labels():
    for name, voc in vocabularies().items():
        assert voc.label["es"] and voc.label["en"], name
        for key, labels in voc.terms.items():
            assert SLUG.match(key), f"{name}: {key}"
            assert labels.get("es") and labels.get("en"), f"{name}: {key}"


def test_interface_strings_in_both_languages():
    for key, text in interface().items():
        assert set(text) == {"es", "en"}, key
        assert re.findall(r"\{\w+\}", text["es"]) == re.findall(r"\{\w+\}", text["en"]), key


def test_catalogue_is_complete_and_bilingual():
    for code in catalogue().values():
        assert code.severity in ("error", "suggestion")
        for lang in ("es", "en"):
            for part in ("title", "message", "hint"):
                assert code.text[lang][part], f"{code.code} {lang} {part}"
    doc = (ROOT / "docs" / "problem-codes.md").read_text(encoding="utf-8")
    for code in catalogue():
        assert f"`{code}`" in doc


def test_open_vocabularies_accept_local_terms_closed_do_not():
    assert vocab("machine_class").accepts("x-molino-de-bolas")
    assert not vocab("failure_mode").accepts("x-algo")
    assert vocab("machine_class").suggest("horno") == ["oven"]
    assert vocab("sector").suggest("pesca") == ["fisheries"]
    assert fold("Ñandú Válvula") == "ñandu valvula"
