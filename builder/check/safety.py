"""Safe pages from untrusted contributions.

Policy: contributions are Markdown without raw HTML. `kb check` reports raw
HTML, unsafe link targets and event-handler attributes with their line, so the
contributor learns why; and as a second line of defence every page's HTML is
cleaned with nh3 (a maintained sanitizer) against an allowlist before it is
written, with links and images limited to relative paths, http(s) and mailto.
Front-matter strings are text: templates escape them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser
from urllib.parse import unquote

import nh3

from builder.check import assets, limits
from builder.check.validation import dotted
from builder.core import files
from builder.document import SourceFile
from builder.load import markdown
from builder.load.source import iter_strings

SAFE_SCHEMES = {"http", "https", "mailto"}
# An HTML tag, comment, declaration or processing instruction (not an autolink <https://...>).
TAG = markdown.TAG_START
# Attributes an attr_list block ({: ...}) must not set.
# (A name starts after no letter or dash, so each start is tried once: linear time.)
ATTR_NAME = re.compile(r"(?<![\w-])(on[a-z]+|style|href|src|srcdoc|formaction)\s*=", re.I)
# Attributes of any HTML element whose value the browser loads by itself.
RESOURCE_ATTRIBUTES = {"src", "srcset", "poster", "data", "background", "xlink:href", "codebase",
                       "imagesrcset", "lowsrc", "dynsrc", "manifest", "archive", "cite",
                       "action", "formaction", "longdesc", "profile"}

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "input", "ins", "kbd", "label", "li", "mark", "nav", "ol", "p", "pre", "q", "s",
    "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul",
}
GENERIC = {"class", "id", "title", "lang", "dir", "role", "hidden"}
# Attributes whose value a browser loads or follows; any other (title, alt, data-kb-*)
# is text, and "Ojo: ..." in it is not a URL.
URL_ATTRIBUTES = {"href", "src", "srcset", "poster", "data", "action", "formaction",
                  "background", "cite", "longdesc", "xlink:href", "ping", "manifest"}
ATTRIBUTES = {
    "a": {"href", "hreflang", "download", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "value"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
    "details": {"open"},
    "time": {"datetime"},
    "nav": {"aria-label"},
}


def _clean(target: str) -> str:
    """The target as a browser reads it: entities and percent-encoding decoded, control
    and blank characters (which browsers skip in a scheme) left out."""
    text = html.unescape(unquote(html.unescape(target)))
    return "".join(c for c in text if not unicodedata.category(c).startswith(("C", "Z")))


def _scheme(target: str) -> str | None:
    """The scheme a browser would see, after entity and percent decoding."""
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", _clean(target))
    return match.group(1).lower() if match else None


def unsafe_target(target: str) -> bool:
    scheme = _scheme(target)
    return scheme is not None and scheme not in SAFE_SCHEMES


def check(src: SourceFile) -> None:
    """Report raw HTML, unsafe links, remote resources, unsafe attributes and the
    body's size limits, each at its line, in the body and in front-matter strings."""
    body = markdown.parse(src.body)
    limits.check(src, body)
    _check_html(src, body)
    for target in body.targets():
        line = src.body_line + target.line
        if unsafe_target(target.target):
            src.problem(line, None, "unsafe-link", value=target.target[:60])
        elif target.kind == "link":
            _check_local_link(src, target.target, line)
    for line, text in body.texts():
        if (name := unsafe_attribute(text)) is not None:
            src.problem(src.body_line + line, None, "unsafe-attribute", value=name)
    for loc, text in iter_strings(src.data):
        _check_string(src, text, src.line_of(loc), dotted(loc))


def _check_html(src: SourceFile, body: markdown.Body) -> None:
    """Raw HTML (one problem a line), and every remote resource it would load."""
    lines: set[int] = set()
    for line, text in [*body.html(), *body.stray_tags()]:
        if line not in lines:
            lines.add(line)
            src.problem(src.body_line + line, None, "raw-html", value=text[:40])
        for offset, url in resource_urls(text):
            if is_remote(url):
                src.problem(src.body_line + line + offset, None, "remote-asset", value=url[:60])


def _check_string(src: SourceFile, text: str, line: int, field: str) -> None:
    """A front-matter string is text; HTML or a link in it is reported all the same."""
    match = TAG.search(text)
    if match:
        src.problem(line, field, "raw-html", value=text[match.start():match.start() + 40])
    if "[" not in text and "<" not in text:  # no link, image or autolink can be in it
        return
    for target in markdown.read(text).targets():
        if unsafe_target(target.target):
            src.problem(line, field, "unsafe-link", value=target.target[:60])


