"""Queries as a worker types them on a phone, against `kb search` and the browser.

Each case names the write-ups that answer it (any of them in the top 3 counts):
spelling slips of each kind (b/v, c/s/z, g/j, silent h, ll/y, n/m, rr/r), a
letter dropped, doubled or swapped, plurals, regional and trade words, English,
and two-word queries. ``recall_at_3`` is the share of cases answered; run this
file with ``-s`` to see it and the misses for both searches.
"""

from __future__ import annotations

import re

import pytest

from builder.search.query import SearchIndex

from .browser_helpers import CHROMIUM, open_page
from .conftest import ROOT

PUMP = "ejemplo-bomba-centrifuga-camisa-fabricada"
COLD = "ejemplo-cuarto-frio-fuga-refrigerante"
GEAR = "ejemplo-reductor-transportador-rodamiento"
FREEZERS = "el-maizal-congeladores-de-cerdo"
VALVES = "inveval-valvulas-reparacion-y-mantenimiento"
OVEN = "la-gaviota-horno-harina-pescado"
MINCER = "la-gaviota-picadora-y-enlatadora"
CYLINDERS = "plantas-bombonas-de-gas-corpivensa"
MEASURE = "medicion-de-piezas-calibrador-micrometro"
COMMUNAL_GAS = "cacique-tamanaco-gas-comunal"
REFINERY = "refineria-amuay"
COOLING = (COLD, FREEZERS)

# (kind of case, query, write-ups that answer it)
CASES: list[tuple[str, str, tuple[str, ...]]] = [
    ("b/v", "balvula", (VALVES,)),
    ("b/v", "valbulas", (VALVES,)),
    ("b/v", "balbulas", (VALVES,)),
    ("b/v", "vombonas", (CYLINDERS,)),
    ("b/v", "vomba sentrifuga", (PUMP,)),
    ("b/v", "calivrador", (MEASURE,)),
    ("c/s/z", "sentrifuga", (PUMP,)),
    ("c/s/z", "medir piesas", (MEASURE,)),
    ("c/s/z", "picadora de zardinas", (MINCER,)),
    ("c/s/z", "conjeladores de serdo", (FREEZERS,)),
    ("g/j", "refrijeracion", (COLD,)),
    ("g/j", "conjelador", COOLING),
    ("g/j", "refrijerante", COOLING),
    ("h", "orno de arina", (OVEN,)),
    ("h", "arina de pescado", (OVEN,)),
    ("ll/y", "torniyo", (GEAR, MEASURE)),
    ("n/m", "conpresor", COOLING),
    ("n/m", "enpaquetadura", (PUMP,)),
    ("n/m", "bonbonas de gas", (CYLINDERS,)),
    ("n/m", "bonba centrifuga", (PUMP,)),
    ("rr/r", "motoreductor", (GEAR,)),
    ("rr/r", "refrijerante de cuarto frio", (COLD,)),
    ("dropped", "refrigeracon", (COLD,)),
    ("dropped", "empaquetdura", (PUMP,)),
    ("dropped", "rodamieto", (GEAR,)),
    ("dropped", "evaporadr", (COLD,)),
    ("dropped", "termotato", (COLD,)),
    ("dropped", "condensdor", (COLD,)),
    ("extra", "valvulla", (VALVES,)),
    ("extra", "harrina de pescado", (OVEN,)),
    ("swapped", "compersor", COOLING),
    ("swapped", "micormetro", (MEASURE,)),
    ("swapped", "transpotrador", (GEAR,)),
    ("plural", "compresores", COOLING),
    ("plural", "rodamientos", (GEAR,)),
    ("plural", "empaquetaduras", (PUMP,)),
    ("plural", "evaporadores", (COLD,)),
    ("plural", "bombas centrifugas", (PUMP,)),
    ("plural", "enlatadoras", (MINCER,)),
    ("plural", "calibradores", (MEASURE,)),
    ("plural", "termostatos", (COLD,)),
    ("regional", "balinera", (GEAR,)),
    ("regional", "balineras", (GEAR,)),
    ("regional", "cojinete", (GEAR,)),
    ("regional", "cava", (COLD,)),
    ("regional", "nevera", COOLING),
    ("regional", "camara frigorifica", (COLD,)),
    ("regional", "garrafa", (CYLINDERS, COMMUNAL_GAS)),
    ("regional", "estopa", (PUMP,)),
    ("regional", "caja reductora", (GEAR,)),
    ("regional", "prensaestopa", (PUMP,)),
    ("english", "compressor", COOLING),
    ("english", "gearbox", (GEAR,)),
    ("english", "bearing", (GEAR,)),
    ("english", "centrifugal pump", (PUMP,)),
    ("english", "cold room", (COLD,)),
    ("english", "gland packing", (PUMP,)),
    ("english", "caliper", (MEASURE,)),
    ("english", "gas cylinders", (CYLINDERS,)),
    ("two-word", "fuga de gas", (COLD,)),
    ("two-word", "cuarto frio no enfria", (COLD,)),
    ("two-word", "rodamiento dañado", (GEAR,)),
    ("two-word", "camisa de eje", (PUMP,)),
    ("two-word", "linea de liquido", (COLD,)),
    ("two-word", "horno no calienta", (OVEN,)),
    ("two-word", "crudo gasolina", (REFINERY, "complejo-refinador-paraguana")),
]
URL = re.compile(r"/(?:en/)?(?:reparaciones|repairs|talleres|workshops)/([^/]+)/index\.html$")


