"""What the pipeline keeps between runs, under ``.cache/kb/``, keyed by what it was made from.

A store is a pickle (or, with an entry per document, a folder of them): the
fingerprint of the environment (the code and data files of ``builder/`` and
``schema/``, Python and the versions of the packages that shape the output) and a
dict of entries, each under a key that names its inputs (for a document folder:
its files' names, sizes and modification times). A store
made in another environment is ignored whole, so a change of code never meets an
old result. ``save()`` keeps only the entries this run used: those of deleted or
changed documents go away and the file does not grow.

Trust. The cache stays in the project (``folder()``: one place, found the same way
by every step), but nothing in a checkout is trusted: a pull request can force-add
``.cache/kb/...``, and unpickling (or unmarshalling compiled templates, or opening
a whoosh index, whose files are pickles too) runs code. So every cache file is
*sealed*: written with an HMAC-SHA256 of its bytes (and its name) under a key the
checkout never holds -- 32 random bytes created 0600 in ``$KB_KEY_DIR``, else
``$XDG_CACHE_HOME/epo-kb/`` or ``~/.cache/epo-kb/``. A file whose seal does not
verify (planted, damaged, cut short, made on another machine) is never parsed: it
is an empty cache, rebuilt. Keeping the caches in the project rather than moving
them out was chosen because the seal also checks size and content of the cached
copies that get published (reduced photos, PDFs), a copy of the project keeps its
cache, and ``make clean`` / deleting ``.cache/kb`` still empties everything; when
no key can be kept (read-only home), a key lives only as long as the process and
nothing from earlier runs is trusted.

The cache only saves time: a missing, damaged, foreign or unsealed file is an
empty one, and a cache that cannot be written (read-only, disk full) only warns.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import pickle
import secrets
import struct
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from builder.core import files

BUILDER = Path(__file__).resolve().parents[1]
SOURCES = (BUILDER, BUILDER.parent / "schema")
SUFFIXES = {".py", ".yaml", ".yml", ".j2", ".html", ".css", ".js", ".json", ".svg"}
PACKAGES = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2",
            "pydantic", "pydantic_core", "PyYAML", "nh3", "pillow", "whoosh-reloaded",
            "weasyprint")
FORMAT = 2  # bump when the layout of a store changes
KEY_ENV = "KB_KEY_DIR"  # where the sealing key lives (tests point it elsewhere)
MAGIC = b"kb-seal1"
_HEAD = struct.Struct(">8sQ32s")  # magic, length of the data, HMAC-SHA256
T = TypeVar("T")
log = logging.getLogger("kb.cache")


def folder(root: Path, *, loose: bool = False) -> Path | None:
    """The cache folder of the project at ``root`` (``root/.cache/kb``): the one place
    every step keeps what it caches. Only a real project (with mkdocs.yml) gets one,
    so checking a loose content folder writes nothing; ``loose``: any folder does."""
    return root / ".cache" / "kb" if loose or (root / "mkdocs.yml").is_file() else None


# -- the seal -------------------------------------------------------------------------


def key_file() -> Path:
    """Where the sealing key is kept: outside any checkout, in the user's cache."""
    base = os.environ.get(KEY_ENV)
    if base:
        return Path(base) / "key"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "epo-kb" / "key"


@cache
def _key() -> bytes:
    path = key_file()
    for _ in range(3):
        try:
            found = _read_key(path)
            if found is not None:
                return found
            _make_key(path)
        except FileExistsError:
            continue  # another process made it meanwhile: read that one
        except OSError:
            break
    log.debug("no lasting cache key in %s: this run trusts no earlier cache", path)
    return secrets.token_bytes(32)