def check_folder(src: SourceFile) -> None:
    """Files in the document's folder that resolve (through links) outside it."""
    if src.lang_suffix is not None:  # the folder is checked once, with index.md
        return
    folder = src.directory.resolve()
    for path in sorted(src.directory.rglob("*")):
        if path.is_symlink() and not path.resolve().is_relative_to(folder):
            rel = path.relative_to(src.directory).as_posix()
            src.problem(1, None, "asset-outside-folder", value=rel)


def unsafe_attribute(text: str) -> str | None:
    """The first attribute an attr_list block (``{: ...}``) in ``text`` would set that
    we do not allow (event handlers, style, links). Linear: the text is cut at each
    "}" and only what follows the first "{" of each piece is searched, once."""
    if "{" not in text:
        return None
    for piece in text.split("}")[:-1]:
        start = piece.find("{")
        if start >= 0 and (match := ATTR_NAME.search(piece, start)):
            return match.group(1).lower()
    return None


class _Resources(HTMLParser):
    """Collects (line offset, URL) of everything an HTML fragment would load."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        offset = self.getpos()[0] - 1
        for name, value in attrs:
            if not value:
                continue
            if name in RESOURCE_ATTRIBUTES or (name == "href" and tag != "a"):
                urls = _srcset(value) if name.endswith("srcset") else [value]
                self.found += [(offset, url) for url in urls]

    handle_startendtag = handle_starttag


def resource_urls(fragment: str) -> list[tuple[int, str]]:
    """(line offset in the fragment, URL) of what an HTML fragment would load by itself:
    src, srcset, poster, data, href of anything but a link, CSS url() and @import.

    Each tag is parsed apart (the fragment cut before every "<"): html.parser looks
    for the end of an unclosed tag to the end of its input, which on "<a <a <a..."
    would take quadratic time. A URL inside a tag whose value holds a "<" is still
    found: the cut leaves it in a tag of its own."""
    found: list[tuple[int, str]] = []
    offset = 0
    for piece in fragment.split("<"):
        if "=" in piece:
            parser = _Resources()
            try:
                parser.feed("<" + piece + ">")
                parser.close()
            except Exception:  # noqa: BLE001 -- lenient parser; never stop a check
                pass
            found += [(offset + line, url) for line, url in parser.found]
        offset += piece.count("\n")
    found += [(0, url) for url in css_urls(fragment)]  # <style> text, style="url(...)"
    return found


def _srcset(value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.split()]


def css_urls(css: str) -> list[str]:
    """The targets of url(...) and @import "..." in a piece of CSS (linear scan)."""
    found, lower = [], css.lower()
    for marker, closer in (("url(", ")"), ("@import", ";")):
        at = lower.find(marker)
        while at >= 0:
            end = lower.find(closer, at)
            value = css[at + len(marker):end if end >= 0 else len(css)]
            found.append(value.strip().strip("\"'").strip())
            at = lower.find(marker, at + len(marker))
    return found


def is_remote(url: str) -> bool:
    """A URL that is not a file of the site: any scheme but data:, or a network path
    (``//host/x``), read as a browser would (entities, percent-encoding, blanks)."""
    text = _clean(url)
    if text.replace("\\", "/").startswith("//"):
        return True
    scheme = _scheme(text)
    return scheme is not None and scheme not in ("data", "javascript", "vbscript")


def _check_local_link(src: SourceFile, target: str, line: int) -> None:
    """A relative link must name a file of the document's folder (images are checked
    with the other assets)."""
    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path or _scheme(target) or target.startswith("//"):
        return
    found = assets.resolve(src.directory, path)
    if found is None:
        src.problem(line, None, "asset-outside-folder", value=target[:60])
    elif not isinstance(found, str) and not files.is_file(found):
        src.problem(line, None, "missing-asset", value=target[:60])


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr in ("href", "src") and unsafe_target(value):
        return None
    if attr in URL_ATTRIBUTES and not (attr == "href" and tag == "a") and is_remote(value):
        return None  # the offline site loads nothing from elsewhere; links may point out
    return value


def sanitize(page_html: str) -> str:
    """Keep only allowlisted tags and attributes; drop scripts, handlers, unsafe URLs."""
    return nh3.clean(
        page_html,
        tags=TAGS,
        attributes={tag: ATTRIBUTES.get(tag, set()) | GENERIC for tag in TAGS},
        generic_attribute_prefixes={"data-kb-", "aria-"},
        url_schemes=SAFE_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_attribute_filter,
    )
