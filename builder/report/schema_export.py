"""JSON Schema files for editors (VS Code's YAML extension and others)."""

from __future__ import annotations

import json
from pathlib import Path

from builder.report.codes_doc import render_catalogue, render_fields
from schema.models import BibEntry, Repair, Workshop

MODELS = {"repair": Repair, "workshop": Workshop}


def schemas() -> dict[str, str]:
    out = {}
    for name, model in MODELS.items():
        schema = model.model_json_schema(by_alias=True)
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                  "$id": f"{name}.schema.json", **schema}
        out[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    bib = {"$schema": "https://json-schema.org/draft/2020-12/schema",
           "$id": "bibliography.schema.json", "type": "object",
           "additionalProperties": BibEntry.model_json_schema(by_alias=True)}
    out["bibliography.schema.json"] = json.dumps(bib, ensure_ascii=False, indent=2) + "\n"
    return out


def outputs(root: Path) -> dict[Path, str]:
    """Every generated file under the project ``root`` with its expected text."""
    out = {root / "schema" / "json" / name: text for name, text in schemas().items()}
    out[root / "docs" / "fields.md"] = render_fields()
    out[root / "docs" / "problem-codes.md"] = render_catalogue()
    return out


def write_all(root: Path) -> list[Path]:
    for path, text in outputs(root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(outputs(root))


def stale_files(root: Path) -> list[str]:
    return [
        path.relative_to(root).as_posix()
        for path, text in outputs(root).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
