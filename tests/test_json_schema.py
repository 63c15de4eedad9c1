"""The JSON Schema for editors accepts what `kb check`'s field validation accepts, and
refuses what it refuses: a real validator (jsonschema) over all content and examples."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from builder.load.source import discover, load

from .conftest import EXAMPLES, ROOT, make_project

SCHEMAS = {kind: json.loads((ROOT / f"schema/json/{kind}.schema.json").read_text())
           for kind in ("repair", "workshop")}
# Codes of the field validation that a JSON Schema can express (not rules across fields
# or documents, the body or the files).
FIELD_CODES = {"wrong-type", "invalid-date", "empty-value", "unknown-key", "missing-field",
               "text-too-long", "too-few-items", "too-many-items", "invalid-slug",
               "invalid-country", "invalid-license", "invalid-url", "out-of-range"}
# Not here: invalid-value (YAML's .nan has no JSON form for an editor to check).
CASES = sorted(p for p in (EXAMPLES / "invalid").iterdir()
               if p.is_dir() and p.name in FIELD_CODES)


def _errors(path: Path, content: Path) -> list[str]:
    """What an editor's JSON Schema says of one file's front matter (YAML read as JSON
    tools read it: dates as text)."""
    src = load(path, content)
    assert src.data is not None, src.problems
    data = json.loads(json.dumps(src.data, default=str))
    validator = jsonschema.Draft202012Validator(
        SCHEMAS[src.kind], format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("content", [ROOT / "content", EXAMPLES / "valid" / "content"],
                         ids=["content", "valid-example"])
def test_every_valid_file_passes_the_json_schema(content: Path) -> None:
    files = discover(content)
    assert files
    assert {p.relative_to(content).as_posix(): _errors(p, content) for p in files} == \
        {p.relative_to(content).as_posix(): [] for p in files}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_field_errors_are_json_schema_errors(case: Path, tmp_path: Path) -> None:
    root = make_project(tmp_path, case)
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    paths = {e["path"] for e in expected if e["code"] == case.name}
    for rel in paths:
        assert _errors(root / rel, root / "content"), rel


def test_cases_cover_the_field_codes() -> None:
    assert len(CASES) >= 10
