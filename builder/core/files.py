"""Files: the hash that names a file's content, and writing a file whole or not at all."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def content_hash(raw: bytes) -> str:
    """The name of a content: the same bytes give the same short hash everywhere."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so a reader sees the old file or the new one, never
    part of one: a temporary file in the same folder, then ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
