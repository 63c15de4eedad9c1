"""The project's bibliography: ``content/bibliography.yaml``, id -> published source."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import ValidationError

from schema.models import BibEntry

from .loader import SourceFile, _parse
from .problems import Problem

FILE = "bibliography.yaml"


@cache
def _read(path: Path, mtime: float) -> tuple[dict[str, BibEntry], tuple[Problem, ...]]:
    rel = f"{path.parent.name}/{path.name}"
    src = SourceFile(path, rel, None, "", None)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        src.problem(1, None, "not-utf8", byte="?")
        return {}, tuple(src.problems)
    _parse(src, text, offset=1)
    entries: dict[str, BibEntry] = {}
    for key, value in (src.data or {}).items():
        try:
            entries[str(key)] = BibEntry.model_validate(value)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = (key, *err["loc"])
                src.problem(src.line_of(loc), ".".join(map(str, loc)), "invalid-value",
                            detail=err["msg"])
            entries[str(key)] = None  # type: ignore[assignment]  # known id, bad entry
    return entries, tuple(src.problems)


def load_bibliography(content: Path) -> dict[str, BibEntry]:
    path = content / FILE
    if not path.is_file():
        return {}
    return _read(path, path.stat().st_mtime)[0]


def bibliography_problems(content: Path) -> list[Problem]:
    path = content / FILE
    if not path.is_file():
        return []
    return list(_read(path, path.stat().st_mtime)[1])
