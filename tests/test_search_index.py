"""The search index: incremental by content hash, swapped in whole, rebuilt when damaged."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest

from builder.search import index, store
from builder.search.query import SearchIndex, search

from .conftest import make_project

REPAIR = "content/repairs/ejemplo-bomba-agua/index.md"
TRANSLATION = "content/repairs/ejemplo-bomba-agua/index.en.md"
WORKSHOP = "content/workshops/ejemplo-medir-piezas/index.md"
ALL = [TRANSLATION, REPAIR, WORKSHOP, "content/workshops/ejemplo-taller-basico/index.md"]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def refresh(root: Path, **kwargs) -> index.Update:
    return index.refresh(root / "content", index.index_folder(root), **kwargs)


def ids(root: Path, text: str, **filters) -> list[tuple[str, str]]:
    from builder.search.query import Filters

    found = search(root / "content", index.index_folder(root), text, Filters(**filters))
    return [(hit.id, hit.lang) for hit in found.hits]


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_index_lives_in_the_git_ignored_cache(root):
    assert index.index_folder(root) == root / ".cache" / "kb" / "search-index"
    gitignore = (Path(__file__).parents[1] / ".gitignore").read_text(encoding="utf-8")
    assert "/.cache/" in gitignore.split()


def test_first_refresh_builds_everything_then_nothing_is_left_to_do(root):
    first = refresh(root)
    assert (first.mode, first.reason, first.added, first.documents) == ("full", "missing", ALL, 4)
    again = refresh(root)
    assert (again.mode, again.added, again.changed, again.removed) == ("none", [], [], [])


def test_one_changed_file_reindexes_only_that_document(root, monkeypatch):
    refresh(root)
    loaded = []
    real_load = index.load
    monkeypatch.setattr(index, "load", lambda path, content: loaded.append(path) or
                        real_load(path, content))
    edit(root, REPAIR, "Medir antes de desmontar.", "Medir antes de desmontar el tornillo sinfín.")
    update = refresh(root)
    assert (update.mode, update.changed, update.added, update.removed) == (
        "incremental", [REPAIR], [], [])
    assert loaded == [root / REPAIR]
    assert update.documents == 4
    assert ids(root, "sinfín") == [("ejemplo-bomba-agua", "es")]


def test_added_and_removed_files(root):
    refresh(root)
    (root / TRANSLATION).unlink()
    assert refresh(root).removed == [TRANSLATION]
    assert ("ejemplo-bomba-agua", "en") not in ids(root, "pump")
    assert ("ejemplo-bomba-agua", "es") in ids(root, "bomba")


def test_an_invalid_file_is_left_out_until_it_is_fixed(root):
    edit(root, REPAIR, "  class: pump", "  class: horno")
    assert refresh(root).documents == 3
    assert ("ejemplo-bomba-agua", "es") not in ids(root, "impulsor")
    edit(root, REPAIR, "  class: horno", "  class: pump")
    update = refresh(root)
    assert (update.mode, update.changed, update.documents) == ("incremental", [REPAIR], 4)
    assert ("ejemplo-bomba-agua", "es") in ids(root, "impulsor")


def test_a_new_generation_is_swapped_in_whole_and_the_old_one_left_intact(root):
    folder = index.index_folder(root)
    refresh(root)
    old = store.current(folder)
    before = digest(old)
    with SearchIndex.open(root / "content", folder, refresh=False) as reader:
        edit(root, REPAIR, "Medir antes de desmontar.", "Medir con la escuadra.")
        refresh(root)
        new = store.current(folder)
        assert new != old and (folder / "CURRENT").read_text().strip() == new.name
        assert digest(old) == before  # hard links: the writer never touched the old files
        assert [h.id for h in reader.search("desmontar").hits] == ["ejemplo-bomba-agua"]
    assert ids(root, "escuadra") == [("ejemplo-bomba-agua", "es")]
    assert not list(folder.glob(".tmp-*"))


def test_only_the_current_and_previous_generations_are_kept(root):
    folder = index.index_folder(root)
    for n in range(4):
        edit(root, REPAIR, "Medir antes", f"Medir {n} antes")
        refresh(root)
        edit(root, REPAIR, f"Medir {n} antes", "Medir antes")
    assert len(list(folder.glob("gen-*"))) == 2


def test_a_change_of_analysis_or_schema_rebuilds_everything(root, monkeypatch):
    refresh(root)
    monkeypatch.setattr(index, "fingerprint", lambda: "something-else")
    update = refresh(root)
    assert (update.mode, update.reason, update.documents) == ("full", "format changed", 4)


def _garbage_toc(gen: Path) -> None:
    for toc in gen.glob("*.toc"):
        toc.write_bytes(b"\x00garbage" * 10)


def _no_segments(gen: Path) -> None:
    for seg in gen.glob("*.seg"):
        seg.unlink()


def _truncated_segments(gen: Path) -> None:
    for seg in gen.glob("*.seg"):
        seg.write_bytes(seg.read_bytes()[:100])


def _bad_manifest(gen: Path) -> None:
    (gen / index.MANIFEST).write_text("{not json", encoding="utf-8")


def _no_pointer(gen: Path) -> None:
    (gen.parent / "CURRENT").unlink()


def _pointer_elsewhere(gen: Path) -> None:
    (gen.parent / "CURRENT").write_text("gen-999999\n", encoding="utf-8")


def _pointer_outside(gen: Path) -> None:
    (gen.parent / "CURRENT").write_text("../../../etc\n", encoding="utf-8")


def _no_generation(gen: Path) -> None:
    for item in gen.iterdir():
        item.unlink()
    gen.rmdir()


@pytest.mark.parametrize("damage", [_garbage_toc, _no_segments, _truncated_segments,
                                    _bad_manifest, _no_pointer, _pointer_elsewhere,
                                    _pointer_outside, _no_generation])
def test_a_damaged_or_missing_index_is_rebuilt_not_a_crash(root, damage):
    refresh(root)
    damage(store.current(index.index_folder(root)))
    assert ("ejemplo-bomba-agua", "es") in ids(root, "impulsor")
    assert refresh(root).mode == "none"


@pytest.mark.parametrize("damage", [_garbage_toc, _no_segments, _truncated_segments,
                                    _bad_manifest, _no_pointer, _no_generation])
def test_opening_a_damaged_index_rebuilds_it(root, damage):
    refresh(root)
    folder = index.index_folder(root)
    damage(store.current(folder))
    with SearchIndex.open(root / "content", folder, refresh=False) as ix:
        assert "ejemplo-bomba-agua" in [h.id for h in ix.search("impulsor").hits]


def test_refresh_rebuilds_a_damaged_index(root):
    refresh(root)
    _garbage_toc(store.current(index.index_folder(root)))
    edit(root, REPAIR, "Medir antes", "Medir siempre antes")
    update = refresh(root)
    assert (update.mode, update.documents) == ("full", 4)


def test_writers_wait_for_each_other(root):
    refresh(root)
    errors = []

    def write(n: int) -> None:
        try:
            edit(root, WORKSHOP if n else REPAIR, "ejemplo", "ejemplo")  # same bytes, new mtime
            refresh(root, force=True)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert refresh(root).mode == "none"
    assert ("ejemplo-bomba-agua", "es") in ids(root, "impulsor")


def test_index_documents_from_a_checked_corpus(root):
    from builder.check.checker import check

    folder = index.index_folder(root)
    report = check(root / "content")
    update = index.index_documents(folder, report.documents)
    assert (update.mode, update.documents) == ("full", 4)
    assert index.index_documents(folder, report.documents).mode == "none"
