"""Write front matter in the house style, so an imported document reads like the others.

Keys follow the order of the fields in ``schema/models.py`` (id, title, lang,
summary, status ... related), nested mappings too; keys the model does not know
keep their place after the known ones, so ``kb check`` can still point at them.
Plain scalars where YAML reads them back unchanged, double quotes otherwise,
dates quoted, a long summary folded (``>-``), short lists of words in flow style.
The text is always read back and compared with the data: if the house style
would change a value, a plain ``yaml.safe_dump`` of the same ordered data is used.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from typing import Any

import yaml
from pydantic import BaseModel

from schema.introspect import _fields, _unwrap

WIDTH = 100
FOLDED = {"summary", "why", "note"}  # long texts folded; others stay on one line
FLOW = {"tags"}  # lists of words written [a, b, c]
QUOTED = {"title", "symptoms", "causes", "safety", "note"}  # sentences: quoted, like the templates


def front_matter(data: dict[str, Any], model: type[BaseModel]) -> str:
    """The YAML text (without the ``---`` fences) of ``data``, in the house style."""
    ordered = _order(_plain(data), model)
    text = "\n".join(_mapping(ordered, model, "")) + "\n"
    try:
        same = yaml.safe_load(text) == ordered
    except yaml.YAMLError:
        same = False
    if same:
        return text
    return yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=WIDTH)


def _plain(value: Any) -> Any:
    """Dates as the strings the house writes ("2016-02-01")."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _sub(model: type[BaseModel] | None, key: str) -> type[BaseModel] | None:
    if model is None:
        return None
    annotation = dict(_fields(model)).get(key)
    core = _unwrap(annotation)[0] if annotation is not None else None
    return core if isinstance(core, type) and issubclass(core, BaseModel) else None


def _order(data: Any, model: type[BaseModel] | None) -> Any:
    if isinstance(data, list):
        return [_order(v, model) for v in data]
    if not isinstance(data, dict):
        return data
    known = [alias for alias, _ in _fields(model)] if model is not None else []
    keys = [k for k in known if k in data] + [k for k in data if k not in known]
    return {k: _order(data[k], _sub(model, k)) for k in keys}


def _mapping(data: dict[str, Any], model: type[BaseModel] | None, indent: str) -> list[str]:
    lines: list[str] = []
    for key, value in data.items():
        lines += _entry(key, value, _sub(model, key), indent)
    return lines


def _entry(key: str, value: Any, model: type[BaseModel] | None, indent: str) -> list[str]:
    head = f"{indent}{_scalar(key)}:"
    if isinstance(value, dict):
        return [head, *_mapping(value, model, indent + "  ")] if value else [f"{head} {{}}"]
    if isinstance(value, list):
        return _sequence(head, key, value, model, indent)
    if isinstance(value, str) and key in FOLDED:
        folded = _folded(value, indent + "  ")
        if folded:
            return [f"{head} >-", *folded]
    return [f"{head} {_scalar(value, key in QUOTED)}"]


def _sequence(head: str, key: str, items: list[Any], model: type[BaseModel] | None,
              indent: str) -> list[str]:
    if not items:
        return [f"{head} []"]
    scalars = [_scalar(v) for v in items if not isinstance(v, dict | list)]
    if key in FLOW and len(scalars) == len(items) and all(
            _is_plain(f"[{s}]") and "," not in s for s in scalars):
        return [f"{head} [{', '.join(scalars)}]"]
    lines = [head]
    for item in items:
        if isinstance(item, dict) and item:
            inner = _mapping(item, model, indent + "    ")
            lines += [f"{indent}  - {inner[0].lstrip()}", *inner[1:]]
        elif isinstance(item, list):
            lines.append(f"{indent}  - {json.dumps(item, ensure_ascii=False)}")
        else:
            lines.append(f"{indent}  - {_scalar(item, key in QUOTED)}")
    return lines


def _is_plain(text: str) -> bool:
    try:
        return yaml.safe_load(f"k: {text}") in ({"k": text}, {"k": [text[1:-1]]})
    except yaml.YAMLError:
        return False


def _scalar(value: Any, quoted: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    plain = (not quoted and text and text == text.strip() and "\n" not in text and "\t" not in text
             and not text.startswith(("'", '"', "[", "{", "!", "&", "*", "|", ">", "%", "@", "`"))
             and _is_plain(text))
    # a JSON string is a valid YAML double-quoted scalar
    return text if plain else json.dumps(text, ensure_ascii=False)


def _folded(text: str, indent: str) -> list[str] | None:
    """A long one-line text as the lines of a ``>-`` block, or None when it must be quoted."""
    if len(text) + len(indent) <= WIDTH or "\n" in text or "  " in text or text != text.strip():
        return None
    wrapped = textwrap.wrap(text, WIDTH - len(indent), break_long_words=False,
                            break_on_hyphens=False)
    return [indent + line for line in wrapped]
