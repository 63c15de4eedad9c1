"""A rebuild after a change makes exactly the site a full build makes, doing less work.

Each case builds a generated corpus, changes it, builds again (incremental: only
the changed files are made, the rest linked from the previous site) and compares
that site, file by file, with a full build of the changed corpus in another folder.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image

from bench import corpus
from builder.core import cache
from builder.site.build import build
from builder.site.incremental import KbFile

from .conftest import ROOT
from .test_build_safety import digest

REPAIRS = 55  # two pages in the list of all repairs (50 a page)


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    corpus.generate(root, repairs=REPAIRS, mkdocs=ROOT / "mkdocs.yml", images=True)
    return root


def _doc(root: Path, i: int) -> Path:
    return root / "content" / "repairs" / corpus.repair_id(i) / "index.md"


def _edit_body(root: Path) -> None:
    path = _doc(root, 10)
    path.write_text(path.read_text(encoding="utf-8") + "\nSe cambió el retén otra vez.\n",
                    encoding="utf-8")


def _edit_title(root: Path) -> None:
    path = _doc(root, 20)
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("title: "))
    lines[at] = "title: Zanahoria, una bomba que vuelve a andar"  # first in every listing
    path.write_text("\n".join(lines), encoding="utf-8")


def _translated(root: Path) -> Path:
    return next(p for p in sorted((root / "content" / "repairs").glob("*/index.*.md")))


def _drop_translation(root: Path) -> None:
    _translated(root).unlink()


def _delete_writeup(root: Path) -> None:
    shutil.rmtree(_doc(root, 30).parent)


def _add_writeup(root: Path) -> None:
    shops = sorted(p.name for p in (root / "content" / "workshops").iterdir())
    folder = root / "content" / "repairs" / corpus.repair_id(REPAIRS)
    folder.mkdir()
    for name, data in corpus.repair_files(REPAIRS, shops, images=True).items():
        target = folder / name
        target.write_bytes(data) if isinstance(data, bytes) else target.write_text(
            data, encoding="utf-8")


def _replace_photo(root: Path) -> None:
    photo = next(p for p in sorted((root / "content" / "repairs").glob("*/*.jpg")))
    with Image.open(photo) as old:
        size = old.size
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 40)).save(out, "JPEG", quality=80)
    photo.write_bytes(out.getvalue())


EDITS = {"body": _edit_body, "title": _edit_title, "translation": _drop_translation,
         "delete": _delete_writeup, "add": _add_writeup, "photo": _replace_photo}


@pytest.mark.parametrize("edit", list(EDITS))
def test_rebuild_after_a_change_equals_a_full_build(tmp_path, edit):
    root = _project(tmp_path)
    first = build(root / "mkdocs.yml", pdf=False)
    assert not first.incremental
    EDITS[edit](root)
    again = build(root / "mkdocs.yml", pdf=False)
    assert again.incremental
    assert 0 < again.rendered < first.rendered / 4  # few files made again
    full = build(root / "mkdocs.yml", site_dir=tmp_path / "full", pdf=False, incremental=False)
    assert digest(again.site_dir) == digest(full.site_dir)


def test_rebuild_without_changes_makes_nothing(tmp_path):
    root = _project(tmp_path)
    first = build(root / "mkdocs.yml", pdf=False)
    before = digest(first.site_dir)
    again = build(root / "mkdocs.yml", pdf=False)
    assert again.incremental and again.rendered == 0
    assert digest(again.site_dir) == before


def test_a_file_missing_from_the_site_means_a_full_build(tmp_path):
    root = _project(tmp_path)
    site = build(root / "mkdocs.yml", pdf=False).site_dir
    before = digest(site)
    next(iter(sorted(site.glob("reparaciones/*/index.html")))).unlink()
    again = build(root / "mkdocs.yml", pdf=False)
    assert not again.incremental
    assert digest(site) == before


def test_a_change_to_every_page_means_a_full_build(tmp_path):
    root = _project(tmp_path)
    build(root / "mkdocs.yml", pdf=False)
    (root / "docs" / "limits.md").write_text("# Límites\n\nNuevo.\n", encoding="utf-8")
    again = build(root / "mkdocs.yml", pdf=False)  # the navigation of every page changes
    assert not again.incremental
    full = build(root / "mkdocs.yml", site_dir=tmp_path / "full", pdf=False, incremental=False)
    assert digest(again.site_dir) == digest(full.site_dir)


def test_the_previous_site_is_never_written(tmp_path):
    """Unchanged files are hard links into the previous site: a rebuild must replace,
    never write through them."""
    root = _project(tmp_path)
    site = build(root / "mkdocs.yml", pdf=False).site_dir
    keep = tmp_path / "kept"
    shutil.copytree(site, keep, copy_function=lambda a, b: Path(b).hardlink_to(a))
    before = digest(keep)
    _edit_title(root)
    build(root / "mkdocs.yml", pdf=False)
    assert digest(keep) == before


def test_a_damaged_cache_is_an_empty_one(tmp_path):
    root = _project(tmp_path)
    site = build(root / "mkdocs.yml", pdf=False).site_dir
    before = digest(site)
    folder = cache.folder(root)
    for store in folder.glob("*.pickle"):
        store.write_bytes(b"not a pickle")
    cache._OPEN.clear()  # as a new process would find them
    again = build(root / "mkdocs.yml", pdf=False)
    assert not again.incremental
    assert digest(site) == before


def test_kb_build_says_what_it_made_and_full_builds_all(tmp_path, run_line):
    root = _project(tmp_path)
    first = run_line(f"kb --root {root} build --no-pdf")
    assert first.code == 0 and "new or changed files" not in first.out
    _edit_body(root)
    again = run_line(f"kb --root {root} build --no-pdf")
    made = int(again.out.split(" archivos nuevos o cambiados")[0].split("\n")[-1])
    assert again.code == 0 and 0 < made < 50
    full = run_line(f"kb --root {root} build --no-pdf --full")
    assert full.code == 0 and "new or changed files" not in full.out


def test_a_written_pages_source_is_let_go_and_made_again_if_asked(tmp_path):
    """KbFile.forget (called once a page is written) drops content that can be made
    again; content given as it is stays."""
    config = SimpleNamespace(site_dir=str(tmp_path), use_directory_urls=True)
    made = []
    lazy = KbFile(config, "a/index.md", make=lambda: made.append(1) or "# A\n")
    given = KbFile(config, "b/index.md", content="# B\n")
    assert lazy.content_string == "# A\n" and lazy.content_string == "# A\n"
    assert len(made) == 1  # made once while it is held
    lazy.forget()
    given.forget()
    assert lazy._made is None and given.content_string == "# B\n"
    assert lazy.content_string == "# A\n" and len(made) == 2  # asked again: made again


def test_text_made_in_pieces_is_written_piece_by_piece(tmp_path):
    """kb.json's text comes as a list of pieces, written one after the other (never
    joined in memory), and let go once written."""
    config = SimpleNamespace(site_dir=str(tmp_path), use_directory_urls=True)
    pieces = KbFile(config, "datos/kb.json", make=lambda: ["{\n", ' "válvula": 1', "\n}\n"])
    pieces.copy_file()
    assert (tmp_path / "datos/kb.json").read_text(encoding="utf-8") == '{\n "válvula": 1\n}\n'
    assert pieces._made is None  # let go
    assert pieces.content_bytes == '{\n "válvula": 1\n}\n'.encode()  # made again if asked
