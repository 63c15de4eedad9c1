"""Reproducible builds of the real project: the same content gives the same site, byte
for byte, whether it is built whole or incrementally, in any order, at any path; and
every file of it is readable by a web server running as another user."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

import pytest

from builder.site.build import build

from .conftest import ROOT

EDITED = Path("content/repairs/refineria-amuay/index.md")


def _project(where: Path) -> Path:
    """A copy of the project's real content, reference pages and configuration."""
    where.mkdir(parents=True)
    for name in ("content", "docs", "mkdocs.yml"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, where / name)
    return where / "mkdocs.yml"


def _files(site: Path) -> dict[str, str]:
    """Every file of the site (relative path) and the hash of its bytes."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> dict[str, str]:
    """The real project built whole once (no PDFs: WeasyPrint's are tested elsewhere)."""
    config = _project(tmp_path_factory.mktemp("full") / "project")
    return _files(build(config, pdf=False, incremental=False).site_dir)


def test_full_and_incremental_builds_in_any_order_are_byte_identical(full, tmp_path):
    config = _project(tmp_path / "project")
    site = build(config, pdf=False).site_dir
    assert _differences(full, _files(site)) == []  # another path, another full build

    again = build(config, pdf=False)
    assert again.incremental and again.rendered == 0
    assert _differences(full, _files(site)) == []  # nothing changed: nothing differs

    page = config.parent / EDITED
    original = page.read_text(encoding="utf-8")
    page.write_text(original.replace("\n## ", "\nUna frase más.\n\n## ", 1), encoding="utf-8")
    edited = build(config, pdf=False)
    assert edited.incremental and edited.rendered > 0
    changed = _differences(full, _files(site))
    assert "reparaciones/refineria-amuay/index.html" in changed  # the edit is in the site

    page.write_text(original, encoding="utf-8")
    reverted = build(config, pdf=False)
    assert reverted.incremental
    assert _differences(full, _files(site)) == []  # back to the same bytes, docs pages too

    reference = config.parent / "docs" / "limits.md"  # a reference page: a full build
    reference.write_text(reference.read_text(encoding="utf-8") + "\nUna línea más.\n",
                         encoding="utf-8")
    build(config, pdf=False)
    # only that page (and its precompressed copy, when the site has them)
    assert {p.removesuffix(".gz") for p in _differences(full, _files(site))} == {"limits.html"}


def test_site_is_readable_by_any_web_server(full, tmp_path):
    """Folders 0755 and files 0644 whatever the umask (nginx runs as another user)."""
    old = os.umask(0o077)
    try:
        site = build(_project(tmp_path / "project"), pdf=False, incremental=False).site_dir
    finally:
        os.umask(old)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in site.rglob("*") if p.is_file()}
    folders = {stat.S_IMODE(p.stat().st_mode) for p in [site, *site.rglob("*")] if p.is_dir()}
    assert modes == {0o644}
    assert folders == {0o755}


def test_site_ships_no_unused_theme_files(full):
    """Material's own search (lunr, its worker) and source maps are not copied: the
    site's search is builder/site/static/search.js."""
    unused = [p for p in full if p.endswith(".map") or p.startswith(
        ("assets/javascripts/lunr/", "assets/javascripts/workers/"))]
    assert unused == []
    assert any(p.startswith("assets/javascripts/bundle.") for p in full)  # the theme's own
