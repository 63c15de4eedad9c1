"""``kb new``: a document folder with a commented template."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from schema.types import SLUG

from .project import Project

KIND_DIRS = {"repair": "repairs", "workshop": "workshops"}
NEXT = {
    "es": """Creado: {path}
Siguientes pasos:
  1. Abra el archivo y reemplace cada [[TODO ...]]; borre lo opcional que no sepa.
  2. Fotos y dibujos: cópielos en {folder}/ (JPG o PNG, menos de 2 MB, sin caras
     sin permiso) y nómbrelos en 'images' con un texto alternativo ('alt').
  3. Revise:  kb check {path}
  4. Vea el sitio:  kb serve   (o make site)""",
    "en": """Created: {path}
Next steps:
  1. Open the file and replace every [[TODO ...]]; delete the optional parts you do not know.
  2. Photos and drawings: copy them into {folder}/ (JPG or PNG, under 2 MB, no faces
     without consent) and list them under 'images' with alt text ('alt').
  3. Check:  kb check {path}
  4. See the site:  kb serve   (or make site)""",
}


class ScaffoldError(Exception):
    pass


def render(kind: str, doc_id: str, lang: str, title: str | None) -> str:
    env = Environment(loader=PackageLoader("builder", "templates/new"),
                      undefined=StrictUndefined, keep_trailing_newline=True)
    safe_title = title.replace("\\", "\\\\").replace('"', '\\"') if title else None
    return env.get_template(f"{kind}.md.j2").render(id=doc_id, lang=lang, title=safe_title)


def create(project: Project, kind: str, doc_id: str, lang: str, title: str | None) -> Path:
    if not SLUG.match(doc_id):
        raise ScaffoldError(
            f"'{doc_id}' no es un id válido: minúsculas sin acentos, números y guiones / "
            "is not a valid id: lowercase letters without accents, digits and hyphens"
        )
    folder = project.content / KIND_DIRS[kind] / doc_id
    name = "index.md"
    if folder.exists():
        existing = list(folder.glob("index*.md"))
        name = f"index.{lang}.md"
        if not existing or (folder / name).exists() or any(p.name == "index.md" for p in []):
            raise ScaffoldError(f"'{folder}' ya existe / already exists")
        raise ScaffoldError(
            f"'{folder}' ya existe; para traducirlo copie index.md a {name} y añada "
            f"translation_of: {doc_id} / already exists; to translate it copy index.md to "
            f"{name} and add translation_of: {doc_id}"
        )
    folder.mkdir(parents=True)
    path = folder / name
    path.write_text(render(kind, doc_id, lang, title), encoding="utf-8")
    return path


def next_steps(project: Project, path: Path, lang: str) -> str:
    rel = path.relative_to(project.root)
    return NEXT[lang].format(path=rel.as_posix(), folder=rel.parent.as_posix())
