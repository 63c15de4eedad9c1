"""Walk the models' structure: where vocabulary terms and sub-models sit."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

from .types import VocabRef

Pattern = tuple[str, ...]  # field aliases, "*" for a list item


def _unwrap(annotation: Any) -> tuple[Any, VocabRef | None, bool]:
    """The core type of an annotation, its vocabulary, and whether it is a list."""
    is_list, ref = False, None
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            ref = next((m for m in args[1:] if isinstance(m, VocabRef)), ref)
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation, ref, is_list
        elif origin is list:
            is_list, annotation = True, typing.get_args(annotation)[0]
        else:
            return annotation, ref, is_list


def _fields(model: type[BaseModel]) -> Iterator[tuple[str, Any]]:
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if info.metadata:
            annotation = typing.Annotated[(annotation, *info.metadata)]
        yield info.alias or name, annotation


@cache
def term_patterns(model: type[BaseModel]) -> tuple[tuple[Pattern, str], ...]:
    """Every place in ``model`` whose value is a vocabulary term."""
    found: list[tuple[Pattern, str]] = []
    for alias, annotation in _fields(model):
        core, ref, is_list = _unwrap(annotation)
        prefix = (alias, "*") if is_list else (alias,)
        if ref is not None:
            found.append((prefix, ref.name))
        elif isinstance(core, type) and issubclass(core, BaseModel):
            found += [(prefix + sub, name) for sub, name in term_patterns(core)]
    return tuple(found)


def submodel(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class found at ``loc`` inside ``model`` (None when not a model)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        fields = dict(_fields(current))
        if part not in fields:
            return None
        current = _unwrap(fields[part])[0]
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def expand(data: Any, pattern: Pattern) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Values in ``data`` matching ``pattern`` with their concrete locations."""
    if not pattern:
        yield (), data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for i, item in enumerate(data):
                for loc, value in expand(item, rest):
                    yield (i, *loc), value
    elif isinstance(data, dict) and head in data:
        for loc, value in expand(data[head], rest):
            yield (head, *loc), value
