"""What every ``kb`` command shares: the project it works on and the language choice."""

from __future__ import annotations

from pathlib import Path

import click

from builder.core.project import Project

LANG = click.Choice(["es", "en"])


class Context:
    def __init__(self, root: Path | None, debug: bool) -> None:
        self.root, self.debug = root, debug

    @property
    def project(self) -> Project:
        return Project.find(self.root)
