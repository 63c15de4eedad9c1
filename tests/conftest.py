from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shlex
import shutil
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from builder.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "tests" / "examples"
VALID = EXAMPLES / "valid"


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run_line(capsys):
    """Run a `kb ...` command line in-process, as a person would type it."""

    def run(line: str, cwd: Path | None = None) -> Result:
        args = shlex.split(line)
        assert args[0] == "kb"
        capsys.readouterr()
        with contextlib.chdir(cwd or ROOT):
            try:
                main(args[1:])
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def make_project(tmp_path: Path, overlay: Path | None = None) -> Path:
    """A copy of the valid example project, with an invalid case laid over it."""
    root = tmp_path / "project"
    # what a run there may have left (a cache, a site) is not part of the example
    shutil.copytree(VALID, root, ignore=shutil.ignore_patterns(".cache", "site"))
    if overlay is not None:
        shutil.copytree(overlay / "content", root / "content", dirs_exist_ok=True)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def pytest_configure(config):
    os.environ.setdefault("KB_TEST", "1")


# -- built sites and a browser, shared by the site, golden, browser and search tests --


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The valid example project, built once per session (with PDFs)."""
    from builder.site.build import build

    root = tmp_path_factory.mktemp("built") / "project"
    # what a run there may have left (a cache, a site) is not part of the example
    shutil.copytree(VALID, root, ignore=shutil.ignore_patterns(".cache", "site"))
    return build(root / "mkdocs.yml").site_dir


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The project's real content, built once per session (no PDFs)."""
    from builder.site.build import build

    root = tmp_path_factory.mktemp("real") / "project"
    root.mkdir()
    for name in ("content", "docs", "mkdocs.yml"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    return build(root / "mkdocs.yml", pdf=False).site_dir


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from .browser_helpers import ARGS, CHROMIUM

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path):
    """``folder`` served over HTTP on the loopback address, for as long as the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def http_base(built_site):
    """The example site served over HTTP on the loopback address."""
    with serving(built_site) as base:
        yield base


@contextlib.contextmanager
def hang_guard(seconds: float = 10.0):
    """Fail instead of hanging: what this guards should take well under a second."""
    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def leftovers(root: Path, wait: float = 60.0) -> list[str]:
    """What builds left beside ``root/site`` (``.site.building-*``, ``.site.old-*``), once
    the processes removing replaced sites (``builder.core.parallel.detached``) are done,
    or after ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while True:
        found = sorted(p.name for p in root.iterdir() if p.name.startswith(".site"))
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)
