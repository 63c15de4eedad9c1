"""Reporters: the same list of problems as text, JSON, GitHub annotations or the
reviewer's checklist, each found by its name in ``REPORTERS``."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from builder.check.names import printable
from builder.document import Problem, SourceFile
from builder.report import review


@dataclass(frozen=True)
class Scope:
    """What a report covers besides its problems: how many files were checked, and the
    files themselves (read only by the reporters that need them)."""

    files: int = 0
    sources: Callable[[], list[SourceFile]] = field(default=list)
    lang_of: Callable[[str], str] = field(default=lambda path: "es")

    def language(self, problem: Problem, lang: str | None) -> str:
        """``lang`` when the reader chose one, else the language of the problem's file."""
        return lang or self.lang_of(problem.path)

SUMMARY = {
    "es": "{errors} error(es), {suggestions} sugerencia(s) en {files} archivo(s) revisado(s)",
    "en": "{errors} error(s), {suggestions} suggestion(s) in {files} file(s) checked",
}
SEVERITY = {"es": {"error": "error", "suggestion": "sugerencia"},
            "en": {"error": "error", "suggestion": "suggestion"}}


def text(problems: Iterable[Problem], lang: str | None, scope: Scope = Scope()) -> str:
    """Like a compiler: location, message and code, then the hint; each in ``lang``, or
    in its file's language when ``lang`` is None."""
    problems = list(problems)
    lines = []
    for p in problems:
        told = scope.language(p, lang)
        where = printable(p.path) + (f":{p.line}" if p.line else "")
        fld = f" {printable(p.field)}:" if p.field else ""
        sev = "" if p.is_error else f" ({SEVERITY[told]['suggestion']})"
        lines.append(f"{where}:{fld} {printable(p.message(told))} [{p.code}]{sev}")
        lines.append(f"    -> {printable(p.hint(told))}")
    errors = sum(p.is_error for p in problems)
    for told in _summary_languages(problems, lang, scope):
        lines.append(SUMMARY[told].format(errors=errors, suggestions=len(problems) - errors,
                                          files=scope.files))
    return "\n".join(lines)


def _summary_languages(problems: list[Problem], lang: str | None, scope: Scope) -> list[str]:
    if lang:
        return [lang]
    told = {scope.language(p, None) for p in problems} or {"es"}
    return [x for x in ("es", "en") if x in told]


def as_json(problems: Iterable[Problem], lang: str, scope: Scope = Scope()) -> str:
    return json.dumps([p.as_dict(scope.language(p, lang)) for p in problems],
                      ensure_ascii=False, indent=2)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: Iterable[Problem], lang: str, scope: Scope = Scope()) -> str:
    """GitHub workflow commands: each problem becomes an annotation on its line."""
    out = []
    for p in problems:
        level = "error" if p.is_error else "notice"
        props = [f"file={_escape_property(p.path)}"]
        if p.line:
            props.append(f"line={p.line}")
        props.append(f"title={_escape_property(p.code + (' ' + p.field if p.field else ''))}")
        told = scope.language(p, lang)
        text = _escape_data(f"{p.message(told)} -- {p.hint(told)}")
        out.append(f"::{level} {','.join(props)}::{text}")
    return "\n".join(out)


def checklist(problems: Iterable[Problem], lang: str, scope: Scope = Scope()) -> str:
    """What a reviewer must still confirm by hand, for every file in the scope."""
    return review.render(scope.sources(), problems, lang)


REPORTERS: dict[str, Callable[[Iterable[Problem], str, Scope], str]] = {
    "text": text, "json": as_json, "github": github, "review": checklist}
