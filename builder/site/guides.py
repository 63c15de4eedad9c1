"""Printable facilitator guides: a standalone HTML page and a PDF per workshop."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

from builder.site.model import LANGS, Generated, SiteModel, guide_uri

CACHE = Path(".cache") / "kb" / "pdf"


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


def weasyprint_pdf(cache_dir: Path) -> Callable[[str, Path], bytes]:
    """A PDF maker that reuses the previous PDF when the guide's HTML did not change."""

    def make(html: str, folder: Path) -> bytes:
        # Keyed by what the PDF is made of: the guide's HTML and the folder's files
        # (not the folder's path, so a copy of the project reuses the cache).
        digest = hashlib.sha256(html.encode())
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
        key = digest.hexdigest()[:32]
        cached = cache_dir / f"{key}.pdf"
        if cached.is_file():
            return cached.read_bytes()
        from weasyprint import HTML

        data = HTML(string=html, base_url=str(folder) + "/").write_pdf()
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(cached)
        return data

    return make
