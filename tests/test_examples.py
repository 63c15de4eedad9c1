"""Example folders: the valid project is clean; each invalid case gives its problems."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from builder.check.checker import check
from builder.document import catalogue

from .conftest import EXAMPLES, make_project

CASES = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())


def test_valid_example_has_no_problems(project: Path) -> None:
    report = check(project / "content")
    assert report.problems == []
    assert report.files == 4
    assert {(d.kind, d.id, d.lang) for d in report.documents} == {
        ("repair", "ejemplo-bomba-agua", "es"),
        ("repair", "ejemplo-bomba-agua", "en"),
        ("workshop", "ejemplo-medir-piezas", "es"),
        ("workshop", "ejemplo-taller-basico", "es"),
    }


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_case(case: Path, tmp_path: Path) -> None:
    root = make_project(tmp_path, case)
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    report = check(root / "content")
    found = [
        {"path": p.path, "line": p.line, "field": p.field, "code": p.code}
        for p in report.problems
    ]
    assert found == expected
    assert case.name in {p["code"] for p in found}
    assert all(p["line"] for p in found), "every problem names a line"


def test_every_code_has_an_invalid_case() -> None:
    # package codes come from `kb import`, not from a content folder: tests/test_import_hostile.py
    packages = {c.code for c in catalogue().values() if c.group == "package"}
    # committed-cache needs a git repository, which an example overlay cannot hold:
    # tests/test_faults.py commits a cache in one instead
    elsewhere = {"file-too-large", "committed-cache"} | packages
    assert {c.name for c in CASES} >= set(catalogue()) - elsewhere
    assert {c.name for c in CASES} <= set(catalogue())


def test_oversized_file(project: Path) -> None:
    path = project / "content/repairs/ejemplo-bomba-agua/index.en.md"
    path.write_text(path.read_text() + "\n" + "relleno " * 80_000, encoding="utf-8")
    codes = [(p.path, p.line, p.code) for p in check(project / "content").problems]
    assert codes == [("content/repairs/ejemplo-bomba-agua/index.en.md", 1, "file-too-large")]
