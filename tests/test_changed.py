"""`kb check --changed [--base REF]`, paths that stand for documents, `--format review`."""

from __future__ import annotations

import json

import pytest

from .throwaway import BAD, BAD_LINE, Repo

WORKSHOP = "content/workshops/ejemplo-medir-piezas/index.md"


@pytest.fixture
def repo(tmp_path) -> Repo:
    return Repo(tmp_path)


def paths_in(result) -> set[str]:
    return {p["path"] for p in json.loads(result.out)}


def test_nothing_changed_is_clean(run_line, repo):
    result = run_line("kb check --changed", cwd=repo.root)
    assert result.code == 0
    assert "en 0 archivo(s)" in result.out


def test_uncommitted_change_is_reported_with_its_line(run_line, repo):
    repo.bad_change()
    result = run_line("kb check --changed --format json", cwd=repo.root)
    assert result.code == 1
    assert [(p["path"], p["line"], p["code"]) for p in json.loads(result.out)] == [
        (BAD, BAD_LINE, "unknown-term")]


def test_only_changed_documents_are_reported(run_line, repo):
    repo.bad_change()
    repo.commit("bad")
    repo.edit(WORKSHOP, "Medir piezas", "Medir piezas bien")
    repo.commit("only the workshop")
    result = run_line("kb check --base HEAD~1 --format json", cwd=repo.root)
    assert result.code == 0, result.out  # the bad repair did not change since HEAD~1
    result = run_line("kb check --base HEAD~2 --format json", cwd=repo.root)
    assert paths_in(result) == {BAD}


def test_default_base_is_where_the_branch_left_main(run_line, repo):
    repo.git("checkout", "-q", "-b", "nueva-reparacion")
    repo.bad_change()
    repo.commit("bad, committed on the branch")
    result = run_line("kb check --changed --format json", cwd=repo.root)
    assert paths_in(result) == {BAD}


def test_untracked_document_is_changed(run_line, repo):
    result = run_line("kb new repair horno-nuevo --title 'Horno'", cwd=repo.root)
    assert result.code == 0
    result = run_line("kb check --changed --format json", cwd=repo.root)
    assert paths_in(result) == {"content/repairs/horno-nuevo/index.md"}


def test_a_changed_photo_selects_its_document(run_line, repo):
    (repo.root / "content/repairs/ejemplo-bomba-agua/impulsor.png").write_bytes(b"roto")
    result = run_line("kb check --changed --format json", cwd=repo.root)
    assert paths_in(result) == {BAD, BAD.replace("index.md", "index.en.md")}
    assert {p["code"] for p in json.loads(result.out)} == {"not-an-image"}


def test_deleting_a_document_reports_who_referred_to_it(run_line, repo):
    repo.git("rm", "-q", "-r", "content/workshops/ejemplo-medir-piezas")
    result = run_line("kb check --changed --format json", cwd=repo.root)
    found = [(p["path"], p["code"]) for p in json.loads(result.out)]
    assert (BAD, "dangling-reference") in found


def test_stray_markdown_file_is_reported(run_line, repo):
    (repo.root / "content/repairs/mi-reparacion.md").write_text("---\nid: x\n---\n")
    result = run_line("kb check --changed --format json", cwd=repo.root)
    assert [(p["path"], p["code"]) for p in json.loads(result.out)] == [
        ("content/repairs/mi-reparacion.md", "unexpected-file")]


def test_unknown_base_and_no_git_are_usage_errors(run_line, repo, project):
    result = run_line("kb check --base no-such-branch", cwd=repo.root)
    assert result.code == 2
    assert "no-such-branch" in result.err
    result = run_line("kb check --changed", cwd=project)  # not a git repository
    assert result.code == 2
    assert "git" in result.err


def test_paths_and_changed_together_is_a_usage_error(run_line, repo):
    assert run_line(f"kb check --changed {BAD}", cwd=repo.root).code == 2


# -- paths given to kb check ---------------------------------------------------------


def test_photo_path_stands_for_its_document(run_line, project):
    (project / "content/repairs/ejemplo-bomba-agua/impulsor.png").write_bytes(b"roto")
    result = run_line("kb check --format json content/repairs/ejemplo-bomba-agua/impulsor.png",
                      cwd=project)
    assert result.code == 1
    assert paths_in(result) == {BAD, BAD.replace("index.md", "index.en.md")}


def test_folder_and_bibliography_paths_are_not_unexpected_files(run_line, project):
    for path in ("content/repairs/", "content", "content/bibliography.yaml"):
        result = run_line(f"kb check {path}", cwd=project)
        assert result.code == 0, (path, result.out)
        assert "[unexpected-file]" not in result.out


# -- review checklist ----------------------------------------------------------------


def test_review_lists_what_to_confirm_by_hand(run_line, project):
    result = run_line(f"kb check --format review {BAD}", cwd=project)
    assert result.code == 0
    out = result.out
    assert out.startswith("# Lista de revisión\n")
    assert f"## {BAD}" in out
    assert "- [ ] Las fuentes respaldan cada dato" in out
    assert "`manual-ejemplo`: valores típicos de presión" in out
    assert "- [ ] Las personas que se reconocen en las fotos" in out
    assert "- [ ] Las notas de seguridad son correctas" in out
    assert "Bloqueo eléctrico antes de abrir la carcasa." in out
    assert "empaquetadura (fabricated): teflón" in out


def test_review_asks_for_missing_safety_notes_in_english(run_line, project):
    path = project / BAD
    text = path.read_text(encoding="utf-8")
    text = text.replace("safety:\n  - Bloqueo eléctrico antes de abrir la carcasa.\n", "")
    text = text.replace('!!! warning "Seguridad"\n    Bloquear la energía antes de abrir.\n', "")
    path.write_text(text, encoding="utf-8")
    result = run_line(f"kb check --format review --lang en {BAD}", cwd=project)
    assert "- [ ] **There are no safety notes**" in result.out


def test_review_of_a_broken_document_says_fix_first(run_line, repo):
    repo.bad_change()
    result = run_line("kb check --changed --format review --lang en", cwd=repo.root)
    assert result.code == 1
    assert "Automatic check: **1 error(s)**" in result.out
    assert f"## {BAD}" in result.out


def test_review_with_nothing_to_review(run_line, repo):
    result = run_line("kb check --changed --format review", cwd=repo.root)
    assert result.code == 0
    assert "No hay documentos que revisar." in result.out
