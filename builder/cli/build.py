"""``kb build``: check, then build the site and swap it in whole."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from builder.check.checker import check as run_check
from builder.cli.context import Context
from builder.report import formats as report
from builder.site.build import BuildError
from builder.site.build import build as run_build


@click.command()
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Dónde escribir el sitio / where to write the site (default: site/).")
@click.option("--no-pdf", is_flag=True, help="Sin PDF de las guías / no guide PDFs (faster).")
@click.option("--full", is_flag=True,
              help="Construir todo de nuevo, sin partir del sitio anterior / build everything "
                   "again, not starting from the previous site.")
@click.pass_obj
def build(obj: Context, site_dir: Path | None, no_pdf: bool, full: bool) -> None:
    """Revisar y construir el sitio / check and build the site."""

    project = obj.project
    result = run_check(project.content, similar=False)
    if result.errors:
        click.echo(report.text(result.errors, "es", report.Scope(result.files)))
        click.echo("kb: no se construye el sitio hasta corregir los errores / "
                   "the site is not built until the errors are fixed", err=True)
        sys.exit(1)
    try:
        built = run_build(project.root / "mkdocs.yml", site_dir, pdf=not no_pdf,
                          incremental=not full, checked=(project.content, result))
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


command = build
