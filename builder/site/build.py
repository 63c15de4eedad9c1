"""Build the site with MkDocs into a temporary folder and swap it in whole.

A failed or interrupted build leaves the previous ``site/`` untouched; a kill at
any instant leaves the previous site or the new one (``swap``: one atomic
exchange of the two folders on Linux; elsewhere two renames, and the next build
puts the previous site back if a kill fell between them). One build runs at a
time per project (a lock in the cache folder; a second one waits and says so),
and it starts by removing what an interrupted build left. The site is readable
by a web server whatever the umask: folders 0755, files 0644.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click
from filelock import FileLock, Timeout

from builder.check.checker import Report
from builder.core import cache, files, parallel
from builder.site import incremental as inc
from builder.site import precompress

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
WAIT = 3600  # seconds a build waits for another one before giving up
DIR_MODE, FILE_MODE = 0o755, 0o644


class BuildError(Exception):
    """The site could not be built; the message says why (already bilingual)."""


@dataclass
class BuildResult:
    site_dir: Path
    pages: int
    bytes: int
    rendered: int = 0  # our files built this time (the others were kept from the last build)
    incremental: bool = False


def _mkdocs_logging() -> logging.Handler:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


def build(config_file: Path, site_dir: Path | None = None, pdf: bool = True,
          incremental: bool = True, checked: tuple[Path, Report] | None = None) -> BuildResult:
    """Build the site; with ``incremental``, start from the current one when it is the
    last build's (``builder.site.incremental``): only the changed files are made.
    ``checked``: (content folder, its check) the caller just made (`kb build`), so
    the build does not walk the content again to see that it is the same."""
    config_file = config_file.resolve()
    target = (site_dir or config_file.parent / "site").resolve()
    where = cache.folder(config_file.parent, loose=True)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _writable(target.parent)
        if target.is_dir() and _read_only(target):  # not probed: its stamp must stay
            raise files.Unwritable(target, errno.EROFS)
        _writable(where, " (o bórrela: solo ahorra tiempo / or delete it: it only saves time)")
        with _one_at_a_time(where / "build.lock"):
            recover(target)
            return _start(config_file, target, pdf, incremental, checked)
    except OSError as exc:
        if files.fixable(exc):
            folder = exc.folder if isinstance(exc, files.Unwritable) else target.parent
            raise BuildError(str(files.unwritable(folder, exc))) from None
        raise


def _start(config_file: Path, target: Path, pdf: bool, incremental: bool,
           checked: tuple[Path, Report] | None) -> BuildResult:
    base = inc.base_key(config_file, pdf)
    start = inc.previous(config_file, target, base) if incremental else None
    if start is not None:
        try:
            return _build(config_file, target, pdf, base, start, checked)
        except inc.Stale:
            pass  # a file of the current site went missing: build it whole
    return _build(config_file, target, pdf, base, None, checked)


def _writable(folder: Path, hint: str = "") -> None:
    """Raise ``files.Unwritable`` unless a file can be made in ``folder`` (made if
    missing). Asked before building, so a read-only folder costs no build time."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".kb-probe-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        if files.fixable(exc):
            raise files.unwritable(folder, exc, hint) from None
        raise


def _read_only(folder: Path) -> bool:
    """Whether ``folder``'s files cannot be replaced (a read-only mount or no permission)."""
    return bool(os.statvfs(folder).f_flag & os.ST_RDONLY) or not os.access(
        folder, os.W_OK | os.X_OK)


@contextmanager
def _one_at_a_time(path: Path) -> Iterator[None]:
    """Hold the project's build lock; when another build holds it, say so and wait."""
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        click.echo(f"kb: otra construcción está en curso; esperando a que termine / another "
                   f"build is running; waiting for it to finish (lock: {path})", err=True)
        try:
            lock.acquire(timeout=WAIT)
        except Timeout:
            raise BuildError(f"otra construcción sigue en curso tras {WAIT // 60} minutos / "
                             f"another build is still running after {WAIT // 60} minutes "
                             f"(lock: {path})") from None
    try:
        yield
    finally:
        lock.release()


