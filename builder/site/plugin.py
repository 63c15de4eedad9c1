"""The MkDocs plugin: check the content, then add every generated page in on_files.

Shaped like Material's plugins (config.py + plugin.py), registered through the
``mkdocs.plugins`` entry point as ``kb``, so `mkdocs build` and `mkdocs serve`
work directly.
"""

from __future__ import annotations

import calendar
import contextlib
import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.utils import get_relative_url, normalize_url

from builder.check.checker import Report, check
from builder.check.safety import sanitize
from builder.core import cache
from builder.core.i18n import t
from builder.report import formats as report
from builder.site import opendata, pageloop, preview
from builder.site.config import KbConfig
from builder.site.convert import Converter, KbPage
from builder.site.guides import weasyprint_pdf
from builder.site.incremental import KbFile
from builder.site.model import (
    LANGS,
    Generated,
    SiteModel,
    home_uri,
    in_language,
    language_of,
    section_uri,
)
from builder.site.pages import generate, nav
from builder.site.render import Renderer

log = logging.getLogger("mkdocs.plugins.kb")
HERE = Path(__file__).parent
THEME_DIR = HERE / "theme"
ASSETS = {"assets/kb/kb.css": HERE / "static" / "kb.css",
          "assets/kb/kb.js": HERE / "static" / "kb.js",
          "assets/kb/search.js": HERE / "static" / "search.js",
          "assets/kb/facilitator.js": HERE / "static" / "facilitator.js",  # group size, planner
          "assets/kb/facilitator.css": HERE / "static" / "facilitator.css"}


# The reference pages of docs/ that the contribute pages link to, when the project has them.
REFERENCE = ("fields.md", "problem-codes.md", "limits.md")


