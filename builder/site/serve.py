"""Serve the built site on the local network (or live-reload while writing)."""

from __future__ import annotations

import functools
import http.server
import socket
import sys

import click

from builder.core.project import Project


def lan_addresses() -> list[str]:
    """This machine's own IPv4 addresses, other than loopback (no traffic is sent)."""
    try:
        _, _, addresses = socket.gethostbyname_ex(socket.gethostname())
    except OSError:
        return []
    return sorted(a for a in addresses if not a.startswith("127."))


def serve_site(project: Project, host: str, port: int) -> None:
    site = project.root / "site"
    if not (site / "index.html").is_file():
        click.echo("kb: no hay sitio construido; ejecute primero / no built site; first run: "
                   "kb build", err=True)
        sys.exit(1)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        click.echo(f"kb: no se puede usar el puerto / cannot use port {port}: {exc.strerror}; "
                   "pruebe / try --port 8001", err=True)
        sys.exit(1)
    click.echo(f"Sirviendo / serving {site} en / at http://127.0.0.1:{port}/")
    for address in lan_addresses():
        click.echo(f"En la red local / on the local network: http://{address}:{port}/")
    click.echo("Ctrl+C para terminar / to stop")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def serve_dev(project: Project, host: str, port: int) -> None:
    from mkdocs.commands.serve import serve

    serve(config_file=str(project.root / "mkdocs.yml"), dev_addr=f"{host}:{port}",
          livereload=True)
