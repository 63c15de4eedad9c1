"""`kb serve --dev` with one broken document: it says where to look, tells the problem
(file:line, code) in the terminal and on the document's own page, in the document's
language, and keeps previewing the rest of the site."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bench.serve import free_port

from .browser_helpers import open_page
from .conftest import make_project

BROKEN = "content/repairs/ejemplo-bomba-agua/index.en.md"


def _wait_for(url: str, seconds: float = 90) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in {seconds} s")


@pytest.fixture
def preview(tmp_path: Path):
    root = make_project(tmp_path)
    path = root / BROKEN
    # a YAML error in the English translation: today's "Aborted with a BuildError!"
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: [", 1),
                    encoding="utf-8")
    port = free_port()
    kb = Path(sys.executable).with_name("kb")
    proc = subprocess.Popen([str(kb), "serve", "--dev", "--host", "127.0.0.1", "--port",
                             str(port)], cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            env=os.environ | {"PYTHONUNBUFFERED": "1"})
    try:
        _wait_for(f"http://127.0.0.1:{port}/index.html")
        yield port, proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.browser
def test_a_broken_document_does_not_stop_the_preview(preview, browser) -> None:
    port, proc = preview
    base = f"http://127.0.0.1:{port}/"
    page = open_page(browser, base, width=390)
    page.goto(base + "en/repairs/ejemplo-bomba-agua/index.html")
    text = page.inner_text("article")
    assert "This document has errors" in text
    assert f"{BROKEN}:4" in text and "[yaml-syntax]" in text
    page.goto(base + "talleres/ejemplo-medir-piezas/index.html")  # the rest goes on
    assert "ejemplo" in page.inner_text("article").lower()
    assert page.kb_external == []
    proc.terminate()
    out = proc.communicate(timeout=30)[0]
    assert f"Vista previa / preview: http://127.0.0.1:{port}/" in out
    assert f"{BROKEN}:4:" in out and "[yaml-syntax]" in out
    assert "Aborted with a BuildError" not in out
