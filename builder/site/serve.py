"""Serve the built site on the local network (or live-reload while writing).

``kb serve`` is meant to hold a plant's crowd with nothing beyond the project:
Python's threading server with a listen queue of 128 (the standard one queues 5,
and with 50 phones its slowest answer took 14-17 s), HTTP/1.1 keep-alive, the
``.gz`` copies written at build time sent to clients that accept gzip, cache
headers (Material's hashed assets kept a year, pages revalidated each time), the
site's own 404 page, and nothing outside ``site/``.
"""

from __future__ import annotations

import email.utils
import functools
import http.server
import logging
import os
import re
import socket
import sys
import urllib.parse

import click

from builder.core.project import Project
from builder.site import precompress

BACKLOG = 128
IDLE_SECONDS = 30  # a keep-alive connection left idle this long is closed (frees its thread)
# Material's file names carry a hash of their content (bundle.a5f9d56c.min.js): a new
# build gives a new name, so a client may keep them for a year without asking.
HASHED = re.compile(r"(^|/)assets/.+\.[0-9a-f]{8,}\.min\.(js|css)$")
LONG = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"  # kept, but asked again (a 304 when unchanged)
MEDIA = "public, max-age=86400"  # photos, drawings' PDFs, fonts: renamed rarely


def lan_addresses() -> list[str]:
    """This machine's own IPv4 addresses, other than loopback (no traffic is sent)."""
    try:
        _, _, addresses = socket.gethostbyname_ex(socket.gethostname())
    except OSError:
        return []
    return sorted(a for a in addresses if not a.startswith("127."))


def cache_control(rel: str) -> str:
    """The Cache-Control header for the site file ``rel``."""
    if HASHED.search(rel):
        return LONG
    if precompress.compressible(rel):
        return REVALIDATE
    return MEDIA


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip (``gzip;q=0`` refuses it)."""
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            q = params.strip().lower()
            return not (q.startswith("q=") and _q(q[2:]) == 0)
    return False


def _q(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 1.0


class SiteServer(http.server.ThreadingHTTPServer):
    """A thread per connection, a listen queue of ``BACKLOG``."""

    request_queue_size = BACKLOG
    daemon_threads = True


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files of the site folder and nothing else.

    The standard handler already drops ``..`` (also percent-encoded) from the path;
    this one also refuses anything whose real path (every symbolic link followed)
    leaves the folder, and never lists a folder's files (the 404 page instead)."""

    protocol_version = "HTTP/1.1"  # keep-alive: a page's 20 files on one connection
    timeout = IDLE_SECONDS

    def _inside(self, path: str) -> bool:
        root = os.path.realpath(self.directory)
        real = os.path.realpath(path)
        return real == root or real.startswith(root + os.sep)

    def send_head(self):
        path = self.translate_path(self.path)
        if not self._inside(path):
            return self._not_found()
        if os.path.isdir(path):
            if not urllib.parse.urlsplit(self.path).path.endswith("/"):
                return self._redirect_to_folder()
            path = os.path.join(path, "index.html")
            if not self._inside(path):
                return self._not_found()
        if not os.path.isfile(path):
            return self._not_found()
        return self._file(path, 200)

    def _file(self, path: str, status: int):
        """Send the headers of ``path`` (or its ``.gz`` copy) and return it open."""
        rel = os.path.relpath(path, self.directory).replace(os.sep, "/")
        sent, encoding = path, None
        if precompress.compressible(path) and accepts_gzip(self.headers.get("Accept-Encoding")):
            gz = path + ".gz"
            if os.path.isfile(gz) and self._inside(gz) and \
                    os.stat(gz).st_mtime_ns >= os.stat(path).st_mtime_ns:
                sent, encoding = gz, "gzip"
        try:
            f = open(sent, "rb")  # noqa: SIM115 - the caller copies and closes it
        except OSError:
            return self._not_found() if status == 200 else None
        try:
            st = os.fstat(f.fileno())
            if status == 200 and self._not_modified(st.st_mtime):
                f.close()
                self.send_response(304)
                self._common_headers(rel)
                self.end_headers()
                return None
            self.send_response(status)
            self.send_header("Content-Type", self.guess_type(path))
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(st.st_size))
            self.send_header("Last-Modified", self.date_time_string(st.st_mtime))
            self._common_headers(rel if status == 200 else "404.html")
            self.end_headers()
            return f
        except BaseException:
            f.close()
            raise

    def _common_headers(self, rel: str) -> None:
        self.send_header("Cache-Control", cache_control(rel))
        if precompress.compressible(rel):
            self.send_header("Vary", "Accept-Encoding")

    def _not_modified(self, mtime: float) -> bool:
        since = self.headers.get("If-Modified-Since")
        if not since or self.headers.get("If-None-Match"):
            return False
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return when.tzinfo is not None and int(mtime) <= when.timestamp()

    def _redirect_to_folder(self):
        parts = urllib.parse.urlsplit(self.path)
        self.send_response(301)
        self.send_header("Location", urllib.parse.urlunsplit(
            (parts[0], parts[1], parts[2] + "/", parts[3], parts[4])))
        self.send_header("Content-Length", "0")
        self.end_headers()
        return None

    def _not_found(self):
        """The site's own 404 page (bilingual), with the 404 status."""
        page = os.path.join(self.directory, "404.html")
        if os.path.isfile(page) and self._inside(page):
            return self._file(page, 404)
        self.send_error(404)
        return None

    def list_directory(self, path):
        return self._not_found()

    def log_request(self, code="-", size="-") -> None:
        # A crowd makes thousands of requests a minute: only failures are worth a line.
        if isinstance(code, int) and code >= 400 and code != 404:
            super().log_request(code, size)


def handler_for(site) -> functools.partial:
    """The request handler class serving ``site``."""
    return functools.partial(SiteHandler, directory=str(site))


def make_server(site, host: str, port: int) -> SiteServer:
    """A server for ``site`` bound to ``host:port`` (port 0: any free one)."""
    return SiteServer((host, port), handler_for(site))


def serve_site(project: Project, host: str, port: int) -> None:
    site = project.root / "site"
    if not (site / "index.html").is_file():
        click.echo("kb: no hay sitio construido; ejecute primero / no built site; first run: "
                   "kb build", err=True)
        sys.exit(1)
    try:
        server = make_server(site, host, port)
    except OSError as exc:
        click.echo(f"kb: no se puede usar el puerto / cannot use port {port}: {exc.strerror}; "
                   "pruebe / try --port 8001", err=True)
        sys.exit(1)
    click.echo(f"Sirviendo / serving {site} en / at http://127.0.0.1:{port}/")
    for address in lan_addresses():
        click.echo(f"En la red local / on the local network: http://{address}:{port}/")
    if not (site / "index.html.gz").is_file():
        click.echo("Sin copias comprimidas / no compressed copies: ejecute / run kb build",
                   err=True)
    click.echo("Ctrl+C para terminar / to stop")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def serve_dev(project: Project, host: str, port: int) -> None:
    """MkDocs' live preview, telling where to look and what it finds: its own messages
    and the documents left out (file:line, code, hint) go to the terminal."""
    from mkdocs.commands.serve import serve

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s  %(message)s"))
    shown = logging.getLogger("mkdocs")
    shown.addHandler(handler)
    shown.setLevel(logging.INFO)
    where = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    print(f"Vista previa / preview: http://{where}:{port}/  (se recarga al guardar / reloads "
          "on save; Ctrl+C para salir / to stop)", flush=True)
    serve(config_file=str(project.root / "mkdocs.yml"), dev_addr=f"{host}:{port}",
          livereload=True)
