"""The search's synonyms (``schema/synonyms.yaml``), which contributors extend by pull
request: checked like a document's front matter, each problem with its line."""

from __future__ import annotations

from pathlib import Path

from builder.check.validation import validate
from builder.document import Problem
from builder.load.source import load_data
from schema.models import Synonyms

FILE = "schema/synonyms.yaml"


def check(root: Path) -> list[Problem]:
    """Problems of the project's synonyms file; none when it has none."""
    path = root / FILE
    if not path.is_file():
        return []
    src = load_data(path, FILE)
    if src.data is not None:
        validate(src, Synonyms)
    return src.problems
