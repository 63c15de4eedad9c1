"""Which documents to report on: the paths given to ``kb check``, or a git change.

The whole corpus is always checked (references resolve against every
document); only the report is narrowed. A path inside a document's folder (a
photo, a handout) selects that document's files; ``content/bibliography.yaml``
selects itself. ``--changed`` takes the files git sees as changed since a base
commit -- committed, staged, unstaged and untracked -- and also keeps problems
that a change causes elsewhere: a reference to a deleted document, an id now
used twice, a source key removed from the bibliography.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from builder.check.checker import Report
from builder.check.checker import check as run_check
from builder.document import Problem
from builder.load.source import FILE_NAME, discover, document_folder

BIBLIOGRAPHY = "bibliography.yaml"
DEFAULT_BASES = ("origin/HEAD", "origin/main", "origin/master", "main", "master")
REFERENCE_CODES = {"dangling-reference", "wrong-kind-reference"}


class ChangedError(Exception):
    """Git cannot say what changed; the message is bilingual and says what to do."""


@dataclass
class Selection:
    documents: set[Path] = field(default_factory=set)  # discovered index*.md files
    strays: set[Path] = field(default_factory=set)  # files to check that are not documents
    bibliography: bool = False
    deleted_ids: set[str] = field(default_factory=set)


def select(content: Path, paths: list[Path]) -> Selection:
    """The documents that ``paths`` (files or folders, existing) stand for.

    Only what the paths name is looked at (a folder's files, a document's folder),
    never the whole corpus: `kb check FILE` stays fast on a cold disk."""
    content = content.resolve()
    chosen = Selection()
    for path in (p.resolve() for p in paths):
        if path.is_dir():
            chosen.documents |= _documents(path.rglob("index*.md"), content)
        elif _documents([path], content):
            chosen.documents.add(path)
        elif path == content / BIBLIOGRAPHY:
            chosen.bibliography = True
        elif (folder := document_folder(path, content)) is not None:
            chosen.documents |= _documents(folder.glob("index*.md"), content)
        else:
            chosen.strays.add(path)
    return chosen


def _documents(paths, content: Path) -> set[Path]:
    """Those of ``paths`` that ``discover`` finds: index*.md files under ``content``."""
    found = set()
    for path in paths:
        resolved = path.resolve()
        if (fnmatch.fnmatchcase(resolved.name, "index*.md") and resolved.is_file()
                and resolved.is_relative_to(content)):
            found.add(resolved)
    return found


def select_changed(root: Path, content: Path, base: str | None) -> Selection:
    """The documents touched by the change from ``base`` (a git ref) to the working tree."""
    content = content.resolve()
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    present, deleted = [], []
    for rel in changed_files(root, content, base):
        path = (top / rel).resolve()
        (present if path.exists() else deleted).append(path)
    chosen = select(content, [p for p in present if _worth_checking(p, content)])
    known = {p.resolve() for p in discover(content)}
    for path in deleted:
        folder = document_folder(path, content)
        if folder is None:
            continue
        chosen.documents |= {d for d in known if d.parent == folder}
        if FILE_NAME.match(path.name) and not any(d.parent == folder for d in known):
            chosen.deleted_ids.add(folder.name)
    chosen.bibliography |= content / BIBLIOGRAPHY in deleted
    return chosen


def _worth_checking(path: Path, content: Path) -> bool:
    """Changed files that say something about a document (not a stray README or .gitkeep)."""
    return (path.suffix == ".md" or path.name == BIBLIOGRAPHY
            or document_folder(path, content) is not None)


def changed_files(root: Path, content: Path, base: str | None) -> list[str]:
    """Paths (relative to the repository's top) under ``content`` that differ from ``base``."""
    where = os.path.relpath(content.resolve(), root.resolve())
    untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard", "--full-name",
                     "--", where)
    names = set(filter(None, untracked.split("\0")))
    if _has_commits(root):
        ref = resolve_base(root, base)
        diff = _git(root, "diff", "--name-only", "-z", "--no-renames", ref, "--", where)
    else:  # a repository without commits yet: everything is new
        diff = _git(root, "ls-files", "-z", "--full-name", "--", where)
    return sorted(names | set(filter(None, diff.split("\0"))))


def resolve_base(root: Path, base: str | None) -> str:
    """The commit to compare with: ``base``, or where this branch left the main branch."""
    if base is not None:
        commit = _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}", check=False)
        if not commit.strip():
            raise ChangedError(
                f"git no conoce la referencia '{base}' (en un clon parcial: "
                f"git fetch origin {base}) / git does not know the ref '{base}' "
                f"(in a shallow clone: git fetch origin {base})")
        return commit.strip()
    for candidate in DEFAULT_BASES:
        ref = _git(root, "rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}",
                   check=False).strip()
        if ref:
            merge_base = _git(root, "merge-base", "HEAD", ref, check=False).strip()
            return merge_base or ref
    return "HEAD"


def _has_commits(root: Path) -> bool:
    return bool(_git(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False).strip())


def _git(root: Path, *args: str, check: bool = True) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                              encoding="utf-8", errors="surrogateescape", check=False)
    except FileNotFoundError:
        raise ChangedError("--changed necesita git instalado / --changed needs git installed"
                           ) from None
    if check and proc.returncode != 0:
        detail = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
        raise ChangedError(
            f"--changed necesita una copia de git del proyecto / --changed needs a git "
            f"checkout of the project ({detail})")
    return proc.stdout


def check_selected(content: Path, chosen: Selection, strict: bool = False,
                   full: bool = True) -> Report:
    """Report on the chosen documents and what their change caused.

    ``full``: check the whole corpus (possible duplicates and problems caused in
    other files included). Otherwise, when nothing was deleted and the
    bibliography is untouched, only what the chosen documents' rules need is read
    (fast: `kb check FILE` in an editor or a pre-commit hook).
    """
    content = content.resolve()
    root = content.parent
    rels = {p.relative_to(root).as_posix() for p in chosen.documents}
    if chosen.bibliography:
        rels.add(f"{content.name}/{BIBLIOGRAPHY}")
    focused = not full and not chosen.deleted_ids and not chosen.bibliography
    report = run_check(content, sorted(chosen.documents) if focused else None, strict=strict)
    problems = [p for p in report.problems if p.path in rels or _caused(p, chosen, rels)]
    if chosen.strays:
        problems += run_check(content, sorted(chosen.strays), strict=strict).problems
    documents = [d for d in report.documents if d.src.rel in rels]
    files = len(chosen.documents) + len(chosen.strays) + int(chosen.bibliography)
    return Report(documents, sorted(set(problems), key=Problem.sort_key), files, report.langs)


def _caused(problem: Problem, chosen: Selection, rels: set[str]) -> bool:
    """A problem in an unchanged file that the change brought about."""
    params = problem.params
    if params.get("other") in rels:
        return True
    if problem.code in REFERENCE_CODES and params.get("value") in chosen.deleted_ids:
        return True
    return (chosen.bibliography and problem.code == "dangling-reference"
            and (problem.field or "").startswith("sources["))
