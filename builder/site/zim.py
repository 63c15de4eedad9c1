"""The built site as one ZIM file, for Kiwix (Android, desktops, hotspot boards).

Every file of ``site/`` becomes an entry at its own path, so the site's relative
links, its search (plain ``<script>`` files, no fetch) and its SVG and PDF work
unchanged in a reader. What readers and ``zimcheck`` expect is added: the
metadata (title, language, creator, publisher, date, description, a 48x48
illustration), the main page, a MIME type per entry (libzim guesses none), a
title per page (its ``<h1>``), a redirect from each folder to its ``index.html``,
and a full-text index of each page's article (not its navigation).

Kiwix's full-text index (Xapian, Spanish Snowball stemmer) does not take accents
off: with the page text alone "reparacion" finds nothing, and readers differ on
whether they fold the query. So the indexed text of a page also holds an
accent-free copy of each accented word, and both spellings match either way.

libzim is an optional extra (``pip install 'epo-kb[zim]'``); without it this module
still imports, and ``available()`` says so.
"""

from __future__ import annotations

import datetime
import html.parser
import io
import mimetypes
import os
import posixpath
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from schema.vocabularies import fold

try:  # the optional extra; the classes below still define without it
    from libzim.writer import (  # type: ignore[import-untyped]
        Compression,
        Creator,
        FileProvider,
        Hint,
        IndexData,
        Item,
        StringProvider,
    )
except ImportError:  # pragma: no cover - depends on the machine
    Creator = None
    IndexData = Item = object  # type: ignore[misc,assignment]

INSTALL = ".venv/bin/pip install libzim   (o / or: pip install 'epo-kb[zim]')"
LANGS = {None: "spa,eng", "es": "spa", "en": "eng"}  # ZIM metadata: ISO 639-3
INDEX_LANG = {None: "spa", "es": "spa", "en": "eng"}  # the stemmer of the full-text index
MIME = {
    ".html": "text/html", ".css": "text/css", ".js": "application/javascript",
    ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp", ".gif": "image/gif",
    ".ico": "image/x-icon", ".pdf": "application/pdf", ".xml": "application/xml",
    ".atom": "application/atom+xml", ".csv": "text/csv", ".txt": "text/plain",
    ".woff2": "font/woff2", ".woff": "font/woff",
    ".webmanifest": "application/manifest+json",
}
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                "application/xml", "application/atom+xml", "application/manifest+json")
# Not packed: source maps and precompressed copies are dead weight in a reader, and
# 404.html links from the server's root (/assets/...), which a reader does not have.
SKIP_SUFFIXES = (".map", ".gz")
SKIP_PATHS = ("404.html",)
# Pages that are not articles: kept out of the reader's title suggestions and index.
NOT_ARTICLES = ("buscar/index.html", "en/search/index.html")
TEXT = {
    "title": {None: "Base de conocimiento EPO", "es": "Base de conocimiento EPO",
              "en": "EPO knowledge base"},
    "description": {None: "Reparaciones y talleres de las Batallas Productivas (es, en)",
                    "es": "Reparaciones y talleres de las Batallas Productivas",
                    "en": "Repairs and workshops of the Productive Workers' Battles"},
    "long": {None: "Reparaciones documentadas de máquinas en plantas recuperadas y talleres "
                   "de autoformación de los trabajadores. En español y en inglés.",
             "es": "Reparaciones documentadas de máquinas en plantas recuperadas y talleres "
                   "de autoformación de los trabajadores.",
             "en": "Documented machine repairs in recovered plants and workers' "
                   "self-formation workshops."},
}
CREATOR = "Ejército Productivo Obrero (EPO)"
PUBLISHER = "EPO knowledge base"
HREF = re.compile(r'(\bhref=")([^"]*)(")')


def available() -> bool:
    """Whether libzim is installed (``kb zim`` says how to install it when not)."""
    return Creator is not None


@dataclass
class Packed:
    """What ``pack`` made."""

    path: Path
    entries: int  # files packed
    articles: int  # pages in the full-text index
    redirects: int
    site_bytes: int
    seconds: float

    @property
    def bytes(self) -> int:
        return self.path.stat().st_size


# -- reading the site --------------------------------------------------------------------


