"""The page loop on two cores (builder/site/pageloop.py) makes the same site as one
process: the real project built by `kb build` in a fresh process, where a child writes
every other page, against the same project built here with forking switched off."""

from __future__ import annotations

import os
import subprocess
import sys

from builder.core import parallel
from builder.site.build import build

from .conftest import ROOT
from .test_reproducible import _differences, _files, _project

# Runs `kb build` and says how many pages the child process was given to write.
SCRIPT = """
import sys
from types import SimpleNamespace
from builder.core import parallel
from builder.site import pageloop
given = []
def counting(make):
    given.append(1)
    return parallel.started(make)
pageloop.parallel = SimpleNamespace(started=counting, forks=parallel.forks)
from builder.cli.main import main
try:
    main(["--root", sys.argv[1], "build", "--no-pdf", "--full"])
except SystemExit as done:
    assert not done.code, done.code
print("children:", len(given))
"""


def test_two_processes_make_the_site_one_process_makes(tmp_path, monkeypatch):
    one = _project(tmp_path / "one")
    two = _project(tmp_path / "two")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1",
           "KB_KEY_DIR": str(tmp_path / "key")}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(two.parent)], env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert "children: 1" in done.stdout, done.stdout

    monkeypatch.setattr(parallel, "forks", lambda: False)
    build(one, pdf=False, incremental=False)
    first, second = _files(one.parent / "site"), _files(two.parent / "site")
    assert len(first) > 100
    assert _differences(first, second) == []
