"""``kb new``: a document folder with a commented template."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from jinja2 import Environment, PackageLoader, StrictUndefined

from builder.cli.context import LANG, Context
from builder.core.project import Project
from schema.types import SLUG

KIND_DIRS = {"repair": "repairs", "workshop": "workshops"}
NEXT = {
    "es": """Creado: {path}
Siguientes pasos:
  1. Abra el archivo y reemplace cada [[TODO ...]]; borre lo opcional que no sepa.
  2. Fotos y dibujos: cópielos en {folder}/
     - fotos en JPG; dibujos y esquemas en PNG o SVG; hasta 5 MB y 40 megapíxeles
       cada uno (el sitio publica copias reducidas);
     - nómbrelos en 'images' con un texto 'alt' que diga qué muestra cada uno, o en
       el texto así: ![Eje nuevo junto al original](eje.jpg)
     - pida permiso antes de fotografiar a alguien; fotografíe la pieza entera, el
       detalle de la falla y la pieza terminada junto a una regla o un calibrador;
     - un dibujo a mano con medidas, fotografiado de frente con luz pareja, sirve.
  3. Revise:  .venv/bin/kb check {path}
  4. Vea el sitio:  .venv/bin/kb build   y abra site/index.html
  5. Envíelo: CONTRIBUTING.md, «Enviar la contribución».""",
    "en": """Created: {path}
Next steps:
  1. Open the file and replace every [[TODO ...]]; delete the optional parts you do not know.
  2. Photos and drawings: copy them into {folder}/
     - photos as JPG; drawings and diagrams as PNG or SVG; up to 5 MB and 40 megapixels
       each (the site publishes reduced copies);
     - list them under 'images' with an 'alt' text saying what each one shows, or in
       the text like this: ![New shaft beside the original](shaft.jpg)
     - ask before photographing anyone; photograph the whole part, the detail of the
       failure, and the finished part beside a ruler or a caliper;
     - a hand drawing with dimensions, photographed straight on in even light, will do.
  3. Check:  .venv/bin/kb check {path}
  4. See the site:  .venv/bin/kb build   and open site/index.html
  5. Send it: CONTRIBUTING.md, 'Sending your contribution'.""",
}


class ScaffoldError(Exception):
    pass


def render(kind: str, doc_id: str, lang: str, title: str | None) -> str:
    env = Environment(loader=PackageLoader("builder.cli", "templates"),
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


@click.command("new")
@click.argument("kind", type=click.Choice(["repair", "workshop"]))
@click.argument("doc_id", required=False)
@click.option("--title", help="Título / title.")
@click.option("--lang", type=LANG, help="Idioma del documento / language of the document.")
@click.pass_obj
def new(obj: Context, kind: str, doc_id: str | None, title: str | None,
        lang: str | None) -> None:
    """Crear un documento desde la plantilla / create a document from the template."""

    interactive = sys.stdin.isatty()
    if doc_id is None:
        if not interactive:
            raise click.UsageError("falta el id / the id is missing: kb new KIND ID")
        doc_id = click.prompt("id (minúsculas-y-guiones / lowercase-and-hyphens)")
    if lang is None:
        lang = click.prompt("lang", type=LANG, default="es") if interactive else "es"
    if title is None and interactive:
        title = click.prompt("título / title", default="", show_default=False) or None
    try:
        path = create(obj.project, kind, doc_id, lang, title)
    except ScaffoldError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(next_steps(obj.project, path, lang))


command = new
