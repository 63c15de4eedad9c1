"""Files a document refers to: they exist and stay inside its folder."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from .loader import Loc, SourceFile

# ![alt](target "title") -- the Markdown image syntax contributors use.
BODY_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def check(src: SourceFile) -> None:
    data = src.data or {}
    for key in ("images", "handouts"):
        items = data.get(key)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("path"), str):
                loc: Loc = (key, i, "path")
                _check_path(src, item["path"], src.line_of(loc), f"{key}[{i}].path")
    fence = False
    for n, line in enumerate(src.body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if fence:
            continue
        for match in BODY_IMAGE.finditer(line):
            alt, target = match.group(1).strip(), match.group(2)
            lineno = src.body_line + n
            if not alt:
                src.problem(lineno, None, "missing-alt", value=target)
            _check_path(src, target, lineno, None)


def _check_path(src: SourceFile, value: str, line: int, field: str | None) -> None:
    target = resolve(src.directory, value)
    if target == "remote":
        src.problem(line, field, "remote-asset", value=value)
    elif target is None:
        src.problem(line, field, "asset-outside-folder", value=value)
    elif not target.is_file():
        src.problem(line, field, "missing-asset", value=value)


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
