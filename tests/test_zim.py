"""`kb zim`: the built site as a ZIM file, read back with libzim, checked with zimcheck,
served with kiwix-serve and opened in Chromium (the last two where Debian's
zim-tools and kiwix-tools are installed; `.ci/run` installs them)."""

from __future__ import annotations

import contextlib
import datetime
import io
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from bench.serve import free_port
from builder.site import zim

from .browser_helpers import CHROMIUM, open_page

pytestmark = pytest.mark.skipif(not zim.available(),
                                reason="needs libzim (pip install libzim; in the dev install)")

INVEVAL = "inveval-valvulas-reparacion-y-mantenimiento"
DAY = datetime.date(2025, 3, 1)
REQUIRED = ("Name", "Title", "Language", "Creator", "Publisher", "Date", "Description",
            "Illustration_48x48@1")
ZIMCHECK = shutil.which("zimcheck")
KIWIX_SERVE = shutil.which("kiwix-serve")


def archive(path: Path):
    from libzim.reader import Archive

    return Archive(str(path))


def hits(path: Path, words: str) -> list[str]:
    from libzim.search import Query, Searcher

    found = Searcher(archive(path)).search(Query().set_query(words))
    return list(found.getResults(0, 50))


def pages(site: Path, prefix: str = "") -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")
            if p.relative_to(site).as_posix().startswith(prefix)} - set(zim.SKIP_PATHS)


@pytest.fixture(scope="module")
def example_zims(built_site, tmp_path_factory) -> dict[str | None, Path]:
    out = tmp_path_factory.mktemp("zim")
    return {lang: zim.pack(built_site, out / f"{lang}.zim", lang, date=DAY, workers=1).path
            for lang in (None, "es", "en")}


@pytest.fixture(scope="module")
def real_zim(real_site, tmp_path_factory) -> Path:
    return zim.pack(real_site, tmp_path_factory.mktemp("zim") / "real.zim", date=DAY).path


def test_metadata_main_page_and_illustration(example_zims):
    zim_file = archive(example_zims[None])
    for key in REQUIRED:
        assert zim_file.get_metadata(key), key
    assert zim_file.get_metadata("Language") == b"spa,eng"
    assert zim_file.get_metadata("Date") == b"2025-03-01"
    assert len(zim_file.get_metadata("Title").decode()) <= 30
    assert len(zim_file.get_metadata("Description").decode()) <= 80
    assert zim_file.main_entry.get_item().path == "index.html"
    with Image.open(io.BytesIO(zim_file.get_metadata("Illustration_48x48@1"))) as icon:
        assert (icon.format, icon.size) == ("PNG", (48, 48))
    english = archive(example_zims["en"])
    assert english.get_metadata("Language") == b"eng"
    assert english.main_entry.get_item().path == "en/index.html"


def test_every_page_and_file_with_its_type(built_site, example_zims):
    zim_file = archive(example_zims[None])
    for rel in pages(built_site):
        item = zim_file.get_entry_by_path(rel).get_item()
        assert item.mimetype == "text/html", rel
        assert bytes(item.content) == (built_site / rel).read_bytes(), rel
    by_suffix = {".css": "text/css", ".js": "application/javascript", ".svg": "image/svg+xml",
                 ".pdf": "application/pdf", ".png": "image/png"}
    for suffix, mime in by_suffix.items():
        some = next(p for p in sorted(built_site.rglob("*" + suffix)) if p.name != "404.html")
        rel = some.relative_to(built_site).as_posix()
        assert zim_file.get_entry_by_path(rel).get_item().mimetype == mime, rel
    assert not zim_file.has_entry_by_path("404.html")  # readers have their own
    assert not any(zim_file.has_entry_by_path(p.relative_to(built_site).as_posix())
                   for p in built_site.rglob("*.map"))


def test_page_titles_and_folder_redirects(built_site, example_zims):
    zim_file = archive(example_zims[None])
    entry = zim_file.get_entry_by_path("reparaciones/ejemplo-bomba-agua/index.html")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", (built_site / entry.path).read_text(), re.S)
    assert entry.title == " ".join(re.sub("<[^>]+>", "", h1.group(1)).split())
    folder = zim_file.get_entry_by_path("reparaciones/ejemplo-bomba-agua")
    assert folder.is_redirect
    assert folder.get_redirect_entry().path == "reparaciones/ejemplo-bomba-agua/index.html"


def test_one_language_zim_has_its_pages_only_and_no_dead_links(built_site, example_zims):
    spanish = archive(example_zims["es"])
    assert all(spanish.has_entry_by_path(p) for p in pages(built_site) - pages(built_site, "en/"))
    assert not any(spanish.has_entry_by_path(p) for p in pages(built_site, "en/"))
    home = bytes(spanish.get_entry_by_path("index.html").get_item().content).decode()
    assert 'href="en/index.html"' in (built_site / "index.html").read_text()
    assert 'href="en/index.html"' not in home  # the language switch is made inert
    assert "assets/stylesheets/" in home  # links to packed files are untouched


