"""What the pipeline keeps between runs, under ``.cache/kb/``, keyed by what it was made from.

A store is one pickle file: the fingerprint of the environment (the code and data
files of ``builder/`` and ``schema/``, Python and the versions of the packages that
shape the output) and a dict of entries, each under a key that names its inputs
(for a document folder: its files' names, sizes and modification times). A store
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

HERE = Path(__file__).resolve().parent
SOURCES = (HERE, HERE.parent / "schema")
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


def store(where: Path | None, name: str) -> Store:
    """The store ``name`` of the cache folder ``where`` (one object per process)."""
    key = (where, name)
    if key not in _OPEN:
        _OPEN[key] = Store(where, name)
    return _OPEN[key]


def save_all() -> None:
    """Save every store opened in this process (after a run over the whole corpus)."""
    for opened in _OPEN.values():
        opened.save()


def of_source(path: Path, rel: str) -> Path | None:
    """The cache folder of the project a content file belongs to (``rel`` is its path
    from the project root)."""
    return folder(path.parents[len(rel.split("/")) - 1])


def digest(*parts: Any) -> str:
    """A short stable key for a value made of strings, numbers, tuples and lists."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32]


class Store:
    """One named store: ``get(key, make)`` returns the kept value or makes it."""

    def __init__(self, where: Path | None, name: str) -> None:
        self.path = where / f"{name}.pickle" if where is not None else None
        self._old: dict[str, Any] = self._load()
        self._new: dict[str, Any] = {}
        self.made = 0  # entries computed in this run (the rest came from the store)

    def _load(self) -> dict[str, Any]:
        if self.path is None:
            return {}
        try:
            with open(self.path, "rb") as f:
                env, entries = pickle.load(f)
        except Exception:  # noqa: BLE001 - missing, damaged, another version: start empty
            return {}
        return entries if env == environment() and isinstance(entries, dict) else {}

    def get(self, key: str, make: Callable[[], T]) -> T:
        if key in self._new:
            return self._new[key]
        if key in self._old:
            value = self._old[key]
        else:
            value = make()
            self.made += 1
        self._new[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self._new[key] = value
        self.made += 1

    def save(self) -> None:
        """Write the entries used since the last save (atomically), when anything
        changed; what was not used is dropped."""
        if self.path is None or not self._new:
            return
        if self.made or self._new.keys() != self._old.keys():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    pickle.dump((environment(), self._new), f,
                                protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        self._old, self._new, self.made = self._new, {}, 0
