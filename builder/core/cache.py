"""What the pipeline keeps between runs, under ``.cache/kb/``, keyed by what it was made from.

A store is a pickle file (or, with an entry per document, a folder of them): the
fingerprint of the environment (the code and data files of ``builder/`` and
``schema/``, Python and the versions of the packages that shape the output) and a
dict of entries, each under a key that names its inputs (for a document folder:
its files' names, sizes and modification times). A store
made in another environment is ignored whole, so a change of code never meets an
old result. ``save()`` keeps only the entries this run used: those of deleted or
changed documents go away and the file does not grow.

The cache only saves time: a missing, damaged or foreign store is an empty one.
It is a local file of the project's own, read with pickle like any build cache;
``make clean`` (or deleting ``.cache/kb``) empties it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

BUILDER = Path(__file__).resolve().parents[1]
SOURCES = (BUILDER, BUILDER.parent / "schema")
SUFFIXES = {".py", ".yaml", ".yml", ".j2", ".html", ".css", ".js", ".json", ".svg"}
PACKAGES = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2",
            "pydantic", "pydantic_core", "PyYAML", "nh3", "pillow", "whoosh-reloaded",
            "weasyprint")
FORMAT = 1  # bump when the layout of a store changes
T = TypeVar("T")


def folder(root: Path) -> Path | None:
    """The cache folder of the project at ``root``: only a real project (with
    mkdocs.yml) gets one, so checking a loose content folder writes nothing."""
    return root / ".cache" / "kb" if (root / "mkdocs.yml").is_file() else None


@cache
def environment() -> str:
    """Fingerprint of everything besides the content that a cached result depends on."""
    h = hashlib.sha256(f"{FORMAT} {sys.version}".encode())
    for name in PACKAGES:
        try:
            h.update(f"{name}={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=-;".encode())
    for base in SOURCES:
        for path in sorted(base.rglob("*")):
            if path.suffix in SUFFIXES and "__pycache__" not in path.parts and path.is_file():
                h.update(path.relative_to(base.parent).as_posix().encode() + b"\0")
                h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


_OPEN: dict[tuple[Path | None, str], Store] = {}
SHARDS = 32  # files of a store with an entry per document


def store(where: Path | None, name: str, per_document: bool = False) -> Store:
    """The store ``name`` of the cache folder ``where`` (one object per process);
    ``per_document``: it has an entry per document (spread over SHARDS files)."""
    key = (where, name)
    if key not in _OPEN:
        _OPEN[key] = Store(where, name, SHARDS if per_document else 1)
    return _OPEN[key]


def of_source(path: Path, rel: str) -> Path | None:
    """The cache folder of the project a content file belongs to (``rel`` is its path
    from the project root)."""
    return folder(path.parents[len(rel.split("/")) - 1])


def templates(where: Path | None):
    """A jinja2 bytecode cache in ``where`` (compiled templates, checked against their
    source by jinja2 itself), or None without a cache folder."""
    if where is None:
        return None
    from jinja2 import FileSystemBytecodeCache

    compiled = where / "jinja"
    compiled.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(compiled))


def digest(*parts: Any) -> str:
    """A short stable key for a value made of strings, numbers, tuples and lists."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32]


class Store:
    """One named store: ``get(key, make)`` returns the kept value or makes it.

    Entries are spread over ``shards`` files by key, so saving after a small change
    rewrites a small file. A file is read at the first ``get`` of one of its keys;
    ``save()`` writes what was used since the last save and lets go of it all (a
    later ``get`` reads the files again), so a build holds a store in memory only
    while the step that uses it runs."""

    def __init__(self, where: Path | None, name: str, shards: int = 1) -> None:
        self.paths = None if where is None else [
            where / f"{name}.pickle" if shards == 1 else where / name / f"{i:02d}.pickle"
            for i in range(shards)]
        self.shards = shards
        self._old: list[dict[str, Any] | None] = [None] * shards
        self._new: list[dict[str, Any]] = [{} for _ in range(shards)]
        self._made = [0] * shards  # entries computed since the last save, per file

    @property
    def made(self) -> int:
        return sum(self._made)

    def _shard(self, key: str) -> int:
        return int(key[:8], 16) % self.shards if self.shards > 1 else 0

    def _load(self, i: int) -> dict[str, Any]:
        if self.paths is None:
            return {}
        try:
            with open(self.paths[i], "rb") as f:
                env, entries = pickle.load(f)
        except Exception:  # noqa: BLE001 - missing, damaged, another version: start empty
            return {}
        return entries if env == environment() and isinstance(entries, dict) else {}

    def get(self, key: str, make: Callable[[], T]) -> T:
        i = self._shard(key)
        new = self._new[i]
        if key in new:
            return new[key]
        old = self._old[i]
        if old is None:
            old = self._old[i] = self._load(i)
        if key in old:
            value = old[key]
        else:
            value = make()
            self._made[i] += 1
        new[key] = value
        return value

    def has(self, key: str) -> bool:
        i = self._shard(key)
        if key in self._new[i]:
            return True
        if self._old[i] is None:
            self._old[i] = self._load(i)
        return key in self._old[i]

    def put(self, key: str, value: Any) -> None:
        i = self._shard(key)
        self._new[i][key] = value
        self._made[i] += 1

    def save(self) -> None:
        """Write the entries used since the last save (atomically, each file when its
        entries changed); what was not used is dropped from the files."""
        if self.paths is None or not any(self._new):
            return
        for i, path in enumerate(self.paths):
            new, old = self._new[i], self._old[i]
            if self._made[i] or old is None or new.keys() != old.keys():
                _write(path, new)
        self._old = [None] * self.shards
        self._new = [{} for _ in range(self.shards)]
        self._made = [0] * self.shards


def _write(path: Path, entries: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump((environment(), entries), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save(name: str) -> None:
    """Save (and let go of) every open store called ``name``: after a step that went
    over the whole corpus."""
    for (_, opened_name), opened in _OPEN.items():
        if opened_name == name:
            opened.save()
