"""Read a contribution package: a .zip that should hold one ``content/repairs/<id>/`` folder.

The zip comes from the phone form ("Contar una reparación") or from anyone: it is
untrusted. ``read`` never raises on bad input and writes nothing: it looks at the
central directory first (names, types, declared sizes) and refuses path tricks,
links, duplicates and zip bombs before a single byte is decompressed; then it
reads each allowed file with a hard cap, so a lying size cannot inflate past the
limits; last it compares every file with the manifest's checksums. What it finds
is a list of coded problems, each located at the zip's name and the entry.

Two layouts are accepted: ``content/repairs/<id>/...`` (what the form saves, with
the manifest ``kb-paquete.json``) and ``<id>/...`` (a folder zipped by hand, with
no manifest: valid content is accepted, with a note that nothing was verified).
Limits: docs/limits.md, "Paquetes / Packages".
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from builder.document import Problem
from builder.load import images
from builder.load.source import FILE_NAME, MAX_FILE_BYTES
from schema.types import SLUG

MANIFEST = "kb-paquete.json"
MAX_PACKAGE_BYTES = 50 * 1024 * 1024  # the .zip on disk (GitHub attachments stop at 25 MB)
MAX_EXPANDED_BYTES = 60 * 1024 * 1024  # all files once unpacked
MAX_ENTRIES = 120  # index.md, its translation, up to 100 images, the manifest
MAX_RATIO = 100  # expanded / compressed, for an entry over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_MANIFEST_BYTES = 256 * 1024
ASSET_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*\.(?:jpg|jpeg|png|gif|webp|svg)$")
# what desktop zip tools add on their own: skipped, and said so
JUNK = re.compile(r"(?:^|/)(?:__MACOSX/.*|\.DS_Store|Thumbs\.db|desktop\.ini)$", re.I)
DRIVE = re.compile(r"^[A-Za-z]:")
METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
CHUNK = 64 * 1024


@dataclass
class Package:
    """What a package holds once read: the document's files, or the problems that refuse it."""

    name: str  # the zip's file name, used to locate problems
    doc_id: str | None = None
    kind: str = "repair"
    files: dict[str, bytes] = field(default_factory=dict)  # name inside the folder -> bytes
    manifest: dict[str, Any] | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return any(p.is_error for p in self.problems)

    @property
    def lang(self) -> str:
        """The language the package's author writes in (for the report)."""
        lang = (self.manifest or {}).get("lang")
        return lang if lang in ("es", "en") else "es"

    def problem(self, entry: str | None, code: str, **params: Any) -> None:
        where = f"{self.name}:{entry}" if entry else self.name
        self.problems.append(Problem(where, None, None, code, params))


def read(path: Path) -> Package:
    """Read and vet the package at ``path``; problems are recorded, never raised."""
    pkg = Package(path.name)
    try:
        size = path.stat().st_size
    except OSError as exc:
        pkg.problem(None, "package-not-zip", detail=exc.strerror or str(exc))
        return pkg
    if size > MAX_PACKAGE_BYTES:
        pkg.problem(None, "package-too-large", size=size, limit=MAX_PACKAGE_BYTES)
        return pkg
    try:
        with zipfile.ZipFile(path) as zf:
            _read(zf, pkg)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        pkg.problem(None, "package-not-zip", detail=str(exc) or type(exc).__name__)
    return pkg


def _read(zf: zipfile.ZipFile, pkg: Package) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        pkg.problem(None, "package-too-many-files", count=len(infos), limit=MAX_ENTRIES)
        return
    wanted = _vet_entries(infos, pkg)
    if pkg.refused:
        return
    placed = _place(wanted, pkg)
    if pkg.refused:
        return
    manifest_info = next((i for i in wanted if i.filename == MANIFEST), None)
    for info, inner in placed:
        data = _extract(zf, info, _limit(inner), pkg)
        if data is not None:
            pkg.files[inner] = data
    if pkg.refused:
        return
    if manifest_info is None:
        pkg.problem(None, "package-unverified")
        return
    raw = _extract(zf, manifest_info, MAX_MANIFEST_BYTES, pkg)
    if raw is not None:
        _verify(pkg, raw, {inner: info.filename for info, inner in placed})


def _vet_entries(infos: list[zipfile.ZipInfo], pkg: Package) -> list[zipfile.ZipInfo]:
    """Central-directory checks, before anything is decompressed. Returns the files to read."""
    seen: dict[str, str] = {}
    declared = 0
    wanted = []
    for info in infos:
        name = info.filename
        if _unsafe(info):
            pkg.problem(_shown(info.orig_filename), "package-unsafe-path")
            continue
        folded = unicodedata.normalize("NFC", name).casefold().rstrip("/")
        if folded in seen:
            pkg.problem(name, "package-duplicate-name", other=seen[folded])
            continue
        seen[folded] = name
        kind = stat.S_IFMT(info.external_attr >> 16) if info.create_system == 3 else 0
        if kind == stat.S_IFLNK:
            pkg.problem(name, "package-link")
            continue
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            pkg.problem(name, "package-special-file")
            continue
        if info.flag_bits & 0x1 or info.compress_type not in METHODS:
            pkg.problem(name, "package-unsupported", method=info.compress_type)
            continue
        if info.is_dir() or JUNK.search(name):
            continue
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            pkg.problem(name, "package-zip-bomb", detail=f"{info.file_size} / {info.compress_size}")
            continue
        declared += info.file_size
        wanted.append(info)
    if declared > MAX_EXPANDED_BYTES:
        pkg.problem(None, "package-too-large", size=declared, limit=MAX_EXPANDED_BYTES)
    return wanted


