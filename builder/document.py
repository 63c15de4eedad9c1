"""The data every stage passes on: a source file, a document, a problem and its catalogue.

The bottom of the pipeline (load -> check -> report, search, site, cli): nothing
here imports a stage. A ``SourceFile`` is a content file as read from disk (with
its problems, each a location, a stable code and a message and hint in es/en); a
``Document`` is one that passed validation.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from builder.core.i18n import LANGS, fill
from schema import Repair, Workshop

CATALOGUE_FILE = Path(__file__).with_name("codes.yaml")


@dataclass(frozen=True)
class Code:
    code: str
    severity: str
    group: str
    text: dict[str, dict[str, str]]  # lang -> {title, message, hint}


@cache
def catalogue() -> dict[str, Code]:
    raw = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return {
        code: Code(code, entry["severity"], entry["group"], {k: entry[k] for k in LANGS})
        for code, entry in raw.items()
    }


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    field: str | None
    code: str
    # part of equality (two missing sections are two problems), not of the hash: a
    # dict cannot be hashed, and equal problems still hash alike
    params: dict[str, Any] = field(default_factory=dict, hash=False)
    severity: str = ""

    def __post_init__(self) -> None:
        if self.code not in catalogue():
            raise KeyError(f"unknown problem code {self.code!r}")
        if not self.severity:
            object.__setattr__(self, "severity", catalogue()[self.code].severity)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def message(self, lang: str = "es") -> str:
        return fill(catalogue()[self.code].text[lang]["message"], self.params)

    def hint(self, lang: str = "es") -> str:
        return fill(catalogue()[self.code].text[lang]["hint"], self.params)

    def as_dict(self, lang: str = "es") -> dict[str, Any]:
        data = asdict(self)
        data.pop("params")
        return data | {"message": self.message(lang), "hint": self.hint(lang)}

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.field or "", self.code,
                sorted((k, repr(v)) for k, v in self.params.items()))


def with_severity(problem: Problem, severity: str) -> Problem:
    p = problem
    return Problem(p.path, p.line, p.field, p.code, p.params, severity)


Loc = tuple[str | int, ...]


@dataclass
class SourceFile:
    """One content file as read from disk, before validation."""

    path: Path
    rel: str
    kind: str | None
    folder: str
    lang_suffix: str | None
    data: dict[str, Any] | None = None
    body: str = ""
    body_line: int = 1
    lines: dict[Loc, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    raw: bytes = b""

    @property
    def directory(self) -> Path:
        return self.path.parent

    @property
    def language(self) -> str | None:
        """The language the file is written in: its name's (index.en.md), else its
        ``lang`` field when that is a known language."""
        if self.lang_suffix:
            return self.lang_suffix
        lang = self.data.get("lang") if isinstance(self.data, dict) else None
        return lang if lang in LANGS else None

    def line_of(self, loc: Loc) -> int:
        """Line of ``loc``, or of its nearest written ancestor."""
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return self.lines.get((), 1)

    def problem(self, line: int | None, fld: str | None, code: str, **params: Any) -> None:
        self.problems.append(Problem(self.rel, line, fld, code, params))


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
