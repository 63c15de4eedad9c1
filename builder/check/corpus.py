"""Rules across documents: ids, references, prerequisite cycles, translations.

They read the raw front matter, so a document with a field error still has its
references checked (and is still a valid target for others).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from pathlib import Path
from typing import Any

from builder.check.bibliography import bibliography_problems, load_bibliography
from builder.core.site_paths import reserved_page
from builder.document import Problem, SourceFile
from schema.types import SLUG

# field -> (kind of document it is in, kind it must point at)
REFERENCES = {
    ("repair", "workshops"): "workshop",
    ("repair", "related"): "repair",
    ("workshop", "related_repairs"): "repair",
    ("workshop", "prerequisites"): "workshop",
}
KIND_WORDS = {
    "repair": ("las reparaciones", "the repairs", "una reparación", "a repair"),
    "workshop": ("los talleres", "the workshops", "un taller", "a workshop"),
}


def _id(src: SourceFile) -> str:
    value = src.data.get("id") if src.data else None
    return value if isinstance(value, str) else src.folder


def check(sources: list[SourceFile], content: Path,
          known: dict[str, set[str]] | None = None) -> list[Problem]:
    """``known``: ids known without reading their files (the folder names)."""
    loaded = [s for s in sources if s.data is not None and s.kind]
    problems: list[Problem] = []
    problems += _ids(loaded)
    problems += _references(loaded, [s for s in sources if s.kind], known or {})
    problems += _cycles(loaded)
    problems += _translations(loaded)
    problems += _source_refs(loaded, content)
    problems += bibliography_problems(content)
    return problems


def _rename(doc_id: str) -> dict[str, str]:
    """The second way out of an id that differs from its folder: rename the folder to
    the id, only when the id could be a folder's name."""
    if SLUG.match(doc_id):
        return {"rename_es": f" o renombre la carpeta a {doc_id}",
                "rename_en": f" or rename the folder to {doc_id}"}
    return {"rename_es": "", "rename_en": ""}


def _ids(loaded: list[SourceFile]) -> list[Problem]:
    out: list[Problem] = []
    owners: dict[str, SourceFile] = {}
    for src in loaded:
        doc_id = _id(src)
        line = src.line_of(("id",))
        if doc_id != src.folder and isinstance(src.data.get("id"), str):
            out.append(Problem(src.rel, line, "id", "id-mismatch",
                               {"value": doc_id, "folder": src.folder, **_rename(doc_id)}))
        page = reserved_page(src.kind, doc_id)
        if page is not None:
            out.append(Problem(src.rel, line, "id", "reserved-id", {"value": doc_id, "page": page}))
        key = f"{doc_id}\0{src.data.get('lang')}"
        first = owners.get(doc_id)
        # Two files in one folder share an id by design (translations).
        if first is not None and first.directory != src.directory:
            out.append(Problem(src.rel, line, "id", "duplicate-id",
                               {"value": doc_id, "other": (owners.get(key) or first).rel}))
        owners.setdefault(doc_id, src)
        owners.setdefault(key, src)
    return out


def _targets(loaded: list[SourceFile]) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = defaultdict(set)
    for src in loaded:
        ids[src.kind].update({_id(src), src.folder})
    return ids


def _references(loaded: list[SourceFile], every: list[SourceFile],
                known: dict[str, set[str]]) -> list[Problem]:
    # A file that failed to load still names a target: its folder (ids equal folders).
    ids = _targets(every)
    for kind, names in known.items():
        ids[kind] |= names
    out: list[Problem] = []
    for src in loaded:
        for (kind, fld), target in REFERENCES.items():
            values = src.data.get(fld) if src.kind == kind else None
            if not isinstance(values, list):
                continue
            for i, value in enumerate(values):
                if not isinstance(value, str) or not SLUG.match(value):
                    continue  # a malformed id is reported by the model
                out += _reference(src, (fld, i), value, target, ids)
    return out


