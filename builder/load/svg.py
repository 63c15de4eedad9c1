"""SVG drawings: what a contributed SVG may contain, and the copy the site publishes.

An SVG is a program as much as a picture: scripts and event handlers run when
someone opens the file itself (same origin as the site on a LAN server or in
Kiwix), external references make the offline site call the internet, and a few
nested ``<use>`` elements expand into billions of shapes that hang the build and
the reader's browser. ``inspect`` reports each of those (parsed with defusedxml:
no entity expansion, no external entities); ``sanitized`` gives the bytes the site
publishes, filtered by py-svg-hush (a maintained allow-list sanitizer) and then
inspected again, so that what py-svg-hush lets through (CSS ``image-set()``, for
one) is refused rather than published. Limits: docs/limits.md.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET
from py_svg_hush import filter_svg

SVG_NS = "http://www.w3.org/2000/svg"
MAX_USE_DEPTH = 8  # <use> of a <use> of ... (an Inkscape clone of a clone is 2)
MAX_ELEMENTS = 100_000  # elements once every <use> is expanded
MAX_NESTING = 200  # elements inside elements
# Images an SVG may embed as data: URLs (the formats the site publishes).
DATA_IMAGES = {"image": ["png", "jpeg", "gif", "webp"]}
DATA_URL = re.compile(r"^data:image/(png|jpeg|gif|webp)[;,]", re.I)
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Elements that run code or embed a document: never in a published drawing.
ACTIVE = {"script", "foreignobject", "handler", "listener", "iframe", "embed", "object",
          "frame", "frameset", "applet", "base", "link", "meta"}
ANIMATION = {"set", "animate", "animatemotion", "animatetransform", "animatecolor"}
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)", re.S)
C0_AND_SPACE = "".join(map(chr, range(0x21)))
CSS_STRING = re.compile(r"\"([^\"\n]*)\"|'([^'\n]*)'")


def inspect(data: bytes) -> list[tuple[str, dict[str, Any]]]:
    """(code, parameters) for each thing wrong with the SVG ``data``: the first
    occurrence of each kind, so a hostile file gives a few lines, not thousands."""
    if b"<svg" not in data[:64 * 1024]:
        return [("not-an-image", {"detail_es": "no contiene <svg>",
                                  "detail_en": "it has no <svg> element"})]
    try:
        root = _parse(data)
    except defusedxml.DefusedXmlException:
        return [("svg-active-content", {"detail": "<!ENTITY>"})]
    except (ParseError, ValueError) as exc:
        return [("broken-image", {"detail": f"XML: {str(exc)[:80]}"})]
    if root is None:  # refused whatever else it holds: no need to read the rest
        return [("svg-too-complex", {"detail_es": f"más de {MAX_ELEMENTS} elementos",
                                     "detail_en": f"more than {MAX_ELEMENTS} elements"})]
    if root.tag != f"{{{SVG_NS}}}svg":
        return [("not-an-image", {"detail_es": f'la raíz no es <svg xmlns="{SVG_NS}">',
                                  "detail_en": f'the root is not <svg xmlns="{SVG_NS}">'})]
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    if b"<?xml-stylesheet" in data:
        found["svg-external-reference"] = ("svg-external-reference",
                                           {"detail": "<?xml-stylesheet?>"})
    for code, detail in _walk(root):
        found.setdefault(code, (code, {"detail": detail[:80]}))
    if "svg-too-complex" not in found:
        complexity = _complexity(root)
        if complexity:
            found["svg-too-complex"] = ("svg-too-complex", {"detail_es": complexity[0],
                                                            "detail_en": complexity[1]})
    return list(found.values())


def _parse(data: bytes) -> Element | None:
    """The document's root, or None when it has more than MAX_ELEMENTS elements (parsing
    stops there: a 5 MB file of shapes costs no more than the limit)."""
    events = SafeET.iterparse(io.BytesIO(data), events=("start",), forbid_dtd=False,
                              forbid_entities=True, forbid_external=True)
    root = None
    for count, (_, element) in enumerate(events, 1):
        root = element if root is None else root
        if count > MAX_ELEMENTS:
            return None
    return root


def sanitized(data: bytes) -> bytes | None:
    """The bytes the site publishes for an SVG, or None when it cannot be made safe
    (then nothing of it is published: `kb check` has reported why)."""
    try:
        out = filter_svg(data, keep_data_url_mime_types=DATA_IMAGES)
    except Exception:  # noqa: BLE001 - anything svg-hush cannot read is not published
        return None
    return None if inspect(out) else out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _walk(root: Element) -> Iterator[tuple[str, str]]:
    """Active content and external references, element by element (no recursion: a
    deeply nested file is reported, not a crash)."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_NESTING:
            yield "svg-too-complex", f"> {MAX_NESTING}"
            return
        name = _local(element.tag) if isinstance(element.tag, str) else ""
        if name in ACTIVE:
            yield "svg-active-content", f"<{name}>"
        if name == "style" and element.text:
            yield from _css(element.text)
        yield from _attributes(element, name)
        stack += [(child, depth + 1) for child in reversed(element)]


