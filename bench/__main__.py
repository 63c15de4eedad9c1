"""``python -m bench``: speed and size benchmarks on the real content and generated corpora.

Parts (``--parts``, all by default):
- ``search``: the whoosh index (build, one-file update, warm queries), real content too;
- ``site``: ``kb check``, the index, ``kb build``, sizes and peak memory, each step in
  its own process, beside a plain ``mkdocs build`` of the same pages and Hugo's build of
  the same Markdown (bench/site.py, bench/hugo.py);
- ``browser``: our offline search against Material's, in headless chromium
  (bench/browser.py);
- ``serve``: the LAN server under 100 clients for 20 s against Python's plain server and
  nginx where installed, first-page bytes with the build's .gz copies, the real content
  as a ZIM (bench/serve.py).
- ``form``: the phone form's weight and the time to reduce a 12-megapixel photo in
  headless chromium (bench/form.py; no corpus, so ``--sizes`` does not apply).

Sizes: ``--sizes`` (default 100,1000,10000: about 18 minutes on 2 cores;
``--sizes 100,1000`` takes about 3). Prints tables and writes JSON to ``bench/out/``;
``--docs PATH`` also writes the site and browser tables as a Markdown page
(docs/benchmarks.md). ``--check`` exits 1 when a budget is missed (search: warm
query p95 under 50 ms and one-file update under 1 s at 10,000 write-ups; site and
browser: issues 8, 20 and 5); without it the figures are only reported, since
timings on a shared machine vary.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shlex
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from . import browser, corpus, form, page, report, site
from . import serve as served_part
from .search import SearchBench, copy_project, run

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
BUDGETS = {"query_p95_ms": 50.0, "update_s": 1.0}  # checked on corpora of 10,000 and more
BUDGET_FROM = 10_000
COLUMNS = [("corpus", "corpus", "{}"), ("files", "files", "{}"), ("build_s", "build s", "{:.1f}"),
           ("update_s", "update s", "{:.3f}"), ("noop_s", "no-op s", "{:.3f}"),
           ("index_mb", "index MB", "{:.1f}"), ("query_p50_ms", "q p50 ms", "{:.1f}"),
           ("query_p95_ms", "q p95 ms", "{:.1f}"), ("query_max_ms", "q max ms", "{:.1f}")]
PARTS = ("search", "site", "browser", "form", "serve")
DEFAULT_SIZES = [100, 1000, 10_000]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(argv)
    sizes = sorted(set(args.sizes))
    facts = page.machine(ROOT)
    started = time.time()
    searched: list[SearchBench] = []
    with _workdir(args.work) as tmp:
        if "search" in args.parts:
            searched = search_part(tmp, sizes, args)
        sites, browsed = site_parts(tmp, sizes, args)
        formed = form.run(tmp, _log) if "form" in args.parts else None
        served = served_part.run(tmp / "serve", _log) if "serve" in args.parts else None
    missed = over_budget(searched)
    if searched:
        print(table(searched))
        for line in missed:
            print(f"over budget: {line}")
        path = _write(searched, args.out)
        print(f"JSON: {_shown(path)}")
    if sites or browsed or formed or served:
        facts |= {"minutes": round((time.time() - started) / 60, 1),
                  "load_after": round(os.getloadavg()[0], 2),
                  "commit_after": page.commit(ROOT)}
        found = report.budgets({r["size"]: r for r in sites}, {r["size"]: r for r in browsed})
        found += form.budgets(formed)
        found += served_part.budgets(served)
        missed += [b.name for b in found if b.met is False]
        data = {"benchmark": "site", "when": time.strftime("%Y-%m-%d %H:%M"),
                "command": command(argv), "direct": direct(argv), "machine": facts, "sizes": sizes,
                "site": sites, "browser": browsed, "form": formed, "serve": served,
                "budgets": [b.__dict__ | {"verdict": b.verdict} for b in found]}
        print(page.terminal(data))
        path = _write_json(data, args.out, "site")
        print(f"JSON: {_shown(path)}")
        if args.docs:
            page.write(args.docs, data)
            print(f"page: {_shown(args.docs)}")
    return 1 if args.check and missed else 0


def search_part(tmp: Path, sizes: list[int], args: argparse.Namespace) -> list[SearchBench]:
    results: list[SearchBench] = []
    if not args.no_real:
        results.append(run("real content", copy_project(ROOT, tmp / "real"), args.repeats))
        _progress(results[-1])
    for size in sizes:
        generated = corpus.generate(tmp / f"generated-{size}", repairs=size,
                                    mkdocs=ROOT / "mkdocs.yml")
        results.append(run(f"generated {size}", generated.root, args.repeats))
        _progress(results[-1])
    return results


def site_parts(tmp: Path, sizes: list[int], args: argparse.Namespace
               ) -> tuple[list[dict], list[dict]]:
    """The site and browser parts, size by size (the browser opens the sites just built)."""
    sites: list[dict] = []
    browsed: list[dict] = []
    for size in sizes:
        work = site.Workspace(tmp / f"site-{size}")
        if "site" in args.parts:
            sites.append(site.run(size, work, size <= args.plain_up_to, _log).as_dict())
        if "browser" in args.parts:
            browsed.append(browser.run(size, work, _log))
    return sites, browsed


def command(argv: list[str]) -> str:
    """The command line that made these figures, as someone would type it."""
    return "make bench" + (f" BENCH_ARGS={shlex.quote(shlex.join(argv))}" if argv else "")


def direct(argv: list[str]) -> str:
    """The same, as `make bench` runs it."""
    return shlex.join([".venv/bin/python", "-m", "bench", *argv])


def table(results: list[SearchBench]) -> str:
    rows = [[label for _, label, _ in COLUMNS]]
    rows += [[fmt.format(getattr(r, key)) for key, _, fmt in COLUMNS] for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                       for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
             for row in rows]
    return "\n".join([lines[0], "-" * len(lines[0]), *lines[1:]])


def over_budget(results: list[SearchBench]) -> list[str]:
    missed = []
    for r in results:
        if not r.corpus.startswith("generated") or r.documents < BUDGET_FROM:
            continue
        for key, limit in BUDGETS.items():
            if getattr(r, key) >= limit:
                missed.append(f"{r.corpus}: {key} = {getattr(r, key)} (budget < {limit})")
    return missed


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, default=DEFAULT_SIZES,
                        help="generated corpus sizes, comma-separated (default: 100,1000,10000; "
                        "about 18 minutes on 2 cores)")
    parser.add_argument("--parts", type=_parts, default=list(PARTS),
                        help="comma-separated, of search,site,browser,form,serve (default: all)")
    parser.add_argument("--plain-up-to", type=int, default=1000, metavar="N",
                        help="compare with plain MkDocs and its pruned navigation of every page "
                        "up to N write-ups (default 1000: that navigation is on every page)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of each query")
    parser.add_argument("--no-real", action="store_true", help="skip the real content")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the JSON results")
    parser.add_argument("--docs", type=Path, metavar="PATH",
                        help="also write the site and browser tables as Markdown to PATH")
    parser.add_argument("--work", type=Path, metavar="DIR",
                        help="keep corpora and sites in DIR (default: a temporary folder)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget is missed")
    return parser


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def _parts(text: str) -> list[str]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown or not parts:
        raise argparse.ArgumentTypeError(f"parts are {','.join(PARTS)}, not {text!r}")
    return parts


@contextlib.contextmanager
def _workdir(given: Path | None) -> Iterator[Path]:
    if given is not None:
        given.mkdir(parents=True, exist_ok=True)
        yield given.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        yield Path(tmp)


def _progress(result: SearchBench) -> None:
    print(f"... {result.corpus}: built in {result.build_s:.1f} s", file=sys.stderr, flush=True)


def _log(line: str) -> None:
    print(f"... {line}", file=sys.stderr, flush=True)


def _shown(path: Path) -> Path:
    path = path.resolve()
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def _write(results: list[SearchBench], out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    data = {"benchmark": "search", "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                        "platform": platform.platform()},
            "results": [r.as_dict() for r in results]}
    path = out / f"search-{time.strftime('%Y%m%d-%H%M%S')}.json"
    text = json.dumps(data, indent=2, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    (out / "search-latest.json").write_text(text, encoding="utf-8")
    return path


def _write_json(data: dict, out: Path, name: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=2, ensure_ascii=False)
    path = out / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(text, encoding="utf-8")
    (out / f"{name}-latest.json").write_text(text, encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.exit(main())
