"""One measurement = one fresh child process: its wall time and its peak memory.

Peak memory is the ``ru_maxrss`` that ``os.wait4`` returns for that child: the
largest resident set of the child or of any process it waited for (MkDocs' and
the search index's worker processes included), never of an earlier measurement,
which ``getrusage(RUSAGE_CHILDREN)`` in this long-lived process would mix in.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent  # the venv's bin/: kb and mkdocs live beside python


class MeasureError(Exception):
    """A measured command failed; the message holds the end of its output."""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    load: float  # 1-minute load average when the command started: other work on the machine

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``args`` in ``cwd``; raise MeasureError when it does not exit 0."""
    with tempfile.TemporaryFile() as out:
        load = os.getloadavg()[0]
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait
        if code != 0:
            out.seek(0)
            tail = out.read().decode("utf-8", "replace")[-3000:]
            raise MeasureError(f"{' '.join(map(str, args))} exited {code} in {cwd}:\n{tail}")
    return Run(round(seconds, 3), round(usage.ru_maxrss / 1024, 1), round(load, 2))


def kb(*args: str) -> list[str]:
    return [str(BIN / "kb"), *args]


def python(*args: str) -> list[str]:
    return [sys.executable, *args]
