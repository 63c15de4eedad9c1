"""`kb serve` holds a plant's crowd: a long listen queue, keep-alive, the build's gzip
copies, cache headers, the site's own 404 page; and the build writes those copies."""

from __future__ import annotations

import contextlib
import gzip
import http.client
import http.server
import os
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bench.serve import first_visit, free_port, load
from builder.site import incremental, precompress, serve

from .conftest import ROOT


@contextlib.contextmanager
def served(site: Path, run: bool = True):
    server = serve.make_server(site, "127.0.0.1", 0)
    if run:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        if run:
            server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def port(built_site):
    with served(built_site) as server:
        yield server.server_address[1]


def get(port: int, path: str, headers: dict | None = None, method: str = "GET"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


# -- the build's gzip copies ---------------------------------------------------------------


def test_build_writes_gzip_copies_of_text_files(built_site):
    for rel in ("index.html", "assets/kb/kb.css", "assets/kb/search.js"):
        original = (built_site / rel).read_bytes()
        copy = built_site / (rel + ".gz")
        assert gzip.decompress(copy.read_bytes()) == original, rel
        assert copy.stat().st_size < len(original)
    assert not list(built_site.rglob("*.png.gz")) and not list(built_site.rglob("*.pdf.gz"))


def test_gzip_copies_are_reproducible_and_reused(tmp_path):
    site, again = tmp_path / "site", tmp_path / "again"
    site.mkdir()
    (site / "page.html").write_text("<p>válvula</p>" * 200)
    (site / "tiny.js").write_text("x=1")
    (site / "photo.jpg").write_bytes(os.urandom(4000))
    (site / "sitemap.xml").write_text("<urlset>" + "<url/>" * 100 + "</urlset>")
    (site / "sitemap.xml.gz").write_bytes(b"MkDocs' own")
    assert precompress.write(site)[0] == 1
    assert sorted(p.name for p in site.glob("*.gz")) == ["page.html.gz", "sitemap.xml.gz"]
    assert (site / "sitemap.xml.gz").read_bytes() == b"MkDocs' own"  # never written over
    again.mkdir()  # an incremental build that kept every file: the merge links the copies
    kept = {"page.html", "tiny.js", "photo.jpg", "sitemap.xml"}
    assert incremental.merge(again, site, kept, precompress.compressible) == 4
    assert os.path.samefile(again / "page.html.gz", site / "page.html.gz")
    assert os.path.samefile(again / "page.html", site / "page.html")
    assert sorted(p.name for p in again.glob("*.gz")) == ["page.html.gz", "sitemap.xml.gz"]
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "page.html").write_bytes((site / "page.html").read_bytes())
    precompress.write(fresh)
    assert (fresh / "page.html.gz").read_bytes() == (site / "page.html.gz").read_bytes()


def test_a_file_larger_than_a_block_is_compressed_as_gzip_compress_would(tmp_path):
    """Copies are made a block at a time; kb.json (50 MB at 10,000 write-ups) gets the
    very bytes ``gzip.compress(data, 9, mtime=0)`` gives, as a small file does."""
    data = "".join(f'{{"id": "reparacion-{i}", "cuerpo": "válvula {i * 7919 % 1000}"}}\n'
                   for i in range(120_000)).encode()
    assert len(data) > 2 * precompress.BLOCK
    (tmp_path / "kb.json").write_bytes(data)
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    assert precompress.write(tmp_path) == (1, len(data), len(packed))
    assert (tmp_path / "kb.json.gz").read_bytes() == packed


# -- what the server answers ------------------------------------------------------------------


