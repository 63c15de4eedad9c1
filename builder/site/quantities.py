"""A workshop's numbers for a group size and a start time: groups, material totals and
the agenda's clock times.

The workshop page and the printable guide show these for the plan's largest group and
08:00; ``static/facilitator.js`` recomputes them in the browser for the size and time a
facilitator chooses, with the same rules (tests/test_guides.py runs both and compares):

- groups: people / the plan's ``group_size`` (5 when missing), counted up;
- a material's total: quantity x people (per person), x groups (per group) or x 1 (per
  workshop), rounded up to a multiple of its ``round_to`` (1: whole units), and never
  below its ``at_least``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

DEFAULT_GROUP = 5
DEFAULT_START = 8 * 60  # 08:00, in minutes after midnight
EPSILON = 1e-9  # 0.1 x 3 is 0.30000000000000004: not a reason to round up to 0.4


@dataclass(frozen=True)
class Plan:
    """The numbers of one workshop for ``size`` people starting at ``start``."""

    size: int
    group: int  # people per group
    groups: int
    totals: list[tuple[Any, str]]  # (material, its total as shown)
    times: list[int]  # each activity's start, minutes after midnight
    start: int


def groups(size: int, group: int) -> int:
    """How many groups ``size`` people make in groups of ``group``: counted up."""
    return max(1, math.ceil(size / group))


def total(quantity: float, per: str, size: int, n_groups: int,
          round_to: float | None = None, at_least: float | None = None) -> float:
    """The total of one material (see the module's rules)."""
    factor = {"person": size, "group": n_groups, "workshop": 1}[per]
    step = round_to or 1
    value = math.ceil(quantity * factor / step - EPSILON) * step
    if at_least is not None:
        value = max(value, at_least)
    return round(value, 3)


def shown(value: float) -> str:
    """A total as the page shows it (and as facilitator.js writes it): 3, 2.5."""
    return str(int(value)) if float(value).is_integer() else str(value)


def plan(meta, size: int | None = None, start: int = DEFAULT_START) -> Plan:
    """The numbers of the workshop ``meta`` for ``size`` people (the plan's maximum
    when None) starting ``start`` minutes after midnight."""
    size = size or meta.participants.max
    group = meta.participants.group_size or DEFAULT_GROUP
    n = groups(size, group)
    totals = [(m, shown(total(m.quantity, m.per, size, n, m.round_to, m.at_least)))
              for m in meta.materials]
    times, clock = [], start
    for activity in meta.activities:
        times.append(clock)
        clock += activity.minutes
    return Plan(size, group, n, totals, times, start)


__all__ = ["Plan", "plan", "groups", "total", "shown", "DEFAULT_START"]
