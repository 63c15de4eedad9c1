"""Tables and budgets of the site and browser benchmarks: as text, as Markdown.

A table is rows of (measure, one cell per corpus size); budgets are checked on
the sizes the issues name and say "not measured" when that size was not run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Rows = list[tuple[str, list[str]]]
DASH = "-"


@dataclass(frozen=True)
class Budget:
    key: str
    name: str
    limit: str
    value: str
    met: bool | None  # None: not measured

    @property
    def verdict(self) -> str:
        return {True: "met", False: "MISSED", None: "not measured"}[self.met]


def site_rows(results: list[dict[str, Any]]) -> Rows:
    """One row per measure, one column per corpus size (``SiteBench.as_dict()``)."""

    def run(step: str, key: str = "seconds", fmt: str = "{:.1f}") -> Callable:
        return lambda r: _fmt(fmt, r["runs"].get(step, {}).get(key))

    def size(part: str, key: str, scale: float = 1, fmt: str = "{:,.0f}") -> Callable:
        return lambda r: _fmt(fmt, _scaled(r[part].get(key), scale))

    first_check, warm_check = run("check_one", fmt="{:.2f}"), run("check_one_warm", fmt="{:.2f}")
    spec: list[tuple[str, Callable]] = [
        ("documents (Markdown files) / photos", lambda r: f"{r['documents']:,} / {r['photos']:,}"),
        ("load average before the steps, min-max (2 cores; others' work)", _load),
        ("kb check, all: s", run("check")),
        ("kb check, all: peak MiB", run("check", "peak_mb", "{:.0f}")),
        ("kb check FILE, one changed write-up: s, first run (warm)",
         lambda r: f"{first_check(r)} ({warm_check(r)})"),
        ("search index from nothing: s", run("index")),
        ("search index, one file changed: s", run("update", fmt="{:.2f}")),
        ("search index: peak MiB", run("index", "peak_mb", "{:.0f}")),
        ("kb build --no-pdf, full, from nothing: s", run("build")),
        ("kb build --no-pdf, full: peak MiB", run("build", "peak_mb", "{:.0f}")),
        ("kb build, nothing changed: s", run("noop")),
        ("kb build after one changed write-up: s", run("rebuild")),
        ("kb build after one changed write-up: peak MiB", run("rebuild", "peak_mb", "{:.0f}")),
        ("  rebuild / full build", lambda r: _pct(_ratio(r, "rebuild", "build"), digits=1)),
        ("plain mkdocs build, pruned nav of all pages: s", run("plain")),
        ("plain mkdocs build, pruned nav: peak MiB", run("plain", "peak_mb", "{:.0f}")),
        ("  our cost on top of plain (kb build / plain - 1)",
         lambda r: _pct(_minus_one(_ratio(r, "build", "plain")), sign=True)),
        ("plain mkdocs build, home-only nav: s", run("plain_home")),
        ("  kb build / plain, home-only nav (issue 20: at most 2x)",
         lambda r: _fmt("{:.1f}x", _ratio(r, "build", "plain_home"))),
        ("plain mkdocs build, home-only nav: peak MiB", run("plain_home", "peak_mb", "{:.0f}")),
        ("Hugo, minimal theme, same Markdown: s", run("hugo", fmt="{:.2f}")),
        ("  kb build / Hugo (recorded, no budget)",
         lambda r: _fmt("{:.1f}x", _ratio(r, "build", "hugo"))),
        ("Hugo: peak MiB", run("hugo", "peak_mb", "{:.0f}")),
        ("pages: ours / plain", lambda r: _pair(r, "pages")),
        ("pages: Hugo", size("hugo", "pages")),
        ("site MB, all files: ours / plain", lambda r: _pair(r, "all_mb")),
        ("site MB, images excluded: ours / plain", lambda r: _pair(r, "text_mb")),
        ("write-up page, average KB: ours / plain", lambda r: _pair(r, "writeup_kb")),
        ("site KB per write-up page, images excluded: ours",
         size("ours", "bytes_per_writeup", 1e-3, "{:.1f}")),
        ("browser search index MB (files): ours",
         lambda r: f"{_mb(r['ours'].get('search_bytes'))} ({r['ours'].get('search_files', 0):,})"),
        ("whoosh index MB (kb search)", size("ours", "whoosh_bytes", 1e-6, "{:.1f}")),
        ("Material search_index.json MB", size("plain_home", "search_bytes", 1e-6, "{:.1f}")),
    ]
    return [(label, [cell(r) for r in results]) for label, cell in spec]


def browser_rows(results: list[dict[str, Any]]) -> Rows:
    """``results``: the JSON of ``bench.browser`` per size."""

    def stat(part: str, key: str) -> Callable:
        return lambda r: _fmt("{median:,.0f} / {max:,.0f}", r.get(part, {}).get(key))

    spec: list[tuple[str, Callable]] = [
        ("load average before the browser part (2 cores; others' work)",
         lambda r: _fmt("{:.1f}", r.get("run", {}).get("load"))),
        ("ours, file://: typing a word to first results, ms (median / max)",
         stat("ours_file", "one_word_ms")),
        ("ours, file://: typing two words to first results, ms (median / max)",
         stat("ours_file", "two_words_ms")),
        ("ours, file://: index loaded for two words, KB (median / max)",
         stat("ours_file", "two_words_kb")),
        ("ours, file://: index loaded for one word, KB (median / max)",
         stat("ours_file", "one_word_kb")),
        ("ours, file://, CPU 6x slower: typing a word to first results, ms (median / max)",
         stat("ours_file_slow", "one_word_ms")),
        ("ours: index size, MB", lambda r: _mb(r.get("ours_index_bytes"))),
        ("  typo and spelling tolerance in it (vocabulary groups, tables): share of the rest",
         lambda r: _pct(_growth(r))),
        ("Pagefind, local HTTP: typing a word to first results, ms (median / max)",
         stat("pagefind_http", "one_word_ms")),
        ("Pagefind, local HTTP: page open to first results, ms (median / max)",
         stat("pagefind_http", "open_to_results_ms")),
        ("Pagefind: index loaded for one word, KB (median / max)",
         stat("pagefind_http", "one_word_kb")),
        ("one word, index and search code loaded, KB (median): ours / Pagefind",
         lambda r: f"{_fmt('{:,.0f}', _one_word(r, 'ours_file'))} / "
                   f"{_fmt('{:,.0f}', _one_word(r, 'pagefind_http'))}"),
        ("Pagefind: index size, MB (with its code)",
         lambda r: f"{_mb(r.get('pagefind_index', {}).get('index_bytes'))} "
                   f"({_mb(r.get('pagefind_index', {}).get('bytes'))})"),
        ("ours, local HTTP: page open to first results, ms (median / max)",
         stat("ours_http", "open_to_results_ms")),
        ("Material, local HTTP: page open to first results, ms (median / max)",
         stat("material_http", "open_to_results_ms")),
        ("Material: index loaded for any query (all of it), MB",
         lambda r: _mb(r.get("material_index_bytes"))),
        ("Material's search from file://, offline",
         lambda r: DASH if "material_file_works" not in r
         else ("works" if r["material_file_works"] else "hidden (needs a CDN script)")),
    ]
    return [(label, [cell(r) for r in results]) for label, cell in spec]


def budgets(site: dict[int, dict[str, Any]], browser: dict[int, dict[str, Any]]) -> list[Budget]:
    """Issue 20's, issue 8's and issue 5's budgets, from results keyed by corpus size."""
    k1, k10, b10 = site.get(1000), site.get(10000), browser.get(10000)
    growth = _ratio(k10, "build", "build", k1)
    peak = max(k10["runs"][s]["peak_mb"] for s in ("build", "rebuild")) if k10 else None
    first = b10["ours_file"]["one_word_ms"]["max"] if b10 else None
    slow = b10["ours_file_slow"]["one_word_ms"]["max"] if b10 and "ours_file_slow" in b10 \
        else None
    ours_kb, theirs_kb = _one_word(b10, "ours_file"), _one_word(b10, "pagefind_http")
    share = ours_kb / theirs_kb if ours_kb and theirs_kb else None
    tolerance = _growth(b10)
    loaded = b10["ours_file"]["two_words_kb"]["median"] if b10 else None
    one = k10 and k10["runs"]["check_one"]["seconds"]
    rebuild = k10["runs"]["rebuild"]["seconds"] if k10 and "rebuild" in k10["runs"] else None
    out = [_plain_cost(size, site.get(size)) for size in (1000, 10000)]
    out += [
        _budget("growth", "kb build --no-pdf from nothing at 10,000 against 1,000",
                "at most 11x", growth, _fmt("{:.1f}x", growth), lambda v: v <= 11),
        _budget("check_one", "kb check FILE after one change, 10,000 (first run)", "under 1 s",
                one, _check_one(k10), lambda v: v < 1),
        _budget("rebuild", "kb build --no-pdf after one changed write-up, 10,000",
                "under 10 s", rebuild, None, lambda v: v < 10, "{:.1f} s"),
    ]
    for size in sorted(site):
        avg = site[size]["ours"]["writeup_avg_bytes"] / 1000
        out.append(_budget("page_size", f"write-up page average, images excluded, {size:,}",
                           "under 40 KB", avg, None, lambda v: v < 40, "{:.1f} KB"))
    out += [
        _budget("peak", "peak memory of the 10,000 build (largest process)", "under 1 GB",
                peak, None, lambda v: v < 1024, "{:,.0f} MiB"),
        _budget("first_results", "search, 10,000, file://: first results after typing a word "
                "(slowest query)", "within 300 ms", first, None, lambda v: v <= 300,
                "{:.0f} ms"),
        _budget("loaded", "search, 10,000: index loaded for a two-word query (median)",
                "at most 1 MB", loaded, None, lambda v: v <= 1000, "{:.0f} KB"),
        _budget("first_results_slow", "search, 10,000, file://, CPU 6x slower: first results "
                "after typing a word (slowest query)", "within 800 ms", slow, None,
                lambda v: v <= 800, "{:.0f} ms"),
        _budget("one_word_bytes", "search, 10,000: index and search code loaded for one word "
                "(median), against Pagefind 1.5's", "at most a third", share,
                None if share is None else f"{ours_kb:,.0f} / {theirs_kb:,.0f} KB = "
                f"{share * 100:.0f} %", lambda v: v <= 1 / 3),
        _budget("index_growth", "search, 10,000: index size growth from typo and spelling "
                "tolerance (upper bound: its share of the rest)", "at most 25 %", tolerance,
                _pct(tolerance, digits=1), lambda v: v <= 0.25),
    ]
    return out


