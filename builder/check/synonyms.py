"""The search's synonyms (``schema/synonyms.yaml``), which contributors extend by pull
request: checked like a document's front matter, each problem with its line."""

from __future__ import annotations

from pathlib import Path

from builder.check.validation import validate
from builder.document import Problem, SourceFile
from builder.load.source import _parse
from schema.models import Synonyms

FILE = "schema/synonyms.yaml"


def check(root: Path) -> list[Problem]:
    """Problems of the project's synonyms file; none when it has none."""
    path = root / FILE
    if not path.is_file():
        return []
    src = SourceFile(path, FILE, None, "", None)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        src.problem(1, None, "not-utf8", byte="?")
        return src.problems
    _parse(src, text, offset=1)
    if src.data is not None:
        validate(src, Synonyms)
    return src.problems
