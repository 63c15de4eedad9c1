"""The built site in Debian's chromium, from file:// and over HTTP, offline.

Every request that is not for the site's own files is blocked and recorded;
the pages must make none. Screenshots are saved in test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser_helpers import CHROMIUM, open_page

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
PAGES = {
    "home": "index.html",
    "repair": "reparaciones/ejemplo-bomba-agua/index.html",
    "workshop": "talleres/ejemplo-medir-piezas/index.html",
    "browse": "explorar/tipo-de-maquina/pump/index.html",
    "guide": "talleres/ejemplo-medir-piezas/guia/index.html",
    "english": "en/repairs/ejemplo-bomba-agua/index.html",
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs)"),
]


@pytest.mark.parametrize("mode", ["file", "http"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_external_requests(browser, built_site, http_base, mode, name):
    base = built_site.as_uri() + "/" if mode == "file" else http_base
    page = open_page(browser, base)
    page.goto(base + PAGES[name])
    page.wait_for_load_state("load")
    assert page.kb_external == []
    assert page.kb_errors == []
    assert page.title()
    page.context.close()


def test_language_switch(browser, built_site):
    base = built_site.as_uri() + "/"
    page = open_page(browser, base)
    page.goto(base + PAGES["repair"])
    page.locator(".md-header__option .md-select").hover()
    page.locator("a[hreflang=en][data-kb-alternate]").click()
    page.wait_for_load_state("load")
    assert page.url == base + PAGES["english"]
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Cooling water pump (example)"
    page.context.close()


def test_print_guide_has_every_activity(browser, built_site):
    base = built_site.as_uri() + "/"
    page = open_page(browser, base)
    page.goto(base + PAGES["guide"])
    page.emulate_media(media="print")
    titles = page.locator("section.activity h2").all_inner_texts()
    assert titles == ["1. Apertura", "2. Medir", "3. Cierre"]
    assert page.locator("section.closing h2").all_inner_texts() == ["Puntos clave", "Evaluación"]
    assert page.locator("nav.screen-only").is_hidden()
    assert page.locator("section.handout img").evaluate("img => img.naturalWidth") > 0
    page.context.close()


def test_agenda_start_time_changes_clock(browser, built_site):
    base = built_site.as_uri() + "/"
    page = open_page(browser, base)
    page.goto(base + PAGES["workshop"])
    page.locator("[data-kb-start]").fill("14:30")
    page.locator("[data-kb-start]").dispatch_event("change")
    assert page.locator("[data-kb-offset]").all_inner_texts() == ["14:30", "14:45", "15:45"]
    page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", ["home", "repair", "workshop", "guide"])
def test_screenshots(browser, built_site, name, width):
    base = built_site.as_uri() + "/"
    page = open_page(browser, base, width)
    page.goto(base + PAGES[name])
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5000
    # nothing wider than the screen on a phone
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.context.close()
