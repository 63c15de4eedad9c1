"""Check every document: the schema, the rules across fields, the body, the assets."""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from builder.check import assets, committed, corpus, drift, safety, synonyms
from builder.check import names as file_names
from builder.check.duplicates import duplicate_problems
from builder.check.validation import dotted as _dotted
from builder.check.validation import validate as _validate
from builder.core import cache, parallel
from builder.document import Document, Problem, SourceFile, with_severity
from builder.load import sections
from builder.load.source import KINDS, discover, document_folder, iter_strings, load
from schema import MODELS
from schema.introspect import expand, term_patterns
from schema.rules import RULES, violations
from schema.types import PLACEHOLDER
from schema.vocabularies import vocab


@dataclass
class Report:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    langs: dict[str, str] = field(default_factory=dict)  # file -> the language it is in

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def lang_of(self, path: str) -> str:
        """The language a problem about ``path`` is best told in: the file's own, or for
        another file of a document folder (a photo) the original's; Spanish otherwise."""
        if path in self.langs:
            return self.langs[path]
        return self.langs.get(path.rsplit("/", 1)[0] + "/index.md", "es")


PARALLEL_FROM = 200  # folders to check from which a child process checks half of them
_MEMO: dict[tuple, Report] = {}


def check(content: Path, paths: list[Path] | None = None, strict: bool = False,
          similar: bool = True) -> Report:
    """Check the whole corpus; report on ``paths`` only when given.

    ``similar=False`` skips the comparison of every text with every other for
    possible duplicates (a suggestion): a build needs only the errors.
    Within one process the same corpus, unchanged on disk, is checked once:
    `kb build` checks, then the MkDocs plugin asks again.
    """
    folders = _tree_state(content) if paths is None else None
    state = tuple(folders.items()) if folders is not None else _signature(_focus(content, paths))
    key = (content.resolve(), tuple(paths or ()), strict, similar, state)
    if key not in _MEMO:
        _MEMO.clear()
        _MEMO[key] = _check(content, paths, strict, similar, folders)
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


def _tree_state(content: Path) -> dict[str, tuple]:
    """Every file and folder under ``content``, in one walk: for each document folder
    (``repairs/<id>``) the ``_folder_state`` of its tree, and under "" the rest."""
    out: dict[str, list] = {}
    root = str(content)
    for top, dirs, names in os.walk(root):
        dirs.sort()
        parts = top[len(root) + 1:].split(os.sep) if top != root else []
        inner = "/".join(parts[:2]) if len(parts) >= 2 and parts[0] in KINDS else ""
        base = os.path.join(root, *parts[:2]) if inner else root
        state = out.setdefault(inner, [])
        for name in (*dirs, *sorted(names)):
            state += _entry(os.path.join(top, name), base)
    return {k: tuple(v) for k, v in out.items()}


def _entry(path: str, base: str) -> list[tuple]:
    """(path from ``base``, mode, size, time, where a symlink leads) of one entry."""
    try:
        st = os.lstat(path)
    except OSError:
        return []
    link = os.path.realpath(path) if stat.S_ISLNK(st.st_mode) else None
    return [(path[len(base) + 1:], st.st_mode, st.st_size, st.st_mtime_ns, link)]


def _check(content: Path, paths: list[Path] | None, strict: bool, similar: bool,
           folders: dict[str, tuple] | None = None) -> Report:
    """With ``paths``, only the files the rules about those documents need are read:
    their folders, the same ids in the other kind, the workshops (prerequisite
    cycles); other ids come from the folder names (an id equals its folder). The
    whole-corpus comparison for possible duplicates is left to a full check."""
    files = discover(content) if paths is None else _focus(content, paths)
    # A focused check reads a few folders: fresher to check them than to load the store.
    store = cache.store(cache.folder(content.parent) if paths is None else None, "check",
                        per_document=True)
    checked = _checked(content, files, store, folders)
    sources = [src for src, _ in checked]
    documents = [doc for _, doc in checked if doc is not None]
    problems = [p for src in sources for p in src.problems]
    problems += corpus.check(sources, content, known=_folder_ids(content))
    if paths is None:  # a cache or built site committed to git (kb check of it all)
        problems += committed.check(content.parent)
        problems += synonyms.check(content.parent)
    if paths is None and similar:
        problems += _duplicates(documents)
        cache.save("profiles")
    if paths is not None:
        wanted = _wanted(paths, content, files)
        extra = _checked(content, [p for p in discover(content, paths)
                                   if p not in wanted["known"]], store)
        problems = [p for p in problems if p.path in wanted["rel"]]
        problems += [p for src, _ in extra for p in src.problems]
        documents = [d for d in documents if d.src.rel in wanted["rel"]]
    else:
        store.save()  # a full check keeps exactly the corpus's entries
    if strict:
        problems = [with_severity(p, "error") for p in problems]
    problems = sorted(set(problems), key=Problem.sort_key)
    return Report(documents, problems, files=len(sources),
                  langs={src.rel: lang for src in sources if (lang := src.language)})


