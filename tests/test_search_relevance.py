"""Relevance against the real content: the expected write-up is in the top 3.

Queries as a worker would type them: with and without accents, singular and
plural, Spanish and English, with facet filters.
"""

from __future__ import annotations

import pytest

from builder.search.query import Filters, SearchIndex

from .conftest import ROOT

OVEN = "la-gaviota-horno-harina-pescado"
VALVES = "inveval-valvulas-reparacion-y-mantenimiento"
FREEZERS = "el-maizal-congeladores-de-cerdo"
MINCER = "la-gaviota-picadora-y-enlatadora"
AMUAY = "refineria-amuay"
CYLINDERS = "plantas-bombonas-de-gas-corpivensa"

CASES = [
    # (query, filters, expected id, expected language of that hit or None)
    ("horno harina de pescado", {}, OVEN, None),
    ("horno de harina de pescado", {}, OVEN, "es"),
    ("hornos", {}, OVEN, None),
    ("horno no calienta", {}, OVEN, None),
    ("HORNO", {"sector": "fisheries"}, OVEN, None),
    ("horno", {"machine_class": "oven", "lang": "es"}, OVEN, "es"),
    ("oven", {"lang": "en"}, OVEN, "en"),
    ("ovens", {"lang": "en"}, OVEN, "en"),
    ("fish meal oven", {}, OVEN, "en"),
    ("valvula", {}, VALVES, None),
    ("valvulas", {}, VALVES, None),
    ("válvula", {}, VALVES, None),
    ("válvulas", {}, VALVES, "es"),
    ("VÁLVULA", {}, VALVES, None),
    ("reparacion de valvulas", {}, VALVES, "es"),
    ("reparación y mantenimiento de válvulas", {"kind": "repair"}, VALVES, "es"),
    ("valve", {"lang": "en"}, VALVES, "en"),
    ("valves repair", {"kind": "repair", "lang": "en"}, VALVES, "en"),
    ("congeladores", {}, FREEZERS, None),
    ("congelador", {}, FREEZERS, "es"),
    ("congeladores de cerdo", {"machine_class": "freezer"}, FREEZERS, None),
    ("freezers", {"lang": "en"}, FREEZERS, "en"),
    ("freezer", {}, FREEZERS, None),  # a Venezuelan word too: see schema/synonyms.yaml
    ("picadora de sardinas", {}, MINCER, "es"),
    ("sardine mincer", {"lang": "en"}, MINCER, "en"),
    ("refineria", {}, AMUAY, None),
    ("refinería de Amuay", {}, AMUAY, "es"),
    ("Amuay refinery", {"lang": "en"}, AMUAY, "en"),
    ("bombonas de gas", {}, CYLINDERS, "es"),
    ("gas cylinders", {"lang": "en"}, CYLINDERS, "en"),
    ("dibujo a mano alzada", {"kind": "workshop"}, "dibujo-a-mano-alzada-piezas-mecanicas", "es"),
]


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("real-index")
    with SearchIndex.open(ROOT / "content", folder) as ix:
        yield ix


def _present(doc_id: str, kind: str = "repairs") -> bool:
    return (ROOT / "content" / kind / doc_id / "index.md").is_file()


@pytest.mark.parametrize(("text", "filters", "expected", "lang"), CASES,
                         ids=[f"{c[0]}{'+' if c[1] else ''}{','.join(c[1].values())}"
                              for c in CASES])
def test_expected_write_up_in_top_3(real, text, filters, expected, lang):
    kind = "workshops" if filters.get("kind") == "workshop" else "repairs"
    if not _present(expected, kind):
        pytest.skip(f"{expected} is not in content/ yet")
    found = real.search(text, Filters(**filters), limit=3)
    top = [(h.id, h.lang) for h in found.hits]
    assert expected in [i for i, _ in top], top
    if lang:
        assert (expected, lang) in top, top


@pytest.mark.parametrize(("text", "filters"), [c[:2] for c in CASES if c[1]])
def test_filters_are_respected(real, text, filters):
    for hit in real.search(text, Filters(**filters), limit=10).hits:
        values = {"kind": [hit.kind], "lang": [hit.lang], **hit.facets}
        for name, value in filters.items():
            assert value in values.get(name, []), (hit.id, name)


def test_a_word_spelled_by_ear_is_found_without_a_suggestion(real):
    found = real.search("valbulas")
    assert found.suggestion is None and found.hits[0].id == VALVES


def test_nothing_found_searches_the_nearest_spanish_words(real):
    found = real.search("cmpresr")  # two edits in seven letters: more than a typo
    assert found.corrected and found.suggestion == "compresor", found.suggestion
    assert found.hits[0].id in (FREEZERS, "ejemplo-cuarto-frio-fuga-refrigerante")
    assert real.search("neverr").suggestion is None  # "nevera": no English "never"
