"""`kb check PATH` reads only what the rules about PATH need, and says the same
as a full check about that file (possible duplicates are a full-check matter)."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.check.checker import check

from .conftest import EXAMPLES, ROOT, make_project

CASES = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())


def same_as_full(content: Path, files: list[Path]) -> None:
    full = check(content).problems
    for path in files:
        rel = path.relative_to(content.parent).as_posix()
        expected = [p for p in full if p.path == rel and p.code != "possible-duplicate"]
        assert check(content, [path]).problems == expected, rel


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_focused_check_of_each_invalid_case(case, tmp_path):
    root = make_project(tmp_path, case)
    changed = [root / p.relative_to(case) for p in (case / "content").rglob("index*.md")]
    same_as_full(root / "content", changed)


def test_focused_check_of_the_real_content():
    content = ROOT / "content"
    same_as_full(content, sorted(content.rglob("index*.md"))[:12])
