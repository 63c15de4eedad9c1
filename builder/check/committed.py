"""A cache or a built site committed to git: reported, since nothing there is trusted.

``.cache/`` and ``site/`` are made by ``kb`` on each machine. Committed, they
would reach every clone: a planted cache file is never read (``core.cache`` seals
every file with a key the checkout does not hold), and a committed site would be
published as is, so both are a problem for the pull request to fix.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from builder.document import Problem

FOLDERS = (".cache", "site")
CODE = "committed-cache"


def tracked(root: Path) -> list[str]:
    """Files under ``.cache/`` or ``site/`` that git tracks in the project at ``root``
    (none when git or the repository is missing)."""
    git = shutil.which("git")
    if git is None or not (root / "mkdocs.yml").is_file():
        return []
    try:
        done = subprocess.run(
            [git, "-c", "core.fsmonitor=false", "-C", str(root), "ls-files", "-z", "--",
             *FOLDERS], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    if done.returncode != 0:
        return []
    return sorted(name for name in done.stdout.decode("utf-8", "replace").split("\0") if name)


def check(root: Path) -> list[Problem]:
    """One problem per committed folder, at its first tracked file."""
    problems = []
    names = tracked(root)
    for top in FOLDERS:
        inside = [n for n in names if n == top or n.startswith(top + "/")]
        if inside:
            problems.append(Problem(inside[0], 1, None, CODE,
                                    {"folder": top + "/", "count": len(inside)}))
    return problems
