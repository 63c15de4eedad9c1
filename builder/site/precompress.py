"""Gzip copies of the site's text files, made once at build time (``page.html.gz``).

A phone's first page is about 300 KB as it is and about 80 KB gzipped; on a slow
plant network that is seconds of waiting. ``kb serve`` and nginx (``gzip_static
on``) send the ``.gz`` copy to a client that accepts gzip, so no request pays for
compression. The copies are reproducible (no time stamp inside). A build
compresses the files it built; an incremental build's merge links each kept
file's copy from the previous site with the file (``builder.site.incremental``).
"""

from __future__ import annotations

import gzip
import os
import struct
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SUFFIXES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".atom", ".txt")
MIN_BYTES = 256  # below this, headers outweigh what gzip saves
WORTH = 0.9  # a copy is kept only when at most this share of the original
THREADS = 2  # the build's two cores
LEVEL = 9
HEADER = gzip.compress(b"", compresslevel=LEVEL, mtime=0)[:10]  # gzip.compress's own header
BLOCK = 1 << 20  # bytes read at a time


def compressible(name: str) -> bool:
    """Whether a file of this name gets a ``.gz`` copy (when it is worth it)."""
    return name.endswith(SUFFIXES)


def write(site: Path) -> tuple[int, int, int]:
    """Write ``site``'s ``.gz`` copies; returns (copies, bytes before, bytes after).

    Two threads share the files: zlib compresses, and files are read and written,
    without holding Python's lock, so both cores work, and no child process copies
    the build's memory (at 10,000 write-ups a fork here was the largest process).
    Each file is one thread's, so the copies are the same either way."""
    paths = _candidates(site)
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        kept = [sizes for sizes in pool.map(_copy, paths) if sizes]
    return len(kept), sum(before for before, _ in kept), sum(after for _, after in kept)


def _candidates(site: Path) -> list[str]:
    """The site's files that may get a copy, in the order of the walk."""
    found = []
    for top, _dirs, names in os.walk(site):
        for name in names:
            if not compressible(name):
                continue
            path = os.path.join(top, name)
            st = os.lstat(path)
            if not os.path.isfile(path) or os.path.islink(path) or st.st_size < MIN_BYTES:
                continue
            found.append(path)
    return found


def _copy(path: str) -> tuple[int, int] | None:
    """Make ``path``.gz; (bytes before, bytes after), None when not worth it."""
    target = path + ".gz"
    if os.path.lexists(target):  # the site's own (sitemap.xml.gz): never written over,
        return None  # it may be a hard link into the site being served
    packed, size = _gzipped(path)
    if len(packed) > size * WORTH:
        return None
    with open(target, "wb") as f:
        f.write(packed)
    return size, len(packed)


def _gzipped(path: str) -> tuple[bytes, int]:
    """``gzip.compress(data, compresslevel=9, mtime=0)`` of the file and its size, read
    a block at a time (kb.json is 50 MB at 10,000 write-ups): the same deflate
    stream, the same header and trailer, without the whole file in memory."""
    deflate = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    parts, crc, size = [HEADER], 0, 0
    with open(path, "rb") as f:
        while block := f.read(BLOCK):
            parts.append(deflate.compress(block))
            crc, size = zlib.crc32(block, crc), size + len(block)
    parts += [deflate.flush(), struct.pack("<LL", crc, size & 0xFFFFFFFF)]
    return b"".join(parts), size
