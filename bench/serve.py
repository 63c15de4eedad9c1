"""``python -m bench.serve``: a plant's crowd on 127.0.0.1, and the ZIM's size and pack time.

Load: ``--clients`` phones (default 100) each reading, for ``--seconds`` (default 20),
the pages and files of a first visit over one keep-alive connection, gzip
accepted; figures for ``kb serve``, Python's plain ``http.server`` and, where
installed (apt ``nginx``), nginx with ``gzip_static`` serving the same folder.
Only the loopback address is ever used. ZIM: ``kb zim``'s size and time on the
site, and on a generated corpus with ``--zim-size N`` (bench/corpus.py).

    .venv/bin/python -m bench.serve [--site DIR] [--clients 100] [--seconds 20]
                                    [--zim-size 1000] [--json OUT]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import gzip
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import report

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


# -- the load ---------------------------------------------------------------------------


def first_visit(site: Path) -> list[str]:
    """The paths a phone fetches on its first page: the home page, every stylesheet and
    script it names, then one write-up page."""
    home = (site / "index.html").read_text(encoding="utf-8")
    files = re.findall(r'(?:href|src)="([^"?#:]+\.(?:css|js))"', home)
    repairs = sorted(p.relative_to(site).as_posix() for p in site.glob("reparaciones/*/index.html")
                     if "todas" not in p.parts)
    return ["/", *("/" + f for f in dict.fromkeys(files)), *("/" + r for r in repairs[:1])]


def _client(host: str, port: int, paths: list[str], until: float,
            gz: bool = True) -> dict:
    done = failed = size = 0
    slowest = 0.0
    times: list[float] = []
    conn = http.client.HTTPConnection(host, port, timeout=30)
    headers = {"Accept-Encoding": "gzip"} if gz else {}
    while time.monotonic() < until:
        for path in paths:
            start = time.monotonic()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                if response.status != 200:
                    raise OSError(f"HTTP {response.status} for {path}")
                size += len(body)
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
            took = time.monotonic() - start
            slowest = max(slowest, took)
            times.append(took)
            done += 1
    conn.close()
    return {"requests": done, "failed": failed, "bytes": size, "slowest": slowest,
            "times": times}


def _group(host: str, port: int, paths: list[str], clients: int, until: float) -> list[dict]:
    results: list[dict] = [{} for _ in range(clients)]

    def run(i: int) -> None:
        results[i] = _client(host, port, paths, until)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def load(base: str, paths: list[str], clients: int = 100, seconds: float = 20.0,
         processes: int = 1) -> dict:
    """``clients`` keep-alive clients fetching ``paths`` in turn for ``seconds``, spread
    over ``processes`` (one process's threads also wait for each other's turn)."""
    host, port = base.split("//")[1].rstrip("/").split(":")
    until = time.monotonic() + seconds
    shares = [clients // processes + (i < clients % processes) for i in range(processes)]
    started = time.monotonic()
    if processes == 1:
        found = _group(host, int(port), paths, clients, until)
    else:
        with concurrent.futures.ProcessPoolExecutor(processes) as pool:
            parts = pool.map(_group, *zip(*[(host, int(port), paths, n, until) for n in shares],
                                          strict=True))
            found = [r for part in parts for r in part]
    wall = time.monotonic() - started
    times = sorted(t for r in found for t in r["times"])
    requests = sum(r["requests"] for r in found)
    return {"clients": clients, "seconds": round(wall, 1), "requests": requests,
            "failed": sum(r["failed"] for r in found),
            "per_second": round(requests / wall),
            "p50_ms": round(1000 * times[len(times) // 2], 1) if times else None,
            "p99_ms": round(1000 * times[int(len(times) * 0.99)], 1) if times else None,
            "slowest_ms": round(1000 * max((r["slowest"] for r in found), default=0), 1),
            "mb": round(sum(r["bytes"] for r in found) / 1e6, 1)}


# -- the servers ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(base: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(base, timeout=2).close()
            return
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise
            time.sleep(0.1)


@contextlib.contextmanager
def running(command: list[str], port: int, **kwargs) -> Iterator[str]:
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            **kwargs)
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait(base, proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


KB_SERVE = ("from builder.site.serve import make_server; import sys; "
            "make_server(sys.argv[1], '127.0.0.1', int(sys.argv[2])).serve_forever()")
NGINX_CONF = """
daemon off; worker_processes 2; pid {tmp}/nginx.pid; error_log {tmp}/error.log;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types; access_log off; sendfile on; keepalive_timeout 30;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port} backlog=512; root {site}; gzip_static on; gzip_vary on;
    error_page 404 /404.html;
  }}
}}
"""


def servers(site: Path, tmp: Path) -> Iterator[tuple[str, contextlib.AbstractContextManager]]:
    """(name, context giving the base URL) of each server to compare."""
    port = free_port()
    yield "kb serve", running([sys.executable, "-c", KB_SERVE, str(site), str(port)], port,
                              cwd=ROOT)
    port = free_port()
    yield "python -m http.server", running(
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(site),
         str(port)], port)
    if NGINX:
        port = free_port()
        conf = tmp / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, site=site))
        yield "nginx (gzip_static)", running([NGINX, "-c", str(conf), "-p", str(tmp)], port)


def first_page_bytes(site: Path) -> dict:
    """A first visit's bytes as they are and with the build's .gz copies."""
    plain = packed = 0
    for path in first_visit(site)[:-1]:
        file = site / (path.lstrip("/") or "index.html")
        data = file.read_bytes()
        plain += len(data)
        gz = file.with_name(file.name + ".gz")
        packed += gz.stat().st_size if gz.is_file() else len(gzip.compress(data, 9))
    return {"first_page_kb": round(plain / 1000), "first_page_gz_kb": round(packed / 1000)}


# -- the ZIM ------------------------------------------------------------------------------


def zim_figures(site: Path, out: Path) -> dict:
    from builder.site import zim

    if not zim.available():
        return {"zim": "libzim missing"}
    packed = zim.pack(site, out, workers=2)
    return {"site_mb": round(packed.site_bytes / 1e6, 2), "zim_mb": round(packed.bytes / 1e6, 2),
            "zim_s": round(packed.seconds, 1), "entries": packed.entries}


def built_project(tmp: Path, size: int | None) -> Path:
    """The real content (or a generated corpus of ``size`` write-ups) built into tmp."""
    from bench import corpus
    from builder.site.build import build

    root = tmp / f"project-{size or 'real'}"
    if size:
        corpus.generate(root, size, mkdocs=ROOT / "mkdocs.yml")
    else:  # a --work folder may hold the last run's copy, and no serve/ folder yet
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        for name in ("content", "docs", "mkdocs.yml"):
            source = ROOT / name
            (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    return build(root / "mkdocs.yml", pdf=False, incremental=False).site_dir


def run(tmp: Path, log: Any, clients: int = 100, seconds: float = 20.0) -> dict:
    """The serve part of ``python -m bench``: first-page bytes, the ZIM of the real
    content, and the load on each server."""
    site = built_project(tmp, None)
    figures: dict = first_page_bytes(site) | {"zim_real": zim_figures(site, tmp / "real.zim"),
                                              "load": {}}
    paths = first_visit(site)
    for label, server in servers(site, tmp):
        with server as base:
            figures["load"][label] = load(base, paths, clients, seconds, processes=2)
        log(f"serve: {label} {json.dumps(figures['load'][label])}")
    return figures


def budgets(data: dict | None) -> list[report.Budget]:
    """Issue 18: under a plant's crowd, kb serve fails no request and answers within 1 s."""
    if not data:
        return []
    ours = data["load"].get("kb serve")
    if not ours:
        return [report.Budget("serve_failed", "kb serve, failed requests", "0", "-", None)]
    return [
        report.Budget("serve_failed", f"kb serve, {ours['clients']} clients: failed requests",
                      "0", str(ours["failed"]), ours["failed"] == 0),
        report.Budget("serve_slowest", f"kb serve, {ours['clients']} clients: slowest answer",
                      "under 1 s", f"{ours['slowest_ms']:.0f} ms", ours["slowest_ms"] < 1000),
    ]