def recall_at_3(top3: dict[str, list[str]]) -> tuple[float, list[str]]:
    """Share of cases with an answer in their top 3, and the queries that have none."""
    misses = [q for _, q, want in CASES if not set(want) & set(top3[q][:3])]
    return 1 - len(misses) / len(CASES), misses


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("worker-index")
    with SearchIndex.open(ROOT / "content", folder) as ix:
        yield ix


def kb_top3(ix: SearchIndex) -> dict[str, list[str]]:
    return {q: [h.id for h in ix.search(q, limit=3).hits] for _, q, _ in CASES}


def test_cases_name_write_ups_that_exist():
    assert len(CASES) >= 60
    for _, _, want in CASES:
        for doc_id in want:
            assert any((ROOT / "content" / k / doc_id).is_dir() for k in ("repairs", "workshops"))


def test_kb_search_recall(real):
    recall, misses = recall_at_3(kb_top3(real))
    print(f"\nkb search recall@3: {recall:.3f} ({len(CASES) - len(misses)}/{len(CASES)});"
          f" misses: {misses}")
    assert recall >= 0.95, misses


RUN = """async (q) => {
  const root = document.querySelector('.kb-search');
  const status = root.querySelector('.kb-status');
  root.querySelector('.kb-results').innerHTML = '';
  status.textContent = '';
  root.querySelector('input[type=search]').value = q;
  root.querySelector('form').dispatchEvent(new Event('submit', {cancelable: true}));
  for (let i = 0; i < 400 && !status.textContent; i++) await new Promise(r => setTimeout(r, 10));
  await new Promise(r => setTimeout(r, 20));
  return [...root.querySelectorAll('.kb-results li > a')].map(a => a.href);
}"""


def browser_top3(browser, site) -> dict[str, list[str]]:
    """The browser's top 3 for every case: the query typed whole, then Enter."""
    base = site.as_uri() + "/"
    page = open_page(browser, base)
    page.goto(base + "buscar/index.html")
    page.wait_for_function("document.querySelector('.kb-search--ready')")
    out = {}
    for _, q, _ in CASES:
        hrefs = page.evaluate(RUN, q)
        out[q] = [m.group(1) for m in map(URL.search, hrefs) if m][:3]
    assert page.kb_errors == [] and page.kb_external == []
    page.context.close()
    return out


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs)")
def test_browser_recall(browser, real_site):
    recall, misses = recall_at_3(browser_top3(browser, real_site))
    print(f"\nbrowser recall@3: {recall:.3f} ({len(CASES) - len(misses)}/{len(CASES)});"
          f" misses: {misses}")
    assert recall >= 0.95, misses
