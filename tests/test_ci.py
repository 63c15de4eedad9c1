"""CI chooses its tests by what a pull request changes: only content/ runs the content
tests (make test-content), anything else runs everything."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo,
                   check=True, capture_output=True)


@pytest.mark.parametrize(("files", "kind"), [
    (["content/repairs/x/index.md"], "content"),
    (["content/repairs/x/index.md", "content/repairs/x/foto.jpg"], "content"),
    (["content/repairs/x/index.md", "builder/site/render.py"], "code"),
    (["tests/test_x.py"], "code"),
    (["contentious.txt"], "code"),
])
def test_changes_tells_content_from_code(tmp_path: Path, files: list[str], kind: str) -> None:
    _git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "README").write_text("x")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "base")
    _git(tmp_path, "checkout", "-qb", "change")
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("new")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "change")
    out = subprocess.run([str(ROOT / ".ci/changes"), "main"], cwd=tmp_path, check=True,
                         capture_output=True, text=True).stdout.strip()
    assert out == kind


def test_the_content_tests_exist() -> None:
    makefile = (ROOT / "Makefile").read_text()
    block = makefile.split("CONTENT_TESTS :=", 1)[1].split("\ntest-content", 1)[0]
    names = re.findall(r"tests/\S+\.py", block)
    assert len(names) >= 5
    assert [n for n in names if not (ROOT / n).is_file()] == []
