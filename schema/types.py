"""Constrained scalar types shared by the models.

Each type raises a ``PydanticCustomError`` whose ``type`` is one of our stable
problem codes, so the checker can report it without guessing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from .codes_data import COUNTRIES, SPDX_IDS
from .vocabularies import LOCAL_TERM, vocab

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
PLACEHOLDER = re.compile(r"\[\[TODO[^\]]*\]\]")


def doc(es: str, en: str, **kwargs: Any) -> Any:
    """A ``Field`` documented in Spanish and English (both shown by editors)."""
    extra = kwargs.pop("json_schema_extra", {}) | {"x-doc": {"es": es, "en": en}}
    return Field(description=f"{es}\n\n{en}", json_schema_extra=extra, **kwargs)


def _slug(value: str) -> str:
    if not SLUG.match(value) or len(value) > 80:
        raise PydanticCustomError("invalid-slug", "'{value}' is not a valid id", {"value": value})
    return value


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        match = DATE.match(value.strip())
        if match:
            if match.group(3):
                try:
                    dt.date.fromisoformat(value.strip())
                except ValueError:
                    match = None
            if match:
                return value.strip()
    raise PydanticCustomError("invalid-date", "'{value}' is not a date", {"value": str(value)})


def _country(value: str) -> str:
    if value not in COUNTRIES:
        raise PydanticCustomError(
            "invalid-country", "'{value}' is not an ISO 3166 country code", {"value": value}
        )
    return value


def _license(value: str) -> str:
    if value not in SPDX_IDS and not re.match(r"^LicenseRef-[A-Za-z0-9.-]+$", value):
        raise PydanticCustomError(
            "invalid-license", "'{value}' is not a known SPDX licence id", {"value": value}
        )
    return value


URL = re.compile(r"^(https?://[^\s/$.?#][^\s]*|mailto:[^\s@]+@[^\s@]+)$")


def _url(value: str) -> str:
    if not URL.match(value):
        raise PydanticCustomError("invalid-url", "'{value}' is not a web address", {"value": value})
    return value


def _numbers_as_text(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty-value", "the value is empty", {})
    return value


MAX_TEXT = 5000  # characters in one front-matter string (the body has no such limit)
NOT_BLANK = r"\S"  # what _not_blank asks, for the JSON Schema
Text = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_not_blank),
                 WithJsonSchema({"type": "string", "maxLength": MAX_TEXT, "pattern": NOT_BLANK})]
# A number written without quotes (a year in `tags`) is read as its text, by kb check and
# by an editor's JSON Schema alike.
Name = Annotated[str, BeforeValidator(_numbers_as_text), Field(max_length=300),
                 AfterValidator(_not_blank),
                 WithJsonSchema({"type": ["string", "number"], "maxLength": 300,
                                 "pattern": NOT_BLANK})]
Slug = Annotated[
    str, AfterValidator(_slug), WithJsonSchema({"type": "string", "pattern": SLUG.pattern})
]
PartialDate = Annotated[
    str,
    BeforeValidator(_date),
    # a year (written with or without quotes), a year and month, or a real calendar date
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1000, "maximum": 9999},
                              {"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2]))?$"},
                              {"type": "string", "format": "date"}]}),
]
Country = Annotated[str, AfterValidator(_country), WithJsonSchema({"enum": sorted(COUNTRIES)})]
License = Annotated[
    str,
    AfterValidator(_license),
    WithJsonSchema({"anyOf": [{"enum": sorted(SPDX_IDS)}, {"pattern": "^LicenseRef-"}]}),
]
Url = Annotated[str, AfterValidator(_url),
                WithJsonSchema({"type": "string", "format": "uri", "pattern": URL.pattern})]


@dataclass(frozen=True)
class VocabRef:
    """Marks a field whose value is a term of the named vocabulary."""

    name: str


def Term(name: str) -> Any:  # noqa: N802 - reads like a type
    voc = vocab(name)

    def check(value: str) -> str:
        if voc.accepts(value):
            return value
        raise PydanticCustomError(
            "unknown-term",
            "'{value}' is not a known term of '{vocab}'",
            {"value": value, "vocab": name, "suggestions": voc.suggest(value), "open": voc.open},
        )

    schema: dict[str, Any] = {"enum": list(voc.terms)}
    if voc.open:
        schema = {"anyOf": [schema, {"type": "string", "pattern": LOCAL_TERM.pattern}]}
    return Annotated[str, AfterValidator(check), WithJsonSchema(schema), VocabRef(name)]
