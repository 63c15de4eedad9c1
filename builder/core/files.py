"""Files: the hash that names a file's content, and writing a file whole or not at all."""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from pathlib import Path

# What a person can fix (permissions, a read-only mount, a full disk), as opposed to a bug.
READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}
FULL = {errno.ENOSPC, errno.EDQUOT}
NOT_A_FOLDER = {errno.ENOTDIR, errno.EEXIST}  # a file stands where a folder must be


class Unwritable(OSError):
    """A folder cannot be written (read-only, no permission, disk full). ``str()`` is a
    bilingual message naming the folder and what to do; ``folder`` is that folder."""

    def __init__(self, folder: Path, code: int, hint: str = "") -> None:
        super().__init__(code, os.strerror(code), str(folder))
        self.folder = folder
        self.hint = hint

    def __str__(self) -> str:
        where = str(self.folder)
        if self.errno in NOT_A_FOLDER:
            text = (f"{where} debe ser una carpeta y hay un archivo en su lugar (o en el de una"
                    f" carpeta que la contiene); quítelo o muévalo y repita / {where} must be a "
                    "folder and a file stands in its place (or in that of a folder holding it); "
                    "remove or move it and run again")
        elif self.errno in FULL:
            text = (f"no queda espacio en el disco de {where}; libere espacio (`df -h {where}` "
                    f"dice cuánto queda) y repita / no space left on the disk of {where}; free "
                    f"some space (`df -h {where}` shows how much is left) and run again")
        else:
            text = (f"no se puede escribir en {where} (solo lectura o sin permiso); dele permiso"
                    f" (`chmod -R u+w {where}`) o trabaje en una copia / cannot write to {where}"
                    f" (read-only or no permission); make it writable (`chmod -R u+w {where}`)"
                    " or work on a copy")
        return f"{text}{self.hint}"


def fixable(exc: BaseException) -> bool:
    """Whether ``exc`` is a write failure a person can fix (see ``Unwritable``)."""
    return isinstance(exc, OSError) and exc.errno in READ_ONLY | FULL | NOT_A_FOLDER


def unwritable(folder: Path, exc: OSError, hint: str = "") -> Unwritable:
    """``exc`` (a fixable write failure) as an ``Unwritable`` naming ``folder``."""
    if isinstance(exc, Unwritable):
        return exc
    return Unwritable(folder, exc.errno or errno.EACCES, hint)


def content_hash(raw: bytes) -> str:
    """The name of a content: the same bytes give the same short hash everywhere."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so a reader sees the old file or the new one, never
    part of one: a temporary file in the same folder, then ``os.replace``. A fixable
    failure (read-only folder, full disk) raises ``Unwritable`` naming the folder."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise (unwritable(path.parent, exc) if fixable(exc) else exc) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if fixable(exc):
            raise unwritable(path.parent, exc) from None  # type: ignore[arg-type]
        raise


def is_file(path: Path) -> bool:
    """``Path.is_file``, false for a name the file system refuses (too long, say)
    instead of an error: a contributed name is data, not a reason to stop."""
    try:
        return path.is_file()
    except OSError:
        return False
