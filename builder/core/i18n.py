"""Bilingual text: one catalogue of what users read (``schema/interface.yaml``, every
key with its Spanish and English) and one way to fill it in, ``t(key, lang)``.

Problem messages have their own catalogue (``builder/codes.yaml``) filled the same way.
"""

from __future__ import annotations

import string
from typing import Any

from schema.vocabularies import interface

LANGS = ("es", "en")


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, params: dict[str, Any]) -> str:
    """``template`` with its ``{placeholders}`` filled; a list shows as 'a', 'b'; a
    placeholder without a value stays as it is."""
    values = {k: _show(v) for k, v in params.items()}
    return string.Formatter().vformat(template, (), _Lenient(values))


def _show(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(f"'{v}'" for v in value)
    return str(value)


def t(key: str, lang: str, /, **params: Any) -> str:
    """The interface text ``key`` in ``lang``, with ``params`` filled in."""
    text = interface()[key][lang]
    return fill(text, params) if params else text
