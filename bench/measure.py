"""One measurement = one fresh process: its wall time and its peak memory.

Each command runs under a small wrapper process of its own (``python -m
bench.measure RESULT -- COMMAND...``) that times it and reads its peak memory
from ``getrusage(RUSAGE_CHILDREN).ru_maxrss``: the largest resident set of the
command or of any process it waited for (the search index's worker processes
included). The wrapper matters: on Linux a child's ``ru_maxrss`` starts from the
memory of the process that forked it, so a command started straight from the
benchmark (hundreds of MB after the search part) would report at least that.
The wrapper itself holds about 10 MB.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent  # the venv's bin/: kb and mkdocs live beside python
HERE = Path(__file__).resolve().parents[1]


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
    """Run ``args`` in ``cwd`` under the wrapper; raise MeasureError unless it exits 0."""
    with tempfile.TemporaryDirectory(prefix="kb-measure-") as tmp:
        result, log = Path(tmp) / "result.json", Path(tmp) / "output.txt"
        load = os.getloadavg()[0]
        with log.open("wb") as out:
            code = subprocess.call(
                [sys.executable, "-m", "bench.measure", str(result), "--", *map(str, args)],
                cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                env={**os.environ, **(env or {}), "PYTHONPATH": _pythonpath()})
        if code != 0 or not result.is_file():
            tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise MeasureError(f"{' '.join(map(str, args))} exited {code} in {cwd}:\n{tail}")
        done = json.loads(result.read_text(encoding="utf-8"))
    return Run(round(done["seconds"], 3), round(done["peak_kb"] / 1024, 1), round(load, 2))


def kb(*args: str) -> list[str]:
    return [str(BIN / "kb"), *args]


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def _pythonpath() -> str:
    """The wrapper (and ``python -m bench.steps``) import ``bench`` from any folder."""
    return os.pathsep.join(p for p in (str(HERE), os.environ.get("PYTHONPATH", "")) if p)


def _wrapper(argv: list[str]) -> int:
    result, args = Path(argv[0]), argv[argv.index("--") + 1:]
    start = time.perf_counter()
    code = subprocess.call(args)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    if code == 0:
        result.write_text(json.dumps({"seconds": seconds, "peak_kb": peak_kb}), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(_wrapper(sys.argv[1:]))
