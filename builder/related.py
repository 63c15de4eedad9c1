"""Related documents shown on a repair's page, computed once per build.

The ranking is ``builder.search.related`` (the ids the write-up names first,
then tf-idf similarity with a bonus for the same machine class and failure
mode); this module adds the titles in the reader's language.
"""

from __future__ import annotations

from .search.related import Related
from .site_model import SiteModel

LIMIT = 5  # related repairs shown on a repair's page
WORKSHOP_LIMIT = 3  # workshops shown on a repair's page


def related_for(model: SiteModel, repair_id: str, lang: str) -> dict[str, list[dict]]:
    ranked = model.related.get(repair_id, Related([], []))
    titles = model.titles(lang)
    return {
        "repairs": [{"id": r, "title": titles["repair"][r]} for r in ranked.repairs],
        "workshops": [{"id": w, "title": titles["workshop"][w]} for w in ranked.workshops],
    }
