"""``kb fix``: repair contributed files in place.

``kb fix photos [PATHS...]`` removes from photos what they say about where and when
they were taken (EXIF with its GPS, XMP, IPTC, comments), without re-encoding
them: the image stays byte for byte, and a photo taken on its side keeps its
rotation (builder/load/metadata.py). Without PATHS, every photo under content/.
Photos are found by their bytes (JPEG, PNG, WebP), whatever their names.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from builder.check.names import shown
from builder.cli.context import Context
from builder.core.files import atomic_write
from builder.load import images, metadata

STRIPPED = {"JPEG", "PNG", "WEBP"}


@click.group()
def fix() -> None:
    """Arreglar archivos / fix files."""


@fix.command("photos")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_obj
def photos(obj: Context, paths: tuple[Path, ...]) -> None:
    """Quitar la ubicación y los demás metadatos de las fotos, sin tocar la imagen /
    remove the location and other metadata from photos, leaving the image untouched."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise click.UsageError(f"no existe / does not exist: {shown(str(missing[0]))}")
    found = _photos(list(paths) if paths else [obj.project.content])
    changed = failed = 0
    for path in found:
        outcome = _fix(path)
        if outcome is None:
            continue
        ok, line = outcome
        click.echo(f"{shown(str(path))}: {line}", err=not ok)
        changed += ok
        failed += not ok
    click.echo(f"{changed} foto(s) cambiada(s) de {len(found)} / "
               f"{changed} photo(s) changed of {len(found)}")
    sys.exit(1 if failed else 0)


def _photos(paths: list[Path]) -> list[Path]:
    """Every file under ``paths`` whose bytes are a JPEG, PNG or WebP (symlinks are not
    followed: a link could lead out of the project)."""
    out: list[Path] = []
    for path in paths:
        if path.is_symlink():
            continue
        files = [path] if path.is_file() else sorted(
            Path(top) / name for top, _, names in os.walk(path) for name in names)
        out += [f for f in files if not f.is_symlink() and f.is_file() and _is_photo(f)]
    return sorted(set(out))


def _is_photo(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return images.sniff(f.read(64)) in STRIPPED
    except OSError:
        return False


def _fix(path: Path) -> tuple[bool, str] | None:
    """(success, what was done), or None when there was nothing to remove."""
    try:
        data = path.read_bytes()
        mode = path.stat().st_mode & 0o7777
        result = metadata.strip(data)
        if not result.changed:
            return None
        atomic_write(path, result.data)
        os.chmod(path, mode)  # the temporary file was private: keep the photo's own mode
    except metadata.BadImage as exc:
        return False, (f"dañada, sin cambios ({exc}) / damaged, left unchanged ({exc})")
    except OSError as exc:
        return False, f"no se pudo escribir / could not be written: {exc.strerror}"
    removed = ", ".join(result.removed)
    kept = (f"; rotación conservada / rotation kept (Orientation={result.orientation})"
            if result.orientation else "")
    return True, f"quitado / removed: {removed}{kept}"


command = fix