def _plain_cost(size: int, r: dict[str, Any] | None) -> Budget:
    """Issue 20: the full build against plain MkDocs with home-only navigation, both
    timed in the same run (a ratio holds on a noisy machine where seconds do not)."""
    ratio = _ratio(r, "build", "plain_home")
    shown = None if ratio is None else (
        f"{ratio:.1f}x ({r['runs']['build']['seconds']:.1f} / "
        f"{r['runs']['plain_home']['seconds']:.1f} s)")
    return _budget("plain_cost", f"kb build --no-pdf from nothing against plain MkDocs with "
                   f"home-only navigation, {size:,}", "at most 2x", ratio, shown,
                   lambda v: v <= 2)


def _one_word(r: dict[str, Any] | None, part: str) -> float | None:
    """KB of index and search code a one-word query loaded (median)."""
    found = (r or {}).get(part)
    if not found or "one_word_kb" not in found:
        return None
    return found["one_word_kb"]["median"] + found["one_word_code_kb"]["median"]


def _growth(r: dict[str, Any] | None) -> float | None:
    parts = (r or {}).get("ours_index_parts")
    if not parts:
        return None
    return parts["forgiving"] / (r["ours_index_bytes"] - parts["forgiving"])


def _load(r: dict[str, Any]) -> str:
    loads = [run["load"] for run in r["runs"].values()]
    return f"{min(loads):.1f}-{max(loads):.1f}" if loads else DASH


