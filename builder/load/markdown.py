"""The one reader of a document's Markdown body.

Every stage that looks into a body (sections, safety, assets, plain text, the
renderer's link rewriting, the review list) reads it through this module: a
markdown-it-py token stream (CommonMark plus tables) with the line each piece
comes from, parsed once per body text and cached. markdown-it-py runs in linear
time on any input, so a contributed body cannot make `kb check` hang the way a
backtracking regular expression can.

The site is rendered by Python-Markdown with the extensions of ``mkdocs.yml``;
CommonMark does not know some of them, so before tokenizing, their lines are
rewritten in place (same number of lines, so every line number stays right):

- admonitions and collapsible blocks (``!!! note "Title"``, ``??? note``,
  ``???+ note``) and footnote definitions (``[^1]: text``): the opening line
  becomes its title or text, and the block's content, indented by four spaces,
  is dedented so that it is read as Markdown (not as indented code, where a
  ``<script>`` would go unseen);
- definition lists (``: definition``): the colon is dropped.

``attr_list`` blocks (``{: ...}``) stay text; ``check.safety`` looks into them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

# What the reader reads at all: beyond these, a body is not tokenized (``Body.unread``
# says why) and `kb check` reports it (``builder.check.limits``). They keep the
# reader's own time bounded: markdown-it-py spends ~0.1 ms on each unclosed "[".
MAX_LINE = 10_000  # characters in one line
MAX_LINES = 5_000  # lines in the body
MAX_BRACKETS = 500  # "[" in the body (links, images, notes), code included
MAX_EMPHASIS = 5_000  # "*" and "_" in the body, code included
# Deeper than any limit of ours (``check.safety.MAX_DEPTH``): markdown-it stops reading
# blocks at this nesting, so a body that reaches it is over our limit anyway.
PARSER_NESTING = 64
BLOCK_MARKERS = ("!!!", "???")
CONTAINERS = {"blockquote_open", "bullet_list_open", "ordered_list_open"}
# An HTML start or end tag, comment, declaration or processing instruction as
# Python-Markdown would take it (bounded lookahead: linear time).
TAG_START = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9-]*(?=[\s/>]|$)|/[a-zA-Z]|!|\?)")


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": PARSER_NESTING}).enable("table")
    # Keep entities and backslash escapes as their own tokens: a literal "<" typed as
    # "&lt;" is text, one typed as "<" may be HTML to Python-Markdown.
    md.disable("text_join")
    # See every target as written (entities decoded): the checker judges them all,
    # including the ones markdown-it would refuse to link (javascript:, data:).
    md.validateLink = lambda url: True
    md.normalizeLink = lambda url: url
    md.normalizeLinkText = lambda url: url
    return md


_MD = _parser()


@dataclass(frozen=True)
class Piece:
    """An inline token (text, link, image, code, HTML...) and the body line (0-based)
    it starts on."""

    line: int
    token: Token


@dataclass(frozen=True)
class Target:
    """A link or image target: ``kind`` is "link", "image" or "autolink"."""

    line: int
    kind: str
    target: str
    text: str


@dataclass
class Body:
    """A parsed body: its block tokens and what the checks ask about it."""

    text: str
    tokens: list[Token]
    lines: list[str]
    headings: list[tuple[int, int, str]] = field(default_factory=list)  # (line, level, text)
    max_depth: int = 0  # deepest nesting of lists, quotes and admonitions
    depth_line: int = 0  # where it is first reached
    code: set[int] = field(default_factory=set)  # lines inside code blocks
    unread: dict[str, tuple[int, int]] = field(default_factory=dict)  # limit -> (line, count)
    _blocks: list[list[Piece]] | None = field(default=None, repr=False)
    admonitions: list[tuple[int, str]] = field(default_factory=list)  # (line, kind), e.g. "warning"

    def pieces(self) -> Iterator[Piece]:
        """Every inline token with the line it starts on (image alt text included)."""
        for block in self.blocks():
            yield from block

    def blocks(self) -> list[list[Piece]]:
        """The inline tokens of each block (paragraph, heading, table cell...), worked
        out once: every question below walks them."""
        if self._blocks is None:
            self._blocks = [_pieces(block) for block in self.tokens
                            if block.type == "inline" and block.map is not None]
        return self._blocks

    def targets(self) -> Iterator[Target]:
        """Every link, image and autolink, reference-style ones resolved."""
        for piece in self.pieces():
            tok = piece.token
            if tok.type == "image":
                yield Target(piece.line, "image", str(tok.attrs.get("src", "")), tok.content)
            elif tok.type == "link_open":
                kind = "autolink" if tok.markup == "autolink" else "link"
                yield Target(piece.line, kind, str(tok.attrs.get("href", "")), "")

    def images(self) -> Iterator[Target]:
        """Every image (``![alt](target)``, reference-style ones resolved)."""
        return (t for t in self.targets() if t.kind == "image")

    def html(self) -> Iterator[tuple[int, str]]:
        """(line, source) of every raw HTML block or inline tag."""
        for block in self.tokens:
            if block.type == "html_block" and block.map is not None:
                yield block.map[0], block.content
        for piece in self.pieces():
            if piece.token.type == "html_inline":
                yield piece.line, piece.token.content

    def texts(self) -> Iterator[tuple[int, str]]:
        """(line, source text) of each run of plain text, as typed: entities and
        backslash escapes are left out, so "<" here was typed as "<"."""
        for block in self.blocks():
            run: list[str] = []
            start = 0
            for piece in block:
                if piece.token.type == "text":
                    if not run:
                        start = piece.line
                    run.append(piece.token.content)
                    continue
                if run:
                    yield start, "".join(run)
                    run = []
            if run:
                yield start, "".join(run)

    def stray_tags(self) -> Iterator[tuple[int, str]]:
        """Text that CommonMark leaves as text but Python-Markdown (more lenient)
        may read as an HTML tag, e.g. ``<a b=c=d>``."""
        for line, text in self.texts():
            if "<" in text and (m := TAG_START.search(text)):
                yield line, text[m.start():]


def _pieces(block: Token) -> list[Piece]:
    line, pieces = block.map[0] if block.map else 0, []
    for child in block.children or []:
        pieces.append(Piece(line, child))
        if child.children:
            pieces.extend(Piece(line, alt) for alt in child.children)
        line += _newlines(child)
    return pieces


def _newlines(tok: Token) -> int:
    if tok.type in ("softbreak", "hardbreak"):
        return 1
    if tok.type == "html_inline":
        return tok.content.count("\n")
    return 0


@lru_cache(maxsize=32)
def parse(body: str) -> Body:
    """The body read once: tokens, headings, nesting and code lines. Cached by its
    text: sections, safety, assets and the plain text of one body share one reading.
    Its plain text's pieces are kept longer (``plain_text``): the duplicate check, the
    related lists and the search index ask for them after other bodies were read."""
    result = read(body)
    if len(_PIECES) >= KEPT_BODIES:  # a long `kb serve --dev` keeps no old versions
        _PIECES.clear()
    _PIECES[body] = _plain_pieces(result.tokens)
    return result


def read(body: str) -> Body:
    """``parse`` without the cache (for short texts such as front-matter strings).
    A body beyond ``MAX_LINE`` or ``MAX_BRACKETS`` is not tokenized: it comes back
    empty, with ``unread`` saying which limit it passed, where."""
    lines = body.split("\n")
    unread = _beyond_limits(body, lines)
    if unread:
        return Body(body, [], lines, unread=unread)
    admonitions: list[tuple[int, str]] = []
    prepared, depths = _prepare(lines, admonitions)
    tokens = _MD.parse("\n".join(prepared))
    result = Body(body, tokens, lines, admonitions=admonitions)
    _scan(result, depths)
    deepest = max(range(len(depths)), key=depths.__getitem__, default=0)
    if depths and depths[deepest] > result.max_depth:  # admonitions with nothing inside
        result.max_depth, result.depth_line = depths[deepest], deepest
    return result


def _beyond_limits(body: str, lines: list[str]) -> dict[str, tuple[int, int]]:
    """The reading limits the body passes: limit -> (first line beyond it, count)."""
    found: dict[str, tuple[int, int]] = {}
    if len(body) > MAX_LINE:
        long = next(((i, len(line)) for i, line in enumerate(lines) if len(line) > MAX_LINE), None)
        if long is not None:
            found["line"] = long
    if len(lines) > MAX_LINES:
        found["lines"] = (MAX_LINES, len(lines))
    for name, marks, limit in (("brackets", "[", MAX_BRACKETS),
                               ("emphasis", "*_", MAX_EMPHASIS)):
        total = sum(body.count(mark) for mark in marks)
        if total > limit:
            found[name] = (_line_beyond(lines, marks, limit), total)
    return found


def _line_beyond(lines: list[str], marks: str, limit: int) -> int:
    """The line where the count of ``marks`` passes ``limit``."""
    seen = 0
    for i, line in enumerate(lines):
        seen += sum(line.count(mark) for mark in marks)
        if seen > limit:
            return i
    return 0


def _scan(result: Body, admonition_depth: list[int]) -> None:
    """Headings, code lines and the deepest nesting, in one pass over the blocks."""
    depth = 0
    tokens = result.tokens
    for i, tok in enumerate(tokens):
        if tok.type in CONTAINERS:
            depth += 1
        elif tok.type in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
            depth -= 1
        if tok.map is None:
            continue
        start, end = tok.map
        here = depth + max(admonition_depth[start:start + 1], default=0)
        if here > result.max_depth:
            result.max_depth, result.depth_line = here, start
        if tok.type in ("fence", "code_block"):
            result.code.update(range(start, end))
        elif tok.type == "heading_open" and i + 1 < len(tokens):
            text = "".join(_source(c) for c in tokens[i + 1].children or [])
            result.headings.append((start, int(tok.tag[1]), text.strip()))


def _source(tok: Token) -> str:
    """A heading's inline token as text (markup of emphasis and code left out)."""
    if tok.type in ("text", "text_special", "code_inline", "html_inline"):
        return tok.content
    if tok.type == "image":
        return tok.content
    if tok.type in ("softbreak", "hardbreak"):
        return " "
    return ""


