"""kb check reads the search's synonyms (schema/synonyms.yaml) like a front matter:
each malformed entry is a coded problem with its line."""

from __future__ import annotations

from pathlib import Path

from builder.check.checker import check

BAD = """\
es:
  - use: rodamiento
    also: [balinera]
  - use: cuarto frío
  - use: "  "
    also: [cava]
  - use: congelador
    also: [nevera]
    note: regional
fr:
  - use: roulement
    also: [bille]
"""


def test_a_malformed_synonym_is_a_located_problem(project: Path) -> None:
    (project / "schema").mkdir()
    (project / "schema/synonyms.yaml").write_text(BAD, encoding="utf-8")
    found = sorted((p.line, p.field, p.code) for p in check(project / "content").problems
                   if p.path == "schema/synonyms.yaml")
    assert found == [
        (4, "es[1].also", "missing-field"),
        (5, "es[2].use", "empty-value"),
        (9, "es[3].note", "unknown-key"),
        (10, "fr", "unknown-key"),
    ]


def test_the_projects_synonyms_are_clean() -> None:
    root = Path(__file__).resolve().parents[1]
    assert [p for p in check(root / "content").problems if p.path.startswith("schema/")] == []
