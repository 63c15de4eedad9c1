"""Related documents shown on a repair's page, computed at build time.

Repairs: the ones the write-up names in `related`, then the most similar by
machine class, failure mode, sector and shared words of title and summary.
Workshops: the ones it names in `workshops`, then those whose `related_repairs`
name it.
"""

from __future__ import annotations

import re
from functools import cache

from schema.vocabularies import fold

from .site_model import SiteModel

LIMIT = 5
WORD = re.compile(r"[a-zñ0-9]{4,}")


@cache
def _words(text: str) -> frozenset[str]:
    return frozenset(WORD.findall(fold(text)))


def _score(a, b) -> float:
    score = 0.0
    if a.equipment.class_ == b.equipment.class_ and a.equipment.class_ != "unspecified":
        score += 3
    if a.failure.mode == b.failure.mode and a.failure.mode != "unknown":
        score += 2
    if a.plant.sector == b.plant.sector:
        score += 1
    if a.plant.name == b.plant.name:
        score += 1
    wa, wb = _words(f"{a.title} {a.summary}"), _words(f"{b.title} {b.summary}")
    if wa and wb:
        score += 2 * len(wa & wb) / len(wa | wb)
    return score


def related_for(model: SiteModel, repair_id: str, lang: str) -> dict[str, list[dict]]:
    me = model.doc("repair", repair_id, "es").meta
    named = [r for r in me.related if r in model.ids.get("repair", [])]
    scored = sorted(
        ((_score(me, model.doc("repair", other, "es").meta), other)
         for other in model.ids.get("repair", []) if other != repair_id and other not in named),
        key=lambda pair: (-pair[0], pair[1]),
    )
    repairs = named + [other for score, other in scored if score >= 2][: max(0, LIMIT - len(named))]
    workshops = list(me.workshops)
    for w in model.ids.get("workshop", []):
        if w not in workshops and repair_id in model.doc("workshop", w, "es").meta.related_repairs:
            workshops.append(w)
    titles = model.titles(lang)
    return {
        "repairs": [{"id": r, "title": titles["repair"][r]} for r in repairs],
        "workshops": [{"id": w, "title": titles["workshop"][w]} for w in workshops],
    }