class KbPlugin(BasePlugin[KbConfig]):
    supports_multiple_instances = False
    # Set by builder.build for an incremental build: src uri -> fingerprint of the files
    # of the site it starts from; None: every file is new.
    previous: dict[str, str] | None = None
    # (content folder, its check) `kb build` made just before (builder.site.build); None
    # or another folder: check here.
    checked: tuple[Path, Report] | None = None

    def __init__(self) -> None:
        super().__init__()
        self.serving = False  # `kb serve --dev` (mkdocs serve): broken documents do not stop it
        self.broken: dict[str, preview.Broken] = {}
        self.manifest: dict[str, str] = {}  # this build's fingerprints (builder.incremental)
        self.outputs: set[str] = set()  # every file of the built site, relative to it
        self.rendered = 0  # our files built or copied (the rest were as before)
        self.joined = lambda: None  # waits for the process writing half of the pages

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    @event_priority(-50)  # after Material's offline plugin: undo its remote polyfill
    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        self.content = (root / self.config.content_dir).resolve()
        if not self.content.is_dir():
            raise PluginError(f"kb: no existe / does not exist: {self.content}")
        # errors stop a build; suggestions don't
        checked = self.checked
        result = checked[1] if checked and checked[0].resolve() == self.content else \
            check(self.content, similar=False)
        self.broken = preview.broken(result) if self.serving else {}
        if result.errors and not self.serving:
            text = report.text(result.errors, "es", report.Scope(result.files))
            raise PluginError(
                "kb: la construcción se detiene porque `kb check` encontró errores / "
                "the build stops because `kb check` found errors:\n" + text
            )
        if self.broken:  # the preview goes on without them, each problem on its own page
            preview.tell(self.broken, log)
        # A folder with a broken file is left out whole (a translation without its original,
        # or the other way round, is not a page the site makes).
        out = {d.src.directory for d in result.documents if d.src.rel in self.broken}
        self.model = SiteModel([d for d in result.documents if d.src.directory not in out])
        # Reproducible builds: MkDocs stamps the sitemap with the build date; take
        # it from the content instead of the clock.
        os.environ["SOURCE_DATE_EPOCH"] = str(content_epoch(result.documents))
        config.nav = nav(Path(config.docs_dir))
        config.theme.dirs.insert(0, str(THEME_DIR))
        # Material shows its language menu when extra.alternate is set; our
        # partials/alternate.html fills it from the page's own context (kb.alternates).
        config.extra["alternate"] = [{"name": t("language_name", lang), "lang": lang,
                                      "link": home_uri(lang).replace(".md", ".html")}
                                     for lang in LANGS]
        # Material's offline plugin adds a polyfill from a CDN for its search
        # worker; we ship our own search, so the site must not fetch it.
        config.extra["polyfills"] = [
            p for p in config.extra.get("polyfills", []) if "://" not in str(p)
        ]
        config.extra_css.append("assets/kb/kb.css")
        config.extra_javascript.append("assets/kb/kb.js")
        config.extra_javascript.append("assets/kb/search.js")
        config.extra_javascript.append("assets/kb/facilitator.js")
        config.extra_css.append("assets/kb/facilitator.css")
        return config

    def on_files(self, files: Files, config) -> Files:
        for unused in [f for f in files if _unused_theme_file(f.src_uri)]:
            files.remove(unused)
        files = self._add_generated(files, config)
        self.pages = {f.src_uri for f in files.documentation_pages()}
        self.top = sorted({f.dest_uri.split("/")[0] for f in files if "/" in f.dest_uri})
        return files

    def _add_generated(self, files: Files, config) -> Files:
        reference = tuple(f.src_uri for f in files.documentation_pages()
                          if f.src_uri in REFERENCE)
        renderer = Renderer(self.model, self.content, pdfs=self.config.pdf, reference=reference)
        pdf = None
        if self.config.pdf:
            kept = cache.folder(self.root)
            pdf = weasyprint_pdf(kept / "pdf" if kept is not None else None)
        items = list(generate(self.model, renderer, pdf))
        for item in items:
            if item.source is not None and not item.source.resolve().is_relative_to(self.content):
                raise PluginError(f"kb: {item.source} sale de / leaves {self.content}")
        items += [Generated(uri, source=path) for uri, path in ASSETS.items()]
        items += opendata.generate(self.model)  # datos/: JSON, its schema, CSV, Atom feed
        items += preview.pages(self.broken)  # in a preview: what keeps a document out
        previous, self.manifest, self.rendered = self.previous, {}, 0
        for item in items:
            mark = self.manifest[item.uri] = item.fingerprint()
            changed = previous is None or previous.get(item.uri) != mark
            self.rendered += changed
            files.append(KbFile(config, item.uri, content=item.content, source=item.source,
                                make=item.make, changed=changed))
        # Our pages outside the menu are read and converted our way (builder.site.convert);
        # MkDocs makes a plain Page for a file that has none (a page of the menu gets its
        # title from the menu).
        converter, menu = Converter(config), set(_menu_paths(config.nav))
        for file in files.documentation_pages():
            if file.generated_by == "kb" and file.page is None and file.src_uri not in menu:
                KbPage(file, config, converter)
        return files

    def on_nav(self, nav, config, files):
        self.navs = _navs_by_language(nav.items)
        self.nav = nav
        self.menu_urls = {lang: [p.url for p in _menu_pages(items)]
                          for lang, items in self.navs.items()}
        self.parts = {}  # theme parts rendered once (_memo_for)
        return nav

    def on_page_context(self, context, page, config, nav):
        if isinstance(page, KbPage):  # our pages are read and converted now (convert.py)
            page.prepare(config, self.files, sanitize)
        lang = page.meta.get("kb_lang") or language_of(page.file.src_uri)
        context["kb"] = self._interface(lang, page.file.src_uri,
                                        lambda url: get_relative_url(url, page.url))
        if isinstance(page, KbPage):  # not in the menu: no item of it is the current one
            context["kb"]["memo"] = self._memo_for(context, page)
        return context

    def _memo_for(self, context, page):
        """``kb.memo(name, caller)`` of a page outside the menu: the theme's parts that
        depend only on the page's language and on where it links to (the menu, the tabs,
        the scripts' configuration) are rendered once per language and set of links, and
        reused. The key holds everything such a part reads from the page."""
        kb = context["kb"]
        links = tuple(get_relative_url(url, page.url) for url in self.menu_urls[kb["lang"]])
        keys = {"nav": (kb["lang"], kb["home"], links), "tabs": (kb["lang"], links),
                "config": (kb["lang"], context["base_url"]),
                "scripts": (context["base_url"],), "styles": (context["base_url"],)}

        def memo(name: str, caller) -> str:
            key = (name, *keys[name])
            found = self.parts.get(key)
            if found is None:
                found = self.parts[key] = caller()
            return found

        return memo

    def on_template_context(self, context, template_name, config):
        if template_name == "404.html":
            # MkDocs gives the error page absolute links ("/assets/..."), which fail from
            # a USB stick and on a server where the site is not at the root. Ours are
            # relative to the site's root, where 404.html is; over HTTP at any depth a
            # line of script in its head sets <base> to the root (theme/404.html).
            context["base_url"] = "."
            context["extra_css"] = [normalize_url(u, None, ".") for u in config.extra_css]
            context["extra_javascript"] = [normalize_url(str(u), None, ".")
                                           for u in config.extra_javascript]
            context["kb"] = self._interface("es", "index.md", lambda url: url)
            context["kb"]["top"] = self.top
        return context

    def _interface(self, lang: str, src_uri: str, link) -> dict:
        """What the theme shows around a page in its language: the menu, the home and
        search pages, the language switch. ``link(url)``: a site URL as seen from the page."""
        alternates = []
        for other in LANGS:
            target = in_language(src_uri, other)
            same = target is not None and target in self.pages
            url = _html(target if same else home_uri(other))
            alternates.append({
                "lang": other, "name": t("language_name", other), "url": link(url),
                "current": other == lang, "same": same,
                "note": None if same else t("other_home_only", other),
                "home": link(_html(home_uri(other))), "home_label": t("home", other),
                "search": link(_html(section_uri("search", other))),
                "search_label": t("search", other)})
        return {"lang": lang, "nav": self.navs.get(lang, []),
                "not_found": {other: t("page_not_found", other) for other in LANGS},
                "site_name": t("site_name", lang), "home": link(_html(home_uri(lang))),
                "search": link(_html(section_uri("search", lang))),
                "search_label": t("search", lang), "alternates": alternates,
                "memo": _rendered}

    def on_env(self, env, config, files):
        self.outputs = {f.dest_uri for f in files if f.inclusion.is_included()}
        env.bytecode_cache = cache.templates(cache.folder(self.root))  # the theme's, compiled
        self.files = files
        self.joined = pageloop.split(config, files, self.nav, env, dirty=self.previous is not None)
        return env

    def on_page_content(self, html: str, page, config, files) -> str:
        # Second line of defence behind `kb check`: nothing active reaches a reader.
        # Only our own pages without contributed text (the search form) skip it; our
        # pages read our way are cleaned when they are converted (KbPage.prepare).
        if page.file.generated_by == "kb" and (
                page.meta.get("kb_trusted") or isinstance(page, KbPage)):
            return html
        return sanitize(html)

    def on_post_page(self, output: str, page, config) -> str:
        if isinstance(page, KbPage):
            page.release()  # written: its HTML is not needed any more, nor its source
            if isinstance(page.file, KbFile):
                page.file.forget()
        return output

    @event_priority(100)  # before anything reads the built site
    def on_post_build(self, config) -> None:
        self.joined()

    def on_build_error(self, error) -> None:
        # A child still writing pages is waited for (and its temporary file removed); the
        # build's own error is the one to report.
        with contextlib.suppress(Exception):
            self.joined()

    def on_serve(self, server, config, builder):
        server.watch(str(self.content))
        return server


