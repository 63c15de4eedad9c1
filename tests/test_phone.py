"""Phone-first pages at 390 px in Debian's chromium (the real site, from file://): the
parts table shows every column, the safety notes are one box with a list, the agenda
breaks no word in the middle, the search placeholder fits its box. Screenshots are
saved in test-artifacts/ to be looked at."""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser_helpers import CHROMIUM, open_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs)"),
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
PHONE = 390
REPAIR = "ejemplo-bomba-centrifuga-camisa-fabricada"  # five parts, several safety notes
WORKSHOP = "dibujo-a-mano-alzada-piezas-mecanicas"
SHOTS = {
    "repair": f"reparaciones/{REPAIR}/index.html",
    "repair-en": f"en/repairs/{REPAIR}/index.html",
    "workshop": f"talleres/{WORKSHOP}/index.html",
    "search": "buscar/index.html",
    "search-en": "en/search/index.html",
    "home": "index.html",
}


def _phone(browser, site: Path, path: str):
    base = site.as_uri() + "/"
    page = open_page(browser, base, PHONE)
    page.goto(base + path)
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize("name", sorted(SHOTS))
def test_screenshot_fits_the_phone(browser, real_site, name):
    page = _phone(browser, real_site, SHOTS[name])
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"phone-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5000
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.context.close()


@pytest.mark.parametrize("path", [SHOTS["repair"], SHOTS["repair-en"]])
def test_parts_table_shows_every_column(browser, real_site, path):
    """Material and "Replaces" are on the screen, labelled, not scrolled out of sight."""
    page = _phone(browser, real_site, path)
    cells = page.locator(".kb-parts td")
    assert cells.count() >= 10
    for box in cells.evaluate_all("cs => cs.map(c => c.getBoundingClientRect().toJSON())"):
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE
    shown = page.locator(".kb-parts td").all_inner_texts()
    assert any(text.startswith("Material: ") for text in shown)
    assert any(text.startswith(("Reemplaza a: ", "Replaces: ")) for text in shown)
    page.context.close()


def test_safety_notes_are_one_box_with_a_list(browser, real_site):
    page = _phone(browser, real_site, SHOTS["repair"])
    assert page.locator(".admonition.kb-safety").count() == 1
    assert page.locator(".kb-safety li").count() >= 2
    titles = page.locator(".admonition-title").all_inner_texts()
    assert titles.count("Seguridad") == 1  # not one box per note
    page.context.close()


def test_agenda_breaks_no_word(browser, real_site):
    """Each word of the agenda is on one line (no "dibujam / os")."""
    page = _phone(browser, real_site, SHOTS["workshop"])
    split = page.evaluate("""() => {
        const out = [];
        for (const cell of document.querySelectorAll(".kb-agenda td")) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const re = /\\S+/g; let m;
                while ((m = re.exec(node.data))) {
                    const range = document.createRange();
                    range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
                    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                    if (lines.size > 1) out.push(m[0]);
                }
            }
        }
        return out;
    }""")
    assert page.locator(".kb-agenda td").count() >= 10
    assert split == []
    page.context.close()


@pytest.mark.parametrize("path", [SHOTS["search"], SHOTS["search-en"], SHOTS["home"]])
def test_search_placeholder_fits(browser, real_site, path):
    page = _phone(browser, real_site, path)
    box = page.locator(".kb-search input[type=search], .kb-home-search input").first
    room, text = box.evaluate("""i => {
        const s = getComputedStyle(i), c = document.createElement("canvas").getContext("2d");
        c.font = s.font;
        const room = i.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
        return [room, c.measureText(i.placeholder).width];
    }""")
    assert 0 < text <= room
    page.context.close()
