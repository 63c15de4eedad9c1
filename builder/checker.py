"""Check every document: the schema, the rules across fields, the body, the assets."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from schema import MODELS, Repair, Workshop
from schema.introspect import expand, submodel, term_patterns
from schema.rules import RULES, violations
from schema.types import PLACEHOLDER
from schema.vocabularies import vocab

from . import assets, corpus_rules, sections
from .loader import Loc, SourceFile, discover, iter_strings, load
from .problems import Problem, with_severity

RULE_CODES = {"date-order", "missing-sources", "missing-authors", "minutes-mismatch",
              "min-above-max"}
CUSTOM_CODES = {"unknown-term", "invalid-date", "invalid-slug", "invalid-country",
                "invalid-license", "invalid-url", "empty-value"}
EXPECTED = {
    "string": ("un texto", "text"),
    "int": ("un número entero", "a whole number"),
    "float": ("un número", "a number"),
    "bool": ("true o false", "true or false"),
    "list": ("una lista (líneas que empiezan con '- ')", "a list (lines starting with '- ')"),
    "model": ("un grupo de campos 'clave: valor'", "a group of 'key: value' fields"),
    "dict": ("un grupo de campos 'clave: valor'", "a group of 'key: value' fields"),
}


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


def check(content: Path, paths: list[Path] | None = None, strict: bool = False) -> Report:
    """Check the whole corpus; report on ``paths`` only when given."""
    sources = [load(p, content) for p in discover(content)]
    documents: list[Document] = []
    for src in sources:
        doc = _check_file(src)
        if doc is not None:
            documents.append(doc)
    problems = [p for src in sources for p in src.problems]
    problems += corpus_rules.check(sources, content)
    if paths is not None:
        wanted = _wanted(paths, content)
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


def _wanted(paths: list[Path], content: Path) -> dict[str, set]:
    rel: set[str] = set()
    known: set[Path] = set()
    all_files = {p.resolve(): p for p in discover(content)}
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
    _check_local_terms(src, model)
    _check_lang(src)
    if src.kind == "repair":
        sections.check(src)
    assets.check(src)
    return Document(src, meta) if meta is not None else None


def _validate(src: SourceFile, model: type[BaseModel]) -> Any:
    try:
        return model.model_validate(src.data)
    except ValidationError as exc:
        seen: set[tuple[Loc, str]] = set()
        for err in exc.errors(include_url=False):
            problem = _from_pydantic(src, model, err)
            if problem and (problem[0], problem[1]) not in seen:
                seen.add((problem[0], problem[1]))
                loc, code, line, params = problem
                src.problem(line, _dotted(loc), code, **params)
        return None


def _from_pydantic(src: SourceFile, model: type[BaseModel], err: dict) -> tuple | None:
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind in RULE_CODES:
        return None
    loc = _data_loc(src.data, tuple(err["loc"]), keep_last=kind == "missing")
    line = src.line_of(loc)
    value = err.get("input")
    if kind == "missing":
        return loc, "missing-field", src.line_of(loc[:-1]), {"name": loc[-1]}
    if kind == "extra_forbidden":
        return loc, "unknown-key", line, _unknown_key(model, loc)
    if kind in CUSTOM_CODES:
        return loc, kind, line, _term_params(ctx) if kind == "unknown-term" else dict(ctx)
    if kind in ("too_long", "too_short"):
        code = "too-many-items" if kind == "too_long" else "too-few-items"
        limit = ctx.get("max_length", ctx.get("min_length"))
        return loc, code, line, {"count": ctx.get("actual_length"), "limit": limit}
    bounds = {"greater_than": "> {gt}", "greater_than_equal": ">= {ge}",
              "less_than": "< {lt}", "less_than_equal": "<= {le}"}
    if kind in bounds:
        return loc, "out-of-range", line, {"value": value, "bounds": bounds[kind].format(**ctx)}
    base = kind.split("_")[0]
    if base in EXPECTED or kind.endswith(("_type", "_parsing")):
        es, en = EXPECTED.get(base, (kind, kind))
        return loc, "wrong-type", line, {"expected_es": es, "expected_en": en,
                                         "value": _brief(value)}
    return loc, "invalid-value", line, {"detail": err.get("msg", kind)}


def _data_loc(data: Any, loc: Loc, keep_last: bool) -> Loc:
    """Drop pydantic's union tags from ``loc``, keeping the path through the data."""
    out: list[str | int] = []
    current = data
    for i, part in enumerate(loc):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            current = current[part]
        elif not (keep_last and i == len(loc) - 1):
            continue
        out.append(part)
    return tuple(out)


def _unknown_key(model: type[BaseModel], loc: Loc) -> dict[str, Any]:
    parent = submodel(model, loc[:-1]) if len(loc) > 1 else model
    allowed = sorted(f.alias or n for n, f in parent.model_fields.items()) if parent else []
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
    return {
        "name": loc[-1],
        "allowed": ", ".join(allowed),
        "suggestion_es": f"; ¿quiso decir '{close[0]}'?" if close else "",
        "suggestion_en": f"; did you mean '{close[0]}'?" if close else "",
    }


def _term_params(ctx: dict) -> dict[str, Any]:
    sug = ctx.get("suggestions") or []
    shown = " o ".join(f"'{s}'" for s in sug)
    shown_en = " or ".join(f"'{s}'" for s in sug)
    return {
        "value": ctx.get("value"),
        "vocab": ctx.get("vocab"),
        "suggestions": sug,
        "suggestion_es": f"; ¿quiso decir {shown}?" if sug else "",
        "suggestion_en": f"; did you mean {shown_en}?" if sug else "",
        "local_es": ", o un término local x-palabra" if ctx.get("open") else "",
        "local_en": ", or a local term x-word" if ctx.get("open") else "",
    }


def _brief(value: Any) -> str:
    if isinstance(value, dict):
        return "{...}"
    if isinstance(value, list):
        return "[...]"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _check_placeholders(src: SourceFile) -> None:
    for loc, text in iter_strings(src.data):
        match = PLACEHOLDER.search(text)
        if match:
            src.problem(src.line_of(loc), _dotted(loc), "placeholder", value=match.group(0))
    for i, line in enumerate(src.body.split("\n")):
        match = PLACEHOLDER.search(line)
        if match:
            src.problem(src.body_line + i, None, "placeholder", value=match.group(0))


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
