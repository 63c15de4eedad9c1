"""JSON Schema files for editors (VS Code's YAML extension and others)."""

from __future__ import annotations

import json
from pathlib import Path

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


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


def stale_files(folder: Path) -> list[str]:
    stale = []
    for name, text in schemas().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
