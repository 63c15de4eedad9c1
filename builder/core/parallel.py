"""Work in child processes, the way the pipeline uses more than one core (except
the gzip copies, ``builder.site.precompress``: zlib works outside Python's lock, so
two threads do, with no copy of the build's memory).

``started``: a pure computation in a forked child while the parent does other work.
A build on two cores computes the browser index in a child while it computes the
related lists itself; the child inherits the documents (no copying in) and sends
its result back pickled in a temporary file (the child never waits for the
parent, so a parent that fails first leaves no child blocked; the file has no name,
so a killed process leaves none behind). An ``OSError`` in the
child (a full disk) is raised again in the parent as it is, so the build says what
to do about it; any other failure is a ``ChildError``.

``detached``: work nobody waits for, in a process of its own (removing the site a
build replaced).

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
    # Unlinked from the start: whichever process is killed, nothing is left in /tmp.
    result = tempfile.TemporaryFile(prefix="kb-child-")  # noqa: SIM115 - closed by wait()
    fd = result.fileno()
    pid = os.fork()
    if pid == 0:  # the child: compute, write, leave without running the parent's exit code
        status = 0
        try:
            try:
                data = pickle.dumps((True, make()), protocol=pickle.HIGHEST_PROTOCOL)
            except OSError as exc:  # a full disk, a folder not writable: raised as it is
                data = pickle.dumps((False, exc))
            except BaseException as exc:  # noqa: BLE001 - reported to the parent
                data = pickle.dumps((False, f"{type(exc).__name__}: {exc}"))
            with os.fdopen(os.dup(fd), "wb") as out:
                out.write(data)
        except OSError as exc:  # no result written (the disk is full): its errno says why
            status = exc.errno if exc.errno and 1 < exc.errno < 256 else 1
        except BaseException:  # noqa: BLE001
            status = 1
        finally:
            os._exit(status)

    def wait() -> T:
        _, status = os.waitpid(pid, 0)
        with result:  # the child wrote through the same open file: read it from its start
            result.seek(0)
            data = result.read()
        if not data:
            code = os.waitstatus_to_exitcode(status)
            if code > 1:  # the errno of what kept the child from writing its result
                raise OSError(code, os.strerror(code))
            raise ChildError(f"the child process ended with status {status}")
        ok, value = pickle.loads(data)
        if not ok:
            raise value if isinstance(value, OSError) else ChildError(value)
        return value

    return wait


def detached(work: Callable[[], object]) -> None:
    """Run ``work()`` in a process nobody waits for, or here when the process ``forks()``
    not. The process is a grandchild (the child that starts it ends at once, so no
    zombie is left) with its own session, no terminal and no inherited files: a
    caller reading this process's output to its end is not kept waiting, and no lock
    stays held. What it does must be safe to leave half done."""
    if not forks():
        work()
        return
    pid = os.fork()
    if pid == 0:  # the child: start the grandchild and leave
        try:
            if os.fork() == 0:
                _alone()
                try:
                    work()
                finally:
                    os._exit(0)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def _alone() -> None:
    """Leave the session, the terminal and every inherited file (stdin, stdout and
    stderr go to the null device)."""
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, MAX_FD)


MAX_FD = 65536  # files a detached process closes (closerange skips the unused ones cheaply)


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
