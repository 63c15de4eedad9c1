"""The live preview (`kb serve --dev`): a document with errors does not stop it. The
problems are told in the terminal, file:line first, and on the document's own page, in
its language; the rest of the site keeps previewing. A real build still stops."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass

from builder.check.checker import Report
from builder.check.names import printable
from builder.core.i18n import t
from builder.document import Problem
from builder.site.model import Generated, page_uri


@dataclass(frozen=True)
class Broken:
    """A content file kept out of the preview, and why."""

    rel: str
    kind: str
    doc_id: str
    lang: str
    problems: tuple[Problem, ...]


def broken(result: Report) -> dict[str, Broken]:
    """Every content file with an error: its path -> where its page would be, and why."""
    found: dict[str, list[Problem]] = {}
    for problem in result.errors:
        found.setdefault(problem.path, []).append(problem)
    out = {}
    for rel, problems in found.items():
        parts = rel.split("/")  # content/repairs/<id>/index[.en].md
        if len(parts) != 4 or parts[1] not in ("repairs", "workshops"):
            continue
        out[rel] = Broken(rel, parts[1].removesuffix("s"), parts[2], result.lang_of(rel),
                          tuple(problems))
    return out


def tell(found: dict[str, Broken], log: logging.Logger) -> None:
    for item in found.values():
        for line in _lines(item):
            log.error(line)


def _lines(item: Broken) -> list[str]:
    return [f"{printable(p.path)}:{p.line or 1}: {printable(p.message(item.lang))} [{p.code}]"
            f" -> {printable(p.hint(item.lang))}" for p in item.problems]


def pages(found: dict[str, Broken]) -> list[Generated]:
    """A page where each broken document's page would be, saying what to fix."""
    out = []
    for item in found.values():
        if item.lang not in ("es", "en"):
            continue
        rows = "\n".join(
            f"<li><code>{html.escape(printable(p.path))}:{p.line or 1}</code> "
            f"{html.escape(p.message(item.lang))} <code>[{p.code}]</code><br>"
            f"→ {html.escape(p.hint(item.lang))}</li>" for p in item.problems)
        text = (f"# {html.escape(t('preview_broken_title', item.lang))}\n\n"
                f"<p>{html.escape(t('preview_broken_text', item.lang))}</p>\n\n"
                f"<ul class=\"kb-preview-problems\">\n{rows}\n</ul>\n")
        out.append(Generated(page_uri(item.kind, item.doc_id, item.lang), text))
    return out