def _check_one(r: dict[str, Any] | None) -> str:
    if not r:
        return DASH
    runs = r["runs"]
    return f"{runs['check_one']['seconds']:.2f} s ({runs['check_one_warm']['seconds']:.2f} s warm)"


def _budget(key: str, name: str, limit: str, value: float | None, shown: str | None,
            ok: Callable[[float], bool], fmt: str = "{}", pct: bool = False) -> Budget:
    if shown is None:
        shown = _pct(value) if pct else _fmt(fmt, value)
    return Budget(key, name, limit, shown, None if value is None else ok(value))


def text_table(sizes: list[int], rows: Rows) -> str:
    header = ("measure", [f"{s:,}" for s in sizes])
    table = [header, *rows]
    first = max(len(label) for label, _ in table)
    widths = [max(len(cells[i]) for _, cells in table) for i in range(len(sizes))]
    lines = [label.ljust(first) + "  " + "  ".join(c.rjust(w) for c, w in zip(cells, widths,
                                                                            strict=True))
             for label, cells in table]
    return "\n".join([lines[0], "-" * len(lines[0]), *lines[1:]])


def markdown_table(sizes: list[int], rows: Rows, first: str = "measure") -> str:
    lines = [f"| {first} | " + " | ".join(f"{s:,}" for s in sizes) + " |",
             "|---|" + "---:|" * len(sizes)]
    lines += [f"| {label.strip()} | " + " | ".join(cells) + " |" for label, cells in rows]
    return "\n".join(lines)