def _build(config_file: Path, target: Path, pdf: bool, base: str,
           start: inc.Manifest | None, checked: tuple[Path, Report] | None = None
           ) -> BuildResult:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    handler = _mkdocs_logging()
    dirty_log = logging.getLogger("mkdocs.commands.build")
    dirty_log.addFilter(inc.DIRTY_FILTER)
    try:
        config = load_config(config_file=str(config_file), site_dir=str(tmp), strict=True)
        plugin = config.plugins["kb"]
        plugin.config.pdf = pdf
        plugin.previous = start.files if start else None
        plugin.checked = checked
        mkdocs_build(config, dirty=start is not None)
        precompress.write(tmp)  # .gz for kb serve, nginx: of the files built this time
        if start is not None:  # the others, with their .gz, from the current site
            inc.merge(tmp, target, plugin.outputs, precompress.compressible)
        pages, size = _publishable(tmp)
    except (Abort, MkDocsException) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc.__context__, OSError) and files.fixable(exc.__context__):
            raise files.unwritable(target.parent, exc.__context__) from None
        raise BuildError(str(exc)) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
        dirty_log.removeFilter(inc.DIRTY_FILTER)
    inc.forget(config_file)  # until the swap is done the manifest describes no site
    swap(tmp, target)
    inc.remember(config_file, target, base, plugin.manifest)
    return BuildResult(target, pages, size, plugin.rendered, start is not None)


def _publishable(folder: Path) -> tuple[int, int]:
    """Give the built tree the modes a web server can read (whatever the umask; mkdtemp
    makes 0700), and count its pages and bytes."""
    pages = size = 0
    os.chmod(folder, DIR_MODE)
    for top, dirs, names in os.walk(folder):
        for name in dirs:
            path = os.path.join(top, name)
            if stat.S_IMODE(os.lstat(path).st_mode) != DIR_MODE:
                os.chmod(path, DIR_MODE)
        for name in names:
            path = os.path.join(top, name)
            st = os.lstat(path)
            if stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) != FILE_MODE:
                os.chmod(path, FILE_MODE)
            pages += name.endswith(".html")
            size += st.st_size
    return pages, size


# -- the swap and what an interrupted one leaves ---------------------------------------


def _old_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.old-{os.getpid()}")


def swap(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is. On Linux one ``renameat2(RENAME_EXCHANGE)``: at
    every instant ``target`` is the old tree or the new one. Elsewhere two renames; a
    kill between them leaves ``.<name>.old-*``, which ``recover`` puts back.

    The old tree is removed by a process of its own (``parallel.detached``): at
    10,000 write-ups that is 17,000 folders, seconds the build need not wait for.
    Whatever it has not removed when it is stopped, the next build's ``recover``
    removes."""
    if target.exists() and exchange(new, target):
        _remove(new)  # now the old tree
        return
    old = None
    if target.exists():
        old = _old_name(target)
        target.rename(old)
    new.rename(target)
    if old is not None:
        _remove(old)


def _remove(tree: Path) -> None:
    parallel.detached(lambda: shutil.rmtree(tree, ignore_errors=True))


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False
    when the system or the file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def recover(target: Path) -> None:
    """Undo what an interrupted build left beside ``target`` (call with the lock held):
    the previous site put back if a kill fell between the two renames of a swap, and
    every leftover temporary folder removed."""
    olds = sorted(target.parent.glob(f".{target.name}.old-*"),
                  key=lambda p: p.lstat().st_mtime_ns)
    if not target.exists() and olds and olds[-1].is_dir() and not olds[-1].is_symlink():
        olds.pop().rename(target)
    for leftover in (*olds, *target.parent.glob(f".{target.name}.building-*")):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