# -- rewriting targets ---------------------------------------------------------

def rewrite_targets(body: str, fix: Callable[[str], str]) -> str:
    """The body with the target of every inline link or image (``](target``) and of
    every reference definition (``[label]: target``) outside code replaced by
    ``fix(target)``; everything else byte for byte. One pass over each line."""
    code = parse(body).code
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if i not in code and ("](" in line or "]:" in line):
            lines[i] = _rewrite_line(_rewrite_definition(line, fix), fix)
    return "\n".join(lines)


def _rewrite_line(line: str, fix: Callable[[str], str]) -> str:
    out, at = [], 0
    while (found := line.find("](", at)) >= 0:
        start = found + 2
        out.append(line[at:start])
        at = _replace_target(line, start, fix, out)
    out.append(line[at:])
    return "".join(out)


def _replace_target(line: str, start: int, fix: Callable[[str], str], out: list[str]) -> int:
    """Append the text from ``start`` up to the end of the target, fixed; return where
    the rest of the line begins."""
    i = start
    while i < len(line) and line[i] in " \t":
        i += 1
    if line.startswith("<", i):
        end = line.find(">", i)
        if end < 0:
            return start
        out.append(line[start:i + 1] + fix(line[i + 1:end]) + ">")
        return end + 1
    end = i
    while end < len(line) and line[end] not in " \t)":
        end += 1
    if end > i:
        out.append(line[start:i] + fix(line[i:end]))
        return end
    return start


