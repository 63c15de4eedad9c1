"""The search index stage: keep a whoosh index in step with the validated documents.

Each content file is keyed by the hash of its bytes; re-indexing after one file
changed re-reads, re-validates and re-indexes only that file. When the index is
missing or corrupt, or when its fingerprint (index schema, analysis code,
vocabularies, whoosh version) differs, it is rebuilt from scratch. Writing goes
through ``store``: a new generation, swapped in whole.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

import whoosh
import whoosh.index

from builder.check.validation import validate
from builder.core import cache as kept
from builder.core import parallel
from builder.core.files import atomic_write, content_hash
from builder.document import Document
from builder.load import markdown, sections
from builder.load.source import FILE_NAME, KINDS, load
from builder.search import fields, forgiving, store
from builder.text import analysis, plain, spanish
from schema import MODELS
from schema.vocabularies import VOCAB_FILE, fold

FORMAT = 1  # bump to force a rebuild when nothing else in the fingerprint changes
MANIFEST = "kb-manifest.json"
VOCABULARY = "kb-vocabulary.json"  # the words of the index by spelling group (forgiving.py)
SEAL = "kb-seal"  # the generation's files and their hashes, sealed (``kept.write``)
# what decides the index's content: a change to any of them rebuilds it
_SOURCES = (analysis.__file__, spanish.__file__, fields.__file__, forgiving.__file__,
            sections.__file__, markdown.__file__, plain.__file__,
            inspect.getfile(MODELS["repair"]), inspect.getfile(fold), VOCAB_FILE)

Fetch = Callable[[str], tuple[str, dict[str, Any] | None]]  # rel -> (hash, fields or None)
PARALLEL_FROM = 200  # files to load before it pays to start worker processes


class IndexUnavailable(Exception):
    """The index cannot be read: missing, corrupt or built by other code."""


@dataclass(frozen=True)
class Update:
    """What a refresh did: ``mode`` is 'none', 'incremental' or 'full'."""

    mode: str
    reason: str = ""
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    documents: int = 0


@dataclass
class IndexManifest:
    fingerprint: str
    files: dict[str, dict] = field(default_factory=dict)  # rel -> {hash, indexed}

    @property
    def documents(self) -> int:
        return sum(1 for entry in self.files.values() if entry["indexed"])


@dataclass
class _Plan:
    full: bool
    reason: str
    base: Path | None
    manifest: IndexManifest
    added: list[str]
    changed: list[str]
    removed: list[str]

    @property
    def empty(self) -> bool:
        return not (self.full or self.added or self.changed or self.removed)


@dataclass(frozen=True)
class _Source:
    fetch: Fetch
    parallel: bool

    def each(self, rels: list[str]) -> Iterator[tuple[str, dict[str, Any] | None]]:
        """``fetch`` of every file in order; loading and validating (the slow part of a
        full build) runs in worker processes while this one writes the index."""
        yield from parallel.mapped(self.fetch, rels,
                                   at_least=PARALLEL_FROM if self.parallel else len(rels) + 1)


def index_folder(root: Path) -> Path:
    """``search-index`` in the project's cache folder (``.cache/kb/search-index``)."""
    return kept.folder(root, loose=True) / "search-index"


@cache
def fingerprint() -> str:
    digest = hashlib.sha256(f"{FORMAT} {whoosh.versionstring()}".encode())
    digest.update(repr([(n, type(f).__name__) for n, f in fields.schema().items()]).encode())
    for source in _SOURCES:
        digest.update(Path(source).read_bytes())
    return digest.hexdigest()[:16]


def refresh(content: Path, folder: Path, force: bool = False) -> Update:
    """Bring the index in ``folder`` in line with the files under ``content``."""
    hashes = {rel: content_hash(path.read_bytes()) for rel, path in scan(content).items()}
    return _update(folder, hashes, partial(_file_fields, content), force, parallel=True)


def _file_fields(content: Path, rel: str) -> tuple[str, dict[str, Any] | None]:
    """Load and validate one file: its hash, and its index fields if it is valid."""
    src = load(content.parent / rel, content)
    meta = validate(src, MODELS[src.kind]) if src.data is not None and src.kind else None
    found = fields.document_fields(rel, src.kind, meta, src.body) if meta is not None else None
    return content_hash(src.raw), found


