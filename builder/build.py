"""Build the site with MkDocs into a temporary folder and swap it in whole.

A failed or interrupted build leaves the previous ``site/`` untouched.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class BuildError(Exception):
    """The site could not be built; the message says why (already bilingual)."""


@dataclass
class BuildResult:
    site_dir: Path
    pages: int
    bytes: int


def _mkdocs_logging() -> logging.Handler:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


def build(config_file: Path, site_dir: Path | None = None, pdf: bool = True) -> BuildResult:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    config_file = config_file.resolve()
    target = (site_dir or config_file.parent / "site").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    handler = _mkdocs_logging()
    try:
        config = load_config(config_file=str(config_file), site_dir=str(tmp), strict=True)
        config.plugins["kb"].config.pdf = pdf
        mkdocs_build(config)
    except (Abort, MkDocsException) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildError(str(exc)) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    swap(tmp, target)
    files = [p for p in target.rglob("*") if p.is_file()]
    pages = sum(1 for p in files if p.suffix == ".html")
    return BuildResult(target, pages, sum(p.stat().st_size for p in files))


def swap(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is, in two renames; the old tree is removed after."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
