"""Builds never half-fail, and the same input gives byte-identical output."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from builder.check import checker
from builder.site import build as build_module
from builder.site.build import BuildError, build

from .conftest import make_project


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    one = make_project(tmp_path / "a")
    two = make_project(tmp_path / "b")  # another folder: paths must not leak into output
    first = digest(build(one / "mkdocs.yml").site_dir)
    second = digest(build(two / "mkdocs.yml").site_dir)
    assert first == second
    assert any(name.endswith(".pdf") for name in first)


def test_failed_build_leaves_previous_site(tmp_path):
    root = make_project(tmp_path)
    site = build(root / "mkdocs.yml", pdf=False).site_dir
    before = digest(site)
    # a broken link in a docs page: strict mode aborts after content checks pass
    (root / "docs" / "fields.md").write_text("# Campos\n\n[roto](no-existe.md)\n")
    with pytest.raises(BuildError):
        build(root / "mkdocs.yml", pdf=False)
    assert digest(site) == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


def test_interrupted_build_leaves_previous_site(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    site = build(root / "mkdocs.yml", pdf=False).site_dir
    before = digest(site)
    import mkdocs.commands.build as mkdocs_build

    def interrupted(config, **kwargs):
        Path(config.site_dir, "index.html").write_text("half")
        raise KeyboardInterrupt

    monkeypatch.setattr(mkdocs_build, "build", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_module.build(root / "mkdocs.yml", pdf=False)
    assert digest(site) == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


def test_symlink_out_of_the_folder_is_reported_and_never_published(tmp_path, run_line):
    root = make_project(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    folder = root / "content/repairs/ejemplo-bomba-agua"
    (folder / "plano.png").symlink_to(secret)
    result = run_line("kb check --format json", cwd=root)
    assert result.code == 1
    assert '"code": "asset-outside-folder"' in result.out and "plano.png" in result.out
    assert run_line("kb build --no-pdf", cwd=root).code == 1
    assert not (root / "site").exists()


def test_symlink_inside_the_folder_is_fine(tmp_path):
    from builder.check.checker import check

    root = make_project(tmp_path)
    folder = root / "content/repairs/ejemplo-bomba-agua"
    (folder / "copia.png").symlink_to(folder / "impulsor.png")
    assert check(root / "content").problems == []


def test_kb_build_reads_the_content_for_its_check_once(tmp_path, run_line, monkeypatch):
    """`kb build` checks, then builds: the build takes that check (no second walk of the
    content to see that nothing changed)."""
    root = make_project(tmp_path)
    walks = []
    real = checker._tree_state
    monkeypatch.setattr(checker, "_tree_state", lambda content: walks.append(content) or
                        real(content))
    assert run_line(f"kb --root {root} build --no-pdf").code == 0
    assert len(walks) == 1
    assert (root / "site" / "index.html").is_file()
