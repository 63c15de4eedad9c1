"""Required body sections of a repair write-up, in order, in either language."""

from __future__ import annotations

from collections.abc import Iterator

from builder.document import SourceFile
from builder.load import markdown
from schema.vocabularies import fold, vocab


def headings(body: str, level: int = 2) -> Iterator[tuple[int, str]]:
    """(index of line, text) of each heading of ``level`` (``##`` by default), as the
    Markdown reader sees them: not in code, in lists or quotes too."""
    for line, found, text in markdown.parse(body).headings:
        if found == level:
            yield line, text


def section_keys() -> dict[str, str]:
    """Folded heading text (es or en) -> section key."""
    terms = vocab("repair_section").terms
    return {fold(label): key for key, t in terms.items() for label in t.values()}


def check(src: SourceFile) -> None:
    if markdown.parse(src.body).unread:
        return  # beyond the reader's limits: reported as such, not as missing sections
    terms = vocab("repair_section").terms
    order = list(terms)
    keys = section_keys()
    lang = src.data.get("lang") if src.data and src.data.get("lang") in ("es", "en") else "es"
    shown = " > ".join(terms[k][lang] for k in order)
    found: list[tuple[int, str, str]] = []
    for i, text in headings(src.body):
        key = keys.get(fold(text).strip(" :."))
        if key:
            found.append((src.body_line + i, key, text))
    ranks = [order.index(key) for _, key, _ in found]
    keep = _longest_increasing(ranks)
    for i, (line, _, text) in enumerate(found):
        if i not in keep:
            src.problem(line, None, "section-order", value=text, order=shown)
    present = {key for _, key, _ in found}
    for key in order:
        if key not in present:
            src.problem(src.body_line, None, "missing-section", es_title=terms[key]["es"],
                        en_title=terms[key]["en"], order=shown)


def _longest_increasing(ranks: list[int]) -> set[int]:
    """Indexes of a longest strictly increasing subsequence: the headings in order."""
    best: list[list[int]] = []
    for i, rank in enumerate(ranks):
        chains = [c for c in best if ranks[c[-1]] < rank]
        best.append(max(chains, key=len, default=[]) + [i])
    return set(max(best, key=len, default=[]))
