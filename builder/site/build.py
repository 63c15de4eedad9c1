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

from builder.site import incremental as inc

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class BuildError(Exception):
    """The site could not be built; the message says why (already bilingual)."""


@dataclass
class BuildResult:
    site_dir: Path
    pages: int
    bytes: int
    rendered: int = 0  # our files built this time (the others were kept from the last build)
    incremental: bool = False


def _mkdocs_logging() -> logging.Handler:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


def build(config_file: Path, site_dir: Path | None = None, pdf: bool = True,
          incremental: bool = True) -> BuildResult:
    """Build the site; with ``incremental``, start from the current one when it is the
    last build's (``builder.site.incremental``): only the changed files are made."""
    config_file = config_file.resolve()
    target = (site_dir or config_file.parent / "site").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    base = inc.base_key(config_file, pdf)
    start = inc.previous(config_file, target, base) if incremental else None
    if start is not None:
        try:
            return _build(config_file, target, pdf, base, start)
        except inc.Stale:
            pass  # a file of the current site went missing: build it whole
    return _build(config_file, target, pdf, base, None)


def _build(config_file: Path, target: Path, pdf: bool, base: str,
           start: inc.Manifest | None) -> BuildResult:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    handler = _mkdocs_logging()
    dirty_log = logging.getLogger("mkdocs.commands.build")
    dirty_log.addFilter(inc.DIRTY_FILTER)
    try:
        config = load_config(config_file=str(config_file), site_dir=str(tmp), strict=True)
        plugin = config.plugins["kb"]
        plugin.config.pdf = pdf
        plugin.previous = start.files if start else None
        mkdocs_build(config, dirty=start is not None)
        if start is not None:
            inc.merge(tmp, target, plugin.outputs)
    except (Abort, MkDocsException) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildError(str(exc)) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
        dirty_log.removeFilter(inc.DIRTY_FILTER)
    inc.forget(config_file)  # between the two renames the manifest describes no site
    swap(tmp, target)
    inc.remember(config_file, target, base, plugin.manifest)
    pages = size = 0
    for top, _, names in os.walk(target):
        for name in names:
            pages += name.endswith(".html")
            size += os.lstat(os.path.join(top, name)).st_size
    return BuildResult(target, pages, size, plugin.rendered, start is not None)


def swap(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is, in two renames; the old tree is removed after."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
