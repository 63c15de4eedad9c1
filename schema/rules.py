"""Rules across the fields of one document.

They run on the raw front matter and tolerate wrong types (a wrong type is
reported by the model), so the checker reports them next to field errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic_core import PydanticCustomError

from .types import _date


@dataclass(frozen=True)
class Violation:
    loc: tuple[str | int, ...]
    code: str
    ctx: dict[str, Any] = field(default_factory=dict)


def _num(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _date_key(value: Any) -> tuple[int, ...] | None:
    try:
        return tuple(int(p) for p in _date(value).split("-"))
    except (PydanticCustomError, ValueError):
        return None  # an invalid date is reported by the model


def _date_order(data: dict) -> Iterator[Violation]:
    start, end = _date_key(data.get("date_started")), _date_key(data.get("date_finished"))
    if start and end and data.get("date_started") and data.get("date_finished"):
        n = min(len(start), len(end))
        if end[:n] < start[:n]:
            yield Violation(
                ("date_finished",),
                "date-order",
                {"started": str(data["date_started"]), "finished": str(data["date_finished"])},
            )


def _status_needs(data: dict) -> Iterator[Violation]:
    if data.get("status") == "documented" and not data.get("sources"):
        yield Violation(("sources",), "missing-sources")
    if data.get("status") == "first-hand" and not data.get("authors"):
        yield Violation(("authors",), "missing-authors")


def _minutes(data: dict) -> Iterator[Violation]:
    total, activities = data.get("duration_minutes"), data.get("activities")
    if not _num(total) or not isinstance(activities, list):
        return
    minutes = [a.get("minutes") for a in activities if isinstance(a, dict)]
    if all(_num(m) for m in minutes) and sum(minutes) != total:
        yield Violation(
            ("duration_minutes",), "minutes-mismatch", {"total": total, "sum": sum(minutes)}
        )


def _participants(data: dict) -> Iterator[Violation]:
    p = data.get("participants")
    if isinstance(p, dict) and _num(p.get("min")) and _num(p.get("max")) and p["min"] > p["max"]:
        yield Violation(("participants", "max"), "min-above-max",
                        {"min": p["min"], "max": p["max"]})


RULES = {
    "repair": (_date_order, _status_needs),
    "workshop": (_status_needs, _minutes, _participants),
}


def violations(kind: str, data: dict) -> list[Violation]:
    """Every cross-field rule the document breaks."""
    return [v for rule in RULES[kind] for v in rule(data)]


def first_violation(kind: str, data: dict) -> None:
    """Raise the first violation as a pydantic error (used by the models)."""
    for v in violations(kind, data):
        raise PydanticCustomError(v.code, "{code} at {loc}", {"loc": list(v.loc), **v.ctx})