@pytest.mark.parametrize("words", ["valvula", "válvula", "reparacion", "reparación",
                                   "instalación", "instalacion"])
def test_full_text_search_with_and_without_accents(real_zim, words):
    found = hits(real_zim, words)
    assert found, words
    if words.startswith(("valvula", "válvula")):
        assert f"reparaciones/{INVEVAL}/index.html" in found[:5]


def test_accent_free_copies_are_what_find_unaccented_words(real_site, tmp_path):
    plain = zim.pack(real_site, tmp_path / "plain.zim", folded=False, date=DAY).path
    assert hits(plain, "reparacion") == []  # what the folded copies are for


def test_search_pages_are_not_articles(example_zims):
    zim_file = archive(example_zims[None])
    assert not any(p.endswith(zim.NOT_ARTICLES) for p in hits(example_zims[None], "buscar"))
    assert zim_file.has_entry_by_path("buscar/index.html")


def test_pack_replaces_only_when_complete(built_site, tmp_path, monkeypatch):
    out = tmp_path / "kb.zim"
    out.write_bytes(b"previous")
    with pytest.raises(FileNotFoundError):
        zim.pack(built_site / "missing", out)

    def broken(site: Path) -> bytes:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zim, "illustration", broken)
    with pytest.raises(OSError):
        zim.pack(built_site, out)
    assert out.read_bytes() == b"previous"
    assert list(tmp_path.iterdir()) == [out]


# -- the command --------------------------------------------------------------------------


def test_kb_zim_writes_the_file(run_line, built_site, tmp_path):
    out = tmp_path / "out" / "kb.zim"
    result = run_line(f"kb --root {built_site.parent} zim --lang es -o {out}")
    assert result.code == 0, result.err
    assert archive(out).get_metadata("Language") == b"spa"
    assert str(out) in result.out


def test_kb_zim_without_libzim_says_how_to_install(run_line, built_site, monkeypatch):
    monkeypatch.setattr(zim, "Creator", None)
    result = run_line(f"kb --root {built_site.parent} zim")
    assert result.code == 1
    assert "pip install libzim" in result.err and "libzim" in result.err
    assert "falta" in result.err and "missing" in result.err


def test_kb_zim_without_a_site_says_build_first(run_line, project):
    result = run_line(f"kb --root {project} zim")
    assert result.code == 1
    assert "kb build" in result.err


# -- Debian's zim-tools and kiwix-tools ------------------------------------------------------


@pytest.mark.skipif(ZIMCHECK is None, reason="needs zimcheck (apt install zim-tools; .ci/run)")
@pytest.mark.parametrize("lang", [None, "es", "en"])
def test_zimcheck_passes(example_zims, lang, built_site):
    # Every check but -I (integrity), which fails on any file current libzim makes; -U:
    # no internal link is dead (the site's own link test holds the site to that too).
    checks = ["-0", "-C", "-M", "-F", "-P", "-R", "-X", "-L", "-U"]
    proc = subprocess.run([ZIMCHECK, *checks, str(example_zims[lang])],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@contextlib.contextmanager
def kiwix_serve(zim_file: Path):
    port = free_port()
    proc = subprocess.Popen([KIWIX_SERVE, "--address", "127.0.0.1", "--port", str(port),
                             "--nosearchbar", str(zim_file)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(base, timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.browser
@pytest.mark.skipif(KIWIX_SERVE is None,
                    reason="needs kiwix-serve (apt install kiwix-tools; .ci/run)")
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs)")
def test_kiwix_serve_pages_and_both_searches_in_chromium(browser, real_zim):
    with kiwix_serve(real_zim) as server:
        book = f"{server}{real_zim.stem}/"
        page = open_page(browser, server)
        page.goto(book + "index.html")
        assert page.locator("h1").first.is_visible()
        page.goto(book + f"reparaciones/{INVEVAL}/index.html")
        assert "Inveval" in page.locator("h1").first.inner_text()
        # the site's own search, inside the ZIM
        page.goto(book + "buscar/index.html?q=valvula")
        page.wait_for_selector(".kb-results li", timeout=15_000)
        links = page.locator(".kb-results li a").evaluate_all("els => els.map(a => a.href)")
        assert book + f"reparaciones/{INVEVAL}/index.html" in links[:3]
        # kiwix-serve's full-text search, without accents
        page.goto(f"{server}search?content={real_zim.stem}&pattern=reparacion")
        found = page.locator("a").evaluate_all("els => els.map(a => a.href)")
        assert any(url.startswith(book + "reparaciones/") for url in found)
        assert page.kb_external == [] and page.kb_errors == []
        page.context.close()
