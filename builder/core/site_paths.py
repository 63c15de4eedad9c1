"""Where the site puts things: its sections, each document's page, the paths it makes.

Kept below every stage so that `kb check` (check/) can refuse an id or a file that
would collide with a page the site generates (site/ builds from the same names).
"""

from __future__ import annotations

LANGS = ("es", "en")
PREFIX = {"es": "", "en": "en/"}
SECTION = {
    "es": {"repair": "reparaciones", "workshop": "talleres", "browse": "explorar",
           "search": "buscar", "guide": "guia", "all": "todas", "contribute": "contribuir",
           "tell": "contar"},
    "en": {"repair": "repairs", "workshop": "workshops", "browse": "browse",
           "search": "search", "guide": "guide", "all": "all", "contribute": "contribute",
           "tell": "tell"},
}
# The browse pages of each facet of repairs: facet -> its folder in each language.
FACET_SLUG = {
    "es": {"sector": "sector", "machine_class": "tipo-de-maquina",
           "failure_mode": "modo-de-falla", "part_origin": "origen-de-piezas",
           "plant": "planta", "state": "estado", "battle": "batalla"},
    "en": {"sector": "sector", "machine_class": "machine-class",
           "failure_mode": "failure-mode", "part_origin": "part-origin",
           "plant": "plant", "state": "state", "battle": "battle"},
}
# Pages the site makes inside a kind's section, beside the documents' own folders:
# the listing of every repair (reparaciones/todas/, repairs/all/ and their pages).
LISTINGS = {"repair": ("all",), "workshop": ()}
# Folders the site makes inside a document's published folder: a workshop's guide
# (talleres/<id>/guia/index.html and guia/<id>.pdf).
GENERATED_IN_FOLDER = {"repair": (), "workshop": ("guide",)}


# Every page's source path (``.../index.md``; MkDocs writes ``.../index.html``) comes
# from the functions below, and ``in_language`` reads one back: a link is built from
# the page it goes to, never by joining words of one language with those of another.


def page_uri(kind: str, doc_id: str, lang: str) -> str:
    """A document's page: ``reparaciones/<id>/index.md``, ``en/repairs/<id>/index.md``."""
    return f"{PREFIX[lang]}{SECTION[lang][kind]}/{doc_id}/index.md"


def guide_uri(doc_id: str, lang: str) -> str:
    """The folder of a workshop's printable guide (its index.html and PDF)."""
    return f"{PREFIX[lang]}{SECTION[lang]['workshop']}/{doc_id}/{SECTION[lang]['guide']}"


def home_uri(lang: str) -> str:
    return f"{PREFIX[lang]}index.md"


def section_uri(key: str, lang: str, *rest: str) -> str:
    """A page of the site's own in a section: ``section_uri("search", "en")``."""
    return PREFIX[lang] + "/".join([SECTION[lang][key], *rest, "index.md"])


def listing_uri(lang: str, page: int = 1) -> str:
    """Page ``page`` of the listing of every repair."""
    more = (str(page),) if page > 1 else ()
    return section_uri("repair", lang, SECTION[lang]["all"], *more)


def facet_uri(facet: str, lang: str, key: str | None = None, page: int = 1) -> str:
    """The page of a facet (its values), or of one value's repairs (paginated)."""
    rest = [FACET_SLUG[lang][facet]] + ([key] if key else []) + \
        ([str(page)] if key and page > 1 else [])
    return section_uri("browse", lang, *rest)


def language_of(uri: str) -> str:
    """The language of the site's half that ``uri`` is in."""
    return next((lang for lang in LANGS if PREFIX[lang] and uri.startswith(PREFIX[lang])),
                "es")


def in_language(uri: str, lang: str) -> str | None:
    """The same page in ``lang``'s half of the site (whether it exists there or not), or
    None for a page that has no counterpart (a reference page of docs/)."""
    source = language_of(uri)
    if source == lang:
        return uri
    parts = uri[len(PREFIX[source]):].split("/")
    if parts == ["index.md"]:
        return home_uri(lang)
    key = {word: k for k, word in SECTION[source].items()}.get(parts[0])
    if key is None or len(parts) < 2:
        return None
    parts[0] = SECTION[lang][key]
    if key == "browse" and len(parts) > 2:
        facet = {slug: f for f, slug in FACET_SLUG[source].items()}.get(parts[1])
        if facet is None:
            return None
        parts[1] = FACET_SLUG[lang][facet]
    elif key == "repair" and parts[1] == SECTION[source]["all"]:
        parts[1] = SECTION[lang]["all"]
    elif key == "workshop" and len(parts) > 3 and parts[2] == SECTION[source]["guide"]:
        parts[2] = SECTION[lang]["guide"]
    return PREFIX[lang] + "/".join(parts)


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
