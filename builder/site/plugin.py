"""The MkDocs plugin: check the content, then add every generated page in on_files.

Shaped like Material's plugins (config.py + plugin.py), registered through the
``mkdocs.plugins`` entry point as ``kb``, so `mkdocs build` and `mkdocs serve`
work directly.
"""

from __future__ import annotations

import calendar
import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files

from schema.vocabularies import interface

from builder.core import cache
from builder.report import formats as report
from builder.check.checker import check
from builder.site.config import KbConfig
from builder.site.guides import weasyprint_pdf
from builder.site.incremental import KbFile
from builder.site.model import Generated
from builder.site.pages import generate, nav
from builder.site.render import Renderer
from builder.check.safety import sanitize
from builder.site.model import LANGS, SiteModel

log = logging.getLogger("mkdocs.plugins.kb")
HERE = Path(__file__).parent
THEME_DIR = HERE / "theme"
ASSETS = {"assets/kb/kb.css": HERE / "static" / "kb.css",
          "assets/kb/kb.js": HERE / "static" / "kb.js",
          "assets/kb/search.js": HERE / "static" / "search.js"}


class KbPlugin(BasePlugin[KbConfig]):
    supports_multiple_instances = False
    # Set by builder.build for an incremental build: src uri -> fingerprint of the files
    # of the site it starts from; None: every file is new.
    previous: dict[str, str] | None = None

    def __init__(self) -> None:
        super().__init__()
        self.manifest: dict[str, str] = {}  # this build's fingerprints (builder.incremental)
        self.outputs: set[str] = set()  # every file of the built site, relative to it
        self.rendered = 0  # our files built or copied (the rest were as before)

    @event_priority(-50)  # after Material's offline plugin: undo its remote polyfill
    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        self.content = (root / self.config.content_dir).resolve()
        if not self.content.is_dir():
            raise PluginError(f"kb: no existe / does not exist: {self.content}")
        result = check(self.content, similar=False)  # errors stop a build; suggestions don't
        if result.errors:
            text = report.text(result.errors, "es", report.Scope(result.files))
            raise PluginError(
                "kb: la construcción se detiene porque `kb check` encontró errores / "
                "the build stops because `kb check` found errors:\n" + text
            )
        self.model = SiteModel(result.documents)
        # Reproducible builds: MkDocs stamps the sitemap with the build date; take
        # it from the content instead of the clock.
        os.environ["SOURCE_DATE_EPOCH"] = str(content_epoch(result.documents))
        config.nav = nav(Path(config.docs_dir))
        config.theme.dirs.insert(0, str(THEME_DIR))
        config.extra["kb_site_name"] = {lang: interface()["site_name"][lang] for lang in LANGS}
        config.extra["alternate"] = [
            {"name": "Español", "link": "index.html", "lang": "es"},
            {"name": "English", "link": "en/index.html", "lang": "en"},
        ]
        # Material's offline plugin adds a polyfill from a CDN for its search
        # worker; we ship our own search, so the site must not fetch it.
        config.extra["polyfills"] = [
            p for p in config.extra.get("polyfills", []) if "://" not in str(p)
        ]
        config.extra_css.append("assets/kb/kb.css")
        config.extra_javascript.append("assets/kb/kb.js")
        config.extra_javascript.append("assets/kb/search.js")
        return config

    def on_files(self, files: Files, config) -> Files:
        renderer = Renderer(self.model, self.content)
        pdf = None
        if self.config.pdf:
            kept = cache.folder(self.root)
            pdf = weasyprint_pdf(kept / "pdf" if kept is not None else None)
        items = list(generate(self.model, renderer, pdf))
        for item in items:
            if item.source is not None and not item.source.resolve().is_relative_to(self.content):
                raise PluginError(f"kb: {item.source} sale de / leaves {self.content}")
        items += [Generated(uri, source=path) for uri, path in ASSETS.items()]
        previous, self.manifest, self.rendered = self.previous, {}, 0
        for item in items:
            mark = self.manifest[item.uri] = item.fingerprint()
            changed = previous is None or previous.get(item.uri) != mark
            self.rendered += changed
            files.append(KbFile(config, item.uri, content=item.content, source=item.source,
                                make=item.make, changed=changed))
        return files

    def on_env(self, env, config, files):
        self.outputs = {f.dest_uri for f in files if f.inclusion.is_included()}
        env.bytecode_cache = cache.templates(cache.folder(self.root))  # the theme's, compiled
        return env

    def on_page_content(self, html: str, page, config, files) -> str:
        # Second line of defence behind `kb check`: nothing active reaches a reader.
        # Only our own pages without contributed text (the search form) skip it.
        if page.meta.get("kb_trusted") and page.file.generated_by == "kb":
            return html
        return sanitize(html)

    def on_serve(self, server, config, builder):
        server.watch(str(self.content))
        return server


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
