"""Every file of the site, generated from the site model (pages, guides, PDFs, assets)."""

from __future__ import annotations

import json
import math
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from builder.check import names as file_names
from builder.core import cache, parallel
from builder.core.i18n import t
from builder.core.site_paths import reserved_folders
from builder.load import images
from builder.site import browser_index as browser_search
from builder.site import form_page, guides
from builder.site.model import (
    LANGS,
    PAGE_SIZE,
    PREFIX,
    SECTION,
    Generated,
    SiteModel,
    facet_uri,
    guide_uri,
    listing_uri,
    page_uri,
    section_uri,
)
from builder.site.related import related_for
from builder.site.render import PageContext, Renderer
from schema.vocabularies import vocab

# Pages of docs/ shown under Contribuir: the field and code references, the limits, a
# plant's server guide and the open data (each bilingual in itself).
REFERENCE_PAGES = ("fields.md", "problem-codes.md", "limits.md", "servidor.md",
                   "datos-abiertos.md")


def nav(docs_dir: Path) -> list:
    def section(lang: str) -> list:
        pre, sec = PREFIX[lang], SECTION[lang]
        return [
            {t("repairs", lang): f"{pre}{sec['repair']}/index.md"},
            {t("workshops", lang): f"{pre}{sec['workshop']}/index.md"},
            {t("search", lang): f"{pre}{sec['search']}/index.md"},
            {t("contribute", lang): f"{pre}{sec['contribute']}/index.md"},
        ]

    es = section("es")
    reference = [name for name in REFERENCE_PAGES if (docs_dir / name).is_file()]
    # Every page of ours gets its title here: a page an incremental build does not read
    # would otherwise have none in the menus of the pages it does build.
    es[3] = {t("contribute", "es"): [{t("contribute", "es"): section_uri("contribute", "es")},
                                     *reference]}
    return [{t("home", "es"): "index.md"}, *es,
            {"English": [{t("home", "en"): "en/index.md"}, *section("en")]}]


def generate(model: SiteModel, renderer: Renderer, pdf: Callable[[str, Path], bytes] | None
             ) -> Iterator[Generated]:
    index = _browser_index(model)
    for lang in LANGS:
        yield from _documents(model, renderer, lang)
        yield from _browse(model, renderer, lang)
        yield from _fixed(model, renderer, lang)
    yield from _assets(model, renderer)
    yield from guides.generate(model, renderer, pdf)
    for uri, script in index():
        yield Generated(uri, script)


def _browser_index(model: SiteModel) -> Callable[[], list[tuple[str, str]]]:
    """The browser index's files, when asked for. When the related lists are to be
    computed too, the index is computed meanwhile in a child process (two cores)."""

    def make() -> list[tuple[str, str]]:
        made = list(browser_search.export(model))
        cache.save("browser")  # each document's reading
        return made

    if model.is_kept("browser-index") or model.is_kept("related"):
        return lambda: model.kept("browser-index", make)
    wait = parallel.started(make)
    return lambda: model.kept("browser-index", wait)


def _documents(model: SiteModel, renderer: Renderer, lang: str) -> Iterator[Generated]:
    bibliography = renderer.bibliography_key
    for kind, ids in model.ids.items():
        for doc_id in ids:
            if not model.has(kind, doc_id, lang):
                continue
            uri = page_uri(kind, doc_id, lang)
            if kind != "repair":  # a workshop names every workshop: rendered each time
                yield Generated(uri, renderer.document(kind, doc_id, lang))
                continue
            related = related_for(model, doc_id, lang)
            links = tuple((r["id"], r["title"], model.uri(k, r["id"], lang))
                          for k, group in (("repair", "repairs"), ("workshop", "workshops"))
                          for r in related[group])
            key = cache.digest("repair", doc_id, lang, model.versions(kind, doc_id), links,
                               bibliography)
            yield Generated(uri, key=key, make=lambda i=doc_id, r=related:
                            renderer.document("repair", i, lang, r))


def _paginate(entries: list, ctx_uri: Callable[[int], str]
              ) -> Iterator[tuple[int, int, list, str]]:
    pages = max(1, math.ceil(len(entries) / PAGE_SIZE))
    for n in range(1, pages + 1):
        yield n, pages, entries[(n - 1) * PAGE_SIZE : n * PAGE_SIZE], ctx_uri(n)


def _browse(model: SiteModel, renderer: Renderer, lang: str) -> Iterator[Generated]:
    title = t("repairs", lang)
    hub = section_uri("repair", lang)
    yield Generated(hub, renderer.render("browse.md.j2", hub, lang, title, facets=model.facets,
                                         all_slug=SECTION[lang]["all"],
                                         count=len(model.ids.get("repair", []))))
    entries = model.entries("repair", lang)
    yield from _listing(renderer, lang, t("all_repairs", lang), entries,
                        lambda n: listing_uri(lang, n))
    by_id = {e.id: e for e in entries}
    for facet, values in model.facets.items():
        here = facet_uri(facet, lang)
        facet_title = t("facet_" + facet, lang)
        yield Generated(here, renderer.render("facet.md.j2", here, lang, facet_title,
                                              facet=facet, values=list(values.values())))
        for value in values.values():
            chosen = [by_id[i] for i in value.ids]  # value.ids are in the order of entries
            yield from _listing(renderer, lang, f"{facet_title}: {value.label[lang]}", chosen,
                                lambda n, f=facet, k=value.key: facet_uri(f, lang, k, n))


