from __future__ import annotations

import contextlib
import os
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from builder.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "tests" / "examples"
VALID = EXAMPLES / "valid"


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run_line(capsys):
    """Run a `kb ...` command line in-process, as a person would type it."""

    def run(line: str, cwd: Path | None = None) -> Result:
        args = shlex.split(line)
        assert args[0] == "kb"
        capsys.readouterr()
        with contextlib.chdir(cwd or ROOT):
            try:
                main(args[1:])
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def make_project(tmp_path: Path, overlay: Path | None = None) -> Path:
    """A copy of the valid example project, with an invalid case laid over it."""
    root = tmp_path / "project"
    shutil.copytree(VALID, root)
    if overlay is not None:
        shutil.copytree(overlay / "content", root / "content", dirs_exist_ok=True)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def pytest_configure(config):
    os.environ.setdefault("KB_TEST", "1")
