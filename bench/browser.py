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
  like-for-like "page open to first results";
- ours from file:// again with the CPU slowed 6x (CDP ``Emulation.setCPUThrottlingRate``),
  as on an old phone;
- Pagefind 1.5 (issue 15; PyPI ``pagefind-bin``, run when installed) indexing the same
  built write-up pages (their ``<article>``), over a local server (it cannot work
  from file://), on a page with its default UI (``debounceTimeoutMs: 0``); the same
  one-word queries, timed from the ``input`` event until the first result's title shows
  (or its "none found"), and the bytes of its index files each query loaded (its
  code -- pagefind*.js, its CSS and WebAssembly -- counted apart, as ours is).

Timings are read inside the page (``performance.now()``, a MutationObserver), so
Playwright's round trips are not counted. External requests fail at once (a
host resolver rule), so nothing waits on the network and nothing is intercepted.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import statistics
import subprocess
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
        "code": r"assets/kb/search\.js$",
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
PAGEFIND = {"page": "index.html", "input": ".pagefind-ui__search-input",
            "done": "document.querySelector('.pagefind-ui__result-link') || /No se encontraron/"
                    ".test((document.querySelector('.pagefind-ui__message') || {}).textContent)",
            "found": "(document.querySelector('.pagefind-ui__message') || {}).textContent || ''",
            "index": "pagefind/",
            "code": r"pagefind/(pagefind[\w-]*\.(js|css)|wasm\.\w+\.pagefind)$",
            "wait": "load", "keys": False}
# The write-up pages, as our index holds them (listing and browse pages left out).
PAGEFIND_GLOB = "{reparaciones,talleres,en/repairs,en/workshops}/*/index.html"
PAGEFIND_PAGE = """<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>Pagefind</title>
<link href="pagefind/pagefind-ui.css" rel="stylesheet">
<script src="pagefind/pagefind-ui.js"></script></head>
<body><div id="search"></div>
<script>new PagefindUI({element: "#search", showSubResults: false, showImages: false,
                        debounceTimeoutMs: 0});</script>
</body></html>
"""
SLOW = 6  # CPU throttling rate, as on an old phone
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
    found = pagefind(work.site, work.folder / "pagefind")
    done = measured(python("-m", "bench.browser", str(work.site), str(work.material), str(out),
                           *([str(found[0])] if found else [])),
                    Path(__file__).resolve().parents[1])
    data = {"size": size, **json.loads(out.read_text(encoding="utf-8")), "run": done.as_dict()}
    if found:
        data["pagefind_index"] = found[1]
    first = data["ours_file"]["one_word_ms"]
    log(f"{size}: browser {done.seconds:.0f} s; ours first results {first['median']:.0f} ms")
    return data


