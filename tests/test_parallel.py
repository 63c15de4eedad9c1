"""core.parallel: ``mapped`` gives the same results, in order, in worker processes or
here; ``started`` tells the parent why a child failed; ``detached`` keeps no one waiting."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time

import pytest

from builder.core import parallel

from .conftest import ROOT


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_mapped_in_workers_keeps_the_order() -> None:
    got = list(parallel.mapped(_square_and_pid, list(range(200)), at_least=10, chunksize=4))
    assert [n for n, _ in got] == [n * n for n in range(200)]
    if (os.cpu_count() or 1) > 1:
        assert os.getpid() not in {pid for _, pid in got}


def test_mapped_below_the_threshold_runs_here() -> None:
    got = list(parallel.mapped(_square_and_pid, [1, 2, 3], at_least=10))
    assert got == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


# -- started: what a failing child tells the parent ---------------------------------------

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


@pytest.fixture(autouse=True)
def forking(monkeypatch) -> None:
    """``started`` forks here even when an earlier test left a thread running (the
    children below only compute a value: no lock of another thread is involved)."""
    if hasattr(os, "fork"):
        monkeypatch.setattr(parallel, "forks", lambda: True)


def _full_disk() -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/site/page.html")


@needs_fork
def test_an_os_error_in_the_child_is_raised_as_it_is() -> None:
    wait = parallel.started(_full_disk)
    with pytest.raises(OSError) as raised:
        wait()
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == "/site/page.html"


@needs_fork
def test_a_child_that_cannot_write_its_result_says_why(monkeypatch) -> None:
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(parallel.os, "fdopen", full)  # the child inherits it
    wait = parallel.started(lambda: 42)
    monkeypatch.undo()
    with pytest.raises(OSError) as raised:
        wait()
    assert raised.value.errno == errno.ENOSPC


@needs_fork
def test_any_other_failure_in_the_child_is_a_child_error() -> None:
    wait = parallel.started(lambda: 1 / 0)
    with pytest.raises(parallel.ChildError, match="ZeroDivisionError"):
        wait()


# -- detached: work nobody waits for --------------------------------------------------------

DETACHED = """
import os, sys, time
from pathlib import Path
from builder.core import parallel
go, done = Path(sys.argv[1]), Path(sys.argv[2])
def work():
    for _ in range(600):  # waits for the test, at most 30 s
        if go.exists():
            break
        time.sleep(0.05)
    done.write_text(str(os.getpid()))
parallel.detached(work)
print("returned", os.getpid(), flush=True)
"""


@needs_fork
def test_detached_work_runs_alone_and_keeps_no_one_waiting(tmp_path) -> None:
    go, done = tmp_path / "go", tmp_path / "done"
    # Captured output is read to its end: an inherited stdout would block this until
    # the work ended, and the work waits for ``go``, made only after.
    ran = subprocess.run([sys.executable, "-c", DETACHED, str(go), str(done)], cwd=ROOT,
                         capture_output=True, text=True, timeout=20)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("returned") and not done.exists()
    go.touch()
    deadline = time.monotonic() + 30
    while not done.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert done.exists(), "the detached work never ran"
    assert done.read_text() != ran.stdout.split()[1]  # another process


def test_detached_runs_here_when_the_process_cannot_fork(monkeypatch) -> None:
    monkeypatch.setattr(parallel, "forks", lambda: False)
    ran = []
    parallel.detached(lambda: ran.append(os.getpid()))
    assert ran == [os.getpid()]


@needs_fork
def test_the_result_file_has_no_name_a_kill_could_leave_behind(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(parallel.tempfile, "tempdir", str(tmp_path))
    wait = parallel.started(lambda: {"pages": 3})
    assert list(tmp_path.iterdir()) == []  # while the child runs, too
    assert wait() == {"pages": 3}