def _rewrite_definition(line: str, fix: Callable[[str], str]) -> str:
    body = line.lstrip(" ")
    if len(line) - len(body) > 3 or not body.startswith("[") or body.startswith("[^"):
        return line
    label, colon, rest = body[1:].partition("]:")
    if not colon or not label or "]" in label:
        return line
    head = line[:len(line) - len(rest)]
    out: list[str] = [head]
    at = _replace_target(line, len(head), fix, out)
    return "".join(out) + line[at:] if at > len(head) else line


# -- the extensions CommonMark does not know -----------------------------------

def _prepare(lines: list[str], admonitions: list[tuple[int, str]]
             ) -> tuple[list[str], list[int]]:
    """The lines with admonitions, footnotes and definitions rewritten for CommonMark,
    and how many admonitions (or footnotes) each line is inside; each admonition's
    line and kind are added to ``admonitions``."""
    out: list[str] = []
    depths: list[int] = []
    stack: list[int] = []  # content column of each open block
    for number, line in enumerate(lines):
        if not line.strip():
            out.append("")
            depths.append(len(stack))
            continue
        indent = _indent(line)
        while stack and indent < stack[-1]:
            stack.pop()
        text = _dedent(line, 4 * len(stack))
        depths.append(len(stack))
        opened = _opening(text)
        if opened is not None:
            kind, title = opened
            if kind:
                admonitions.append((number, kind))
            out.append(" " * _indent(text) + title)
            stack.append(indent + 4)
            depths[-1] = len(stack)  # the line opens one more level
            continue
        out.append(_definition(text))
    return out, depths