def test_gzip_sent_to_clients_that_accept_it(built_site, port):
    original = (built_site / "index.html").read_bytes()
    response, body = get(port, "/index.html", {"Accept-Encoding": "gzip, deflate"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.getheader("Vary") == "Accept-Encoding"
    assert response.getheader("Content-Type").startswith("text/html")
    assert gzip.decompress(body) == original
    assert int(response.getheader("Content-Length")) == len(body) < len(original)
    for refused in ({}, {"Accept-Encoding": "gzip;q=0"}, {"Accept-Encoding": "br"}):
        response, body = get(port, "/index.html", refused)
        assert response.getheader("Content-Encoding") is None, refused
        assert body == original
        assert response.getheader("Vary") == "Accept-Encoding"


def test_cache_headers(built_site, port):
    hashed = next(built_site.glob("assets/javascripts/bundle.*.min.js"))
    response, _ = get(port, "/" + hashed.relative_to(built_site).as_posix())
    assert "max-age=31536000" in response.getheader("Cache-Control")
    for page in ("/index.html", "/", "/assets/kb/kb.css"):
        response, _ = get(port, page)
        assert response.getheader("Cache-Control") == "no-cache", page
    response, _ = get(port, "/index.html")
    again, body = get(port, "/index.html", {"If-Modified-Since": response.getheader(
        "Last-Modified")})
    assert again.status == 304 and body == b""


def test_missing_page_is_the_site_s_own_404(built_site, port):
    own = (built_site / "404.html").read_bytes()
    for path in ("/no/such/page.html", "/reparaciones/nada/", "/%2e%2e/etc/passwd"):
        response, body = get(port, path)
        assert response.status == 404, path
        assert body == own, path
        assert response.getheader("Content-Type").startswith("text/html")
    response, body = get(port, "/nada.html", method="HEAD")
    assert response.status == 404 and body == b""


def test_folder_without_slash_is_redirected(port):
    response, _ = get(port, "/reparaciones")
    assert response.status == 301
    assert response.getheader("Location") == "/reparaciones/"


def test_keep_alive_serves_a_first_visit_on_one_connection(built_site, port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.connect()
    sock = conn.sock
    for path in first_visit(built_site):
        conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = conn.getresponse()
        response.read()
        assert response.status == 200, path
        assert response.version == 11 and not response.will_close
        assert conn.sock is sock  # the same connection, never reopened
    conn.close()


def _connections_queued(server_address, count: int) -> int:
    """How many of ``count`` connections the kernel completes while nobody accepts."""
    made, done = [], 0
    try:
        for _ in range(count):
            s = socket.socket()
            s.settimeout(0.5)
            made.append(s)
            try:
                s.connect(server_address)
                done += 1
            except OSError:
                break
    finally:
        for s in made:
            s.close()
    return done


def test_listen_queue_holds_a_crowd(built_site):
    """Connections wait in the queue until a thread takes them: 120 all get in while the
    server is busy; Python's plain server (a queue of 5) turns the 7th or so away."""
    with served(built_site, run=False) as server:
        assert _connections_queued(server.server_address, 120) == 120
    plain = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    try:
        assert _connections_queued(plain.server_address, 120) < 20
    finally:
        plain.server_close()


def test_a_crowd_of_100_for_a_few_seconds(built_site, tmp_path):
    """100 keep-alive clients reading a first visit for 8 s against `kb serve` in its own
    process: no request fails. (The figures, against python -m http.server and nginx,
    come from `python -m bench.serve`; only a stall is caught here.)"""
    free = free_port()
    code = ("from builder.site.serve import make_server; import sys; "
            "make_server(sys.argv[1], '127.0.0.1', int(sys.argv[2])).serve_forever()")
    proc = subprocess.Popen([sys.executable, "-c", code, str(built_site), str(free)], cwd=ROOT,
                            stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{free}/"
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", free), 1):
                break
            threading.Event().wait(0.1)
        result = load(base, first_visit(built_site), clients=100, seconds=8)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert result["failed"] == 0, result
    assert result["requests"] > 100, result
    # a generous bound: the plain server's queue of 5 made answers of 14-17 s
    assert result["slowest_ms"] < 5000, result
    assert not re.search(rb"Traceback|Error", err), err.decode()