def markdown(data: dict) -> str:
    """The serve part as a Markdown section body."""
    rows = ["| server | requests | per second | failed | p50 ms | p99 ms | slowest ms |",
            "|---|---|---|---|---|---|---|"]
    for label, r in data["load"].items():
        rows.append(f"| {label} | {r['requests']:,} | {r.get('per_second', '-')} | "
                    f"{r['failed']} | {r.get('p50_ms', '-')} | {r.get('p99_ms', '-')} | "
                    f"{r['slowest_ms']} |")
    zim = data.get("zim_real") or {}
    return "\n".join([
        f"First visit: {data['first_page_kb']} KB as built, {data['first_page_gz_kb']} KB with "
        "the build's .gz copies.", "",
        *rows, "",
        f"The real content as a ZIM: {zim.get('zim_mb', '-')} MB from a {zim.get('site_mb', '-')}"
        f" MB site in {zim.get('zim_s', '-')} s ({zim.get('entries', '-')} entries)."
        if "zim_mb" in zim else f"ZIM: {zim.get('zim', 'not measured')}."])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.serve", description=__doc__.split("\n")[0])
    ap.add_argument("--site", type=Path, help="a built site (default: build the real content)")
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--processes", type=int, default=2, help="client processes")
    ap.add_argument("--zim-size", type=int, default=0, help="also pack a corpus of N write-ups")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args(argv)
    figures: dict = {"load": {}}
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as name:
        tmp = Path(name)
        site = args.site.resolve() if args.site else built_project(tmp, None)
        figures |= first_page_bytes(site)
        figures["zim_real"] = zim_figures(site, tmp / "real.zim")
        print(json.dumps(figures), flush=True)
        paths = first_visit(site)
        for label, server in servers(site, tmp):
            with server as base:
                figures["load"][label] = load(base, paths, args.clients, args.seconds,
                                              args.processes)
            print(label, json.dumps(figures["load"][label]), flush=True)
        if args.zim_size:
            big = built_project(tmp, args.zim_size)
            figures[f"zim_{args.zim_size}"] = zim_figures(big, tmp / "big.zim")
            print(json.dumps(figures[f"zim_{args.zim_size}"]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(main())
