"""``python -m bench``: search benchmarks on the real content and on generated corpora.

Prints a table and writes JSON to ``bench/out/``. ``--check`` exits 1 when a
budget is missed (warm query p95 under 50 ms at 10,000 write-ups; one-file
update under 1 s); without it the figures are only reported, since timings on
a shared machine vary.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from . import corpus
from .search import SearchBench, copy_project, run

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
BUDGETS = {"query_p95_ms": 50.0, "update_s": 1.0}  # checked on corpora of 10,000 and more
BUDGET_FROM = 10_000
COLUMNS = [("corpus", "corpus", "{}"), ("files", "files", "{}"), ("build_s", "build s", "{:.1f}"),
           ("update_s", "update s", "{:.3f}"), ("noop_s", "no-op s", "{:.3f}"),
           ("index_mb", "index MB", "{:.1f}"), ("query_p50_ms", "q p50 ms", "{:.1f}"),
           ("query_p95_ms", "q p95 ms", "{:.1f}"), ("query_max_ms", "q max ms", "{:.1f}")]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    results: list[SearchBench] = []
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        if not args.no_real:
            results.append(run("real content", copy_project(ROOT, Path(tmp) / "real"),
                               args.repeats))
            _progress(results[-1])
        for size in args.sizes:
            generated = corpus.generate(Path(tmp) / f"generated-{size}", repairs=size,
                                        mkdocs=ROOT / "mkdocs.yml")
            results.append(run(f"generated {size}", generated.root, args.repeats))
            _progress(results[-1])
    print(table(results))
    missed = over_budget(results)
    for line in missed:
        print(f"over budget: {line}")
    path = _write(results, args.out)
    print(f"JSON: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 1 if args.check and missed else 0


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
    parser.add_argument("--sizes", type=_sizes, default=[10_000],
                        help="generated corpus sizes, comma-separated (default: 10000)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of each query")
    parser.add_argument("--no-real", action="store_true", help="skip the real content")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the JSON results")
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


def _progress(result: SearchBench) -> None:
    print(f"... {result.corpus}: built in {result.build_s:.1f} s", file=sys.stderr, flush=True)


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


if __name__ == "__main__":
    sys.exit(main())
