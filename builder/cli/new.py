"""``kb new``: a document folder with a commented template."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from jinja2 import Environment, PackageLoader, StrictUndefined

from builder.cli.context import LANG, Context
from builder.core.i18n import t
from builder.core.project import Project
from schema.types import SLUG

KIND_DIRS = {"repair": "repairs", "workshop": "workshops"}


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
    return t("new_next_steps", lang, path=rel.as_posix(), folder=rel.parent.as_posix())


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
