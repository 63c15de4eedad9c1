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
from urllib.parse import unquote

import nh3

from builder.check import assets
from builder.check.validation import dotted
from builder.document import SourceFile
from builder.load.source import iter_strings

SAFE_SCHEMES = {"http", "https", "mailto"}
# An HTML tag, comment, declaration or processing instruction (not an autolink <https://...>).
TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9-]*(?=[\s/>])|/[a-zA-Z]|!|\?)")
LINK_TARGET = re.compile(r"\]\(\s*<?([^)>\s]*)")
PLAIN_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)>\s]*)")  # a link, not an image
REF_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
ATTR_LIST = re.compile(r"\{:?[^}]*\b(on[a-z]+|style|href|src|srcdoc|formaction)\s*=", re.I)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "input", "ins", "kbd", "label", "li", "mark", "nav", "ol", "p", "pre", "q", "s",
    "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul",
}
GENERIC = {"class", "id", "title", "lang", "dir", "role", "hidden"}
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


def _scheme(target: str) -> str | None:
    """The scheme a browser would see, after entity and percent decoding."""
    text = html.unescape(unquote(html.unescape(target)))
    text = "".join(c for c in text if not unicodedata.category(c).startswith(("C", "Z")))
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", text)
    return match.group(1).lower() if match else None


def unsafe_target(target: str) -> bool:
    scheme = _scheme(target)
    return scheme is not None and scheme not in SAFE_SCHEMES


def check(src: SourceFile) -> None:
    """Report raw HTML and unsafe links in the body and in front-matter strings."""
    fence = False
    for n, line in enumerate(src.body.split("\n")):
        if re.match(r"^\s{0,3}(```|~~~)", line):
            fence = not fence
            continue
        if fence or line.startswith(("    ", "\t")):
            continue
        _check_line(src, CODE_SPAN.sub("", line), src.body_line + n, None)
    for loc, text in iter_strings(src.data):
        _check_line(src, text, src.line_of(loc), dotted(loc), front_matter=True)


def check_folder(src: SourceFile) -> None:
    """Files in the document's folder that resolve (through links) outside it."""
    if src.lang_suffix is not None:  # the folder is checked once, with index.md
        return
    folder = src.directory.resolve()
    for path in sorted(src.directory.rglob("*")):
        if path.is_symlink() and not path.resolve().is_relative_to(folder):
            rel = path.relative_to(src.directory).as_posix()
            src.problem(1, None, "asset-outside-folder", value=rel)


def _check_line(src: SourceFile, text: str, line: int, field: str | None,
                front_matter: bool = False) -> None:
    match = TAG.search(text)
    if match:
        src.problem(line, field, "raw-html", value=text[match.start():match.start() + 40])
    targets = [m.group(1) for m in LINK_TARGET.finditer(text)]
    targets += [m.group(1) for m in AUTOLINK.finditer(text)]
    if not front_matter and (ref := REF_DEFINITION.match(text)):
        targets.append(ref.group(1))
    for target in targets:
        if unsafe_target(target):
            src.problem(line, field, "unsafe-link", value=target[:60])
    if not front_matter:
        for match in PLAIN_LINK.finditer(text):
            if not unsafe_target(match.group(1)):
                _check_local_link(src, match.group(1), line)
    attr = ATTR_LIST.search(text)
    if attr and not front_matter:
        src.problem(line, field, "unsafe-attribute", value=attr.group(1))


def _check_local_link(src: SourceFile, target: str, line: int) -> None:
    """A relative link must name a file of the document's folder (images are checked
    with the other assets)."""
    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path or _scheme(target) or target.startswith("//"):
        return
    found = assets.resolve(src.directory, path)
    if found is None:
        src.problem(line, None, "asset-outside-folder", value=target[:60])
    elif not isinstance(found, str) and not found.is_file():
        src.problem(line, None, "missing-asset", value=target[:60])


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr in ("href", "src") and unsafe_target(value):
        return None
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
