"""The page loop on both cores: a child process writes every other page of ours.

MkDocs renders and writes the pages one after the other. When the theme's
environment is ready (``on_env``), ``split`` starts a child process (a fork: it
has every page, the navigation and the theme already) that prepares, renders and
writes the odd pages of ours that this build makes, while this process does the
rest; the odd ones are given an empty template here, for which MkDocs writes
nothing. ``joined`` waits for the child before anything reads the site, and takes
back the anchors of its pages (MkDocs checks links to anchors at the end). Each
page is made by the same code in either process, so the site is the same as one
process makes. Without fork (or with threads running: ``kb serve --dev``) every
page is made here.
"""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.commands.build import _build_page
from mkdocs.structure.files import InclusionLevel

from builder.core import parallel
from builder.site.convert import KbPage

SKIP = "kb-skip.html"  # theme/kb-skip.html: empty, so MkDocs writes no file for the page

Anchors = dict[str, tuple[set[str] | None, dict[str, dict[str, str]] | None]]


def split(config, files, nav, env, dirty: bool) -> Callable[[], None]:
    """Start writing the odd pages in a child; return the function that waits for it."""
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    ours = [f.page for f in doc_files
            if isinstance(f.page, KbPage) and (not dirty or f.is_modified())]
    theirs = ours[1::2]
    if not theirs or not parallel.forks():
        return lambda: None

    def write() -> Anchors:
        for page in theirs:
            _build_page(page, config, doc_files, nav, env)
        return {p.file.src_uri: (p.present_anchor_ids, _by_uri(p.links_to_anchors))
                for p in theirs}

    wait = parallel.started(write)
    for page in theirs:  # here, MkDocs renders them with an empty template: no file
        page.meta = {"template": SKIP}
        page.prepared = True

    def joined() -> None:
        anchors = wait()
        for page in theirs:
            page.present_anchor_ids, links = anchors[page.file.src_uri]
            page.links_to_anchors = None if links is None else {
                files.get_file_from_path(uri): found for uri, found in links.items()}

    return joined


def _by_uri(links: dict | None) -> dict[str, dict[str, str]] | None:
    """Links to anchors keyed by the linked file's path (a File does not travel)."""
    return None if links is None else {f.src_uri: found for f, found in links.items()}