def _listing(renderer: Renderer, lang: str, title: str, entries: list,
             uri: Callable[[int], str]) -> Iterator[Generated]:
    """A paginated list of documents; ``uri(n)`` is the path of its page ``n``."""
    model = renderer.model
    for n, pages, chunk, here in _paginate(entries, uri):
        ctx = PageContext(model, lang, here)
        shown = tuple((e.kind, e.id, e.doc.lang, model.digest(e.doc)) for e in chunk)
        yield Generated(here, key=cache.digest("list", here, title, n, pages, shown),
                        make=lambda p=here, c=chunk, n=n, pages=pages, ctx=ctx:
                        renderer.listing(p, lang, title, c, n, pages,
                                         lambda k, c=ctx: c.rel(uri(k))))


def _fixed(model: SiteModel, renderer: Renderer, lang: str) -> Iterator[Generated]:
    pre, sec = PREFIX[lang], SECTION[lang]
    counts = {k: len(model.ids.get(k, [])) for k in ("repair", "workshop")}
    home = f"{pre}index.md"
    yield Generated(home, renderer.render("home.md.j2", home, lang, t("site_name", lang),
                                          trusted=True, counts=counts))
    programme = f"{pre}{sec['workshop']}/index.md"
    workshops = {w: model.doc("workshop", w, lang) for w in model.ids.get("workshop", [])}
    here = PageContext(model, lang, programme)  # the planner links each guide
    yield Generated(programme, renderer.render(
        "programme.md.j2", programme, lang, t("programme", lang), programme=model.programme,
        workshops=workshops, titles=model.titles(lang),
        guides={w: here.rel(f"{guide_uri(w, lang)}/index.md") for w in workshops}))
    search = f"{pre}{sec['search']}/index.md"
    ctx = PageContext(renderer.model, lang, search)
    text = {"found": t("search_found", lang), "error": t("search_error", lang),
            "repair": t("repair", lang), "workshop": t("workshop", lang),
            "example": ctx.label("doc_status", "example")}
    yield Generated(search, renderer.render(
        "search.md.j2", search, lang, t("search", lang), trusted=True,
        root=ctx.rel("index.md").removesuffix("index.html"),
        ui_text=json.dumps(text, ensure_ascii=False),
        filters=[("sector", "sector"), ("machine_class", "machine_class"),
                 ("failure_mode", "failure_mode")],
        vocab_keys={v: list(vocab(v).terms) for v in ("sector", "machine_class",
                                                       "failure_mode")}))
    contribute = f"{pre}{sec['contribute']}/index.md"
    yield Generated(contribute, renderer.render("contribute.md.j2", contribute, lang,
                                                t("contribute", lang),
                                                reference=renderer.reference))
    yield from form_page.generate(renderer, lang)  # "Contar una reparación" (builder/site/form/)


def _assets(model: SiteModel, renderer: Renderer) -> Iterator[Generated]:
    """Each document's files, published once beside its original-language page.

    Photos go through ``images.published``: the bytes of a reduced copy (cached
    by content hash in .cache/kb/img) replace a heavy original; SVG drawings are
    sanitised; PDF and small files are copied as they are. What `kb check` refuses
    is never published, even if a build runs anyway: a file whose bytes are not
    what its name says, a name that is unsafe or cannot go on a USB stick, a file
    where the site writes its own (a workshop's guide), a link out of the folder.
    """
    photos = cache.folder(Path(renderer.content_dir).parent, loose=True) / "img"
    found = list(_asset_files(model, renderer))
    # Reducing photos is the slow part: the second half is done in a child process (two
    # cores); each file is published the same way in either process.
    half = len(found) // 2

    def rest() -> list[Path | bytes | None]:
        return [images.published(p, photos) for _, p in found[half:]]

    second = parallel.started(rest) if half else rest
    copies = [images.published(p, photos) for _, p in found[:half]]
    copies += second()
    for (uri, _), copy in zip(found, copies, strict=True):
        if isinstance(copy, bytes):
            yield Generated(uri, content=copy)
        elif copy is not None:
            yield Generated(uri, source=copy)


def _asset_files(model: SiteModel, renderer: Renderer) -> Iterator[tuple[str, Path]]:
    """(site path, file) of every file of a document's folder the site may publish."""
    for kind, ids in model.ids.items():
        for doc_id in ids:
            folder = model.doc(kind, doc_id, "es").src.directory
            target = renderer.asset_dir(kind, doc_id)
            reserved = {file_names.same_file_key(r) for r in reserved_folders(kind)}
            inside = folder.resolve()
            for path in sorted(folder.rglob("*")):
                if not images.is_published(path):  # by its name: the cheapest test first
                    continue
                rel = path.relative_to(folder).as_posix()
                if _publishable(rel, reserved) and _inside(path, rel, inside):
                    yield f"{target}/{rel}", path


def _inside(path: Path, rel: str, inside: Path) -> bool:
    """Whether ``path`` is a file whose real place is in the document's folder
    (``inside``, resolved). A plain file of the folder itself is, with nothing to
    resolve (at 10,000 write-ups, resolving every file cost a second)."""
    try:
        plain = stat.S_ISREG(path.lstat().st_mode) and "/" not in rel
    except OSError:
        return False
    return plain or (path.is_file() and path.resolve().is_relative_to(inside))


def _publishable(rel: str, reserved: set[str]) -> bool:
    """A path inside a document's folder that the site may publish under its own name."""
    parts = rel.split("/")
    if file_names.same_file_key(parts[0]) in reserved:
        return False
    return all(file_names.unsafe_reason(p) is None and file_names.portability_reason(p) is None
               for p in parts)


__all__ = ["Generated", "generate", "nav", "guide_uri"]
