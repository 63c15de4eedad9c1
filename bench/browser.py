"""Search in headless chromium (issue 5): our offline search against Material's.

Run as its own process by ``python -m bench`` (``python -m bench.browser OURS
MATERIAL OUT``), with Debian's /usr/bin/chromium through Playwright; no browser
is downloaded. Every query is typed on a freshly opened page (nothing cached):

- ours, from file://: the time from the query's ``input`` event (Playwright's
  ``fill``: the whole word at once, so no prefix has loaded shards before) until
  ``.kb-results li`` appears, and the bytes of the ``search/`` files the page
  loaded (page load and query);
- Material's search UI, over HTTP from a local server: from file:// its search
  box stays hidden offline, because its web worker needs the iframe-worker shim
  that Material's offline plugin loads from unpkg.com (this is checked, not
  assumed). The time is from the start of navigation until its first result
  (``.md-search-result__item``), the query being typed as soon as the page has
  its search box; its index (``search/search_index.json``) loads whole.
- ours over the same kind of local server, measured the same way, for a
  like-for-like "page open to first results".

Timings are read inside the page (``performance.now()``, a MutationObserver), so
Playwright's round trips are not counted. External requests fail at once (a
host resolver rule), so nothing waits on the network and nothing is intercepted.
"""

from __future__ import annotations

import functools
import http.server
import json
import statistics
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
ONE_WORD = ["compresor", "congeladores", "rodamiento", "válvula", "quemador", "soldadura",
            "oven", "bearing"]
TWO_WORDS = ["sello mecánico", "fuga refrigerante", "motor eléctrico", "rodamiento dañado",
             "caldera quemador", "bomba impulsor", "refrigerant leak", "burnt winding"]
MATERIAL_QUERIES = ONE_WORD[:3]  # its index loads whole: the word hardly matters
# "done": the query is answered (results shown, or a count of none); "found": what it says
OURS = {"page": "buscar/index.html", "input": ".kb-search input[type=search]",
        "done": "document.querySelector('.kb-status').textContent !== ''",
        "found": "document.querySelector('.kb-status').textContent",
        "index": "search/",
        "wait": "load",  # typed once the page has loaded: the figure is the query alone
        "keys": False}  # fill: the word as one input event
MATERIAL = {"page": "index.html", "input": "input.md-search__input",
            "done": "document.querySelector('.md-search-result__item') || document"
                    ".querySelector('.md-search-result__meta').textContent === "
                    "'No se encontraron documentos'",
            "found": "document.querySelector('.md-search-result__meta').textContent",
            "index": "search/search_index.json",
            "wait": "domcontentloaded",  # its box takes a query at once, answers when ready
            "keys": True}  # it searches on keyup, which fill does not send
TIMEOUT_MS = 120_000
# Installed before any script of the page: when the query was typed, when it was answered.
PROBE = """
window.__kbTyped = null; window.__kbShown = null;
document.addEventListener("input", e => {
  window.__kbTyped = e.timeStamp; window.__kbShown = null;
}, true);
new MutationObserver(() => {
  if (window.__kbShown === null && window.__kbTyped !== null && (%s))
    window.__kbShown = performance.now();
}).observe(document, {childList: true, subtree: true, characterData: true});
"""


def run(size: int, work: Any, log: Any) -> dict[str, Any]:
    """Measure in a child process the sites of ``work`` (a ``bench.site.Workspace``),
    building them first when the site benchmark did not."""
    from . import site
    from .measure import python
    from .measure import run as measured

    site.prepare(size, work)
    out = work.folder / "browser.json"
    done = measured(python("-m", "bench.browser", str(work.site), str(work.material), str(out)),
                    Path(__file__).resolve().parents[1])
    data = {"size": size, **json.loads(out.read_text(encoding="utf-8")), "run": done.as_dict()}
    first = data["ours_file"]["one_word_ms"]
    log(f"{size}: browser {done.seconds:.0f} s; ours first results {first['median']:.0f} ms")
    return data


def main(argv: list[str]) -> int:
    ours, material, out = Path(argv[0]), Path(argv[1]), Path(argv[2])
    out.write_text(json.dumps(measure(ours, material), indent=2), encoding="utf-8")
    return 0


def measure(ours: Path, material: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            return {
                "chromium": browser.version,
                "ours_file": _ours(browser, ours.resolve().as_uri() + "/", ours),
                "ours_http": _open_to_results(browser, ours, OURS, ONE_WORD[:3]),
                "material_http": _open_to_results(browser, material, MATERIAL,
                                                  MATERIAL_QUERIES),
                "material_file_works": _material_from_file(browser, material),
                "ours_index_bytes": _tree_bytes(ours / "search"),
                "material_index_bytes": (material / MATERIAL["index"]).stat().st_size,
            }
        finally:
            browser.close()


def _ours(browser, base: str, site: Path) -> dict[str, Any]:
    """Typing to first results on a fresh page, and the index bytes each query loaded."""
    one = [_query(browser, base, site, OURS, q) for q in ONE_WORD]
    two = [_query(browser, base, site, OURS, q) for q in TWO_WORDS]
    return {"one_word": one, "two_words": two,
            "one_word_ms": _stats([q["typed_to_results_ms"] for q in one]),
            "two_words_ms": _stats([q["typed_to_results_ms"] for q in two]),
            "two_words_kb": _stats([q["index_bytes"] / 1000 for q in two])}


def _open_to_results(browser, site: Path, ui: dict[str, str], queries: list[str]
                     ) -> dict[str, Any]:
    with _serve(site) as base:
        runs = [_query(browser, base, site, ui, q) for q in queries]
    return {"queries": runs, "open_to_results_ms": _stats([r["open_to_results_ms"]
                                                            for r in runs]),
            "index_kb": _stats([r["index_bytes"] / 1000 for r in runs])}


def _query(browser, base: str, site: Path, ui: dict[str, str], query: str) -> dict[str, Any]:
    """One query typed on a freshly opened page (a new context: empty caches)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.add_init_script(PROBE % ui["done"])
        page = context.new_page()
        urls: list[str] = []
        page.on("request", lambda r: urls.append(r.url))
        page.goto(base + ui["page"], wait_until=ui["wait"])
        box = page.locator(ui["input"])
        box.press_sequentially(query) if ui["keys"] else box.fill(query)
        page.wait_for_function("window.__kbShown !== null", timeout=TIMEOUT_MS)
        typed, shown, found = page.evaluate(
            f"[window.__kbTyped, window.__kbShown, {ui['found']}]")
        index = [u for u in urls if u.startswith(base + ui["index"])]
        return {"query": query, "found": found.strip(),
                "typed_to_results_ms": round(shown - typed, 1),
                "open_to_results_ms": round(shown, 1), "index_files": len(set(index)),
                "index_bytes": sum(_local(site, base, u).stat().st_size for u in set(index)),
                "external_requests": [u for u in urls if not u.startswith(base)
                                      and not u.startswith("data:")]}
    finally:
        context.close()


def _material_from_file(browser, site: Path) -> bool:
    """Whether Material's search box is usable when the site is opened from disk."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(site.resolve().as_uri() + "/" + MATERIAL["page"], wait_until="load")
        page.wait_for_timeout(2000)
        return page.locator(MATERIAL["input"]).is_visible()
    finally:
        context.close()


def _local(site: Path, base: str, url: str) -> Path:
    return site / unquote(urlsplit(url).path.removeprefix(urlsplit(base).path))


def _tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _stats(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 1), "max": round(max(values), 1),
            "min": round(min(values), 1)}


@contextmanager
def _serve(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
