"""``kb serve``: serve the built site on the local network, or live-reload."""

from __future__ import annotations

import click

from builder.cli.context import Context
from builder.site.serve import serve_dev, serve_site


@click.command()
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--dev", is_flag=True, help="Recarga al editar (mkdocs serve) / live reload.")
@click.pass_obj
def serve(obj: Context, host: str, port: int, dev: bool) -> None:
    """Servir el sitio en la red local / serve the site on the local network."""

    project = obj.project
    if dev:
        serve_dev(project, host, port)
    else:
        serve_site(project, host, port)


command = serve
