"""Render pages with jinja2 templates from the site model.

Page templates produce Markdown (headings, the contributed body) with HTML
blocks for the structured parts; every front-matter string is HTML-escaped by
autoescaping, and escaped again for Markdown where it lands in a heading.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from builder.check.bibliography import load_bibliography
from builder.check.safety import sanitize
from builder.core import cache
from builder.core.i18n import t
from builder.load.markdown import rewrite_targets
from builder.site import guides, quantities
from builder.site.convert import PageSource
from builder.site.model import (
    PAGE_SIZE,
    SiteModel,
    facet_uri,
    guide_uri,
    home_uri,
    page_uri,
    section_uri,
    slugify,
)
from schema.vocabularies import vocab

# Stands for the contributed body while a page template is rendered (never in a body:
# a body is read from a text file, where NUL cannot be).
BODY_MARK = "\x00kb-body\x00"
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def md_escape(text: Any) -> Markup:
    """Escape for a Markdown heading or inline text (after HTML escaping)."""
    return Markup(MD_SPECIAL.sub(r"\\\1", str(escape(text))))


def number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def clock(minutes: int) -> str:
    return f"{(minutes // 60) % 24:02d}:{minutes % 60:02d}"


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


@dataclass
class PageContext:
    """What a template needs to know about the page being rendered."""

    model: SiteModel
    lang: str
    uri: str  # src_uri of this page, e.g. "reparaciones/x/index.md"

    def t(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    def label(self, vocabulary: str, key: str | None) -> str:
        return vocab(vocabulary).label_of(key, self.lang) if key else ""

    def rel(self, target_uri: str) -> str:
        """Relative link from this page to ``target_uri`` as a built .html path."""
        target = re.sub(r"\.md$", ".html", target_uri)
        return posixpath.relpath(target, posixpath.dirname(self.uri) or ".")

    def doc_url(self, kind: str, doc_id: str) -> str:
        return self.rel(self.model.uri(kind, doc_id, self.lang))

    def section_url(self, key: str, *rest: str) -> str:
        return self.rel(section_uri(key, self.lang, *rest))

    def facet_url(self, facet: str, key: str | None = None, page: int = 1) -> str:
        return self.rel(facet_uri(facet, self.lang, key, page))

    def facet_key(self, facet: str, doc_id: str) -> str:
        """The browse page key of a repair's (single) value of ``facet``, from the model:
        the English page of a repair links where the English facet pages are."""
        return self.model.facet_keys(facet, doc_id)[0]

    def home_url(self, lang: str | None = None) -> str:
        return self.rel(home_uri(lang or self.lang))


class Renderer:
    def __init__(self, model: SiteModel, content_dir, pdfs: bool = True,
                 reference: tuple[str, ...] = ()) -> None:
        self.model = model
        self.content_dir = content_dir
        self.pdfs = pdfs  # the site has the guides' PDFs
        self.reference = reference  # the reference pages of docs/ the site has (their uri)
        self.env = Environment(
            loader=PackageLoader("builder.site", "templates/pages"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=cache.templates(cache.folder(Path(content_dir).parent)),
        )
        self.env.filters.update(md=md_escape, number=number, clock=clock, duration=duration,
                                slug=slugify)

    @cached_property
    def bibliography(self) -> dict:
        return load_bibliography(self.content_dir)

    @cached_property
    def bibliography_key(self) -> str:
        """Hash of the bibliography (the sources a page cites come from it)."""
        return repr(sorted((k, v.model_dump() if v else None)
                           for k, v in self.bibliography.items()))

    def _page(self, template: str, uri: str, lang: str, meta: dict[str, Any],
              **values: Any) -> PageSource:
        ctx = PageContext(self.model, lang, uri)
        # Material prints page.meta values without escaping: escape contributed text here.
        meta = {"kb_lang": lang, **{k: str(escape(v)) if k in ("title", "description") else v
                                    for k, v in meta.items() if v is not None}}
        body = values.get("body")
        if body is None:
            text = self.env.get_template(template).render(p=ctx, t=ctx.t, **values)
            return PageSource(meta, text.lstrip("\n"))
        # Where the contributed text lands: the template is rendered around a mark (the
        # template sees the body itself for its tests, and prints the mark).
        values["body"] = _Marked(body)
        text = self.env.get_template(template).render(p=ctx, t=ctx.t, **values)
        at = text.find(BODY_MARK)
        if at < 0 or text.find(BODY_MARK, at + 1) >= 0:  # the mark in front matter: no parts
            values["body"] = body
            text = self.env.get_template(template).render(p=ctx, t=ctx.t, **values).lstrip("\n")
            return PageSource(meta, text, (0, len(text)))
        body = str(body)  # a plain str: Markup would escape what it is joined to
        text = text[:at] + body + text[at + len(BODY_MARK):]
        lead = len(text) - len(text.lstrip("\n"))  # MkDocs drops the leading blank lines
        return PageSource(meta, text[lead:], (max(0, at - lead), at + len(body) - lead))

    # -- documents -------------------------------------------------------------

    def document(self, kind: str, doc_id: str, lang: str,
                 related: dict | None = None) -> PageSource:
        uri = page_uri(kind, doc_id, lang)
        doc = self.model.doc(kind, doc_id, lang)
        meta = doc.meta
        values = {
            "doc": doc, "m": meta, "translated": doc.lang == lang,
            "body": Markup(self._body(doc, uri)),
            "sources": [self._source(s) for s in meta.sources],
            "related": related or {"repairs": [], "workshops": []},
            "images": [self.asset_url(kind, doc_id, lang, im.path)
                       for im in getattr(meta, "images", [])],
        }
        if kind == "workshop":
            values |= self._workshop_values(meta, lang)
            ctx = PageContext(self.model, lang, uri)
            values |= {
                "guide_url": ctx.rel(guide_uri(doc_id, lang) + "/index.md"),
                "pdf_url": ctx.rel(f"{guide_uri(doc_id, lang)}/{guides.pdf_name(doc_id)}")
                if self.pdfs else None,  # a site built without PDFs links none
                "pdf_letter_url": ctx.rel(f"{guide_uri(doc_id, lang)}/"
                                          f"{guides.pdf_name(doc_id, 'letter', lang)}"),
                "handouts": [self._handout(ctx, doc_id, lang, h) for h in meta.handouts],
                "titles": self.model.titles(lang),
            }
        page_meta = {"title": meta.title, "description": meta.summary,
                     "kb_kind": kind, "kb_id": doc_id}
        return self._page(f"{kind}.md.j2", uri, lang, page_meta, **values)

    def _handout(self, ctx: PageContext, doc_id: str, lang: str, handout) -> dict[str, Any]:
        """A handout's title, file and (when the site has PDFs) its own A4 and Letter PDFs."""
        out = {"title": handout.title, "url": self.asset_url("workshop", doc_id, lang,
                                                             handout.path), "pdf": None}
        if self.pdfs and guides.sheet_has_pdf(handout.path):
            base = guide_uri(doc_id, lang)
            out["pdf"] = ctx.rel(f"{base}/{guides.sheet_pdf_name(handout.path, 'a4', lang)}")
            out["pdf_letter"] = ctx.rel(
                f"{base}/{guides.sheet_pdf_name(handout.path, 'letter', lang)}")
        return out

    def _body(self, doc, uri: str) -> str:
        """The contributed body, with asset links pointing at the one copy of each file."""
        asset_dir, here = self.asset_dir(doc.kind, doc.id), posixpath.dirname(uri)

        def fix(target: str) -> str:
            if re.match(r"^([a-z][a-z0-9+.-]*:|#|/)", target, re.I):
                return target
            return posixpath.relpath(posixpath.join(asset_dir, target), here)

        return rewrite_targets(doc.src.body, fix)

    def asset_dir(self, kind: str, doc_id: str) -> str:
        """Where a document's files are published (beside its original-language page)."""
        original = next((d for lang in ("es", "en")
                         if (d := self.model.docs.get((kind, doc_id, lang)))
                         and not d.meta.translation_of), None)
        lang = original.lang if original else "es"
        return posixpath.dirname(page_uri(kind, doc_id, lang))

    def asset_url(self, kind: str, doc_id: str, lang: str, name: str) -> str:
        ctx = PageContext(self.model, lang, page_uri(kind, doc_id, lang))
        return ctx.rel(f"{self.asset_dir(kind, doc_id)}/{name}")

    def _source(self, source) -> dict[str, Any]:
        entry = self.bibliography.get(source.ref) if source.ref else None
        data = entry.model_dump() if entry else source.model_dump()
        data["note"] = source.note
        return data

    def _workshop_values(self, meta, lang: str) -> dict[str, Any]:
        plan = quantities.plan(meta)  # the plan's largest group at 08:00 (facilitator.js)
        return {"totals": plan.totals, "group": plan.group, "size": plan.size,
                "groups": plan.groups, "times": plan.times, "start": plan.start}

    def guide(self, doc_id: str, lang: str, for_pdf: bool = False, paper: str = "a4") -> str:
        """The printable facilitator guide: a standalone HTML page (also the PDFs' source,
        one per ``paper``: a4 or letter)."""
        doc = self.model.doc("workshop", doc_id, lang)
        uri = guide_uri(doc_id, lang) + "/index.md"
        ctx = PageContext(self.model, lang, uri)
        # The PDF is made from the content folder; the web page links the published copy.
        handouts = [{"title": h.title,
                     "url": h.path if for_pdf else
                     ctx.rel(f"{self.asset_dir('workshop', doc_id)}/{h.path}")}
                    for h in doc.meta.handouts]
        values = {"doc": doc, "m": doc.meta, "p": ctx, "t": ctx.t, "for_pdf": for_pdf,
                  "paper": guides.PAPERS[paper], "script": ctx.rel("assets/kb/facilitator.js"),
                  "handouts": handouts, "body_html": Markup(sanitize(_markdown(doc.src.body))),
                  **self._workshop_values(doc.meta, lang)}
        return self.env.get_template("guide.html.j2").render(**values)

    # -- listings --------------------------------------------------------------

    def listing(self, uri: str, lang: str, title: str, entries: list, page: int,
                pages: int, page_url, intro: str | None = None) -> PageSource:
        return self._page("list.md.j2", uri, lang, {"title": title},
                          title=title, entries=entries, page=page, pages=pages,
                          page_url=page_url, intro=intro)

    def render(self, template: str, uri: str, lang: str, title: str, trusted: bool = False,
               **values: Any) -> PageSource:
        """A page of ours; ``trusted``: it holds no contributed text (not sanitized)."""
        meta = {"title": title, "kb_trusted": True if trusted else None}
        return self._page(template, uri, lang, meta, title=title, **values)


class _Marked(str):
    """A page's body that Jinja prints as ``BODY_MARK``."""

    def __html__(self) -> str:
        return BODY_MARK


def _markdown(text: str) -> str:
    import markdown

    return markdown.markdown(text, extensions=["admonition", "attr_list", "tables"])


__all__ = ["Renderer", "PageContext", "PAGE_SIZE", "md_escape"]