def _unsafe(info: zipfile.ZipInfo) -> bool:
    """A name that could land outside the folder, or mean different things on different systems."""
    raw = info.orig_filename
    if "\x00" in raw or "\\" in raw or raw.startswith("/") or DRIVE.match(raw):
        return True
    if any(ord(c) < 32 or ord(c) == 127 for c in raw):
        return True
    parts = raw.rstrip("/").split("/")
    return any(p in ("", ".", "..") for p in parts)


def _shown(name: str) -> str:
    """A hostile name, printable: control characters as escapes."""
    return name.encode("unicode_escape").decode("ascii")


def _place(infos: list[zipfile.ZipInfo], pkg: Package) -> list[tuple[zipfile.ZipInfo, str]]:
    """Each file with its name inside the document's folder; one folder, allowed names only."""
    has_manifest = any(i.filename == MANIFEST for i in infos)
    placed, ids = [], []
    for info in infos:
        if info.filename == MANIFEST:
            continue
        parts = PurePosixPath(info.filename).parts
        if len(parts) == 4 and parts[:2] == ("content", "repairs"):
            doc_id, inner = parts[2], parts[3]
        elif len(parts) == 2 and not has_manifest:
            doc_id, inner = parts
        else:
            pkg.problem(info.filename, "package-unexpected-file")
            continue
        if not (SLUG.match(doc_id) and len(doc_id) <= 80):
            pkg.problem(info.filename, "package-bad-id", value=doc_id)
            continue
        if not (FILE_NAME.match(inner) or ASSET_NAME.match(inner)):
            pkg.problem(info.filename, "package-unexpected-file")
            continue
        if info.file_size > _limit(inner):
            pkg.problem(info.filename, "package-file-too-large", size=info.file_size,
                        limit=_limit(inner))
            continue
        if doc_id not in ids:
            ids.append(doc_id)
        placed.append((info, inner))
    if len(ids) > 1:
        pkg.problem(None, "package-several-documents", ids=ids)
    elif not pkg.refused and not any(inner == "index.md" for _, inner in placed):
        pkg.problem(None, "package-no-document")
    pkg.doc_id = ids[0] if len(ids) == 1 else None
    return placed


def _limit(inner: str) -> int:
    return MAX_FILE_BYTES if FILE_NAME.match(inner) else images.MAX_BYTES


def _extract(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, pkg: Package) -> bytes | None:
    """The entry's bytes, read in chunks: never more than its declared size or ``limit``."""
    cap = min(info.file_size, limit)
    out = bytearray()
    try:
        with zf.open(info) as stream:
            while chunk := stream.read(CHUNK):
                out += chunk
                if len(out) > cap:
                    pkg.problem(info.filename, "package-zip-bomb",
                                detail=f"> {cap} bytes")
                    return None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
            NotImplementedError, ValueError) as exc:
        pkg.problem(info.filename, "package-damaged", detail=str(exc) or type(exc).__name__)
        return None
    if len(out) != info.file_size:
        pkg.problem(info.filename, "package-damaged", detail=f"{len(out)} != {info.file_size}")
        return None
    return bytes(out)


def _verify(pkg: Package, raw: bytes, entries: dict[str, str]) -> None:
    """Compare the files with the manifest: the same set, sizes and SHA-256 sums."""
    try:
        manifest = json.loads(raw.decode("utf-8"))
        listed = {f["path"]: f for f in manifest["files"]}
        if manifest.get("kind", "repair") != "repair" or manifest.get("id") != pkg.doc_id:
            raise ValueError(f"id {manifest.get('id')!r} != {pkg.doc_id!r}")
        sums = {p: (int(f["bytes"]), str(f["sha256"])) for p, f in listed.items()}
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        pkg.problem(MANIFEST, "package-manifest", detail=str(exc) or type(exc).__name__)
        return
    pkg.manifest = manifest
    for inner, data in pkg.files.items():
        entry = entries[inner]
        expected = sums.pop(entry, None)
        if expected is None:
            pkg.problem(entry, "package-checksum", detail="not in manifest")
        elif expected != (len(data), hashlib.sha256(data).hexdigest()):
            pkg.problem(entry, "package-checksum", detail="sha256")
    for entry in sorted(sums):
        pkg.problem(entry, "package-checksum", detail="missing")
