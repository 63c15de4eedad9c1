"""``kb zim``: the built site as a ZIM file for Kiwix."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import click

from builder.cli.context import LANG, Context
from builder.site import zim


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Archivo ZIM a escribir / ZIM file to write "
                   "(default: epo-kb_<lang>_all_<YYYY-MM>.zim in the project folder).")
@click.option("--lang", type=LANG,
              help="Solo un idioma / one language only (default: both).")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Sitio construido / built site (default: site/).")
@click.pass_obj
def zim_command(obj: Context, output: Path | None, lang: str | None,
                site_dir: Path | None) -> None:
    """El sitio como archivo ZIM para Kiwix / the site as a ZIM file for Kiwix."""

    project = obj.project
    site = site_dir or project.root / "site"
    if not zim.available():
        click.echo("kb: falta el paquete libzim / the libzim package is missing; "
                   f"instálelo / install it:\n    {zim.INSTALL}", err=True)
        sys.exit(1)
    if not (site / "index.html").is_file():
        click.echo(f"kb: no hay sitio construido en / no built site in {site}; "
                   "ejecute primero / first run: kb build", err=True)
        sys.exit(1)
    today = datetime.date.today()
    out = output or project.root / zim.default_name(lang, today)
    click.echo(f"Empaquetando / packing {site} ...", err=True)
    try:
        packed = zim.pack(site, out, lang, date=today)
    except OSError as exc:
        click.echo(f"kb: no se pudo escribir / could not write {out}: {exc.strerror or exc}",
                   err=True)
        sys.exit(1)
    click.echo(f"{packed.entries} archivos / files, {packed.articles} páginas con búsqueda / "
               f"searchable pages; {packed.site_bytes / 1e6:.1f} MB -> "
               f"{packed.bytes / 1e6:.1f} MB en / in {packed.seconds:.1f} s")
    click.echo(f"ZIM listo / ready: {packed.path}")
    click.echo(f"Para la red local / for the local network: kiwix-serve --port 8080 {packed.path}")


command = zim_command
