"""File names in a document's folder: safe to show, and copyable to a USB stick.

Every name under ``content/<kind>/<id>/`` (files and folders, and the folder's own
name) is checked once per folder, with the document's first file:

- ``bad-file-name``: control characters (a newline writes a line of its own into
  a terminal, a log or the review checklist), bidirectional overrides (an SVG shown
  as ``.png``), other invisible characters, bytes that are not UTF-8; and what a FAT
  or exFAT stick (and Windows) cannot hold: ``<>:"\\|?*``, a trailing dot or space,
  reserved names (CON, PRN, AUX, NUL, COM0-9, LPT0-9), more than ``MAX_NAME_UNITS``
  UTF-16 units, or a path inside the folder longer than ``MAX_PATH_UNITS``. (One
  code: the fix is the same, and an example of the second kind could not even be
  checked out on Windows.)
- ``file-name-collision``: two names of one folder that are the same file on a
  stick or on Windows and macOS: equal but for case or Unicode normalisation.
- ``reserved-path``: a file where the site writes one of its own (a workshop's
  ``guia/`` and ``guide/``: builder/core/site_paths.py).

Messages show names through ``shown``, so nothing raw reaches a terminal, a CI
annotation or the checklist. Limits: docs/limits.md.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from builder.core.site_paths import reserved_folders
from builder.document import SourceFile

# Characters that change how the text around them is shown (right-to-left overrides).
BIDI = {chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))}
NOT_ON_FAT = set('<>:"\\|?*')
RESERVED = {"CON", "PRN", "AUX", "NUL",
            *(f"{port}{n}" for port in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³"))}
MAX_NAME_UNITS = 255  # UTF-16 units in one name: FAT, exFAT and NTFS
MAX_PATH_UNITS = 150  # UTF-16 units of a path inside the document's folder (see docs/limits.md)


def shown(name: str) -> str:
    """``name`` fit to print: control, invisible and bidi characters as escapes (\\n,
    \\u202e), bytes that are not UTF-8 as \\xNN, a backslash doubled."""
    return printable(name.replace("\\", "\\\\"))


def printable(text: str) -> str:
    """``text`` with what a terminal or a Markdown summary would obey (control,
    invisible and bidi characters, lone surrogates) written as escapes; everything
    else, backslashes too, as it is (for messages whose names are already ``shown``)."""
    out = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8 (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif _unsafe(char):
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char) or
                       (f"\\x{code:02x}" if code < 0x100 else
                        f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"))
        else:
            out.append(char)
    return "".join(out)


def _unsafe(char: str) -> bool:
    return char in BIDI or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")


def unsafe_reason(name: str) -> tuple[str, str] | None:
    """Why ``name`` cannot be shown as it is (es, en), or None."""
    for char in name:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            return "bytes que no son UTF-8", "bytes that are not UTF-8"
        if char in BIDI:
            return (f"control de dirección del texto U+{code:04X}",
                    f"text direction control U+{code:04X}")
        if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            return f"carácter de control U+{code:04X}", f"control character U+{code:04X}"
        if unicodedata.category(char) in ("Cf", "Cs"):
            return f"carácter invisible U+{code:04X}", f"invisible character U+{code:04X}"
    return None


def portability_reason(name: str) -> tuple[str, str] | None:
    """Why a FAT/exFAT stick (or Windows) cannot hold a file called ``name`` (es, en)."""
    bad = next((c for c in name if c in NOT_ON_FAT), None)
    if bad:
        return f"el carácter «{bad}»", f"the character '{bad}'"
    if name.endswith((".", " ")):
        return "termina en punto o espacio", "it ends in a dot or a space"
    stem = name.split(".", 1)[0].rstrip(" ").upper()
    if stem in RESERVED:
        return f"«{stem}» es un nombre reservado", f"'{stem}' is a reserved name"
    if _units(name) > MAX_NAME_UNITS:
        return (f"más de {MAX_NAME_UNITS} caracteres", f"more than {MAX_NAME_UNITS} characters")
    return None


def _units(text: str) -> int:
    """Length in UTF-16 code units (what FAT and NTFS count)."""
    return sum(2 if ord(c) > 0xFFFF else 1 for c in text)


def same_file_key(name: str) -> str:
    """Names with the same key are one file on FAT, exFAT, NTFS and APFS: compared after
    NFC normalisation and a simple (one character for one) upper-casing."""
    nfc = unicodedata.normalize("NFC", name)
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in nfc)


def check(src: SourceFile) -> None:
    """Report the names of the document's folder (once, with its first file)."""
    if src.kind is None or not _first_of_folder(src):
        return
    folder = src.directory
    _check_name(src, folder.name, folder.name)
    reserved = {same_file_key(r): r for r in reserved_folders(src.kind)}
    for top, dirs, files in os.walk(folder):
        dirs.sort()
        here = Path(top)
        seen: dict[str, str] = {}
        for name in sorted((*dirs, *files)):
            rel = (here / name).relative_to(folder).as_posix()
            _check_name(src, name, rel)
            key = same_file_key(name)
            if key in seen:
                src.problem(_line(src, rel), None, "file-name-collision", value=shown(rel),
                            other=shown((here / seen[key]).relative_to(folder).as_posix()),
                            **_collision(name, seen[key]))
            seen.setdefault(key, name)
        for name in sorted(files):
            rel = (here / name).relative_to(folder).as_posix()
            first = same_file_key(rel.split("/", 1)[0])
            if first in reserved:
                src.problem(_line(src, rel), None, "reserved-path", value=shown(rel),
                            reserved=reserved[first] + "/")


def _collision(name: str, other: str) -> dict[str, str]:
    if unicodedata.normalize("NFC", name) == unicodedata.normalize("NFC", other):
        return {"detail_es": "se escriben igual, pero un nombre tiene los acentos compuestos "
                             "(NFC) y el otro descompuestos (NFD)",
                "detail_en": "they are spelled the same, but one name has its accents composed "
                             "(NFC) and the other decomposed (NFD)"}
    return {"detail_es": "solo difieren en mayúsculas y minúsculas",
            "detail_en": "they differ only in upper and lower case"}


def _check_name(src: SourceFile, name: str, rel: str) -> None:
    reason = unsafe_reason(name)
    if reason:
        src.problem(_line(src, rel), None, "bad-file-name", value=shown(rel),
                    detail_es=reason[0], detail_en=reason[1])
        return
    reason = portability_reason(name)
    if reason is None and _units(rel) > MAX_PATH_UNITS:
        reason = (f"la ruta dentro de la carpeta pasa de {MAX_PATH_UNITS} caracteres",
                  f"the path inside the folder is longer than {MAX_PATH_UNITS} characters")
    if reason:
        src.problem(_line(src, rel), None, "bad-file-name", value=shown(rel),
                    detail_es=reason[0], detail_en=reason[1])


def _first_of_folder(src: SourceFile) -> bool:
    """The folder's names are checked with index.md, or its first index.<lang>.md."""
    if src.lang_suffix is None:
        return True
    return not (src.directory / "index.md").exists() and \
        min(p.name for p in src.directory.glob("index.*.md")) == src.path.name


def _line(src: SourceFile, rel: str) -> int:
    """The line of the document that names ``rel``, or 1."""
    at = src.raw.find(os.fsencode(rel)) if rel else -1
    return src.raw[:at].count(b"\n") + 1 if at >= 0 else 1
