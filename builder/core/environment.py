"""Check the installed environment: exactly one whoosh, the pinned versions."""

from __future__ import annotations

import sys
from importlib import metadata

WHOOSH_FORKS = ("whoosh", "whoosh-reloaded", "whoosh3", "whoosh-py3", "Whoosh")
EXPECTED = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1", "whoosh-reloaded": "2.7.5"}


def problems() -> list[str]:
    found = []
    installed = {d.metadata["Name"].lower(): d.version for d in metadata.distributions()}
    forks = sorted({n for n in installed if n in {f.lower() for f in WHOOSH_FORKS}})
    if forks != ["whoosh-reloaded"]:
        found.append(f"whoosh: exactly one fork must be installed (whoosh-reloaded); found {forks}")
    for name, version in EXPECTED.items():
        if installed.get(name) != version:
            found.append(f"{name}: expected {version}, found {installed.get(name)}")
    return found


if __name__ == "__main__":
    errors = problems()
    for line in errors:
        print(f"environment: {line}", file=sys.stderr)
    sys.exit(1 if errors else 0)
