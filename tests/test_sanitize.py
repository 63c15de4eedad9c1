"""The sanitiser drops what would load from elsewhere, and only that: text in a title or
a data-kb- attribute that starts with "word:" is text, not a URL."""

from __future__ import annotations

from pathlib import Path

from builder.check.checker import check
from builder.check.safety import sanitize

REPAIR = "content/repairs/ejemplo-bomba-agua/index.md"


def test_text_attributes_with_a_colon_are_kept() -> None:
    out = sanitize('<span title="Ojo: caliente" data-kb-note="Nota: 5 mm">x</span>')
    assert 'title="Ojo: caliente"' in out and 'data-kb-note="Nota: 5 mm"' in out


def test_resources_from_elsewhere_are_dropped_and_links_kept() -> None:
    out = sanitize('<img src="http://x.example/a.png" alt="Ojo: a">'
                   '<a href="https://x.example/leer">leer</a>')
    assert "x.example/a.png" not in out and 'alt="Ojo: a"' in out
    assert 'href="https://x.example/leer"' in out


def test_an_image_name_too_long_for_the_disk_is_a_problem_not_a_crash(project: Path) -> None:
    path = project / REPAIR
    name = "y" * 300 + ".png"
    path.write_text(path.read_text(encoding="utf-8") + f"\n![Pieza]({name})\n",
                    encoding="utf-8")
    codes = {p.code for p in check(project / "content").problems if p.path == REPAIR}
    assert "missing-asset" in codes