def _html(src_uri: str) -> str:
    return src_uri.removesuffix(".md") + ".html"


# Material's files that our site does not use: its search (lunr and the worker; ours is
# builder/site/static/search.js) and source maps. Leaving them out saves every copy of
# the site (a USB stick, a ZIM file) some 2.5 MB.
UNUSED_THEME = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


def _unused_theme_file(src_uri: str) -> bool:
    return src_uri.startswith(UNUSED_THEME) or src_uri.endswith(".map")


def _rendered(name: str, caller) -> str:
    """``kb.memo`` of a page in the menu (its items are marked current): no reuse."""
    return caller()


def _menu_pages(items) -> list:
    """Every page of a menu (built navigation items), sections opened."""
    pages = []
    for item in items:
        if item.is_page:
            pages.append(item)
        elif item.is_section:
            pages.extend(_menu_pages(item.children))
    return pages


def _menu_paths(items) -> list[str]:
    """Every page path named in a configured nav (nested lists and one-key dicts)."""
    if isinstance(items, str):
        return [items]
    if isinstance(items, dict):
        return [p for value in items.values() for p in _menu_paths(value)]
    if isinstance(items, list):
        return [p for item in items for p in _menu_paths(item)]
    return []


def _navs_by_language(items: list) -> dict[str, list]:
    """The menu of each half of the site: the Spanish items at the top, and the English
    ones gathered in one section of the configured nav (pages.nav)."""
    def languages(item) -> set[str]:
        if item.is_page:
            return {language_of(item.file.src_uri)}
        return set().union(*(languages(child) for child in item.children))

    navs: dict[str, list] = {lang: [] for lang in LANGS}
    for item in items:
        found = languages(item)
        if item.is_section and found == {"en"}:
            navs["en"].extend(item.children)
        else:
            navs["es"].append(item)
    return navs


def content_epoch(documents) -> int:
    """Seconds since 1970 of the latest date written in the content (2016-01-01 if none)."""
    latest = "2016-01-01"
    for doc in documents:
        for value in (doc.meta.updated, getattr(doc.meta, "date_finished", None)):
            if value:
                full = (value + "-01-01")[:10] if len(value) < 10 else value
                latest = max(latest, full)
    year, month, day = (int(p) for p in latest.split("-"))
    return calendar.timegm((year, month, day, 0, 0, 0))
