"""Facilitator guides: numbers for a chosen group size and start time (Python and the
browser agree), PDFs for A4 and Letter with handouts at true scale (measured in the
PDF), one PDF per handout, and the printed guide showing what was chosen."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from builder.site import guides, quantities

from .pdf_reading import pages

ROOT = Path(__file__).parent.parent
JS = ROOT / "builder" / "site" / "static" / "facilitator.js"
DRAWING = ROOT / "content" / "workshops" / "dibujo-a-mano-alzada-piezas-mecanicas"
GUIDE = "talleres/ejemplo-medir-piezas/guia"


# -- the numbers -------------------------------------------------------------------------

CASES = [  # quantity, per, round_to, at_least
    (2, "person", None, None), (1, "group", None, None), (4, "workshop", None, None),
    (0.5, "person", None, None), (0.1, "person", 0.1, None), (0.25, "group", 0.5, None),
    (3, "person", 10, None), (1, "group", None, 4), (0.3, "person", None, 2),
]


def test_rules_by_hand():
    assert quantities.groups(13, 4) == 4 and quantities.groups(12, 4) == 3
    assert quantities.groups(1, 5) == 1
    assert quantities.total(0.1, "person", 3, 1, round_to=0.1) == 0.3  # not 0.4
    assert quantities.total(3, "person", 12, 3, round_to=10) == 40  # packs of 10
    assert quantities.total(0.5, "person", 7, 2) == 4  # whole units, up
    assert quantities.total(1, "group", 4, 1, at_least=2) == 2
    assert quantities.shown(2.5) == "2.5" and quantities.shown(4.0) == "4"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_browser_and_python_compute_the_same_totals():
    sizes = [1, 4, 7, 12, 13, 20, 37]
    cases = [(q, per, r, least, size, quantities.groups(size, 4))
             for (q, per, r, least), size in itertools.product(CASES, sizes)]
    script = (f"const f = require({json.dumps(str(JS))});"
              f"const cases = {json.dumps(cases)};"
              "console.log(JSON.stringify(cases.map(c => "
              "[f.groups(c[4], 4),"
              " f.shown(f.total(c[0], c[1], c[4], c[5], c[2] || 0, c[3] || 0))])));")
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60,
                          check=True)
    browser = json.loads(done.stdout)
    python = [[g, quantities.shown(quantities.total(q, per, size, g, r, least))]
              for q, per, r, least, size, g in cases]
    assert browser == python


# -- PDFs ----------------------------------------------------------------------------------


def grid_pitch(page) -> float:
    """The most common distance (mm) between neighbouring long vertical lines."""
    xs = sorted({round(x1, 2) for x1, y1, x2, y2 in page.segments
                 if abs(x1 - x2) < 0.01 and abs(y1 - y2) > 20})
    steps = Counter(round(b - a, 2) for a, b in zip(xs, xs[1:], strict=False))
    assert steps, "no grid found"
    return steps.most_common(1)[0][0]


@pytest.mark.parametrize("paper", sorted(guides.PAPERS))
def test_worksheet_pdf_true_scale(paper):
    # Hoja 2: a 5 mm grid ("check the squares with a ruler" says the guide).
    html = guides.sheet_html("hoja-2-tres-vistas.svg", "Hoja 2", "es", paper)
    pdf = guides.weasyprint_pdf(None)(html, DRAWING)
    (page,) = pages(pdf)
    size = guides.PAPERS[paper]
    assert abs(page.width - size.width) < 0.2 and abs(page.height - size.height) < 0.2
    assert abs(grid_pitch(page) - 5) <= 0.1


def test_built_guides_a4_letter_and_sheets(built_site):
    folder = built_site / GUIDE
    a4 = pages((folder / guides.pdf_name("ejemplo-medir-piezas")).read_bytes())
    letter = pages((folder / guides.pdf_name("ejemplo-medir-piezas", "letter")).read_bytes())
    assert {(round(p.width), round(p.height)) for p in a4} == {(210, 297)}
    assert {(round(p.width, 1), round(p.height, 1)) for p in letter} == {(215.9, 279.4)}
    # A short plan is a short guide: its three activities flow, the handout has its page.
    assert len(a4) <= 3 and len(letter) <= 3
    for paper in guides.PAPERS:
        sheet = folder / guides.sheet_pdf_name("hoja.svg", paper, "es")
        assert len(pages(sheet.read_bytes())) == 1
    page = built_site / "talleres/ejemplo-medir-piezas/index.html"
    html = page.read_text(encoding="utf-8")
    for paper in guides.PAPERS:
        assert f'guia/{guides.sheet_pdf_name("hoja.svg", paper, "es")}"' in html
        assert f'guia/{guides.pdf_name("ejemplo-medir-piezas", paper, "es")}"' in html


# -- in the browser: 12 people from 09:30 ----------------------------------------------------


def numbers(page) -> dict:
    return {"note": page.locator("[data-kb-size-note]").first.inner_text(),
            "totals": page.locator("[data-kb-total]").all_inner_texts(),
            "times": page.locator("[data-kb-offset]").all_inner_texts()}


def test_twelve_people_on_the_page_and_in_print(built_site, browser):
    from .browser_helpers import open_page

    base = built_site.resolve().as_uri()
    page = open_page(browser, base)
    page.goto(f"{base}/talleres/ejemplo-medir-piezas/index.html")
    assert numbers(page)["totals"] == ["4", "16"]  # the plan's 16 people, groups of 5
    page.fill("[data-kb-size]", "12")
    page.fill("[data-kb-start]", "09:30")
    shown = numbers(page)
    assert shown["totals"] == ["3", "12"]  # 3 calibres (groups of 5, counted up), 12 pencils
    assert "12" in shown["note"] and "3" in shown["note"]
    assert shown["times"][0] == "09:30" and shown["times"][1] == "09:45"  # after 15 min
    page.emulate_media(media="print")
    assert numbers(page) == shown
    # The guide gets both through its link, on screen and printed.
    page.emulate_media(media="screen")
    page.click("a[data-kb-carry]")
    page.wait_for_load_state()
    assert "personas=12" in page.url and "inicio=09:30" in page.url
    page.emulate_media(media="print")
    guide = numbers(page)
    assert guide["totals"] == ["3", "12"] and guide["times"][:2] == ["09:30", "09:45"]
    assert page.locator("[data-kb-guide-for]").inner_text() == "Para 12 personas · inicio 09:30"
    assert page.locator("[data-kb-guide-for]").is_visible()
    assert page.kb_errors == [] and page.kb_external == []


def test_size_in_the_address_and_outside_the_plan(built_site, browser):
    from .browser_helpers import open_page

    base = built_site.resolve().as_uri()
    page = open_page(browser, base)
    page.goto(f"{base}/talleres/ejemplo-medir-piezas/guia/index.html?personas=30")
    assert numbers(page)["totals"] == ["6", "30"]
    assert "4 a 16" in page.locator("[data-kb-size-warning]").inner_text()
    page.goto(f"{base}/talleres/ejemplo-medir-piezas/index.html?personas=x&inicio=25:99")
    assert numbers(page)["totals"] == ["4", "16"] and numbers(page)["times"][0] == "08:00"
