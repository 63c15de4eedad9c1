"""Rebuild only what changed: the previous build's manifest, our lazy files, the merge.

After a build, the manifest keeps, for the site folder it made, the fingerprint of
every file the kb plugin added (a page's key names what the page is made from).
The next build compares: a file with the same fingerprint is neither rendered nor
written (MkDocs' dirty mode asks ``is_modified()``), the others are built into an
empty folder. ``merge()`` then completes that folder with hard links to the
unchanged files of the current site, so the result is the same tree a full build
makes, and it is swapped in whole like one. The current site is only read: a
link never lets a later write reach it, since every written file is a new one.

Anything besides the content that shapes every page (the code, mkdocs.yml, the
reference pages in docs/, the PDF switch) is in the manifest's ``base``; when it
differs, or the site folder is not the one the manifest describes, the build is
a full one.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.files import File

from builder.core import cache
from builder.site.convert import PageSource

DIRTY_WARNING = "A 'dirty' build is being performed"


class KbFile(File):
    """A file of ours. ``make`` renders its content the first time MkDocs asks for it
    (never, for a page dirty mode skips); ``changed`` answers ``is_modified()``."""

    def __init__(self, config, uri: str, *, content: str | bytes | None = None,
                 source: Path | None = None, make: Callable[[], str | bytes] | None = None,
                 changed: bool = True) -> None:
        super().__init__(uri, src_dir=None, dest_dir=config.site_dir,
                         use_directory_urls=config.use_directory_urls)
        self.generated_by = "kb"
        self.abs_src_path = str(source) if source is not None else None
        self._made, self._make, self.changed = content, make, changed

    @property  # type: ignore[override]
    def _content(self) -> str | bytes | None:
        if self._made is None and self._make is not None:
            self._made = self._make()
        return self._made

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self._made, self._make = value, None

    def forget(self) -> None:
        """Let go of the content once its page is written, when it can be made again
        (at 10,000 write-ups the pages' sources held 150 MB to the end of the build)."""
        if self._make is not None:
            self._made = None

    @property
    def page_source(self) -> PageSource | None:
        """The page as our renderer made it (None: a file, or a page of plain Markdown)."""
        made = self._content
        return made if isinstance(made, PageSource) else None

    @property
    def content_string(self) -> str:  # type: ignore[override]
        made = self._content
        if isinstance(made, list):
            return "".join(made)
        return str(made) if isinstance(made, PageSource) else super().content_string

    @property
    def content_bytes(self) -> bytes:  # type: ignore[override]
        made = self._content
        if isinstance(made, list | PageSource):
            return self.content_string.encode()
        return super().content_bytes

    def copy_file(self, dirty: bool = False) -> None:
        """Write the file; text made in pieces (a list of str) is written piece by
        piece. Then let go of the content when it can be made again."""
        if dirty and not self.is_modified():
            return
        made = self._content
        if isinstance(made, list):
            os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
            with open(self.abs_dest_path, "w", encoding="utf-8") as out:
                out.writelines(made)
        else:
            super().copy_file(dirty)
        self.forget()

    def is_modified(self) -> bool:
        return self.changed


@dataclass
class Manifest:
    """What the last build of ``site`` was made from."""

    site: str
    stamp: tuple[int, int]  # inode and modification time of the site folder after the swap
    base: str
    files: dict[str, str] = field(default_factory=dict)  # src uri -> fingerprint


def base_key(config_file: Path, pdf: bool) -> str:
    """Everything besides the content and the code that every page depends on."""
    docs = config_file.parent / "docs"
    state = []
    for top, dirs, names in os.walk(docs):
        dirs.sort()
        for name in sorted(names):
            st = os.stat(os.path.join(top, name))
            state.append((os.path.relpath(os.path.join(top, name), docs), st.st_size,
                          st.st_mtime_ns))
    return cache.digest(config_file.read_bytes(), pdf, tuple(state))


def _stamp(site: Path) -> tuple[int, int]:
    st = site.stat()
    return st.st_ino, st.st_mtime_ns


def _store(config_file: Path) -> cache.Store:
    return cache.store(cache.folder(config_file.parent, loose=True), "site")


def previous(config_file: Path, site: Path, base: str) -> Manifest | None:
    """The manifest of ``site`` when the next build may start from it."""
    found = _store(config_file).get("manifest", lambda: None)
    if (not isinstance(found, Manifest) or found.site != str(site) or found.base != base
            or not site.is_dir() or found.stamp != _stamp(site)):
        return None
    return found


def remember(config_file: Path, site: Path, base: str, files: dict[str, str]) -> None:
    store = _store(config_file)
    store.put("manifest", Manifest(str(site), _stamp(site), base, files))
    store.save()


def forget(config_file: Path) -> None:
    """No build may start from the current site (it is being replaced)."""
    store = _store(config_file)
    store.put("manifest", None)
    store.save()


class Stale(Exception):
    """The current site lacks a file the new one keeps: build it whole."""


def merge(new: Path, old: Path, outputs: set[str], compressed: Callable[[str], bool]) -> int:
    """Complete ``new`` (the files built this time) with the other ``outputs`` (site
    paths) as hard links to their copies in ``old``; returns how many were linked.

    A kept file whose name is ``compressed`` takes its gzip copy (``precompress``)
    along, when ``old`` has one: the same bytes, so it need not be compressed or
    looked at again."""
    linked = 0
    made: set[str] = set()
    new_dir, old_dir = str(new), str(old)
    for rel in sorted(outputs):
        target = os.path.join(new_dir, rel)
        if os.path.lexists(target):
            continue
        parent = os.path.dirname(target)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        source = os.path.join(old_dir, rel)
        if not _linked(source, target):
            raise Stale(rel)
        linked += 1
        if compressed(rel):
            _linked(source + ".gz", target + ".gz")  # none when it was not worth it
    return linked


def _linked(source: str, target: str) -> bool:
    """``target`` made a hard link to ``source`` (a copy across file systems or where
    links are not allowed); False when there is no ``source``."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        return False
    except OSError:  # another file system, or links not allowed: copy
        shutil.copy2(source, target)
    return True


class _DropDirtyWarning(logging.Filter):
    """MkDocs warns about dirty builds (inexact navigation); ours are exact, and in strict
    mode that warning would stop the build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


DIRTY_FILTER = _DropDirtyWarning()