def _reference(src: SourceFile, loc: tuple, value: str, target: str,
               ids: dict[str, set[str]]) -> list[Problem]:
    line, dotted = src.line_of(loc), f"{loc[0]}[{loc[1]}]"
    if value == _id(src) and src.kind == target:
        return [Problem(src.rel, line, dotted, "self-reference", {"name": loc[0]})]
    if value in ids[target]:
        return []
    t = KIND_WORDS[target]
    other = next((k for k in ids if k != target and value in ids[k]), None)
    if other:
        o = KIND_WORDS[other]
        return [Problem(src.rel, line, dotted, "wrong-kind-reference",
                        {"value": value, "target_es": t[2], "target_en": t[3],
                         "actual_es": o[2], "actual_en": o[3]})]
    close = difflib.get_close_matches(value, sorted(ids[target]), n=1, cutoff=0.6)
    return [Problem(src.rel, line, dotted, "dangling-reference", {
        "value": value, "target_es": t[0], "target_en": t[1],
        "suggestion_es": f"; ¿quiso decir '{close[0]}'?" if close else "",
        "suggestion_en": f"; did you mean '{close[0]}'?" if close else "",
    })]


def _cycles(loaded: list[SourceFile]) -> list[Problem]:
    graph: dict[str, list[str]] = {}
    where: dict[str, SourceFile] = {}
    for src in loaded:
        prereq = src.data.get("prerequisites")
        if src.kind == "workshop" and isinstance(prereq, list):
            graph.setdefault(_id(src), [])
            graph[_id(src)] += [p for p in prereq if isinstance(p, str)]
            if not src.data.get("translation_of") or _id(src) not in where:
                where[_id(src)] = src
    out, reported = [], set()
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    src = where[node]
                    out.append(Problem(src.rel, src.line_of(("prerequisites",)),
                                       "prerequisites", "prerequisite-cycle",
                                       {"cycle": " -> ".join(cycle)}))
            elif state.get(nxt) is None and nxt in graph:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return out


def _translations(loaded: list[SourceFile]) -> list[Problem]:
    by_folder: dict[Path, list[SourceFile]] = defaultdict(list)
    for src in loaded:
        by_folder[src.directory].append(src)
    out: list[Problem] = []
    for docs in by_folder.values():
        originals = [d for d in docs if not d.data.get("translation_of")]
        for d in originals[1:]:
            out.append(_tr(d, ("lang",), "dos documentos de esta carpeta se declaran originales "
                           f"({originals[0].path.name} y {d.path.name})",
                           "two documents in this folder claim to be the original "
                           f"({originals[0].path.name} and {d.path.name})"))
        for d in docs:
            target = d.data.get("translation_of")
            if not target:
                continue
            if target != d.folder:
                out.append(_tr(d, ("translation_of",),
                               f"translation_of es '{target}', pero la carpeta es '{d.folder}'",
                               f"translation_of is '{target}', but the folder is '{d.folder}'"))
            elif not originals:
                out.append(_tr(d, ("translation_of",),
                               "no hay original (un index.md sin translation_of) en esta carpeta",
                               "there is no original (an index.md without translation_of) "
                               "in this folder"))
            elif originals[0].data.get("lang") == d.data.get("lang"):
                out.append(_tr(d, ("lang",), "la traducción tiene el mismo idioma que el original",
                               "the translation has the same language as the original"))
    return out


def _tr(src: SourceFile, loc: tuple, es: str, en: str) -> Problem:
    return Problem(src.rel, src.line_of(loc), loc[0], "translation-mismatch",
                   {"detail_es": es, "detail_en": en})


def _source_refs(loaded: list[SourceFile], content: Path) -> list[Problem]:
    bib = load_bibliography(content)
    out: list[Problem] = []
    for src in loaded:
        sources = src.data.get("sources")
        if not isinstance(sources, list):
            continue
        for i, item in enumerate(sources):
            ref = item.get("ref") if isinstance(item, dict) else None
            if isinstance(ref, str) and ref not in bib:
                close = difflib.get_close_matches(ref, sorted(bib), n=1, cutoff=0.6)
                out.append(Problem(src.rel, src.line_of(("sources", i, "ref")),
                                   f"sources[{i}].ref", "dangling-reference", {
                    "value": ref, "target_es": "content/bibliography.yaml",
                    "target_en": "content/bibliography.yaml",
                    "suggestion_es": f"; ¿quiso decir '{close[0]}'?" if close else "",
                    "suggestion_en": f"; did you mean '{close[0]}'?" if close else "",
                }))
    return out


def ids_by_kind(loaded: list[SourceFile]) -> dict[str, set[str]]:
    return _targets(loaded)


__all__ = ["check", "ids_by_kind", "Any"]
