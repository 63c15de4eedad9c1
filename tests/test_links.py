"""Links: in the body (to files of the document's folder, or to the web), and every
link of the built site (real content and the example), 404.html included."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from builder.check.checker import check
from builder.core import site_paths

REPAIR = "content/repairs/ejemplo-bomba-agua/index.md"


@pytest.mark.parametrize("link,code", [
    ("[otra reparación](../otra/index.md)", "asset-outside-folder"),
    ("[hoja](hoja-que-falta.pdf)", "missing-asset"),
    ("[foto](/etc/passwd)", "asset-outside-folder"),
    ("[ok](impulsor.png)", None),
    ("[ok](impulsor.png#arriba)", None),
    ("[ok](https://example.org/x)", None),
    ("[ok](#diagnostico)", None),
    ("[ok](mailto:brigada@example.org)", None),
])
def test_body_links(project, link, code):
    path = project / REPAIR
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Se midió la presión de salida.", f"Ver {link}."),
                    encoding="utf-8")
    problems = [(p.code, p.line) for p in check(project / "content").problems]
    assert problems == ([(code, 73)] if code else [])


# -- every link of the built site ------------------------------------------------------


class _Links(HTMLParser):
    """The href/src/action targets of one page, and the ids it has (anchor targets)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        for name in ("href", "src", "action", "poster"):
            if values.get(name) is not None:
                self.links.append(values[name])
        for item in (values.get("srcset") or "").split(","):
            if item.strip():
                self.links.append(item.split()[0])


def _parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path) -> tuple[int, list[str]]:
    """(internal links checked, the broken ones) over every HTML file of ``site``. A link
    is broken when it is absolute (/...: it fails from a USB stick), names a folder
    (file:// shows no index.html) or a missing file, or an #anchor its page lacks."""
    pages = {p: _parse(p) for p in sorted(site.rglob("*.html"))}
    checked, broken = 0, []
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue  # another site (checked by kb check) or mailto:, data:
            checked += 1
            where = f"{page.relative_to(site)}: {link}"
            if link.startswith("/"):
                broken.append(f"{where} (absolute)")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_relative_to(site.resolve()):
                broken.append(f"{where} (leaves the site)")
            elif target.is_dir():
                broken.append(f"{where} (a folder)")
            elif not target.is_file():
                broken.append(f"{where} (missing)")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{where} (no such anchor)")
    return checked, broken


def test_every_link_of_the_real_site_resolves(real_site):
    checked, broken = broken_links(real_site)
    print(f"{checked} internal links checked in {real_site}")
    assert (real_site / "404.html").is_file()
    assert checked > 5000  # every page was read: the site has thousands of links
    assert broken == []


def test_every_link_of_the_example_site_resolves(built_site):
    checked, broken = broken_links(built_site)
    assert checked > 500
    assert broken == []


def test_link_checker_finds_each_kind_of_broken_link(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.html").write_text('<p id="here">x</p>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/b.html#here">ok</a><img src="a/b.html"><a href="#top" id="top">ok</a>'
        '<a href="/a/b.html">abs</a><a href="a">dir</a><a href="a/c.html">missing</a>'
        '<a href="a/b.html#nowhere">anchor</a><a href="../x.html">out</a>'
        '<a href="https://example.org/">web</a>', encoding="utf-8")
    checked, broken = broken_links(tmp_path)
    assert checked == 8
    assert [b.split("(")[-1] for b in broken] == [
        "absolute)", "a folder)", "missing)", "no such anchor)", "leaves the site)"]


# -- one function for the URL of a page in a language ------------------------------------


def test_each_generated_page_has_its_counterpart_in_the_other_language(real_site):
    """in_language() maps every page of one half to the same page of the other half, and
    back; the pages that exist in one half only are the documents not translated and
    the reference pages of docs/."""
    pages = {p.relative_to(real_site).as_posix().removesuffix(".html") + ".md"
             for p in real_site.rglob("index.html")}
    for uri in sorted(pages):
        lang = site_paths.language_of(uri)
        other = "en" if lang == "es" else "es"
        there = site_paths.in_language(uri, other)
        if there is None:
            continue
        assert site_paths.language_of(there) == other
        assert site_paths.in_language(there, lang) == uri
        if "/browse/" in uri or "/explorar/" in uri or uri.startswith(("index", "en/index")):
            assert there in pages, uri


@pytest.mark.parametrize("uri,lang,expected", [
    ("explorar/planta/la-gaviota/index.md", "en", "en/browse/plant/la-gaviota/index.md"),
    ("en/repairs/all/2/index.md", "es", "reparaciones/todas/2/index.md"),
    ("talleres/x/guia/index.md", "en", "en/workshops/x/guide/index.md"),
    ("en/search/index.md", "es", "buscar/index.md"),
    ("contar/index.md", "en", "en/tell/index.md"),
    ("index.md", "en", "en/index.md"),
    ("fields.md", "en", None),
    ("explorar/otra-cosa/x/index.md", "en", None),
])
def test_in_language(uri, lang, expected):
    assert site_paths.in_language(uri, lang) == expected


def test_facet_pages_of_a_repair_are_the_same_in_both_languages(real_site):
    """The plant and battle of an English page link where the English facet pages are
    (keyed by the original's value, not by the translated name)."""
    page = (real_site / "en" / "repairs" / "refineria-amuay" / "index.html")
    links = [link for link in _parse(page).links if "/browse/" in link]
    assert links and all((page.parent / link).resolve().is_file() for link in links)
