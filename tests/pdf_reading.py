"""Reading the PDFs WeasyPrint writes, enough to count pages and measure drawings.

No PDF library is installed, and none is needed for this: WeasyPrint (pydyf) writes
plain objects, Flate streams and object streams. ``pages`` gives each page's size and
the straight line segments drawn on it, in millimetres from the page's bottom-left
corner, through every ``cm`` and form XObject's ``/Matrix``.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

MM = 25.4 / 72  # one PDF point in millimetres
REF = rb"(\d+) 0 R"


@dataclass
class Page:
    width: float  # mm
    height: float
    segments: list[tuple[float, float, float, float]] = field(default_factory=list)


START = re.compile(rb"(\d+) 0 obj\s*")


def objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Object number -> (dictionary text, decoded stream or None). A stream is read by
    its ``/Length``, so binary data that happens to hold "endobj" is no trouble."""
    out: dict[int, tuple[bytes, bytes | None]] = {}
    at = 0
    while (match := START.search(pdf, at)) is not None:
        start = match.end()
        stream = re.compile(rb"stream\r?\n").search(pdf, start)
        end = pdf.find(b"endobj", start)
        if stream is not None and stream.start() < end:
            head = pdf[start:stream.start()]
            length = int(re.search(rb"/Length (\d+)", head).group(1))
            data = pdf[stream.end():stream.end() + length]
            if b"/FlateDecode" in head:
                data = zlib.decompress(data)
            out[int(match.group(1))] = (head, data)
            at = pdf.find(b"endobj", stream.end() + length) + 6
        else:
            out[int(match.group(1))] = (pdf[start:end], None)
            at = end + 6
    for head, data in list(out.values()):
        if data is not None and b"/ObjStm" in head:
            first = int(re.search(rb"/First (\d+)", head).group(1))
            numbers = data[:first].split()
            for i in range(0, len(numbers), 2):
                begin = first + int(numbers[i + 1])
                stop = first + int(numbers[i + 3]) if i + 3 < len(numbers) else len(data)
                out[int(numbers[i])] = (data[begin:stop], None)
    return out


def _matmul(a: list[float], b: list[float]) -> list[float]:
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


TOKEN = re.compile(rb"/[^\s/\[\]()<>]+|\((?:\\.|[^\\)])*\)|<[0-9a-fA-F\s]*>|\[|\]|[^\s/\[\]()<>]+")


def _xobjects(head: bytes, objs) -> dict[bytes, int]:
    resources = re.search(rb"/Resources\s*" + REF, head)
    text = objs[int(resources.group(1))][0] if resources else head
    found = re.search(rb"/XObject\s*(?:" + REF + rb"|<<(.*?)>>)", text, re.S)
    if not found:
        return {}
    inner = objs[int(found.group(1))][0] if found.group(1) else found.group(2)
    return {name: int(num) for name, num in re.findall(rb"(/[^\s/]+)\s*" + REF, inner)}


def _run(content: bytes, ctm: list[float], head: bytes, objs, page: Page, depth: int = 0):
    names = _xobjects(head, objs)
    stack, args, point = [], [], (0.0, 0.0)
    for token in TOKEN.findall(content):
        if re.fullmatch(rb"[-+]?(\d+\.?\d*|\.\d+)", token):
            args.append(float(token))
            continue
        if token.startswith(b"/"):
            args.append(token)
            continue
        if token == b"q":
            stack.append(ctm)
        elif token == b"Q":
            ctm = stack.pop() if stack else ctm
        elif token == b"cm" and len(args) >= 6:
            ctm = _matmul([float(a) for a in args[-6:]], ctm)
        elif token == b"m" and len(args) >= 2:
            point = _apply(ctm, args[-2], args[-1])
        elif token == b"l" and len(args) >= 2:
            end = _apply(ctm, args[-2], args[-1])
            page.segments.append((point[0] * MM, point[1] * MM, end[0] * MM, end[1] * MM))
            point = end
        elif token == b"Do" and args and args[-1] in names and depth < 8:
            form_head, form_data = objs[names[args[-1]]]
            if form_data is not None and b"/Form" in form_head:
                matrix = re.search(rb"/Matrix\s*\[([^\]]*)\]", form_head)
                inner = ctm if not matrix else _matmul(
                    [float(v) for v in matrix.group(1).split()], ctm)
                _run(form_data, inner, form_head, objs, page, depth + 1)
        args = [] if not isinstance(token, bytes) or token.isalpha() else args
    return page


def _apply(m: list[float], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def pages(pdf: bytes) -> list[Page]:
    """The pages of ``pdf`` in order, with their size and line segments."""
    objs = objects(pdf)
    root = next(h for h, _ in objs.values() if re.search(rb"/Type\s*/Pages\b", h)
                and not re.search(rb"/Parent\b", h))
    out: list[Page] = []

    def walk(head: bytes) -> None:
        if re.search(rb"/Type\s*/Pages\b", head):
            kids = re.search(rb"/Kids\s*\[([^\]]*)\]", head).group(1)
            for num in re.findall(REF, kids):
                walk(objs[int(num)][0])
            return
        box = [float(v) for v in re.search(rb"/MediaBox\s*\[([^\]]*)\]", head).group(1).split()]
        page = Page((box[2] - box[0]) * MM, (box[3] - box[1]) * MM)
        refs = re.search(rb"/Contents\s*(?:\[([^\]]*)\]|(\d+ 0 R))", head)
        for num in re.findall(REF, refs.group(1) or refs.group(2)):
            _run(objs[int(num)][1] or b"", [1, 0, 0, 1, 0, 0], head, objs, page)
        out.append(page)

    walk(root)
    return out


def page_count(pdf: bytes) -> int:
    return len(pages(pdf))
