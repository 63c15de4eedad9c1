"""Problems: every distinct problem is reported, once."""

from __future__ import annotations

import re
from pathlib import Path

from builder.check.checker import check
from builder.document import Problem

REPAIR = "content/repairs/ejemplo-bomba-agua/index.md"


def _drop_sections(path: Path, titles: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    for title in titles:
        text, n = re.subn(rf"^## {title}\n", "", text, flags=re.M)
        assert n == 1, title
    path.write_text(text, encoding="utf-8")


def test_three_missing_sections_are_three_problems(project: Path) -> None:
    _drop_sections(project / REPAIR, ["Diagnóstico", "Resultado", "Lecciones aprendidas"])
    found = [p for p in check(project / "content").problems if p.path == REPAIR]
    missing = [p for p in found if p.code == "missing-section"]
    assert len(missing) == 3
    assert sorted(p.params["es_title"] for p in missing) == [
        "Diagnóstico", "Lecciones aprendidas", "Resultado"]


def test_equal_problems_count_once_and_differing_parameters_do_not_merge() -> None:
    a = Problem("x.md", 3, None, "missing-section", {"es_title": "Diagnóstico"})
    b = Problem("x.md", 3, None, "missing-section", {"es_title": "Resultado"})
    assert len({a, b, Problem("x.md", 3, None, "missing-section", {"es_title": "Resultado"})}) == 2
    assert a != b
