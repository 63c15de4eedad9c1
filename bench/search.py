"""Search benchmarks: index build, one-file update, index size, warm query latency.

Every figure comes from a project folder that may be changed (a copy of the
real content, or a generated corpus): the update benchmark edits one file.
"""

from __future__ import annotations

import shutil
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from builder.search import index, store
from builder.search.query import Filters, SearchIndex

# (query, filters): what workers type, accents or not, singular or plural, es or en
QUERIES: list[tuple[str, Filters]] = [
    ("horno no calienta", Filters()),
    ("valvula", Filters()),
    ("válvulas", Filters()),
    ("congeladores", Filters()),
    ("oven", Filters(lang="en")),
    ("freezers not cooling", Filters()),
    ("bomba de agua", Filters()),
    ("rodamiento dañado", Filters()),
    ("fuga de refrigerante", Filters()),
    ("compresor", Filters(kind="repair")),
    ("caldera", Filters(sector="food-processing")),
    ("sello mecánico", Filters()),
    ("motor eléctrico", Filters()),
    ("welding", Filters()),
    ("reparación de válvulas", Filters()),
    ("molino de martillos", Filters(machine_class="mill")),
    ("tablero de control", Filters(failure_mode="control-fault")),
    ("gas cylinder line", Filters(lang="en")),
    ("Cacique Mara", Filters()),
    ("valbula", Filters()),
]
EDIT = "\nUna línea más para medir la actualización / one more line to time the update.\n"


@dataclass(frozen=True)
class SearchBench:
    corpus: str
    files: int
    documents: int
    build_s: float
    noop_s: float
    update_s: float
    index_mb: float
    query_p50_ms: float
    query_p95_ms: float
    query_max_ms: float
    timings: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def run(name: str, root: Path, repeats: int = 5) -> SearchBench:
    """Benchmark the project at ``root`` (its index is rebuilt from nothing)."""
    content, folder = root / "content", index.index_folder(root)
    shutil.rmtree(folder, ignore_errors=True)
    build, update = _timed(lambda: index.refresh(content, folder))
    noop, _ = _timed(lambda: index.refresh(content, folder))
    _edit_one(content)
    changed, after = _timed(lambda: index.refresh(content, folder))
    assert after.mode == "incremental" and len(after.changed) == 1, after
    timings = _query_timings(content, folder, repeats)
    return SearchBench(
        corpus=name, files=len(update.added), documents=update.documents,
        build_s=round(build, 2), noop_s=round(noop, 3), update_s=round(changed, 3),
        index_mb=round(store.size(store.current(folder)) / 1e6, 2),
        query_p50_ms=round(statistics.median(timings) * 1000, 1),
        query_p95_ms=round(_percentile(timings, 95) * 1000, 1),
        query_max_ms=round(max(timings) * 1000, 1), timings=len(timings))


def copy_project(source: Path, target: Path) -> Path:
    """A copy of a project's content (and mkdocs.yml) to benchmark without touching it."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source / "content", target / "content")
    if (source / "mkdocs.yml").is_file():
        shutil.copy2(source / "mkdocs.yml", target / "mkdocs.yml")
    return target


def _query_timings(content: Path, folder: Path, repeats: int) -> list[float]:
    """Seconds per query, each query ``repeats`` times after one warm-up pass."""
    timings = []
    with SearchIndex.open(content, folder, refresh=False) as ix:
        for text, filters in QUERIES:
            ix.search(text, filters)
        for _ in range(repeats):
            for text, filters in QUERIES:
                start = time.perf_counter()
                ix.search(text, filters)
                timings.append(time.perf_counter() - start)
    return timings


def _edit_one(content: Path) -> None:
    path = next(iter(sorted((content / "repairs").glob("*/index.md"))))
    path.write_text(path.read_text(encoding="utf-8") + EDIT, encoding="utf-8")


def _timed(action: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def _percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
