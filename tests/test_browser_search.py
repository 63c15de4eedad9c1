"""The site's own search, in Debian's chromium, from file://, with the real content."""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser_helpers import CHROMIUM, open_page
from .conftest import serving

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs)"),
]
INVEVAL = "inveval-valvulas-reparacion-y-mantenimiento"


def results(page) -> list[str]:
    """The hrefs of the results, once the list is whole (the first five come first)."""
    page.wait_for_selector(".kb-results:not([aria-busy]) li", timeout=10_000)
    return page.locator(".kb-results li a").evaluate_all("els => els.map(a => a.href)")


def search(browser, site: Path, query: str, lang_page: str = "buscar/index.html"):
    base = site.as_uri() + "/"
    page = open_page(browser, base)
    page.goto(base + lang_page)
    page.locator(".kb-search input[type=search]").fill(query)
    return page, base


@pytest.mark.parametrize("query", ["valvula", "valvulas", "VÁLVULA", "válvulas "])
def test_accents_plurals_and_case_find_inveval(browser, real_site, query):
    page, base = search(browser, real_site, query)
    top = results(page)[:3]
    assert base + f"reparaciones/{INVEVAL}/index.html" in top
    assert page.kb_external == [] and page.kb_errors == []
    page.context.close()


def test_english_query_on_english_site_finds_the_translation(browser, real_site):
    page, base = search(browser, real_site, "valves", "en/search/index.html")
    assert results(page)[0] == base + f"en/repairs/{INVEVAL}/index.html"
    assert page.locator("html").get_attribute("lang") == "en"
    page.context.close()


def test_prefix_while_typing(browser, real_site):
    base = real_site.as_uri() + "/"
    page = open_page(browser, base)
    page.goto(base + "buscar/index.html")
    page.locator(".kb-search input[type=search]").press_sequentially("congel", delay=30)
    top = results(page)[:3]
    assert any("el-maizal-congeladores-de-cerdo" in url for url in top)
    page.context.close()


def test_first_results_shown_before_the_rest(browser, real_site):
    base = real_site.as_uri() + "/"
    page = open_page(browser, base)
    page.goto(base + "buscar/index.html")
    # each change of the list: how many results it shows, and whether it says it is busy
    page.evaluate("""() => {
      window.seen = [];
      const out = document.querySelector('.kb-results');
      new MutationObserver(() => window.seen.push(
        [out.children.length, out.hasAttribute('aria-busy')]
      )).observe(out, {childList: true, attributes: true});
    }""")
    page.locator(".kb-search input[type=search]").fill("reparacion")
    results(page)
    seen = page.evaluate("window.seen")
    assert page.locator(".kb-results > li").count() == 20
    assert seen[0][0] == 5 and seen[-1] == [20, False]
    assert [5, True] in seen  # five shown while the rest loads, the list marked busy
    page.context.close()


def test_filter_narrows(browser, real_site):
    page, _ = search(browser, real_site, "reparacion")
    before = len(results(page))
    page.select_option("select[data-kb-filter=kind]", "workshop")
    page.wait_for_timeout(300)
    after = page.locator(".kb-results li a").evaluate_all("els => els.map(a => a.href)")
    assert 0 < len(after) < before
    assert all("/talleres/" in url or "/workshops/" in url for url in after)
    page.context.close()


def test_query_in_the_address(browser, real_site):
    base = real_site.as_uri() + "/"
    page = open_page(browser, base)
    page.goto(base + "buscar/index.html?q=horno%20no%20calienta")
    assert any("la-gaviota-horno-harina-pescado" in u for u in results(page)[:3])
    assert page.locator(".kb-results mark").count() > 0
    page.context.close()


def test_header_box_leads_to_results(browser, real_site):
    base = real_site.as_uri() + "/"
    page = open_page(browser, base)
    page.goto(base + "talleres/index.html")
    page.locator(".kb-header-search input").fill("congeladores")
    page.locator(".kb-header-search input").press("Enter")
    assert any("el-maizal" in u for u in results(page)[:3])
    assert page.kb_external == []
    page.context.close()


@pytest.fixture(scope="module")
def real_http(real_site):
    """The real site over HTTP on the loopback address, so its requests can be held."""
    with serving(real_site) as base:
        yield base


@pytest.mark.parametrize(("address", "query", "expected"), [
    ("buscar/index.html", "valvulas", f"reparaciones/{INVEVAL}/index.html"),
    # the query typed wins over the one in the address
    ("en/search/index.html?q=horno", "valves", f"en/repairs/{INVEVAL}/index.html"),
])
def test_query_typed_before_the_index_loads(browser, real_http, address, query, expected):
    page = open_page(browser, real_http)
    held = []
    page.route("**/search/meta.js", lambda route: held.append(route))  # held, not answered
    page.goto(real_http + address, wait_until="domcontentloaded")
    box = page.locator(".kb-search input[type=search]")
    box.fill(query)
    page.wait_for_timeout(300)  # the box's 40 ms debounce has fired long since
    assert len(held) == 1 and page.locator(".kb-results li").count() == 0
    assert page.kb_errors == []  # the query waits for the index, it does not throw
    held[0].continue_()
    assert results(page)[0] == real_http + expected
    assert box.input_value() == query
    assert page.kb_external == [] and page.kb_errors == []
    page.context.close()


def test_without_javascript_points_to_browse_pages(browser, real_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(real_site.as_uri() + "/buscar/index.html")
    links = page.locator("noscript").inner_html()
    assert "explorar/tipo-de-maquina/index.html" in links
    context.close()
