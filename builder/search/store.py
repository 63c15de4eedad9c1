"""Where the index lives on disk, and how a new one replaces the old one whole.

The index folder holds numbered generations (``gen-000007/``) and a pointer
file, ``CURRENT``, naming the one to read. A writer takes the lock, prepares a
new generation in a temporary folder (hard links to the files of the current
one, which whoosh never modifies in place), and publishes it by renaming the
folder and replacing ``CURRENT`` with ``os.replace``, which is atomic. A reader
therefore sees the old index or the new one, never half of one. The previous
generation is kept, so a reader that read ``CURRENT`` just before the swap can
still open it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: one writer is assumed
    fcntl = None

POINTER = "CURRENT"
LOCK = ".write-lock"
PREFIX = "gen-"
TEMP_PREFIX = ".tmp-"
WHOOSH_LOCKS = ("_LOCK", "WRITELOCK")


def current(folder: Path) -> Path | None:
    """The generation to read, or None when there is none (or it has vanished)."""
    try:
        name = (folder / POINTER).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not name.startswith(PREFIX) or "/" in name or "\\" in name:
        return None
    path = folder / name
    return path if path.is_dir() else None


@contextlib.contextmanager
def writing(folder: Path) -> Iterator[None]:
    """Hold the write lock: one writer at a time, others wait."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK, "a+b") as handle:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def prepare(folder: Path, base: Path | None) -> Path:
    """A fresh temporary generation, holding links to ``base``'s files if given."""
    _discard_temporaries(folder)
    temp = folder / f"{TEMP_PREFIX}{os.getpid()}"
    temp.mkdir(parents=True)
    if base is not None:
        for item in base.iterdir():
            if item.is_file() and not item.name.endswith(WHOOSH_LOCKS):
                _link(item, temp / item.name)
    return temp


def publish(folder: Path, temp: Path) -> Path:
    """Make ``temp`` the current generation; drop all but the previous one."""
    previous = current(folder)
    target = folder / f"{PREFIX}{_next_number(folder):06d}"
    _sync_dir(temp)
    temp.rename(target)
    pointer = folder / f"{POINTER}.tmp"
    with open(pointer, "w", encoding="utf-8") as handle:
        handle.write(target.name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(pointer, folder / POINTER)
    _sync_dir(folder)
    keep = {target.name, previous.name if previous else ""}
    for old in folder.glob(f"{PREFIX}*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    return target


def discard(temp: Path) -> None:
    shutil.rmtree(temp, ignore_errors=True)


def size(path: Path) -> int:
    """Bytes used by the files of one generation."""
    return sum(p.stat().st_size for p in path.iterdir() if p.is_file())


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # no hard links on this file system (FAT on a USB stick)
        shutil.copy2(source, target)


def _next_number(folder: Path) -> int:
    numbers = [int(p.name[len(PREFIX):]) for p in folder.glob(f"{PREFIX}*")
               if p.name[len(PREFIX):].isdigit()]
    return max(numbers, default=0) + 1


def _discard_temporaries(folder: Path) -> None:
    """Temporary folders left by a writer that died; safe to drop under the lock."""
    for temp in folder.glob(f"{TEMP_PREFIX}*"):
        shutil.rmtree(temp, ignore_errors=True)


def _sync_dir(path: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