def pagefind(site: Path, folder: Path) -> tuple[Path, dict[str, Any]] | None:
    """Pagefind's index of ``site``'s write-up pages in ``folder``/pagefind with a search
    page beside it: (that folder, its version, seconds and sizes); None when the
    ``pagefind-bin`` package is not installed."""
    from .measure import run as measured

    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    binary = str(get_executable())
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    done = measured([binary, "--site", str(site), "--output-path", str(folder / "pagefind"),
                     "--glob", PAGEFIND_GLOB, "--root-selector", "article", "--quiet"], folder)
    (folder / "index.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    files = [p for p in (folder / "pagefind").rglob("*") if p.is_file()]
    code = re.compile(PAGEFIND["code"])
    return folder, {"version": version.strip(), "seconds": round(done.seconds, 1),
                    "bytes": sum(p.stat().st_size for p in files),
                    "index_bytes": sum(p.stat().st_size for p in files
                                       if not code.search(p.relative_to(folder).as_posix())),
                    "pages": sum(len(list(site.glob(f"{kind}/*/index.html")))
                                 for kind in ("reparaciones", "talleres", "en/repairs",
                                              "en/workshops"))}


def main(argv: list[str]) -> int:
    ours, material, out = Path(argv[0]), Path(argv[1]), Path(argv[2])
    found = Path(argv[3]) if len(argv) > 3 else None
    out.write_text(json.dumps(measure(ours, material, found), indent=2), encoding="utf-8")
    return 0


def measure(ours: Path, material: Path, found: Path | None = None) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            return {
                "chromium": browser.version,
                "ours_file": _ours(browser, ours.resolve().as_uri() + "/", ours),
                "ours_file_slow": _ours(browser, ours.resolve().as_uri() + "/", ours,
                                        two=False, slow=SLOW),
                **({"pagefind_http": _pagefind(browser, found)} if found else {}),
                "ours_http": _open_to_results(browser, ours, OURS, ONE_WORD[:3]),
                "material_http": _open_to_results(browser, material, MATERIAL,
                                                  MATERIAL_QUERIES),
                "material_file_works": _material_from_file(browser, material),
                "ours_index_bytes": _tree_bytes(ours / "search"),
                "ours_index_parts": index_parts(ours / "search"),
                "material_index_bytes": (material / MATERIAL["index"]).stat().st_size,
            }
        finally:
            browser.close()


def _ours(browser, base: str, site: Path, two: bool = True, slow: int = 1) -> dict[str, Any]:
    """Typing to first results on a fresh page, and the index bytes each query loaded."""
    one = [_query(browser, base, site, OURS, q, slow) for q in ONE_WORD]
    out = {"one_word": one, "one_word_ms": _stats([q["typed_to_results_ms"] for q in one]),
           "one_word_kb": _stats([q["index_bytes"] / 1000 for q in one]),
           "one_word_code_kb": _stats([q["code_bytes"] / 1000 for q in one]), "slow": slow}
    if two:
        both = [_query(browser, base, site, OURS, q) for q in TWO_WORDS]
        out |= {"two_words": both,
                "two_words_ms": _stats([q["typed_to_results_ms"] for q in both]),
                "two_words_kb": _stats([q["index_bytes"] / 1000 for q in both])}
    return out


def _pagefind(browser, site: Path) -> dict[str, Any]:
    """Pagefind over a local server: the same one-word queries, typed once its page
    has loaded, on a fresh page each."""
    with _serve(site) as base:
        one = [_query(browser, base, site, PAGEFIND, q) for q in ONE_WORD]
    return {"one_word": one, "one_word_ms": _stats([q["typed_to_results_ms"] for q in one]),
            "open_to_results_ms": _stats([q["open_to_results_ms"] for q in one]),
            "one_word_kb": _stats([q["index_bytes"] / 1000 for q in one]),
            "one_word_code_kb": _stats([q["code_bytes"] / 1000 for q in one])}


def _open_to_results(browser, site: Path, ui: dict[str, str], queries: list[str]
                     ) -> dict[str, Any]:
    with _serve(site) as base:
        runs = [_query(browser, base, site, ui, q) for q in queries]
    return {"queries": runs, "open_to_results_ms": _stats([r["open_to_results_ms"]
                                                            for r in runs]),
            "index_kb": _stats([r["index_bytes"] / 1000 for r in runs])}


def _query(browser, base: str, site: Path, ui: dict[str, str], query: str, slow: int = 1
           ) -> dict[str, Any]:
    """One query typed on a freshly opened page (a new context: empty caches), the CPU
    ``slow`` times slower."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.add_init_script(PROBE % ui["done"])
        page = context.new_page()
        if slow > 1:
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": slow})
        urls: list[str] = []
        page.on("request", lambda r: urls.append(r.url))
        page.goto(base + ui["page"], wait_until=ui["wait"])
        box = page.locator(ui["input"])
        box.press_sequentially(query) if ui["keys"] else box.fill(query)
        page.wait_for_function("window.__kbShown !== null", timeout=TIMEOUT_MS)
        typed, shown, found = page.evaluate(
            f"[window.__kbTyped, window.__kbShown, {ui['found']}]")
        code = {u for u in urls if u.startswith(base) and re.search(ui.get("code", "^$"), u)}
        index = {u for u in urls if u.startswith(base + ui["index"])} - code
        return {"query": query, "found": found.strip(),
                "typed_to_results_ms": round(shown - typed, 1),
                "open_to_results_ms": round(shown, 1), "index_files": len(index),
                "index_bytes": sum(_local(site, base, u).stat().st_size for u in index),
                "code_bytes": sum(_local(site, base, u).stat().st_size for u in code),
                "external_requests": [u for u in urls if not u.startswith(base)
                                      and not u.startswith("data:")]}
    finally:
        context.close()


def index_parts(folder: Path) -> dict[str, int]:
    """Bytes of our index by part; ``forgiving``: what typo and spelling tolerance
    adds to it (the vocabulary groups, and meta.js's stemmer, spelling and synonym
    tables and group list). An upper bound of the growth it brought: the index before
    it also listed every word, in the stem shards."""
    parts = {name: _tree_bytes(folder / name) for name in ("s", "v", "d")}
    parts |= {name: (folder / f"{name}.js").stat().st_size for name in ("meta", "facets")}
    text = (folder / "meta.js").read_text(encoding="utf-8")
    meta = json.loads(text[text.index("(") + 1:text.rindex(")")])
    tables = sum(len(json.dumps(meta[key], ensure_ascii=False, separators=(",", ":")).encode())
                 for key in ("stemmer", "synonyms", "forgive", "groups") if key in meta)
    parts["forgiving"] = parts["v"] + tables
    return parts


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
    """Bytes of the files a browser may load (not the build's .gz copies for servers)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.suffix != ".gz")


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
