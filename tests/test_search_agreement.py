"""The site's search and `kb search` agree on the relevance test set: the expected
write-up is in the browser's top 3, and the browser's first hit is the same
document (in any language) as `kb search`'s first hit."""

from __future__ import annotations

import re

import pytest

from builder.search.index import index_folder
from builder.search.query import Filters, SearchIndex

from .browser_helpers import CHROMIUM, open_page
from .test_search_relevance import CASES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs)"),
]
URL = re.compile(r"/(?:en/)?(?:reparaciones|repairs|talleres|workshops)/([^/]+)/index\.html$")


@pytest.fixture(scope="module")
def engine(real_site):
    root = real_site.parent
    with SearchIndex.open(root / "content", index_folder(root)) as ix:
        yield ix


@pytest.mark.parametrize(("text", "filters", "expected", "lang"), CASES,
                         ids=[c[0] for c in CASES])
def test_browser_agrees_with_kb_search(browser, real_site, engine, text, filters, expected,
                                       lang):
    base = real_site.as_uri() + "/"
    page_lang = filters.get("lang") or lang or "es"
    page = open_page(browser, base)
    page.goto(base + ("buscar/index.html" if page_lang == "es" else "en/search/index.html"))
    page.wait_for_function("document.querySelector('.kb-search--ready')")
    for name, value in filters.items():
        page.select_option(f"select[data-kb-filter={name}]", value)
    page.locator(".kb-search input[type=search]").fill(text + " ")
    page.wait_for_selector(".kb-results li", timeout=10_000)
    hrefs = page.locator(".kb-results li a").evaluate_all("els => els.map(a => a.href)")
    browser_ids = [URL.search(h).group(1) for h in hrefs]
    assert expected in browser_ids[:3], browser_ids[:5]
    hits = engine.search(text, Filters(**filters), limit=5).hits
    assert browser_ids[0] == hits[0].id, (browser_ids[:3], [h.id for h in hits[:3]])
    assert page.kb_external == []
    page.context.close()
