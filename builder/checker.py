"""Check every document: the schema, the rules across fields, the body, the assets."""

from __future__ import annotations

import os
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from schema import MODELS, Repair, Workshop
from schema.introspect import expand, term_patterns
from schema.rules import RULES, violations
from schema.types import PLACEHOLDER
from schema.vocabularies import vocab

from . import assets, corpus_rules, safety, sections
from .loader import KINDS, SourceFile, discover, iter_strings, load
from .problems import Problem, with_severity
from .validation import dotted as _dotted
from .validation import validate as _validate


@dataclass
class Document:
    """A validated document with where it came from."""

    src: SourceFile
    meta: Repair | Workshop

    @property
    def kind(self) -> str:
        return self.src.kind or ""

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def lang(self) -> str:
        return self.meta.lang


@dataclass
class Report:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


_MEMO: dict[tuple, Report] = {}


def check(content: Path, paths: list[Path] | None = None, strict: bool = False,
          similar: bool = True) -> Report:
    """Check the whole corpus; report on ``paths`` only when given.

    ``similar=False`` skips the comparison of every text with every other for
    possible duplicates (a suggestion): a build needs only the errors.
    Within one process the same corpus, unchanged on disk, is checked once:
    `kb build` checks, then the MkDocs plugin asks again.
    """
    files = sorted(content.rglob("*")) if paths is None else _focus(content, paths)
    key = (content.resolve(), tuple(paths or ()), strict, similar, _signature(files))
    if key not in _MEMO:
        _MEMO.clear()
        _MEMO[key] = _check(content, paths, strict, similar)
    return _MEMO[key]


def _signature(files: list[Path]) -> tuple:
    """Each file with its size and modification time: what tells a change."""
    out = []
    for path in files:
        try:
            st = path.lstat()
        except OSError:
            continue
        out.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(out)


def _check(content: Path, paths: list[Path] | None, strict: bool, similar: bool) -> Report:
    """With ``paths``, only the files the rules about those documents need are read:
    their folders, the same ids in the other kind, the workshops (prerequisite
    cycles); other ids come from the folder names (an id equals its folder). The
    whole-corpus comparison for possible duplicates is left to a full check."""
    files = discover(content) if paths is None else _focus(content, paths)
    sources = [load(p, content) for p in files]
    documents: list[Document] = []
    for src in sources:
        doc = _check_file(src)
        if doc is not None:
            documents.append(doc)
    problems = [p for src in sources for p in src.problems]
    problems += corpus_rules.check(sources, content, known=_folder_ids(content))
    if paths is None and similar:
        problems += _duplicates(documents)
    if paths is not None:
        wanted = _wanted(paths, content, files)
        extra = [load(p, content) for p in discover(content, paths) if p not in wanted["known"]]
        for src in extra:
            _check_file(src)
        problems = [p for p in problems if p.path in wanted["rel"]]
        problems += [p for src in extra for p in src.problems]
        documents = [d for d in documents if d.src.rel in wanted["rel"]]
    if strict:
        problems = [with_severity(p, "error") for p in problems]
    problems = sorted(set(problems), key=Problem.sort_key)
    return Report(documents, problems, files=len(sources))


def _folder_ids(content: Path) -> dict[str, set[str]]:
    """kind -> the names of its document folders (each one an id)."""
    out: dict[str, set[str]] = {}
    for folder, kind in KINDS.items():
        base = content / folder
        # scandir's entry type comes with the listing: no stat per folder (cold disks)
        with os.scandir(base) if base.is_dir() else nullcontext([]) as entries:
            out[kind] = {e.name for e in entries if e.is_dir()}
    return out


def _focus(content: Path, paths: list[Path]) -> list[Path]:
    wanted = discover(content, paths)
    folders = {p.parent for p in wanted}
    for folder in list(folders):
        for other in KINDS:
            folders.add(content / other / folder.name)  # the same id in the other kind
    found = set(wanted)
    for folder in folders:
        if folder.is_dir():
            found.update(q for q in folder.glob("index*.md") if q.is_file())
    workshops = content / "workshops"
    if workshops.is_dir():
        found.update(q for q in workshops.glob("*/index*.md") if q.is_file())
    return sorted(found)


def _duplicates(documents: list[Document]) -> list[Problem]:
    from .search.duplicates import duplicate_problems  # imports Document from here

    return duplicate_problems(documents)


def _wanted(paths: list[Path], content: Path, files: list[Path]) -> dict[str, set]:
    rel: set[str] = set()
    known: set[Path] = set()
    all_files = {p.resolve(): p for p in files}
    for path in paths:
        target = path.resolve()
        for resolved, original in all_files.items():
            if resolved == target or target in resolved.parents:
                rel.add(original.relative_to(content.parent).as_posix())
                known.add(resolved)
    for path in paths:
        target = path.resolve()
        if target.is_file() and target not in known:
            try:
                rel.add(target.relative_to(content.parent.resolve()).as_posix())
            except ValueError:
                rel.add(target.as_posix())
    return {"rel": rel, "known": known}


def _check_file(src: SourceFile) -> Document | None:
    if src.data is None or src.kind is None:
        return None
    model = MODELS[src.kind]
    meta = _validate(src, model)
    for v in violations(src.kind, src.data):
        src.problem(src.line_of(v.loc), _dotted(v.loc), v.code, **v.ctx)
    _check_placeholders(src)
    _drop_shadowed(src)
    _check_local_terms(src, model)
    _check_lang(src)
    if src.kind == "repair":
        sections.check(src)
    assets.check(src)
    safety.check(src)
    safety.check_folder(src)
    return Document(src, meta) if meta is not None else None


def _check_placeholders(src: SourceFile) -> None:
    for loc, text in iter_strings(src.data):
        match = PLACEHOLDER.search(text)
        if match:
            src.problem(src.line_of(loc), _dotted(loc), "placeholder", value=match.group(0))
    for i, line in enumerate(src.body.split("\n")):
        match = PLACEHOLDER.search(line)
        if match:
            src.problem(src.body_line + i, None, "placeholder", value=match.group(0))


def _drop_shadowed(src: SourceFile) -> None:
    """A field still holding a template placeholder reports only that."""
    marked = {(p.line, p.field) for p in src.problems if p.code == "placeholder"}
    src.problems[:] = [p for p in src.problems
                       if p.code == "placeholder" or (p.line, p.field) not in marked]


def _check_local_terms(src: SourceFile, model: type[BaseModel]) -> None:
    for pattern, name in term_patterns(model):
        voc = vocab(name)
        for loc, value in expand(src.data, pattern):
            if isinstance(value, str) and voc.is_local(value):
                src.problem(src.line_of(loc), _dotted(loc), "local-term", value=value, vocab=name)


def _check_lang(src: SourceFile) -> None:
    lang = src.data.get("lang") if src.data else None
    if src.lang_suffix and isinstance(lang, str) and lang != src.lang_suffix:
        src.problem(src.line_of(("lang",)), "lang", "lang-mismatch", file=src.path.name,
                    expected=src.lang_suffix, value=lang)


__all__ = ["Document", "Report", "check", "RULES"]
