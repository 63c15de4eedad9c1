"""Where the site puts things: its sections, each document's page, the paths it makes.

Kept below every stage so that `kb check` (check/) can refuse an id or a file that
would collide with a page the site generates (site/ builds from the same names).
"""

from __future__ import annotations

LANGS = ("es", "en")
PREFIX = {"es": "", "en": "en/"}
SECTION = {
    "es": {"repair": "reparaciones", "workshop": "talleres", "browse": "explorar",
           "search": "buscar", "guide": "guia", "all": "todas", "contribute": "contribuir"},
    "en": {"repair": "repairs", "workshop": "workshops", "browse": "browse",
           "search": "search", "guide": "guide", "all": "all", "contribute": "contribute"},
}
# Pages the site makes inside a kind's section, beside the documents' own folders:
# the listing of every repair (reparaciones/todas/, repairs/all/ and their pages).
LISTINGS = {"repair": ("all",), "workshop": ()}
# Folders the site makes inside a document's published folder: a workshop's guide
# (talleres/<id>/guia/index.html and guia/<id>.pdf).
GENERATED_IN_FOLDER = {"repair": (), "workshop": ("guide",)}


def page_uri(kind: str, doc_id: str, lang: str) -> str:
    return f"{PREFIX[lang]}{SECTION[lang][kind]}/{doc_id}/index.md"


def guide_uri(doc_id: str, lang: str) -> str:
    return f"{PREFIX[lang]}{SECTION[lang]['workshop']}/{doc_id}/{SECTION[lang]['guide']}"


def reserved_ids(kind: str) -> set[str]:
    """Ids a document of ``kind`` cannot take: the site's own pages sit at those paths."""
    return {SECTION[lang][key] for key in LISTINGS.get(kind, ()) for lang in LANGS}


def reserved_page(kind: str, doc_id: str) -> str | None:
    """The site's own page (a folder of the site) where a ``kind`` with ``doc_id`` would
    go, or None when the id is free."""
    for lang in LANGS:
        if any(SECTION[lang][key] == doc_id for key in LISTINGS.get(kind, ())):
            return f"{PREFIX[lang]}{SECTION[lang][kind]}/{doc_id}/"
    return None


def reserved_folders(kind: str) -> set[str]:
    """Top folders of a document's folder that the site fills itself (in any language:
    files are published beside the original, whichever language it is in)."""
    return {SECTION[lang][key] for key in GENERATED_IN_FOLDER.get(kind, ()) for lang in LANGS}