def budget_lines(found: list[Budget]) -> list[str]:
    return [f"{b.verdict:>12}  {b.name}: {b.value} ({b.limit})" for b in found]


def _ratio(r: dict[str, Any] | None, top: str, bottom: str,
           other: dict[str, Any] | None = None) -> float | None:
    """Seconds of step ``top`` over step ``bottom`` (of ``other`` when given)."""
    below = r if other is None else other
    if not r or not below or top not in r["runs"] or bottom not in below["runs"]:
        return None
    return r["runs"][top]["seconds"] / below["runs"][bottom]["seconds"]


def _minus_one(value: float | None) -> float | None:
    return None if value is None else value - 1


def _pair(r: dict[str, Any], key: str) -> str:
    def one(part: dict[str, Any]) -> str:
        if not part:
            return DASH
        if key == "pages":
            return f"{part['pages']:,}"
        if key == "all_mb":
            return f"{part['bytes'] / 1e6:,.1f}"
        if key == "text_mb":
            return f"{(part['bytes'] - part['image_bytes']) / 1e6:,.1f}"
        return f"{part['writeup_avg_bytes'] / 1000:,.1f}"

    return f"{one(r['ours'])} / {one(r['plain'])}"


def _scaled(value: float | None, scale: float) -> float | None:
    return None if value is None else value * scale


def _mb(value: float | None) -> str:
    return DASH if value is None else f"{value / 1e6:,.1f}"


def _pct(value: float | None, sign: bool = False, digits: int = 0) -> str:
    if value is None:
        return DASH
    return f"{value * 100:+.{digits}f} %" if sign else f"{value * 100:.{digits}f} %"


def _fmt(fmt: str, value: Any) -> str:
    if value is None:
        return DASH
    return fmt.format(**value) if isinstance(value, dict) else fmt.format(value)
