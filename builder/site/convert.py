"""Our pages to HTML as MkDocs makes them, at a fraction of its cost per page.

A page template (``templates/pages/*.md.j2``) writes Markdown: headings, the
structured parts as HTML blocks, and the contributed body. MkDocs gives every
page a new Python-Markdown instance, and Python's HTML parser reads the whole
page twice: once for MkDocs' anchor list and once to set the HTML blocks aside
(issue 20: a fifth of a full build). Here:

- ``PageSource``: a page as our renderer makes it: its metadata (never dumped to
  YAML and parsed back) and its Markdown, with where the contributed body is.
- The HTML blocks of the template, outside the body, are set aside before Python-
  Markdown sees the text, exactly as its own ``HtmlBlockPreprocessor`` would have
  set them aside (the same text in the same stash, a placeholder where they were),
  so only the headings and the contributed text go through Markdown. A block is
  taken only where that is certain: it starts a line after a blank one with a block-
  level tag, the element closes at the end of a line followed by a blank line, and it holds no
  script, style, comment or fence. Anything else is left to Python-Markdown. After
  the body, blocks are taken only when the body holds no ``<`` (an unclosed
  element of the body would have swallowed them).
- One Markdown instance, configured as MkDocs configures its pages, is reset and
  reused; MkDocs' own tree processors (relative links, anchors, title) run on it.

``KbPage`` defers all of it to the moment the page is written (builder.site.pageloop
writes half of the pages in a second process).

The result is the same HTML, byte for byte (tests/test_reproducible.py, golden
files; ``diff -r`` of whole sites before and after).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import markdown
import yaml
from markdown.preprocessors import Preprocessor
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

from builder.core.files import content_hash

STX, ETX = markdown.util.STX, markdown.util.ETX
BLANK_AFTER = re.compile(r"([ ]*\n){2}")  # markdown.htmlparser.blank_line_re
SPACES_LINE = re.compile(r"(?<=\n) +\n")
START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(?=[\s/>])")
# What Python-Markdown's HTML parser or its fences read differently from a plain element.
RISKY = re.compile(r"<(?:script|style|textarea|!|\?)|^[ \t]*(?:`{3}|~{3})", re.I | re.M)
ANCHOR = re.compile(r"""\sid=["']([^"']*)""")  # an id of a block set aside
CDATA = {"script", "style"}


@dataclass(frozen=True)
class PageSource:
    """A page of ours before Markdown: its metadata and its Markdown text;
    ``body`` is the (start, end) of the contributed text in it, if it has one."""

    meta: dict[str, Any]
    text: str
    body: tuple[int, int] | None = None

    def __str__(self) -> str:
        return self.as_file

    @cached_property
    def as_file(self) -> str:
        """The page as a Markdown file with front matter (what plain MkDocs reads)."""
        head = yaml.safe_dump(self.meta, allow_unicode=True, sort_keys=True, width=1000)
        return f"---\n{head}---\n\n{self.text}"

    def digest(self) -> str:
        return content_hash(repr((sorted(self.meta.items()), self.text, self.body)).encode())


def normalize(text: str, tab_length: int = 4) -> str:
    """What Python-Markdown's ``NormalizeWhitespace`` does to a text, without the two
    newlines it adds at the end."""
    text = text.replace(STX, "").replace(ETX, "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(tab_length)
    return SPACES_LINE.sub("\n", text)


def set_aside(text: str, regions: list[tuple[int, int]], stash) -> str:
    """``text`` (normalized) with the HTML blocks that lie inside ``regions`` stored in
    ``stash`` (a ``markdown.util.HtmlStash``) and replaced by its placeholders, as
    Python-Markdown's HTML extractor replaces them."""
    out, done = [], 0
    for lo, hi in regions:
        pos = lo
        while pos < hi:
            found = _block_at(text, pos, hi)
            if found is None:
                nxt = text.find("\n", pos, hi)
                if nxt < 0:
                    break
                pos = nxt + 1
                continue
            end, kept = found
            out.append(text[done:pos])
            out.append("\n" + stash.store(kept) + "\n\n")
            done = pos = end
    out.append(text[done:])
    return "".join(out)


def _block_at(text: str, pos: int, hi: int) -> tuple[int, str] | None:
    """(end, stored text) of the raw HTML block starting at ``pos`` (a line start)."""
    if not text.startswith("<", pos) or (pos and not text.startswith("\n\n", pos - 2)):
        return None  # after a line that is not blank, the parser may be in an element's tail
    tag_match = START_TAG.match(text, pos)
    if tag_match is None:
        return None
    tag = tag_match.group(1).lower()
    if tag in CDATA or tag not in BLOCK_LEVEL or tag in VOID:
        return None
    opening = re.compile(rf"<(/?){tag}(?=[\s/>])", re.I)
    depth = 0
    for m in opening.finditer(text, pos, hi):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            close = text.find(">", m.end(), hi)
            if close < 0:
                return None
            end = close + 1
            block = text[pos:end]
            if RISKY.search(block):
                return None
            if not BLANK_AFTER.match(text[end:hi] + ("\n\n" if hi == len(text) else "")):
                return None
            return end, block + "\n"
    return None


_MD = markdown.Markdown()
BLOCK_LEVEL = frozenset(_MD.block_level_elements)
VOID = frozenset(markdown.htmlparser.void_tags)
del _MD


class _Normalized(Preprocessor):
    """Stands for ``NormalizeWhitespace`` when the text was normalized beforehand."""

    def run(self, lines: list[str]) -> list[str]:
        return [*lines, "", ""]


@dataclass
class Converted:
    content: str
    toc: Any
    title: str | None
    anchors: set[str]
    links_to_anchors: dict | None


class Converter:
    """Python-Markdown configured as MkDocs configures a page, one instance reused."""

    def __init__(self, config) -> None:
        self.config = config
        self.md = markdown.Markdown(extensions=config["markdown_extensions"],
                                    extension_configs=config["mdx_configs"] or {})
        self.md.preprocessors.register(_Normalized(self.md), "normalize_whitespace", 30)
        self.tab_length = self.md.tab_length

    def convert(self, source: PageSource, file, files) -> Converted:
        md = self.md.reset()
        raw = _RawHTMLPreprocessor()
        raw._register(md)
        anchors = _ExtractAnchorsTreeprocessor(file, files, self.config)
        anchors._register(md)
        relative = _RelativePathTreeprocessor(file, files, self.config)
        relative._register(md)
        title = _ExtractTitleTreeprocessor()
        title._register(md)
        text, regions = self._regions(source)
        text = set_aside(text, regions, md.htmlStash)
        set_apart = {a for block in md.htmlStash.rawHtmlBlocks for a in ANCHOR.findall(block)}
        content = md.convert(text) if text.strip() else ""
        return Converted(content, get_toc(getattr(md, "toc_tokens", [])), title.title,
                         anchors.present_anchor_ids | raw.present_anchor_ids | set_apart,
                         relative.links_to_anchors)

    def _regions(self, source: PageSource) -> tuple[str, list[tuple[int, int]]]:
        """The normalized text and the parts of it that are the template's."""
        text = source.text
        if source.body is None:
            whole = normalize(text, self.tab_length)
            return whole, [(0, len(whole))]
        start, end = source.body
        before, body, after = text[:start], text[start:end], text[end:]
        if (before and not before.endswith("\n")) or (after and not after.startswith("\n")):
            return normalize(text, self.tab_length), []  # the body shares a line: no blocks
        pieces = [normalize(before, self.tab_length),
                  normalize("\n" + body, self.tab_length)[1:],
                  normalize("\n" + after, self.tab_length)[1:]]
        whole = "".join(pieces)
        regions = [(0, len(pieces[0]))]
        if "<" not in body:
            regions.append((len(pieces[0]) + len(pieces[1]), len(whole)))
        return whole, regions


class KbPage(Page):
    """A page of ours, made when it is written (``prepare``, called by the plugin just
    before the theme renders it) instead of when MkDocs reads every page: the two
    halves of the pages can then be written by two processes, and a page's HTML is
    dropped once written (``release``), so memory does not grow with the site."""

    prepared = False

    def __init__(self, file, config, converter: Converter) -> None:
        super().__init__(None, file, config)
        self.converter = converter

    def read_source(self, config) -> None:
        self.markdown, self.meta = "", {}  # filled by prepare()

    def render(self, config, files) -> None:
        self.content = ""

    def prepare(self, config, files, clean) -> None:
        """Read and convert the page; ``clean(html)`` makes contributed HTML safe. A file
        holding a plain Markdown string (a preview page) is read the usual way."""
        if self.prepared:
            return
        self.prepared = True
        source = getattr(self.file, "page_source", None)
        if source is None:
            super().read_source(config)
            super().render(config, files)
        else:
            self.markdown, self.meta = source.text, dict(source.meta)
            done = self.converter.convert(source, self.file, files)
            self.content, self.toc, self._title_from_render = done.content, done.toc, done.title
            self.present_anchor_ids = done.anchors
            self.links_to_anchors = done.links_to_anchors
        if not self.meta.get("kb_trusted"):  # our pages without contributed text are not
            self.content = clean(self.content)

    def release(self) -> None:
        """Forget the page's text and HTML (written already); its anchors stay."""
        self.markdown, self.content = "", ""