class PageText(html.parser.HTMLParser):
    """A page's title (its first ``<h1>``, else ``<title>``) and the text of its
    ``<article>`` (the whole ``<body>`` when it has none, as the printable guides)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.h1, self.title = "", ""
        self.article: list[str] = []
        self.body: list[str] = []
        self._in: dict[str, int] = {"title": 0, "h1": 0, "article": 0, "skip": 0, "body": 0}
        self._h1_done = False

    def handle_starttag(self, tag: str, attrs) -> None:
        key = "skip" if tag in ("script", "style") else tag
        if key in self._in and not (key == "h1" and self._h1_done):
            self._in[key] += 1

    def handle_endtag(self, tag: str) -> None:
        key = "skip" if tag in ("script", "style") else tag
        if key in self._in and self._in[key]:
            self._in[key] -= 1
            self._h1_done = self._h1_done or key == "h1"

    def handle_data(self, data: str) -> None:
        if self._in["title"]:
            self.title += data
        if self._in["h1"]:
            self.h1 += data
        if self._in["skip"]:
            return
        if self._in["article"]:
            self.article.append(data)
        if self._in["body"]:
            self.body.append(data)

    def page_title(self) -> str:
        return " ".join((self.h1 or self.title.split(" - ")[0]).split())

    def text(self) -> str:
        return " ".join(" ".join(self.article or self.body).split())


def with_folded_copies(text: str) -> str:
    """``text``, then one accent-free copy of each accented word ("reparación" ->
    "reparacion"): Xapian's Spanish stemmer strips -ación only with its accent."""
    extra = sorted({fold(w) for w in text.split() if fold(w) != w.lower()})
    return text + ("\n" + " ".join(extra) if extra else "")


def mime_type(path: str) -> str:
    suffix = posixpath.splitext(path)[1].lower()
    return MIME.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def site_files(site: Path, lang: str | None) -> list[str]:
    """The site's files to pack (paths relative to it). A one-language ZIM leaves out
    the other language's pages; files (photos, PDFs, search tables) all stay, since
    a document's files are published once, beside its original-language page."""
    found = []
    for top, dirs, names in os.walk(site):
        dirs.sort()
        for name in sorted(names):
            rel = Path(top, name).relative_to(site).as_posix()
            if name.endswith(SKIP_SUFFIXES) or rel in SKIP_PATHS:
                continue
            if rel.endswith(".html") and lang is not None and _page_lang(rel) != lang:
                continue
            found.append(rel)
    return found


def _page_lang(rel: str) -> str:
    return "en" if rel.startswith("en/") else "es"


def _without_dangling_links(page: str, html_text: str, present: set[str]) -> str:
    """``html_text`` with the links to pages not packed (the other language's, in a
    one-language ZIM) made inert: a reader would answer them "not found"."""

    def fix(match: re.Match[str]) -> str:
        link = match.group(2)
        target = link.split("#")[0].split("?")[0]
        if not target or ":" in target or target.startswith("/"):
            return match.group(0)
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
        if resolved in present or resolved.rstrip("/") in present:
            return match.group(0)
        return 'data-kb-absent="' + link + '"'

    return HREF.sub(fix, html_text)


# -- the ZIM entries -----------------------------------------------------------------------


class _PageIndex(IndexData):
    def __init__(self, title: str, content: str) -> None:
        super().__init__()
        self.title, self.content = title, content

    def has_indexdata(self) -> bool:
        return bool(self.content.strip())

    def get_title(self) -> str:
        return self.title

    def get_content(self) -> str:
        return self.content

    def get_keywords(self) -> str:
        return ""

    def get_wordcount(self) -> int:
        return len(self.content.split())

    def get_geoposition(self):
        return None


class _Entry(Item):
    """One file of the site; pages carry their title and indexed text."""

    def __init__(self, site: Path, rel: str, present: set[str] | None, folded: bool) -> None:
        super().__init__()
        self.file, self.rel, self.mime = site / rel, rel, mime_type(rel)
        self.title, self.index, self.text = "", None, None
        if self.mime != "text/html":
            return
        source = self.file.read_text(encoding="utf-8", errors="replace")
        if present is not None:  # a one-language ZIM
            fixed = _without_dangling_links(rel, source, present)
            self.text = fixed if fixed != source else None
        parser = PageText()
        parser.feed(source)
        self.title = parser.page_title()
        if rel not in NOT_ARTICLES:
            text = parser.text()
            self.index = _PageIndex(self.title, with_folded_copies(text) if folded else text)

    def get_path(self) -> str:
        return self.rel

    def get_title(self) -> str:
        return self.title

    def get_mimetype(self) -> str:
        return self.mime

    def get_contentprovider(self):
        if self.text is not None:
            return StringProvider(self.text)
        return FileProvider(str(self.file))

    def get_hints(self):
        article = self.mime == "text/html" and self.rel not in NOT_ARTICLES
        return {Hint.FRONT_ARTICLE: article, Hint.COMPRESS: self.mime.startswith(COMPRESSIBLE)}

    def get_indexdata(self):
        return self.index


