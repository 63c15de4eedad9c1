"""Printable facilitator guides: a standalone HTML page per workshop, its PDF for A4 and
for Letter, and each handout as a PDF of its own at true size (1:1).

WeasyPrint reads what a guide refers to through ``LocalFetcher`` only: files
inside the workshop's own folder (and the project's own static assets), never
the network or any other file, so a handout's ``<image href="http://...">`` is
not fetched and a ``file:///etc/passwd`` image is not embedded in a published PDF.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from builder.core import cache
from builder.site.model import LANGS, Generated, SiteModel, guide_uri

STATIC = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class Paper:
    """A paper size the guides are made for."""

    key: str
    css: str  # CSS @page size
    width: float  # mm
    height: float
    name: dict[str, str]  # what a file name calls it, per language ("" for the default)


PAPERS = {
    "a4": Paper("a4", "A4", 210, 297, {"es": "", "en": ""}),
    # The materials lists say "carta o A4": Letter is the common paper in Venezuela.
    "letter": Paper("letter", "letter", 215.9, 279.4, {"es": "carta", "en": "letter"}),
}
SHEETS = {"es": "hojas", "en": "sheets"}  # the guide's folder of one PDF per handout
SHEET_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif")


def _suffix(paper: str, lang: str) -> str:
    name = PAPERS[paper].name.get(lang, PAPERS[paper].name["en"])
    return f"-{name}" if name else ""


def pdf_name(doc_id: str, paper: str = "a4", lang: str = "es") -> str:
    """The file name of a guide's PDF for ``paper`` (A4: ``<id>.pdf``)."""
    return f"{doc_id}{_suffix(paper, lang)}.pdf"


def sheet_has_pdf(path: str) -> bool:
    """Whether a handout is an image the build prints into a PDF of its own."""
    return PurePosixPath(path).suffix.lower() in SHEET_TYPES


def sheet_pdf_name(path: str, paper: str = "a4", lang: str = "es") -> str:
    """Where a handout's own PDF is, relative to the guide's folder."""
    stem = str(PurePosixPath(path).with_suffix("")).replace("/", "-")
    return f"{SHEETS.get(lang, SHEETS['en'])}/{stem}{_suffix(paper, lang)}.pdf"


def sheet_html(path: str, title: str, lang: str, paper: str) -> str:
    """A one-page document holding one handout at its own size (1:1), centred on the
    paper: an A4 sheet on Letter keeps its scale and loses only white margin."""
    size = PAPERS[paper]
    return (f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>"
            f"@page {{ size: {size.css}; margin: 0 }} html, body {{ margin: 0 }}"
            f" img {{ position: absolute; left: {size.width / 2}mm; top: {size.height / 2}mm;"
            f" transform: translate(-50%, -50%) }}"
            f'</style></head><body><img src="{escape(path)}" alt="{escape(title)}">'
            f"</body></html>")


def generate(model: SiteModel, renderer, pdf: Callable[[str, Path], bytes] | None) -> Iterator:
    for doc_id in model.ids.get("workshop", []):
        for lang in LANGS:
            if not model.has("workshop", doc_id, lang):
                continue
            base = guide_uri(doc_id, lang)
            yield Generated(f"{base}/index.html", renderer.guide(doc_id, lang))
            if pdf is not None:
                yield from _pdfs(model, renderer, pdf, doc_id, lang)


def _pdfs(model: SiteModel, renderer, pdf: Callable[[str, Path], bytes], doc_id: str,
          lang: str) -> Iterator[Generated]:
    """The guide's PDF on each paper, and each handout's own PDF on each paper."""
    doc = model.doc("workshop", doc_id, lang)
    folder, base = doc.src.directory, guide_uri(doc_id, lang)
    for paper in PAPERS:
        html = renderer.guide(doc_id, lang, for_pdf=True, paper=paper)
        yield Generated(f"{base}/{pdf_name(doc_id, paper, lang)}", pdf(html, folder))
        for handout in doc.meta.handouts:
            if sheet_has_pdf(handout.path):
                yield Generated(f"{base}/{sheet_pdf_name(handout.path, paper, lang)}",
                                pdf(sheet_html(handout.path, handout.title, lang, paper),
                                    folder))


class Refused(ValueError):
    """A guide referred to something outside its own folder (WeasyPrint skips it)."""


def allowed_file(url: str, roots: list[Path]) -> Path | None:
    """The local file ``url`` names, when it is a ``file:`` URL of a regular file inside
    one of ``roots`` once every ``..`` and symbolic link is resolved; else None."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    try:
        path = Path(unquote(parts.path, errors="strict")).resolve(strict=True)
    except (OSError, RuntimeError, UnicodeDecodeError):
        return None
    if not path.is_file():
        return None
    return path if any(path.is_relative_to(root) for root in roots) else None


def local_fetcher(folder: Path):
    """A WeasyPrint URL fetcher that serves only files of ``folder`` and the project's
    static assets, and inline ``data:`` URLs; it refuses everything else (http, https,
    ftp, other files, ``..``, symbolic links that lead out)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [folder.resolve(), STATIC]

    class LocalFetcher(URLFetcher):
        def fetch(self, url: str, headers=None):
            if url[:5].lower() == "data:":
                return super().fetch(url, headers)  # inline bytes: nothing is fetched
            path = allowed_file(url, roots)
            if path is None:
                raise Refused(f"kb: no se lee / not read: {url[:200]}")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                      {"Content-Type": kind})

    return LocalFetcher(timeout=1, allowed_protocols=["data"], allow_redirects=False)


def weasyprint_pdf(cache_dir: Path | None) -> Callable[[str, Path], bytes]:
    """A PDF maker that reuses the previous PDF when the guide's HTML did not change.

    A kept PDF is used only when its seal (size and HMAC, ``cache.read``) verifies;
    a damaged or planted one is made again."""

    def make(html: str, folder: Path) -> bytes:
        # Keyed by what the PDF is made of: the guide's HTML and the folder's files
        # (not the folder's path, so a copy of the project reuses the cache).
        digest = hashlib.sha256(html.encode())
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
        cached = None if cache_dir is None else cache_dir / f"{digest.hexdigest()[:32]}.pdf"
        if cached is not None:
            kept = cache.read(cached)
            if kept is not None:
                return kept
        from weasyprint import HTML

        data = HTML(string=html, base_url=folder.resolve().as_uri() + "/",
                    url_fetcher=local_fetcher(folder)).write_pdf()
        if cached is not None:
            cache.keep(cached, data)
        return data

    return make


__all__ = ["generate", "weasyprint_pdf", "local_fetcher", "allowed_file", "pdf_name",
           "sheet_pdf_name", "sheet_has_pdf", "sheet_html", "PAPERS", "Paper"]