def scan(content: Path) -> dict[str, Path]:
    """rel -> path of every file that can be a document (``content/<kind>/<id>/index*.md``).

    The loader's ``discover`` also finds misplaced files, to report them; they
    can never be indexed, and walking with ``os.scandir`` is several times faster.
    """
    found: dict[str, Path] = {}
    for kind_dir in KINDS:
        for folder in _entries(content / kind_dir):
            if not folder.is_dir():
                continue
            for entry in _entries(Path(folder.path)):
                if FILE_NAME.match(entry.name) and entry.is_file():
                    found[f"{content.name}/{kind_dir}/{folder.name}/{entry.name}"] = \
                        Path(entry.path)
    return dict(sorted(found.items()))


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def index_documents(folder: Path, documents: Iterable[Document], force: bool = False) -> Update:
    """Index exactly ``documents`` (already checked, e.g. by the site build)."""
    by_rel = {doc.src.rel: doc for doc in documents}
    hashes = {rel: content_hash(doc.src.raw) for rel, doc in by_rel.items()}

    def fetch(rel: str) -> tuple[str, dict[str, Any] | None]:
        doc = by_rel[rel]
        return hashes[rel], fields.document_fields(rel, doc.kind, doc.meta, doc.src.body)

    return _update(folder, hashes, fetch, force)


def open_index(folder: Path) -> tuple[whoosh.index.Index, IndexManifest]:
    """The current index and its manifest; raises ``IndexUnavailable``."""
    ix, manifest, _ = open_generation(folder)
    return ix, manifest


def open_generation(folder: Path) -> tuple[whoosh.index.Index, IndexManifest, Path]:
    """``open_index`` and the folder of the generation it opened."""
    gen = store.current(folder)
    if gen is None:
        raise IndexUnavailable("missing")
    if not sealed(gen):
        raise IndexUnavailable("not sealed here")
    manifest = _read_manifest(gen)
    if manifest.fingerprint != fingerprint():
        raise IndexUnavailable("built by other code")
    try:
        ix = whoosh.index.open_dir(str(gen))
        count = ix.doc_count()
    except Exception as exc:  # whoosh raises anything on damaged files
        raise IndexUnavailable(f"corrupt ({type(exc).__name__})") from exc
    if count != manifest.documents:
        raise IndexUnavailable("corrupt (document count)")
    return ix, manifest, gen


def _update(folder: Path, hashes: dict[str, str], fetch: Fetch, force: bool,
            parallel: bool = False) -> Update:
    plan = _plan(folder, hashes, force)
    if plan.empty:
        return Update("none", documents=plan.manifest.documents)
    with store.writing(folder):
        plan = _plan(folder, hashes, force)  # another writer may have done it meanwhile
        if plan.empty:
            return Update("none", documents=plan.manifest.documents)
        return _write(folder, plan, hashes, _Source(fetch, parallel))


def _plan(folder: Path, hashes: dict[str, str], force: bool) -> _Plan:
    base, reason = store.current(folder), ""
    manifest = IndexManifest(fingerprint())
    if force:
        reason = "forced"
    elif base is None:
        reason = "missing"
    elif not sealed(base):
        reason = "not sealed here"
    else:
        try:
            manifest = _read_manifest(base)
        except IndexUnavailable as exc:
            reason = str(exc)
        else:
            reason = "" if manifest.fingerprint == fingerprint() else "format changed"
    if reason:
        return _Plan(True, reason, None, IndexManifest(fingerprint()), sorted(hashes), [], [])
    known = manifest.files
    added = sorted(rel for rel in hashes if rel not in known)
    changed = sorted(rel for rel in hashes if rel in known and known[rel]["hash"] != hashes[rel])
    removed = sorted(rel for rel in known if rel not in hashes)
    return _Plan(False, "", base, manifest, added, changed, removed)


def _write(folder: Path, plan: _Plan, hashes: dict[str, str], fetch: _Source) -> Update:
    if plan.base is not None:
        try:
            return _build(folder, plan, fetch)
        except Exception:  # whoosh raises anything on damaged files: start from nothing
            plan = _plan(folder, hashes, force=True)
            plan.reason = "corrupt"
    return _build(folder, plan, fetch)


def _build(folder: Path, plan: _Plan, fetch: _Source) -> Update:
    temp = store.prepare(folder, plan.base)
    try:
        if plan.base is None:
            ix = whoosh.index.create_in(str(temp), fields.schema())
        else:
            ix = whoosh.index.open_dir(str(temp))
        manifest = _fill(ix, plan, fetch)
        _write_vocabulary(temp, ix, plan.base)
        _write_manifest(temp, manifest)
        store.publish(folder, temp)
    except BaseException:
        store.discard(temp)
        raise
    mode = "full" if plan.full else "incremental"
    return Update(mode, plan.reason, plan.added, plan.changed, plan.removed, manifest.documents)


