"""Size and nesting limits of a body, checked before anything renders it.

The site is rendered by Python-Markdown, whose time grows faster than the text
on some shapes of input (many headings, many unclosed "[", deep lists, very long
blocks). `kb check` reads every body in linear time (``builder.load.markdown``)
and reports a body beyond these limits as an error, so `kb build` never gets it.
The limits are far above what a write-up needs; docs/limits.md lists them.
"""

from __future__ import annotations

from builder.document import SourceFile
from builder.load.markdown import MAX_BRACKETS, MAX_EMPHASIS, MAX_LINE, MAX_LINES, Body

MAX_HEADINGS = 200  # headings in one body
MAX_DEPTH = 10  # lists, quotes and admonitions inside one another
MAX_BLOCK = 10_000  # characters in one block of text (lines with no empty line between)
# The reader's own limits (a body beyond them is not read at all): name -> code, limit.
UNREAD = {"line": ("line-too-long", MAX_LINE), "lines": ("too-many-lines", MAX_LINES),
          "brackets": ("too-many-links", MAX_BRACKETS),
          "emphasis": ("too-much-emphasis", MAX_EMPHASIS)}


def check(src: SourceFile, body: Body) -> None:
    """Report each limit the body goes beyond, once, at the first line beyond it."""
    at = src.body_line
    for name, (line, count) in body.unread.items():
        code, limit = UNREAD[name]
        src.problem(at + line, None, code, count=count, limit=limit)
    if body.unread:
        return  # not read: nothing more can be said of it
    if len(body.headings) > MAX_HEADINGS:
        src.problem(at + body.headings[MAX_HEADINGS][0], None, "too-many-headings",
                    count=len(body.headings), limit=MAX_HEADINGS)
    if body.max_depth > MAX_DEPTH:
        src.problem(at + body.depth_line, None, "nesting-too-deep", count=body.max_depth,
                    limit=MAX_DEPTH)
    if (block := _long_block(body)) is not None:
        src.problem(at + block[0], None, "block-too-long", count=block[1], limit=MAX_BLOCK)


def _long_block(body: Body) -> tuple[int, int] | None:
    """(first line, characters) of the first block of text over ``MAX_BLOCK``."""
    start, size = 0, 0
    for i, line in enumerate(body.lines):
        if i in body.code or not line.strip():
            if size > MAX_BLOCK:
                return start, size
            size = 0
            continue
        if size == 0:
            start = i
        size += len(line) + 1
    return (start, size) if size > MAX_BLOCK else None
