"""Steps that ``python -m bench`` times in a child process and that have no ``kb`` command.

``python -m bench.steps index ROOT``: build the search index of ROOT from nothing.
``python -m bench.steps update ROOT``: bring it up to date after one file changed.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from builder.search import index


def main(argv: list[str]) -> int:
    step, root = argv[0], Path(argv[1])
    folder = index.index_folder(root)
    if step == "index":
        shutil.rmtree(folder, ignore_errors=True)
        done = index.refresh(root / "content", folder)
        expected = done.mode == "full"
    elif step == "update":
        done = index.refresh(root / "content", folder)
        expected = done.mode == "incremental" and len(done.changed) == 1
    else:
        print(f"unknown step: {step}", file=sys.stderr)
        return 2
    print(f"{step}: {done.mode}, {done.documents} documents, changed {done.changed}")
    return 0 if expected else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
