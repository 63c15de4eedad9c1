"""A throwaway git repository holding a copy of the valid example project."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .conftest import ROOT, VALID

BAD = "content/repairs/ejemplo-bomba-agua/index.md"
BAD_LINE = 26  # equipment.class


def git_env(tmp: Path) -> dict[str, str]:
    """No user configuration, no network, a private pre-commit store."""
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    return {**os.environ, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Brigada", "GIT_AUTHOR_EMAIL": "brigada@example.org",
            "GIT_COMMITTER_NAME": "Brigada", "GIT_COMMITTER_EMAIL": "brigada@example.org",
            "PRE_COMMIT_HOME": str(tmp / "pre-commit"), "PYTHONWARNINGS": "ignore"}


class Repo:
    def __init__(self, tmp: Path) -> None:
        self.root = tmp / "repo"
        self.env = git_env(tmp)
        shutil.copytree(VALID, self.root)
        (self.root / ".venv").symlink_to(ROOT / ".venv")
        (self.root / ".gitignore").write_text("/.venv\n/site/\n/.cache/\n")
        for name in (".pre-commit-config.yaml",):
            shutil.copy(ROOT / name, self.root / name)
        self.git("init", "-q", "-b", "main")
        self.commit("base")

    def git(self, *args: str) -> str:
        return self.run(["git", *args]).stdout

    def run(self, args: list[str] | str, check: bool = True, env: dict | None = None,
            ) -> subprocess.CompletedProcess:
        proc = subprocess.run(args, cwd=self.root, capture_output=True, text=True,
                              env={**self.env, **(env or {})}, shell=isinstance(args, str),
                              executable="/bin/bash" if isinstance(args, str) else None)
        if check and proc.returncode != 0:
            raise AssertionError(f"{args} -> {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
        return proc

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--no-verify", "-m", message)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new), encoding="utf-8")

    def good_change(self) -> None:
        self.edit(BAD, "Medir antes de desmontar.", "Medir antes de desmontar, y anotarlo.")

    def bad_change(self) -> None:
        self.edit(BAD, "  class: pump", "  class: horno")
