"""Serve the built site on the local network (or live-reload while writing)."""

from __future__ import annotations

import functools
import http.server
import os
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


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files of the site folder and nothing else.

    The standard handler already drops ``..`` (also percent-encoded) from the path;
    this one also refuses anything whose real path (every symbolic link followed)
    leaves the folder, and never lists a folder's files (404 instead)."""

    def _inside(self, path: str) -> bool:
        root = os.path.realpath(self.directory)
        real = os.path.realpath(path)
        return real == root or real.startswith(root + os.sep)

    def send_head(self):
        path = self.translate_path(self.path)
        if not self._inside(path):
            self.send_error(404)
            return None
        if os.path.isdir(path) and not any(
                os.path.isfile(os.path.join(path, n)) for n in ("index.html", "index.htm")):
            self.send_error(404)
            return None
        if os.path.isdir(path):  # the index page must not lead out either
            index = os.path.join(path, "index.html")
            if not os.path.isfile(index):
                index = os.path.join(path, "index.htm")
            if not self._inside(index):
                self.send_error(404)
                return None
        return super().send_head()

    def list_directory(self, path):
        self.send_error(404)
        return None


def handler_for(site) -> functools.partial:
    """The request handler class serving ``site``."""
    return functools.partial(SiteHandler, directory=str(site))


def serve_site(project: Project, host: str, port: int) -> None:
    site = project.root / "site"
    if not (site / "index.html").is_file():
        click.echo("kb: no hay sitio construido; ejecute primero / no built site; first run: "
                   "kb build", err=True)
        sys.exit(1)
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler_for(site))
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