def _attributes(element: Element, name: str) -> Iterator[tuple[str, str]]:
    for key, value in element.attrib.items():
        attr = _local(key)
        if attr.startswith("on"):
            yield "svg-active-content", f"{attr}="
        elif attr in ("href", "src"):
            yield from _reference(value, name, attr)
        elif attr == "base":  # xml:base turns every relative reference into another site's
            yield "svg-external-reference", f"xml:base={value}"
        elif attr == "style":
            yield from _css(value)
        elif name in ANIMATION and attr == "attributename" and \
                (_local(value).startswith("on") or _local(value) in ("href", "src", "style")):
            yield "svg-active-content", f"<{name} attributeName={value}>"
        elif "url(" in value.lower():
            yield from _css(value)
        elif re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:",
                                                                     "vbscript:")):
            yield "svg-active-content", f"{attr}={value[:40]}"  # e.g. <animate values=...>


def _reference(value: str, element: str, attr: str) -> Iterator[tuple[str, str]]:
    target = _url(value)
    if target.startswith("#"):
        return
    scheme = SCHEME.match(target)
    if scheme and scheme.group(1).lower() == "data":
        if not DATA_URL.match(target):
            yield "svg-active-content", f"{attr}={target[:40]}"
    elif scheme and scheme.group(1).lower() in ("javascript", "vbscript"):
        yield "svg-active-content", f"{attr}={target[:40]}"
    elif element == "use" or not _inside(target):
        yield "svg-external-reference", f"<{element} {attr}={target[:60]}>"


def _url(value: str) -> str:
    """The URL a browser reads: without surrounding spaces and control characters, and
    without the tabs and newlines the URL parser drops."""
    text = value.strip(C0_AND_SPACE)
    return text.replace("\t", "").replace("\n", "").replace("\r", "")


def _inside(target: str) -> bool:
    """A relative path that stays in the drawing's folder (no scheme, no host, no ..)."""
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if SCHEME.match(target) or target.startswith(("/", "\\")) or "\\" in path:
        return False
    return ".." not in path.split("/")


def _css(text: str) -> Iterator[tuple[str, str]]:
    """External references in CSS: url(...) and strings to anywhere but this drawing, and
    @import. Escapes and comments are undone first (u\\72l( is url()."""
    css = CSS_ESCAPE.sub(lambda m: chr(min(int(m.group(1), 16), 0x10FFFF) or 0xFFFD)
                         if m.group(1) else m.group(2), _no_comments(text)).lower()
    if "@import" in css:
        yield "svg-external-reference", "@import"
    if "expression(" in css or "javascript:" in css:
        yield "svg-active-content", "CSS expression()/javascript:"
    at = css.find("//")  # CSS has no // comments: a // is an address, wherever it stands
    if at >= 0:
        yield "svg-external-reference", css[max(0, at - 8):at + 40]
    start = css.find("url(")
    while start >= 0:
        end = css.find(")", start)
        arg = css[start + 4:end if end >= 0 else len(css)].strip().strip("\"'")
        if not arg.startswith("#") and not DATA_URL.match(arg) and not _inside(_url(arg)):
            yield "svg-external-reference", f"url({arg[:60]})"
        start = css.find("url(", start + 4)
    for match in CSS_STRING.finditer(css):
        value = _url(match.group(1) or match.group(2) or "")
        if "//" in value or (SCHEME.match(value) and not DATA_URL.match(value)):
            yield "svg-external-reference", value[:60]


def _no_comments(text: str) -> str:
    out, pos = [], 0
    while (start := text.find("/*", pos)) >= 0:
        out.append(text[pos:start])
        end = text.find("*/", start + 2)
        pos = len(text) if end < 0 else end + 2
    out.append(text[pos:])
    return "".join(out)


def _complexity(root: Element) -> tuple[str, str] | None:
    """Why the drawing is too big once its <use> elements are expanded, or None.

    Sizes are computed once per element (memoised, saturating at the limit), so
    the cost is linear in the file however much it would expand."""
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    links: dict[int, Element] = {}  # a <use> -> the element it shows
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.endswith("use") and _local(el.tag) == "use":
            href = _url(next((v for k, v in el.attrib.items() if _local(k) == "href"), ""))
            if href.startswith("#") and href[1:] in ids:
                links[id(el)] = ids[href[1:]]

    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    state: dict[int, int] = {}
    stack: list[tuple[Element, bool]] = [(root, False)]
    while stack:
        el, ready = stack.pop()
        key = id(el)
        linked = links.get(key)
        if not ready:
            if state.get(key) == 2:
                continue
            if state.get(key) == 1:
                return ("un <use> se contiene a sí mismo", "a <use> contains itself")
            state[key] = 1
            stack.append((el, True))
            for dep in (*el, *([linked] if linked is not None else [])):
                if state.get(id(dep)) == 1:
                    return ("un <use> se contiene a sí mismo", "a <use> contains itself")
                if state.get(id(dep)) != 2:
                    stack.append((dep, False))
            continue
        state[key] = 2
        total = 1 + sum(size[id(c)] for c in el)
        levels = max((depth[id(c)] for c in el), default=0)
        if linked is not None:
            total += size[id(linked)]
            levels = max(levels, depth[id(linked)] + 1)
        size[key], depth[key] = min(total, MAX_ELEMENTS + 1), levels
        if levels > MAX_USE_DEPTH:
            return (f"<use> anidados en más de {MAX_USE_DEPTH} niveles",
                    f"<use> nested more than {MAX_USE_DEPTH} levels deep")
        if total > MAX_ELEMENTS:
            return (f"más de {MAX_ELEMENTS} elementos al expandir <use>",
                    f"more than {MAX_ELEMENTS} elements once <use> is expanded")
    return None
