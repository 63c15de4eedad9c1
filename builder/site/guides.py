"""Printable facilitator guides: a standalone HTML page and a PDF per workshop.

WeasyPrint reads what a guide refers to through ``LocalFetcher`` only: files
inside the workshop's own folder (and the project's own static assets), never
the network or any other file, so a handout's ``<image href="http://...">`` is
not fetched and a ``file:///etc/passwd`` image is not embedded in a published PDF.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from builder.core import cache
from builder.site.model import LANGS, Generated, SiteModel, guide_uri

STATIC = Path(__file__).resolve().parent / "static"


def pdf_name(doc_id: str) -> str:
    return f"{doc_id}.pdf"


def generate(model: SiteModel, renderer, pdf: Callable[[str, Path], bytes] | None) -> Iterator:
    for doc_id in model.ids.get("workshop", []):
        for lang in LANGS:
            if not model.has("workshop", doc_id, lang):
                continue
            base = guide_uri(doc_id, lang)
            yield Generated(f"{base}/index.html", renderer.guide(doc_id, lang))
            if pdf is not None:
                folder = model.doc("workshop", doc_id, lang).src.directory
                html = renderer.guide(doc_id, lang, for_pdf=True)
                yield Generated(f"{base}/{pdf_name(doc_id)}", pdf(html, folder))


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


__all__ = ["generate", "weasyprint_pdf", "local_fetcher", "allowed_file", "pdf_name"]
