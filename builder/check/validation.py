"""Turn pydantic's validation errors into our problems, with lines and hints."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from builder.document import Loc, SourceFile
from schema.introspect import submodel
from schema.vocabularies import vocab

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


def validate(src: SourceFile, model: type[BaseModel], data: Any = None,
             prefix: Loc = ()) -> Any:
    """Validate ``data`` (default: the file's front matter) found at ``prefix``.

    Returns the model, or None after recording every problem on ``src``.
    """
    data = src.data if data is None and not prefix else data
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        seen: set[tuple[Loc, str]] = set()
        for err in exc.errors(include_url=False):
            found = _from_pydantic(data, model, err)
            if found is None:
                continue
            loc, code, params = found
            full = (*prefix, *loc)
            line = src.line_of(full[:-1] if code == "missing-field" else full)
            if (full, code) not in seen:
                seen.add((full, code))
                src.problem(line, dotted(full), code, **params)
        return None


def _from_pydantic(data: Any, model: type[BaseModel], err: dict) -> tuple | None:
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind in RULE_CODES:
        return None
    loc = _data_loc(data, tuple(err["loc"]), keep_last=kind == "missing")
    value = err.get("input")
    if kind == "missing":
        return loc, "missing-field", {"name": loc[-1]}
    if kind == "extra_forbidden":
        return loc, "unknown-key", _unknown_key(model, loc)
    if kind in CUSTOM_CODES:
        return loc, kind, _term_params(ctx) if kind == "unknown-term" else dict(ctx)
    if kind == "string_too_long":
        return loc, "text-too-long", {"count": len(str(value)), "limit": ctx.get("max_length")}
    if kind in ("too_long", "too_short"):
        code = "too-many-items" if kind == "too_long" else "too-few-items"
        limit = ctx.get("max_length", ctx.get("min_length"))
        return loc, code, {"count": ctx.get("actual_length"), "limit": limit}
    bounds = {"greater_than": "> {gt}", "greater_than_equal": ">= {ge}",
              "less_than": "< {lt}", "less_than_equal": "<= {le}"}
    if kind in bounds:
        shown = {k: number(v) for k, v in ctx.items()}
        return loc, "out-of-range", {"value": number(value), "bounds": bounds[kind].format(**shown)}
    if kind == "finite_number":
        return loc, "invalid-value", {"detail_es": f"{value} no es un número finito",
                                      "detail_en": f"{value} is not a finite number"}
    base = kind.split("_")[0]
    if base in EXPECTED or kind.endswith(("_type", "_parsing")):
        es, en = EXPECTED.get(base, (kind, kind))
        return loc, "wrong-type", {"expected_es": es, "expected_en": en, "value": _brief(value)}
    msg = err.get("msg", kind)
    return loc, "invalid-value", {"detail_es": msg, "detail_en": msg}


def number(value: Any) -> str:
    """1.0 -> '1', 2.5 -> '2.5'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _data_loc(data: Any, loc: Loc, keep_last: bool) -> Loc:
    """Drop pydantic's union tags from ``loc``, keeping the path through the data."""
    out: list[str | int] = []
    current = data
    for i, part in enumerate(loc):
        in_dict = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and part < len(current)
        if in_dict or in_list:
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
    local = vocab(ctx["vocab"]).local_term(ctx.get("value") or "") if ctx.get("open") else None
    shown = " o ".join(f"'{s}'" for s in sug)
    shown_en = " or ".join(f"'{s}'" for s in sug)
    return {
        "value": ctx.get("value"),
        "vocab": ctx.get("vocab"),
        "suggestions": sug,
        "suggestion_es": f"; ¿quiso decir {shown}?" if sug else "",
        "suggestion_en": f"; did you mean {shown_en}?" if sug else "",
        "local_es": f", o el término local {local}" if local else "",
        "local_en": f", or the local term {local}" if local else "",
    }


def _brief(value: Any) -> str:
    if isinstance(value, dict):
        return "{...}"
    if isinstance(value, list):
        return "[...]"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


