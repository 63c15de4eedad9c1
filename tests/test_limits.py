"""docs/limits.md says what the code enforces (a contract test)."""

from __future__ import annotations

import re
import typing

from annotated_types import MaxLen, MinLen
from pydantic import BaseModel

from builder.load import images
from builder.load import source as loader
from builder.site.model import PAGE_SIZE
from builder.site.related import LIMIT as RELATED
from schema.models import Repair, Workshop

from .conftest import ROOT

DOC = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")


def rows() -> dict[str, str]:
    """First cell of each table row -> the whole row."""
    out = {}
    for line in DOC.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            out[line.split("|")[1].strip()] = line
    return out


def _models(annotation) -> typing.Iterator[type[BaseModel]]:
    for arg in typing.get_args(annotation) or (annotation,):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            yield arg
        elif typing.get_args(arg):
            yield from _models(arg)


def list_limits(model: type[BaseModel], prefix: str = "") -> dict[str, tuple]:
    found = {}
    for name, info in model.model_fields.items():
        alias = info.alias or name
        low = next((m.min_length for m in info.metadata if isinstance(m, MinLen)), 0)
        high = next((m.max_length for m in info.metadata if isinstance(m, MaxLen)), None)
        if typing.get_origin(info.annotation) is list and (low or high):
            found[prefix + alias] = (low, high)
        for sub in _models(info.annotation):
            found |= list_limits(sub, f"{prefix}{alias}.")
    return found


def test_every_list_limit_is_documented():
    limits = list_limits(Repair) | list_limits(Workshop)
    assert limits, "the models have list limits"
    table = rows()
    for name, (low, high) in limits.items():
        row = table.get(f"`{name}`")
        assert row is not None, f"docs/limits.md lacks `{name}`"
        cells = [c.strip() for c in row.split("|")[1:-1]]
        assert cells[1] == str(low), (name, cells)
        assert cells[2] == (str(high) if high is not None else "-"), (name, cells)


def test_string_limits_are_documented():
    lengths: set[int] = set()
    for model in (Repair, Workshop):
        for info in _all_fields(model):
            own = [] if typing.get_origin(info.annotation) is list else [info.metadata]
            for arg in [*own, *_annotated(info.annotation)]:
                lengths |= {m.max_length for m in arg if isinstance(m, MaxLen)}
    assert lengths >= {5000, 300}
    for n in lengths:
        assert re.search(rf"\| {n} caracteres", DOC), f"a {n}-character limit is not documented"


def _all_fields(model: type[BaseModel]):
    for info in model.model_fields.values():
        yield info
        for sub in _models(info.annotation):
            yield from _all_fields(sub)


def _annotated(annotation):
    """Metadata lists of every Annotated inside ``annotation``."""
    if hasattr(annotation, "__metadata__"):
        yield annotation.__metadata__
    for arg in typing.get_args(annotation):
        yield from _annotated(arg)


def test_file_image_and_site_limits_match_the_code():
    expected = [
        f"{loader.MAX_FILE_BYTES // 1024} KiB ({loader.MAX_FILE_BYTES} bytes)",
        f"{loader.MAX_DEPTH} niveles",
        f"{images.MAX_BYTES // (1024 * 1024)} MiB ({images.MAX_BYTES} bytes)",
        f"{images.MAX_PIXELS:,} ({images.MAX_PIXELS // 1_000_000} megapíxeles".replace(",", " "),
        f"| {images.SITE_EDGE} px |",
        f"{images.KEEP_BYTES // 1024} KiB ({images.KEEP_BYTES} bytes)",
        f"| {images.JPEG_QUALITY} |",
        f"| {images.WEBP_QUALITY} |",
        f"{images.PNG_QUANTIZE_ABOVE // 1024} KiB ({images.PNG_QUANTIZE_ABOVE} bytes)",
        f"| {PAGE_SIZE} |",
        f"| {RELATED} |",
    ]
    for text in expected:
        assert text in DOC, text
