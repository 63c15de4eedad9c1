"""The phone form "Contar una reparación" / "Tell a repair" in the site.

Four files per language come from ``builder/site/form/`` (template, script,
style, the words in strings.yaml and data.js that `kb schema` writes from
``schema/``):

- a page of the site (``contar/`` or ``en/tell/``) that says what the form is
  for and links to it;
- the form as site files (``formulario/es.html`` with its scripts beside it);
- the same form as one self-contained file (``contar-reparacion.html``,
  ``tell-a-repair.html``) that travels by WhatsApp or a USB stick and works
  opened from a phone's Downloads folder, where nothing beside it can be read.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from builder.site.model import Generated
from builder.site.render import Renderer

FORM_DIR = Path(__file__).with_name("form")
SCRIPTS = ("vendor/fflate.min.js", "vendor/cfworker-json-schema.min.js", "data.js", "form.js")
PAGE = {"es": "contar/index.md", "en": "en/tell/index.md"}
SITE_FORM = {"es": "formulario/es.html", "en": "formulario/en.html"}
SINGLE = {"es": "contar-reparacion.html", "en": "tell-a-repair.html"}
MAX_SINGLE_BYTES = 150 * 1024  # it must travel by WhatsApp and open on an old phone


@cache
def _strings() -> dict:
    return yaml.safe_load((FORM_DIR / "strings.yaml").read_text(encoding="utf-8"))


def _read(name: str) -> str:
    return (FORM_DIR / name).read_text(encoding="utf-8")


def _inline(name: str) -> str:
    """A script to put inside <script>: a "</script" in it would end the element early."""
    return _read(name).replace("</script", "<\\/script")


def form_html(lang: str, single: bool) -> str:
    """The form in ``lang``: scripts and style inlined (``single``) or beside it."""
    strings = _strings()
    words = {k: v[lang] for k, v in strings.items() if k != "js"}
    env = Environment(loader=FileSystemLoader(FORM_DIR), autoescape=select_autoescape(default=True))
    if single:
        scripts = "\n".join(f"<script>/* {name} */\n{_inline(name)}</script>" for name in SCRIPTS)
        style = f"<style>\n{_read('form.css')}</style>"
    else:
        scripts = "\n".join(f'<script src="{name}"></script>' for name in SCRIPTS)
        style = '<link rel="stylesheet" href="form.css">'
    return env.get_template("form.html.j2").render(
        lang=lang, s=words, words=words, js_text={k: v[lang] for k, v in strings["js"].items()},
        scripts=Markup(scripts), style=Markup(style))


def generate(renderer: Renderer, lang: str) -> Iterator[Generated]:
    """The page about the form, the form in the site, and the single file, for ``lang``."""
    single = form_html(lang, single=True)
    title = _strings()["title"][lang]
    yield Generated(PAGE[lang], renderer.render(
        "form.md.j2", PAGE[lang], lang, title, trusted=True, form_uri=SITE_FORM[lang],
        single_uri=SINGLE[lang], single_kb=round(len(single.encode()) / 1024)))
    yield Generated(SITE_FORM[lang], form_html(lang, single=False))
    yield Generated(SINGLE[lang], single)
    if lang == "es":  # the scripts the site's form shares between languages
        for name in (*SCRIPTS, "form.css"):
            yield Generated(f"formulario/{name}", _read(name))
