"""The project's bibliography: ``content/bibliography.yaml``, id -> published source."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from builder.check.validation import validate
from builder.document import Problem
from builder.load.source import load_data
from schema.models import BibEntry

FILE = "bibliography.yaml"


@cache
def _read(path: Path, mtime: float) -> tuple[dict[str, BibEntry | None], tuple[Problem, ...]]:
    src = load_data(path, f"{path.parent.name}/{path.name}")
    entries: dict[str, BibEntry | None] = {}
    for key, value in (src.data or {}).items():
        # A bad entry is reported, and still counts as a known id for references.
        entries[str(key)] = validate(src, BibEntry, value, prefix=(key,))
    return entries, tuple(src.problems)


def load_bibliography(content: Path) -> dict[str, BibEntry | None]:
    path = content / FILE
    if not path.is_file():
        return {}
    return _read(path, path.stat().st_mtime)[0]


def bibliography_problems(content: Path) -> list[Problem]:
    path = content / FILE
    if not path.is_file():
        return []
    return list(_read(path, path.stat().st_mtime)[1])