def _checked(content: Path, files: list[Path], store: cache.Store,
             folders: dict[str, tuple] | None = None) -> list[tuple[SourceFile, Document | None]]:
    """Each file read and checked on its own (schema, rules, body, assets), or as it
    was last time: the result of a document folder is kept under the names, sizes
    and modification times of everything in it (its other files are what the
    per-file rules look at), so only changed folders are read again."""
    groups: dict[Path, list[Path]] = {}
    for path in files:
        groups.setdefault(path.parent, []).append(path)
    keys: dict[Path, str] = {}
    for where, group in groups.items():
        if document_folder(group[0], content) == where:  # a document folder: keyed
            inner = where.relative_to(content).as_posix()
            state = folders[inner] if folders and inner in folders else _folder_state(where)
            keys[where] = cache.digest(inner, tuple(p.name for p in group), state)
    child, made = _second_half([(key, groups[where]) for where, key in keys.items()
                                if not store.has(key)], content)
    out: list[tuple[SourceFile, Document | None]] = []
    for where, group in groups.items():
        if where not in keys:  # not a document folder: no key
            out += _folder([load(p, content) for p in group])
            continue
        key = keys[where]
        records = store.get(key, lambda k=key, g=group: made()[k] if k in child else
                            _records(g, content))
        out += [_restore(record, where, content) for record in records]
    return out


def _records(group: list[Path], content: Path) -> list[tuple]:
    return [_record(checked) for checked in _folder([load(p, content) for p in group])]


def _folder(loaded: list[SourceFile]) -> list[tuple[SourceFile, Document | None]]:
    """The files of one folder checked: each on its own, then each translation against
    its original (``drift``: its problems are the translation's)."""
    checked = [_fresh(src) for src in loaded]
    by_file = {src.rel: src for src in loaded}
    for problem in drift.check(loaded):
        by_file[problem.path].problems.append(problem)
    return checked


def _second_half(missing: list[tuple[str, list[Path]]], content: Path
                 ) -> tuple[set[str], Callable[[], dict[str, list[tuple]]]]:
    """The folders not kept whose records a child process makes while this one checks
    the others (two cores), and a function that waits for them. A record is what the
    store keeps anyway, so it comes back the same from either process."""
    if len(missing) < PARALLEL_FROM:
        return set(), dict
    rest = missing[len(missing) // 2:]
    wait = parallel.started(lambda: {key: _records(group, content) for key, group in rest})
    return {key for key, _ in rest}, functools.cache(wait)


def _folder_state(where: Path) -> tuple:
    """Name, type, size and time of every entry under a document folder (symlinks with
    where they lead)."""
    state = []
    for top, dirs, names in os.walk(where):
        dirs.sort()
        for name in (*dirs, *sorted(names)):
            state += _entry(os.path.join(top, name), str(where))
    return tuple(state)


def _fresh(src: SourceFile) -> tuple[SourceFile, Document | None]:
    return src, _check_file(src)


def _record(checked: tuple[SourceFile, Document | None]) -> tuple:
    src, doc = checked
    return (src.path.name, src.rel, src.kind, src.folder, src.lang_suffix, src.data, src.body,
            src.body_line, src.lines, tuple(src.problems), src.raw, doc is not None)


def _restore(record: tuple, where: Path, content: Path) -> tuple[SourceFile, Document | None]:
    name, rel, kind, folder, suffix, data, body, body_line, lines, problems, raw, valid = record
    src = SourceFile(where / name, rel, kind, folder, suffix, data, body, body_line, lines,
                     list(problems), raw)
    # Validating the kept front matter again is faster than unpickling models.
    meta = MODELS[kind].model_validate(data, context={"checked": True}) if valid else None
    return src, Document(src, meta) if valid else None


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
    file_names.check(src)  # the folder's file names, even when the front matter is broken
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


__all__ = ["Report", "check", "RULES"]
