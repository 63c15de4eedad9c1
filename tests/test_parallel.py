"""core.parallel.mapped: the same results, in order, in worker processes or here."""

from __future__ import annotations

import os

from builder.core import parallel


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
