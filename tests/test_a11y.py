"""Accessibility in Debian's chromium: axe-core over every kind of page of the real site
in both languages, at a phone's width and a desktop's, with no serious or critical
violation; the search and the language switch used with the keyboard alone.

axe-core is vendored for the tests only (tests/vendor/axe-core, from npm), injected
into each page; the site itself never loads it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from .browser_helpers import CHROMIUM, open_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs)"),
]
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
REPAIR = "ejemplo-bomba-centrifuga-camisa-fabricada"  # parts, tools, safety notes, photos
WORKSHOP = "medicion-de-piezas-calibrador-micrometro"
# kind -> (Spanish page, English page); a query is searched and waited for.
PAGES = {
    "home": ("index.html", "en/index.html"),
    "repair": (f"reparaciones/{REPAIR}/index.html", f"en/repairs/{REPAIR}/index.html"),
    "repair-real": ("reparaciones/inveval-valvulas-reparacion-y-mantenimiento/index.html",
                    "en/repairs/inveval-valvulas-reparacion-y-mantenimiento/index.html"),
    "workshop": (f"talleres/{WORKSHOP}/index.html", f"en/workshops/{WORKSHOP}/index.html"),
    "guide": (f"talleres/{WORKSHOP}/guia/index.html", f"en/workshops/{WORKSHOP}/guide/index.html"),
    "programme": ("talleres/index.html", "en/workshops/index.html"),
    "search": ("buscar/index.html?q=bomba", "en/search/index.html?q=pump"),
    "search-empty": ("buscar/index.html?q=zzzzqqq", "en/search/index.html?q=zzzzqqq"),
    "browse": ("reparaciones/index.html", "en/repairs/index.html"),
    "list": ("reparaciones/todas/index.html", "en/repairs/all/index.html"),
    "facet": ("explorar/tipo-de-maquina/index.html", "en/browse/machine-class/index.html"),
    "facet-value": ("explorar/origen-de-piezas/fabricated/index.html",
                    "en/browse/part-origin/fabricated/index.html"),
    "contribute": ("contribuir/index.html", "en/contribute/index.html"),
    "form-page": ("contar/index.html", "en/tell/index.html"),
    "form": ("formulario/es.html", "formulario/en.html"),
    "docs": ("fields.html", "limits.html"),  # the reference pages (bilingual, one of each)
    "docs-codes": ("problem-codes.html", None),
    "404": ("404.html", None),
}
CASES = [(kind, lang, path) for kind, paths in sorted(PAGES.items())
         for lang, path in zip(("es", "en"), paths, strict=True) if path]


def test_vendored_axe_is_the_pinned_one():
    assert hashlib.sha256(AXE.read_bytes()).hexdigest() == AXE_SHA256


def violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.map(n => n.target.join(" ") + " :: " + n.failureSummary)}));
    }""")
    return [v for v in found if v["impact"] in ("serious", "critical")]


def _open(browser, site: Path, path: str, width: int):
    base = site.as_uri() + "/"
    page = open_page(browser, base, width)
    page.goto(base + path)
    page.wait_for_load_state("load")
    if "?q=" in path:  # the results (or the empty page) are shown
        page.wait_for_selector(".kb-results li, .kb-empty:not([hidden])", timeout=10_000)
    return page


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("kind,lang,path", CASES)
def test_no_serious_violations(browser, real_site, kind, lang, path, width):
    page = _open(browser, real_site, path, width)
    found = violations(page)
    page.context.close()
    assert found == [], f"{kind} ({lang}, {width} px): {found}"


def _tab_to(page, selector: str, key: str = "Tab", limit: int = 80) -> None:
    """Press ``key`` (Tab or Shift+Tab) until the element matching ``selector`` has the
    focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never reached with Tab")


def test_search_with_the_keyboard(browser, real_site):
    """From the home page: Tab to the search box, type, Enter; Tab reaches the results."""
    page = _open(browser, real_site, "index.html", 1280)
    _tab_to(page, ".kb-header-search input, .kb-home-search input")
    page.keyboard.type("valvula")
    page.keyboard.press("Enter")
    page.wait_for_selector(".kb-results li a", timeout=10_000)
    assert page.evaluate("document.activeElement.name") == "q"  # the box has the focus
    _tab_to(page, ".kb-results li a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/reparaciones/**", timeout=10_000)
    page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_language_switch_with_the_keyboard_keeps_the_query(browser, real_site, width):
    """On the search page: Tab to the language button, Tab into its menu, Enter: the
    English search page, with the same query and its results."""
    page = _open(browser, real_site, "buscar/index.html?q=bomba", width)
    _tab_to(page, ".kb-language button", "Shift+Tab")  # back from the search box
    english = page.locator(".kb-language a[hreflang=en]")
    assert english.is_visible()  # the menu opens on focus
    _tab_to(page, ".kb-language a[hreflang=en]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/search/index.html?q=bomba", timeout=10_000)
    page.wait_for_selector(".kb-results li a", timeout=10_000)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".kb-search input[type=search]").input_value() == "bomba"
    page.context.close()


def test_language_switch_says_when_the_page_is_not_translated(browser, real_site):
    page = _open(browser, real_site, "fields.html", 1280)
    link = page.locator(".kb-language a[hreflang=en]")
    assert "home page only" in link.text_content()
    link.focus()
    assert link.is_visible()
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/index.html", timeout=10_000)
    page.context.close()