def _read_key(path: Path) -> bytes | None:
    """The key, if it is ours, private and whole; None when it must be made again."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        data = f.read(64)
    mine = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    if len(data) != 32 or not mine or st.st_mode & 0o077:
        path.unlink()  # damaged or readable by others: a new key (every cache goes stale)
        return None
    return data


def _make_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=".key.", dir=path.parent)  # created 0600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(32))
        os.link(tmp, path)  # never replaces a key another process just made
    finally:
        os.unlink(tmp)


def _mac(label: str, data: bytes) -> bytes:
    return hmac.new(_key(), label.encode("utf-8", "surrogateescape") + b"\0" + data,
                    hashlib.sha256).digest()


def _label(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def seal(path: Path, data: bytes, label: str | None = None) -> bytes:
    """``data`` as stored in the cache file ``path``: a header with its length and MAC
    (over the data and ``label``, by default the file's folder and name, so a sealed
    file moved to another place of the cache does not verify)."""
    return _HEAD.pack(MAGIC, len(data), _mac(label or _label(path), data)) + data


def unseal(path: Path, raw: bytes, label: str | None = None) -> bytes | None:
    """The data of a sealed file's bytes ``raw``, or None unless its size and MAC verify."""
    if len(raw) < _HEAD.size:
        return None
    magic, size, mac = _HEAD.unpack_from(raw)
    data = raw[_HEAD.size:]
    if magic != MAGIC or size != len(data):
        return None
    return data if hmac.compare_digest(mac, _mac(label or _label(path), data)) else None


def read(path: Path, label: str | None = None) -> bytes | None:
    """The verified data of the cache file ``path``; None when missing or not verified."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    return unseal(path, raw, label)


def write(path: Path, data: bytes, label: str | None = None) -> None:
    """Seal ``data`` into ``path`` atomically; raises ``files.Unwritable``."""
    files.atomic_write(path, seal(path, data, label))


_WARNED: set[str] = set()


def keep(path: Path, data: bytes) -> bool:
    """``write``, but a cache that cannot be written (read-only, disk full) only costs
    time: warn once per folder and go on. Whether it was written."""
    try:
        write(path, data)
    except OSError as exc:
        if not files.fixable(exc):
            raise
        warn(files.unwritable(path.parent, exc))
        return False
    return True


def warn(exc: files.Unwritable) -> None:
    """Say once that a cache folder cannot be written (the run goes on without it)."""
    where = str(exc.folder)
    if where not in _WARNED:
        _WARNED.add(where)
        log.warning("kb: aviso / warning: %s (la caché solo ahorra tiempo / the cache only "
                    "saves time)", exc)


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


def templates(where: Path | None) -> SealedTemplates | None:
    """A jinja2 bytecode cache in ``where/jinja`` (compiled templates, sealed), or None
    without a cache folder."""
    return None if where is None else SealedTemplates(where / "jinja")


class SealedTemplates:
    """jinja2's bytecode cache protocol (``get_bucket``/``set_bucket``) over sealed files.

    jinja2's own file cache reads a pickle and a marshal from a file anyone could
    plant; here a file is read only when its seal verifies, and anything wrong with
    it (even a verified file jinja2 cannot load) only means compiling again."""

    def __init__(self, where: Path) -> None:
        self.where = where

    def _path(self, key: str) -> Path:
        return self.where / f"{key}.cache"

    def get_bucket(self, environment, name: str, filename: str | None, source: str):
        from jinja2.bccache import Bucket

        key = hashlib.sha256(f"{name}|{filename or ''}".encode("utf-8", "surrogateescape"))
        checksum = hashlib.sha256(source.encode("utf-8", "surrogateescape")).hexdigest()
        bucket = Bucket(environment, key.hexdigest()[:40], checksum)
        data = read(self._path(bucket.key))
        if data is not None:
            try:
                bucket.bytecode_from_string(data)
            except Exception:  # noqa: BLE001 - another jinja2, a damaged file: compile again
                bucket.reset()
        return bucket

    def set_bucket(self, bucket) -> None:
        if bucket.code is not None:
            keep(self._path(bucket.key), bucket.bytecode_to_string())


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
        data = read(self.paths[i])  # None unless sealed by this machine's key
        if data is None:
            return {}
        try:
            env, entries = pickle.loads(data)
        except Exception:  # noqa: BLE001 - another version of a class: start empty
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
        entries changed); what was not used is dropped from the files. A folder that
        cannot be written only warns (``keep``)."""
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
    keep(path, pickle.dumps((environment(), entries), protocol=pickle.HIGHEST_PROTOCOL))


def save(name: str) -> None:
    """Save (and let go of) every open store called ``name``: after a step that went
    over the whole corpus."""
    for (_, opened_name), opened in _OPEN.items():
        if opened_name == name:
            opened.save()
