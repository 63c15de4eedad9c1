"""The same documents as plain MkDocs pages, to compare our pipeline with.

Each content file becomes a Markdown page as it is (MkDocs reads the front
matter as page metadata and renders the body), beside its images, with the same
theme and MkDocs' default navigation of every page, pruned. Material's own
search and offline plugins are on, as a site that works from disk would need,
so ``search/search_index.json`` is Material's index of the same pages.

``make(..., full_nav=False)`` lists only the home page in the navigation: every
page is still built and indexed, without the pruned navigation whose size grows
with the corpus on every page (for Material's search alone, at any size).
"""

from __future__ import annotations

import shutil
from pathlib import Path

CONFIG = """\
site_name: Plain MkDocs, same pages
docs_dir: docs
site_dir: site
use_directory_urls: false
theme:
  name: material
  language: es
  font: false
  features:
    - navigation.prune
plugins:
  - search
  - offline
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc
"""
HOME_NAV = "nav:\n  - index.md\nvalidation:\n  nav:\n    omitted_files: ignore\n"
HOME = "# Plain MkDocs\n\nThe benchmark corpus as plain Markdown pages.\n"


def make(content: Path, target: Path, full_nav: bool = True) -> Path:
    """Write the plain project under ``target`` (emptied first); return its mkdocs.yml."""
    shutil.rmtree(target, ignore_errors=True)
    docs = target / "docs"
    for folder in sorted(p for p in content.glob("*/*") if p.is_dir()):
        out = docs / folder.relative_to(content)
        shutil.copytree(folder, out)
    (docs / "index.md").write_text(HOME, encoding="utf-8")
    config = target / "mkdocs.yml"
    config.write_text(CONFIG + ("" if full_nav else HOME_NAV), encoding="utf-8")
    return config


def writeup_pages(site: Path) -> list[Path]:
    """The HTML pages of the repair write-ups (original and translation)."""
    return sorted((site / "repairs").glob("*/index*.html"))