def illustration(site: Path) -> bytes:
    """The 48x48 PNG readers show in their library: the site's favicon, centred."""
    canvas = Image.new("RGBA", (48, 48), (211, 47, 47, 255))  # Material's red, if no icon
    icon = site / "assets" / "images" / "favicon.png"
    if icon.is_file():
        with Image.open(icon) as img:
            img = img.convert("RGBA")
            img.thumbnail((48, 48))
            canvas = Image.new("RGBA", (48, 48), (0, 0, 0, 0))
            canvas.paste(img, ((48 - img.width) // 2, (48 - img.height) // 2))
    out = io.BytesIO()
    canvas.save(out, format="PNG")
    return out.getvalue()


def metadata(lang: str | None, date: datetime.date) -> dict[str, str]:
    """The ZIM metadata (Kiwix's required ones first; Title <= 30, Description <= 80)."""
    flavour = lang or "all"
    return {
        "Name": f"epo-kb_{lang or 'mul'}_all",
        "Title": TEXT["title"][lang],
        "Language": LANGS[lang],
        "Creator": CREATOR,
        "Publisher": PUBLISHER,
        "Date": date.isoformat(),
        "Description": TEXT["description"][lang],
        "LongDescription": TEXT["long"][lang],
        "Tags": "_category:other;_pictures:yes;_videos:no;_details:yes;_ftindex:yes",
        "Source": "epo-kb: content/ built with kb build",
        "License": "CC-BY-SA-4.0 (content); GPL-3.0-or-later (software)",
        "Flavour": flavour,
        "Scraper": "epo-kb kb zim (python-libzim)",
    }


def default_name(lang: str | None, date: datetime.date) -> str:
    """Kiwix's file naming: project_language_selection_YYYY-MM.zim."""
    return f"epo-kb_{lang or 'mul'}_all_{date:%Y-%m}.zim"


def _redirects(entries: list[_Entry]) -> Iterator[tuple[str, str, str]]:
    paths = {e.rel for e in entries}
    for entry in entries:
        if entry.rel.endswith("/index.html"):
            folder = entry.rel.removesuffix("/index.html")
            if folder not in paths:
                yield folder, entry.title, entry.rel


def pack(site: Path, out: Path, lang: str | None = None, *,
         date: datetime.date | None = None, workers: int = 2, folded: bool = True) -> Packed:
    """Write ``site`` (one language with ``lang``) as the ZIM file ``out``, replacing it
    only when complete. ``folded=False`` indexes page text alone (for comparison)."""
    if Creator is None:
        raise RuntimeError("libzim is not installed: " + INSTALL)
    start = time.monotonic()
    date = date or datetime.date.today()
    rels = site_files(site, lang) if site.is_dir() else []
    present = None
    if lang is not None:
        present = set(rels) | {r.removesuffix("/index.html") for r in rels
                               if r.endswith("/index.html")}
    entries = [_Entry(site, rel, present, folded) for rel in rels]
    redirects = list(_redirects(entries))
    main_page = "en/index.html" if lang == "en" else "index.html"
    if main_page not in rels:
        raise FileNotFoundError(2, "no built site (no main page)", str(site / main_page))
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.part")
    partial.unlink(missing_ok=True)
    try:
        with Creator(str(partial)).config_indexing(True, INDEX_LANG[lang]) \
                .config_compression(Compression.zstd).config_nbworkers(max(1, workers)) \
                .config_verbose(False) \
                as creator:
            creator.set_mainpath(main_page)
            creator.add_illustration(48, illustration(site))
            for name, value in metadata(lang, date).items():
                creator.add_metadata(name, value)
            for entry in entries:
                creator.add_item(entry)
            for path, title, target in redirects:
                creator.add_redirection(path, title, target, {Hint.FRONT_ARTICLE: False})
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return Packed(out, len(entries), sum(1 for e in entries if e.index is not None),
                  len(redirects), sum((site / r).stat().st_size for r in rels),
                  time.monotonic() - start)
