"""Where the project's folders are."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ProjectError(Exception):
    """The project folder cannot be found or is incomplete."""


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def find(cls, root: Path | None = None) -> Project:
        if root is not None:
            if not (root / "content").is_dir():
                raise ProjectError(f"'{root}' no tiene carpeta content/ / has no content/ folder")
            return cls(root.resolve())
        here = Path.cwd().resolve()
        for folder in (here, *here.parents):
            if (folder / "content").is_dir() and (folder / "mkdocs.yml").is_file():
                return cls(folder)
        raise ProjectError(
            "no se encuentra el proyecto (una carpeta con content/ y mkdocs.yml); "
            "use --root / cannot find the project (a folder with content/ and mkdocs.yml); "
            "use --root"
        )

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def schema_dir(self) -> Path:
        return self.root / "schema" / "json"
