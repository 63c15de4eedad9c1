"""Work in child processes, the one way the pipeline uses more than one core.

``started``: a pure computation in a forked child while the parent does other work.
A build on two cores computes the browser index in a child while it computes the
related lists itself; the child inherits the documents (no copying in) and sends
its result back pickled in a temporary file (the child never waits for the
parent, so a parent that fails first leaves no child blocked).

``mapped``: one function over many items in a pool of worker processes, in order
(loading and validating every file for a full search index).
"""

from __future__ import annotations

import os
import pickle
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
U = TypeVar("U")
MAX_WORKERS = 4


class ChildError(Exception):
    """The computation failed in the child; the message is the child's exception."""


def forks() -> bool:
    """Whether ``started`` runs its computation in a child process: there is fork, more
    than one core, and no other thread (a fork copies only the calling one)."""
    return hasattr(os, "fork") and threading.active_count() == 1 and (os.cpu_count() or 1) > 1


def started(make: Callable[[], T]) -> Callable[[], T]:
    """Start ``make()`` and return a function that waits for its result. When the
    process ``forks()`` not, ``make`` runs when the result is asked for."""
    if not forks():
        return make
    fd, path = tempfile.mkstemp(prefix="kb-child-", suffix=".pickle")
    pid = os.fork()
    if pid == 0:  # the child: compute, write, leave without running the parent's exit code
        status = 0
        try:
            try:
                data = pickle.dumps((True, make()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # noqa: BLE001 - reported to the parent
                data = pickle.dumps((False, f"{type(exc).__name__}: {exc}"))
            with os.fdopen(fd, "wb") as out:
                out.write(data)
        except BaseException:  # noqa: BLE001
            status = 1
        finally:
            os._exit(status)
    os.close(fd)

    def wait() -> T:
        _, status = os.waitpid(pid, 0)
        try:
            with open(path, "rb") as got:
                data = got.read()
        finally:
            os.unlink(path)
        if not data:
            raise ChildError(f"the child process ended with status {status}")
        ok, value = pickle.loads(data)
        if not ok:
            raise ChildError(value)
        return value

    return wait


def mapped(fn: Callable[[T], U], items: list[T], at_least: int = 1,
           chunksize: int = 16) -> Iterator[U]:
    """``fn`` of every item, in order: in worker processes when there are ``at_least``
    items and more than one core, here otherwise."""
    workers = min(MAX_WORKERS, os.cpu_count() or 1)
    if len(items) < at_least or workers < 2:
        yield from map(fn, items)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(fn, items, chunksize=chunksize)
