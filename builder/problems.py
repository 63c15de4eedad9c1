"""Problems are data: a location, a stable code, and a message and hint in es/en."""

from __future__ import annotations

import string
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CATALOGUE_FILE = Path(__file__).with_name("codes.yaml")
LANGS = ("es", "en")


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


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, params: dict[str, Any]) -> str:
    values = {k: _show(v) for k, v in params.items()}
    return string.Formatter().vformat(template, (), _Lenient(values))


def _show(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(f"'{v}'" for v in value)
    return str(value)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    field: str | None
    code: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
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
        return render(catalogue()[self.code].text[lang]["message"], self.params)

    def hint(self, lang: str = "es") -> str:
        return render(catalogue()[self.code].text[lang]["hint"], self.params)

    def as_dict(self, lang: str = "es") -> dict[str, Any]:
        data = asdict(self)
        data.pop("params")
        return data | {"message": self.message(lang), "hint": self.hint(lang)}

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.field or "", self.code)


def with_severity(problem: Problem, severity: str) -> Problem:
    p = problem
    return Problem(p.path, p.line, p.field, p.code, p.params, severity)
