"""Reporters: the same list of problems as text, JSON or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Iterable

from builder.document import Problem

SUMMARY = {
    "es": "{errors} error(es), {suggestions} sugerencia(s) en {files} archivo(s) revisado(s)",
    "en": "{errors} error(s), {suggestions} suggestion(s) in {files} file(s) checked",
}
SEVERITY = {"es": {"error": "error", "suggestion": "sugerencia"},
            "en": {"error": "error", "suggestion": "suggestion"}}


def text(problems: Iterable[Problem], lang: str, files: int) -> str:
    problems = list(problems)
    lines = []
    for p in problems:
        where = p.path + (f":{p.line}" if p.line else "")
        fld = f" {p.field}:" if p.field else ""
        sev = "" if p.is_error else f" ({SEVERITY[lang]['suggestion']})"
        lines.append(f"{where}:{fld} {p.message(lang)} [{p.code}]{sev}")
        lines.append(f"    -> {p.hint(lang)}")
    errors = sum(p.is_error for p in problems)
    lines.append(SUMMARY[lang].format(errors=errors, suggestions=len(problems) - errors,
                                      files=files))
    return "\n".join(lines)


def as_json(problems: Iterable[Problem], lang: str) -> str:
    return json.dumps([p.as_dict(lang) for p in problems], ensure_ascii=False, indent=2)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: Iterable[Problem], lang: str) -> str:
    """GitHub workflow commands: each problem becomes an annotation on its line."""
    out = []
    for p in problems:
        level = "error" if p.is_error else "notice"
        props = [f"file={_escape_property(p.path)}"]
        if p.line:
            props.append(f"line={p.line}")
        props.append(f"title={_escape_property(p.code + (' ' + p.field if p.field else ''))}")
        text = _escape_data(f"{p.message(lang)} -- {p.hint(lang)}")
        out.append(f"::{level} {','.join(props)}::{text}")
    return "\n".join(out)
