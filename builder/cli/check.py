"""``kb check``: check the content and report in the chosen format."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from builder.check.changed import ChangedError, check_selected, select, select_changed
from builder.check.checker import check as run_check
from builder.cli.context import LANG, Context
from builder.core.project import Project
from builder.document import SourceFile
from builder.load.source import discover, load
from builder.report.formats import REPORTERS, Scope


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(list(REPORTERS)),
              default="text", show_default=True,
              help="review: lista de lo que se revisa a mano / checklist for the human review.")
@click.option("--lang", type=LANG, help="Idioma de los mensajes (por omisión, el de cada "
              "archivo) / language of the messages (default: each file's own).")
@click.option("--strict", is_flag=True, help="Las sugerencias cuentan como errores / "
              "suggestions count as errors.")
@click.option("--changed", is_flag=True, help="Solo los documentos cambiados según git / "
              "only the documents git sees as changed.")
@click.option("--base", metavar="REF", help="Comparar con esta referencia de git (implica "
              "--changed; por omisión, donde la rama salió de main) / git ref to compare with "
              "(implies --changed; default: where the branch left main).")
@click.pass_obj
def check(obj: Context, paths: tuple[Path, ...], fmt: str, lang: str | None, strict: bool,
          changed: bool, base: str | None) -> None:
    """Revisar el contenido / check the content."""

    project = obj.project
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise click.UsageError(f"no existe / does not exist: {missing[0]}")
    changed = changed or base is not None
    if changed and paths:
        raise click.UsageError("use ARCHIVOS o --changed, no ambos / "
                               "give FILES or --changed, not both")
    if changed:
        try:
            chosen = select_changed(project.root, project.content, base)
        except ChangedError as exc:
            raise click.UsageError(str(exc)) from None
    else:
        chosen = select(project.content, list(paths)) if paths else None
    if chosen is None:
        result = run_check(project.content, None, strict=strict)
    else:
        result = check_selected(project.content, chosen, strict=strict, full=changed)
    scope = Scope(result.files, lambda: _sources(project, chosen), result.lang_of)
    out = REPORTERS[fmt](result.problems, lang, scope)
    if out:
        click.echo(out, nl=not out.endswith("\n"))
    sys.exit(1 if result.errors else 0)


def _sources(project: Project, chosen) -> list[SourceFile]:
    """The files the check reported on, each original before its translation."""
    paths = sorted(chosen.documents) if chosen is not None else discover(project.content)
    paths.sort(key=lambda p: (p.parent, p.name != "index.md", p.name))
    return [load(p, project.content) for p in paths]


command = check
