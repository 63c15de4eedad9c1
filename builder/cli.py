"""The ``kb`` command: parse arguments, call a pipeline stage, map to an exit code.

Exit codes: 0 clean, 1 problems found (or the command failed), 2 usage error.
No traceback reaches the user unless ``--debug`` is given.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import report
from .project import Project, ProjectError

LANG = click.Choice(["es", "en"])


class Context:
    def __init__(self, root: Path | None, debug: bool) -> None:
        self.root, self.debug = root, debug

    @property
    def project(self) -> Project:
        return Project.find(self.root)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path),
              help="Carpeta del proyecto / project folder (default: found from here).")
@click.option("--debug", is_flag=True, help="Mostrar trazas internas / show tracebacks.")
@click.pass_context
def cli(ctx: click.Context, root: Path | None, debug: bool) -> None:
    """Base de conocimiento del EPO / EPO knowledge base."""
    ctx.obj = Context(root, debug)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "review"]),
              default="text", show_default=True,
              help="review: lista de lo que se revisa a mano / checklist for the human review.")
@click.option("--lang", type=LANG, default="es", show_default=True)
@click.option("--strict", is_flag=True, help="Las sugerencias cuentan como errores / "
              "suggestions count as errors.")
@click.option("--changed", is_flag=True, help="Solo los documentos cambiados según git / "
              "only the documents git sees as changed.")
@click.option("--base", metavar="REF", help="Comparar con esta referencia de git (implica "
              "--changed; por omisión, donde la rama salió de main) / git ref to compare with "
              "(implies --changed; default: where the branch left main).")
@click.pass_obj
def check(obj: Context, paths: tuple[Path, ...], fmt: str, lang: str, strict: bool,
          changed: bool, base: str | None) -> None:
    """Revisar el contenido / check the content."""
    from .changed import ChangedError, check_selected, select, select_changed
    from .checker import check as run_check

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
    if fmt == "json":
        click.echo(report.as_json(result.problems, lang))
    elif fmt == "github":
        out = report.github(result.problems, lang)
        if out:
            click.echo(out)
    elif fmt == "review":
        click.echo(_review(project, chosen, result, lang), nl=False)
    else:
        click.echo(report.text(result.problems, lang, result.files),
                   err=False)
    sys.exit(1 if result.errors else 0)


def _review(project: Project, chosen, result, lang: str) -> str:
    from .loader import discover, load
    from .review import render

    paths = sorted(chosen.documents) if chosen is not None else discover(project.content)
    paths.sort(key=lambda p: (p.parent, p.name != "index.md", p.name))  # original first
    return render([load(p, project.content) for p in paths], result.problems, lang)


@cli.command()
@click.argument("kind", type=click.Choice(["repair", "workshop"]))
@click.argument("doc_id", required=False)
@click.option("--title", help="Título / title.")
@click.option("--lang", type=LANG, help="Idioma del documento / language of the document.")
@click.pass_obj
def new(obj: Context, kind: str, doc_id: str | None, title: str | None,
        lang: str | None) -> None:
    """Crear un documento desde la plantilla / create a document from the template."""
    from .scaffold import ScaffoldError, create, next_steps

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


@cli.command("schema")
@click.option("--check", "check_only", is_flag=True,
              help="Solo comprobar que están al día / only check they are up to date.")
@click.pass_obj
def schema_cmd(obj: Context, check_only: bool) -> None:
    """Escribir JSON Schema, referencia de campos y catálogo de códigos /
    write JSON Schema, the field reference and the code catalogue."""
    from .schema_export import stale_files, write_all

    root = obj.project.root
    if check_only:
        stale = stale_files(root)
        for name in stale:
            click.echo(f"{name}: desactualizado / stale -- run: kb schema")
        sys.exit(1 if stale else 0)
    for path in write_all(root):
        click.echo(path.relative_to(root).as_posix())


@cli.command()
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Dónde escribir el sitio / where to write the site (default: site/).")
@click.option("--no-pdf", is_flag=True, help="Sin PDF de las guías / no guide PDFs (faster).")
@click.option("--full", is_flag=True,
              help="Construir todo de nuevo, sin partir del sitio anterior / build everything "
                   "again, not starting from the previous site.")
@click.pass_obj
def build(obj: Context, site_dir: Path | None, no_pdf: bool, full: bool) -> None:
    """Revisar y construir el sitio / check and build the site."""
    from .build import BuildError
    from .build import build as run_build
    from .checker import check as run_check

    project = obj.project
    result = run_check(project.content, similar=False)
    if result.errors:
        click.echo(report.text(result.errors, "es", result.files))
        click.echo("kb: no se construye el sitio hasta corregir los errores / "
                   "the site is not built until the errors are fixed", err=True)
        sys.exit(1)
    try:
        built = run_build(project.root / "mkdocs.yml", site_dir, pdf=not no_pdf,
                          incremental=not full)
    except BuildError as exc:
        click.echo(f"kb: la construcción falló / the build failed: {exc}", err=True)
        click.echo("    -> el sitio anterior no se tocó / the previous site was left as it was",
                   err=True)
        sys.exit(1)
    index = built.site_dir / "index.html"
    click.echo(f"{built.pages} páginas / pages, {built.bytes / 1e6:.1f} MB")
    if built.incremental:
        click.echo(f"{built.rendered} archivos nuevos o cambiados, el resto como antes / "
                   f"{built.rendered} new or changed files, the rest as before")
    click.echo(f"Sitio listo / site ready: {index.as_uri()}")
    click.echo("Para la red local / for the local network: kb serve")


@cli.command()
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--dev", is_flag=True, help="Recarga al editar (mkdocs serve) / live reload.")
@click.pass_obj
def serve(obj: Context, host: str, port: int, dev: bool) -> None:
    """Servir el sitio en la red local / serve the site on the local network."""
    from .serve import serve_dev, serve_site

    project = obj.project
    if dev:
        serve_dev(project, host, port)
    else:
        serve_site(project, host, port)


from .search.cli import search  # noqa: E402

cli.add_command(search)


def main(argv: list[str] | None = None) -> None:
    """Entry point: turn every failure into a message and an exit code."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="kb", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("cancelado / cancelled", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except ProjectError as exc:
        click.echo(f"kb: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:
        if debug:
            raise
        click.echo(f"kb: error interno / internal error: {type(exc).__name__}: {exc}\n"
                   "    -> repita con --debug y reporte el problema / rerun with --debug and "
                   "report it", err=True)
        sys.exit(3)
    sys.exit(0)
