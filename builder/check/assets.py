"""Files a document refers to: they exist, stay inside its folder, and images are sound.

Images are checked where they are referred to (the first reference in a file).
Files in the folder that no file of the document shows are published too (images,
SVG, PDF), so the original document reports them, at the line that names them or
at line 1. What a file is comes from its bytes (builder/load/images.py): a PDF
that is not one, a PNG named .jpg, an iPhone HEIC under any name are reported.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from builder.check.names import shown
from builder.core import files
from builder.document import Loc, SourceFile
from builder.load import images, markdown

REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Alt text that says nothing about the picture.
EMPTY_ALT = {"foto", "fotografia", "fotografía", "imagen", "dibujo", "photo", "image",
             "picture", "drawing", "img"}


def check(src: SourceFile) -> None:
    seen: set[Path] = set()
    data = src.data or {}
    for key in ("images", "handouts"):
        items = data.get(key)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("path"), str):
                loc: Loc = (key, i, "path")
                alt = item.get("alt")
                if key == "images" and isinstance(alt, str) and _says_nothing(alt, item["path"]):
                    src.problem(src.line_of((key, i, "alt")), f"{key}[{i}].alt", "vague-alt",
                                value=item["path"], alt=alt.strip())
                _check_path(src, item["path"], src.line_of(loc), f"{key}[{i}].path", seen,
                            image=key == "images")
    for image in markdown.parse(src.body).images():
        alt, target, lineno = image.text.strip(), image.target, src.body_line + image.line
        if not alt:
            src.problem(lineno, None, "missing-alt", value=target)
        elif _says_nothing(alt, target):
            src.problem(lineno, None, "vague-alt", value=target, alt=alt)
        _check_path(src, target, lineno, None, seen, image=True)
    if src.data is not None and not data.get("translation_of"):
        _check_unreferenced(src, seen)


def _says_nothing(alt: str, target: str) -> bool:
    """Alt text that is only the file's name or a word like 'foto' (but not empty: the model
    reports an empty value)."""
    text = alt.strip().lower()
    name = PurePosixPath(unquote(target.strip())).name.lower()
    return bool(text) and text in {name, name.rsplit(".", 1)[0], *EMPTY_ALT}


def _check_path(src: SourceFile, value: str, line: int, field: str | None,
                seen: set[Path], image: bool = False) -> None:
    target = resolve(src.directory, value)
    if target == "remote":
        src.problem(line, field, "remote-asset", value=value)
    elif target is None:
        src.problem(line, field, "asset-outside-folder", value=value)
    elif not files.is_file(target):
        src.problem(line, field, "missing-asset", value=value)
    else:
        _check_image(src, target, value, line, field, seen, image)


def _check_image(src: SourceFile, target: Path, value: str, line: int, field: str | None,
                 seen: set[Path], image: bool = False) -> None:
    key = target.resolve()
    if key in seen:
        return
    seen.add(key)
    findings = images.inspect(target)
    if image and not findings and not images.is_image(target):  # the site would not show it
        src.problem(line, field, "not-an-image", value=value,
                    detail_es=f"el sitio no publica archivos {target.suffix or 'sin extensión'}",
                    detail_en=f"the site does not publish {target.suffix or 'extensionless'} "
                              "files")
    for finding in findings:
        extra = {"file": _shown(src, target)} if finding.code == "image-location" else {}
        src.problem(line, field, finding.code, value=shown(value), **finding.params, **extra)


def _shown(src: SourceFile, target: Path) -> str:
    """The file's path from the project's root, as `kb fix photos` takes it."""
    root = src.path.parents[len(PurePosixPath(src.rel).parts) - 1]
    try:
        return shown(target.relative_to(root).as_posix())
    except ValueError:
        return shown(target.as_posix())


def _check_unreferenced(src: SourceFile, seen: set[Path]) -> None:
    """Files in the folder that no file of the document names (they are published too, or
    are photos the site cannot show)."""
    folder = src.directory
    others = [p for p in folder.glob("index*.md") if p != src.path]
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.resolve() in seen or not images.inspect(path):
            continue
        rel = path.relative_to(folder).as_posix()
        if any(_names(other, rel) for other in others):
            continue
        at = src.raw.find(rel.encode())
        line = src.raw[:at].count(b"\n") + 1 if at >= 0 else 1
        _check_image(src, path, rel, line, None, seen)


def _names(doc: Path, rel: str) -> bool:
    try:
        return rel.encode() in doc.read_bytes()
    except OSError:
        return False


def resolve(folder: Path, value: str) -> Path | str | None:
    """The file ``value`` names inside ``folder``; None when it would leave it."""
    text = unquote(value.strip())
    if REMOTE.match(text) or text.startswith("//"):
        return "remote" if re.match(r"^(https?:)?//", text, re.I) else None
    if not text or text.startswith(("/", "\\")) or "\\" in text or "\x00" in text:
        return None
    parts = PurePosixPath(text).parts
    if ".." in parts:
        return None
    candidate = folder.joinpath(*parts)
    try:
        resolved = candidate.resolve()
    except (OSError, RuntimeError):
        return None
    if not resolved.is_relative_to(folder.resolve()):
        return None
    return candidate
