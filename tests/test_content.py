"""The real content: clean, translated, and every fact traceable to a cited source."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from builder.check.checker import check

from .conftest import ROOT

CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def report():
    return check(CONTENT)


def test_content_is_clean(report):
    assert [p for p in report.problems if p.is_error] == []


def test_enough_documents_each_translated(report):
    by = Counter((d.kind, d.meta.status, d.lang) for d in report.documents)
    assert by[("repair", "documented", "es")] >= 12
    assert by[("repair", "documented", "en")] == by[("repair", "documented", "es")]
    workshops_es = sum(n for (k, _, lang), n in by.items() if k == "workshop" and lang == "es")
    workshops_en = sum(n for (k, _, lang), n in by.items() if k == "workshop" and lang == "en")
    assert workshops_es >= 5 and workshops_en == workshops_es
    examples = {d.id for d in report.documents if d.meta.status == "example"}
    assert len(examples) <= 3


def test_documented_write_ups_cite_the_bibliography(report):
    bibliography = yaml.safe_load((CONTENT / "bibliography.yaml").read_text(encoding="utf-8"))
    cited = set()
    for doc in report.documents:
        if doc.meta.status != "documented":
            continue
        assert doc.meta.sources, doc.src.rel
        for source in doc.meta.sources:
            assert source.ref in bibliography, f"{doc.src.rel}: {source.ref or source.title}"
            cited.add(source.ref)
    assert cited, "no documented write-up cites a source"
    # every seed document is in the bibliography, with the facts a reader needs
    for key, entry in bibliography.items():
        assert entry.get("title") and entry.get("date"), key


def test_unknowns_are_marked_not_invented(report):
    for doc in report.documents:
        meta = doc.meta
        if doc.kind != "repair" or meta.status != "documented":
            continue
        if meta.failure.mode == "unknown":
            assert meta.completeness in ("stub", "partial"), doc.src.rel


def test_workshops_need_no_electricity_or_internet(report):
    for doc in report.documents:
        if doc.kind == "workshop":
            needs = doc.meta.needs
            assert needs and not (needs.electricity or needs.internet or needs.projector)
            assert doc.meta.activities and doc.meta.keypoints and doc.meta.materials
