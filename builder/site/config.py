"""Options of the kb MkDocs plugin (``plugins: - kb: ...`` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class KbConfig(Config):
    content_dir = c.Type(str, default="content")
    pdf = c.Type(bool, default=True)  # facilitator guides as PDF (WeasyPrint)
