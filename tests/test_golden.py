"""Golden files: the rendered article of one repair page and one workshop page.

Regenerate after an intended change with `make golden` (KB_UPDATE_GOLDEN=1),
then review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
PAGES = {
    "repair.es.html": "reparaciones/ejemplo-bomba-agua/index.html",
    "repair.en.html": "en/repairs/ejemplo-bomba-agua/index.html",
    "workshop.es.html": "talleres/ejemplo-medir-piezas/index.html",
    "guide.es.html": "talleres/ejemplo-medir-piezas/guia/index.html",
}
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">.*?</article>', re.S)


def extract(html: str) -> str:
    match = ARTICLE.search(html)
    text = match.group(0) if match else html
    return "\n".join(line.rstrip() for line in text.splitlines()).strip() + "\n"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_golden(built_site, name):
    actual = extract((built_site / PAGES[name]).read_text(encoding="utf-8"))
    path = GOLDEN / name
    if os.environ.get("KB_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"missing golden file {path}: run `make golden`"
    assert actual == path.read_text(encoding="utf-8"), f"{name} changed: review, `make golden`"