def _indent(line: str) -> int:
    """Columns of leading white space (a tab to the next multiple of four)."""
    column = 0
    for char in line:
        if char == " ":
            column += 1
        elif char == "\t":
            column += 4 - column % 4
        else:
            break
    return column


def _dedent(line: str, columns: int) -> str:
    if columns == 0:
        return line
    head = len(line) - len(line.lstrip(" \t"))
    lead = line[:head].expandtabs(4)
    return lead[min(columns, len(lead)):] + line[head:]


def _opening(text: str) -> tuple[str, str] | None:
    """(kind, title) of an admonition that opens on this line, or ("", text) of a
    footnote."""
    body = text.lstrip(" ")
    # An admonition may open at any indentation (inside a list item, say); reading one
    # that Python-Markdown would take as code only makes the check look closer.
    if body.startswith(BLOCK_MARKERS):
        rest = body[3:].removeprefix("+")
        kind, _, title = rest.strip().partition(" ")
        if not kind or not _is_word(kind):
            return None
        title = title.strip()
        if len(title) >= 2 and title[0] == title[-1] == '"':
            title = title[1:-1]
        return kind.lower(), title
    if len(text) - len(body) <= 3 and body.startswith("[^") and "]:" in body:
        label, _, rest = body[2:].partition("]:")
        if label and "]" not in label and "[" not in label:
            return "", rest.strip()
    return None


def _is_word(text: str) -> bool:
    return all(c.isalnum() or c in "-_" for c in text)


def _definition(text: str) -> str:
    """``: definition`` (def_list) becomes the definition's text."""
    body = text.lstrip(" ")
    if len(text) - len(body) <= 3 and body.startswith(": ") or body == ":":
        return text[: len(text) - len(body)] + "  " + body[2:]
    return text


# -- plain text ----------------------------------------------------------------

def plain_text(body: str, skip_heading: Callable[[str], bool] | None = None) -> str:
    """The words of a body without its markup: paragraphs, list items, table cells
    and headings as lines (a heading for which ``skip_heading`` is true left out),
    image alt text, link text and code kept, HTML tags left out."""
    pieces = _PIECES.get(body)
    if pieces is None:
        parse(body)
        pieces = _PIECES[body]
    out: list[str] = []
    for text, heading in pieces:
        if not (heading and skip_heading is not None and skip_heading(text)):
            out.append(text)
    return _join(out)


# body -> its plain text's pieces: (text, is a heading), "" ending a block. As many as
# there are bodies (a few KB each), which a build reads several times each.
_PIECES: dict[str, tuple[tuple[str, bool], ...]] = {}
KEPT_BODIES = 50_000


def _plain_pieces(tokens: list[Token]) -> tuple[tuple[str, bool], ...]:
    """(text, is a heading) of a body's blocks, "" ending a block; the lines between
    two headings joined in one piece (``_join`` joins them so anyway): a body keeps
    about its plain text's size, not a tuple per line."""
    out: list[tuple[str, bool]] = []
    run: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.type == "inline":
            if i > 0 and tokens[i - 1].type == "heading_open":
                if run:
                    out.append(("\n".join(run), False))
                    run = []
                out.append((_inline_text(tok), True))
            else:
                run.append(_inline_text(tok))
        elif tok.type in ("fence", "code_block"):
            run.append(tok.content.rstrip("\n"))
        if tok.type in BLOCK_ENDS:
            run.append("")
    if run:
        out.append(("\n".join(run), False))
    return tuple(out)


BLOCK_ENDS = {"paragraph_close", "heading_close", "fence", "code_block", "bullet_list_close",
              "ordered_list_close", "table_close", "blockquote_close", "html_block"}


def _inline_text(block: Token) -> str:
    parts: list[str] = []
    for tok in block.children or []:
        if tok.type in ("text", "text_special", "code_inline") or tok.type == "image":
            parts.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif tok.type == "html_inline":
            parts.append(" ")
    return "".join(parts)


def _join(parts: list[str]) -> str:
    """Lines with single spaces, at most one empty line in a row."""
    out: list[str] = []
    for line in "\n".join(parts).split("\n"):
        line = " ".join(line.split())
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