def _fill(ix: whoosh.index.Index, plan: _Plan, source: _Source) -> IndexManifest:
    files = {rel: entry for rel, entry in plan.manifest.files.items() if rel not in plan.removed}
    writer = ix.writer(limitmb=512)
    todo = [*plan.added, *plan.changed]
    try:
        for rel in (*plan.removed, *plan.changed):
            writer.delete_by_term("path", rel)
        for rel, (digest, doc_fields) in zip(todo, source.each(todo), strict=True):
            files[rel] = {"hash": digest, "indexed": doc_fields is not None}
            if doc_fields is not None:
                writer.add_document(**doc_fields)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(optimize=plan.full)
    return IndexManifest(fingerprint(), files)


def _write_vocabulary(gen: Path, ix: whoosh.index.Index, base: Path | None) -> None:
    """The spelling groups of every word of the new index; the previous generation's
    groups are reused for the words it had (a word's group depends on it alone)."""
    known = {w: g for g, ws in (vocabulary(base) if base else {}).items() for w in ws}
    with ix.reader() as reader:
        words = [w.decode("utf-8") if isinstance(w, bytes) else w
                 for w in reader.lexicon(fields.SPELLING)]
    groups: dict[str, list[str]] = {}
    for w in words:
        group = known.get(w) or forgiving.group_key(spanish.sound(w))
        groups.setdefault(group, []).append(w)
    temp = gen / f"{VOCABULARY}.new"  # a new file: the old one is a hard link
    temp.write_text(json.dumps(groups, ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")
    os.replace(temp, gen / VOCABULARY)


def vocabulary(gen: Path) -> dict[str, list[str]]:
    """group -> words of the index generation ``gen`` (empty if unreadable)."""
    try:
        data = json.loads((gen / VOCABULARY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_manifest(gen: Path, manifest: IndexManifest) -> None:
    # A new file, not a rewrite: the old one is a hard link into the previous generation.
    atomic_write(gen / MANIFEST, json.dumps(manifest.__dict__, sort_keys=True).encode())
    (gen / SEAL).unlink(missing_ok=True)  # a hard link to the previous generation's
    kept.write(gen / SEAL, json.dumps(_hashes(gen), sort_keys=True).encode(), SEAL_LABEL)


# -- the seal: whoosh reads pickles from the index folder, so it opens only a generation
# whose every file is the one this machine wrote (a planted or changed file, or an extra
# one such as a newer _MAIN_*.toc, makes the index "unavailable": it is rebuilt) --------

SEAL_LABEL = "search-index/" + SEAL


def _hashes(gen: Path) -> dict[str, str]:
    return {item.name: hashlib.sha256(item.read_bytes()).hexdigest()
            for item in sorted(gen.iterdir())
            if item.name != SEAL and not item.name.endswith(store.WHOOSH_LOCKS)}


_SEALED: dict[tuple, bool] = {}  # files' state -> verified, for this process


def sealed(gen: Path) -> bool:
    """Whether every file of the generation ``gen`` is listed, with its hash, in a seal
    that verifies under this machine's key (and no other file is there)."""
    try:
        state = tuple(sorted((item.name, *_stat(item)) for item in gen.iterdir()))
    except OSError:
        return False
    if state not in _SEALED:
        data = kept.read(gen / SEAL, SEAL_LABEL)
        try:
            _SEALED[state] = (data is not None and not any(s[1] for s in state)
                              and json.loads(data) == _hashes(gen))
        except (OSError, ValueError):
            _SEALED[state] = False
    return _SEALED[state]


def _stat(item: Path) -> tuple[bool, int, int, int]:
    st = item.lstat()
    odd = not stat.S_ISREG(st.st_mode)  # a folder, a symbolic link: never whoosh's own
    return odd, st.st_ino, st.st_size, st.st_mtime_ns


def _read_manifest(gen: Path) -> IndexManifest:
    try:
        data = json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
        manifest = IndexManifest(str(data["fingerprint"]), dict(data["files"]))
        if not all(isinstance(e, dict) and {"hash", "indexed"} <= set(e)
                   for e in manifest.files.values()):
            raise ValueError("bad entry")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexUnavailable(f"corrupt manifest ({type(exc).__name__})") from exc
    return manifest
