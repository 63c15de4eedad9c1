"""Images: checked with a code and a line, never a crash; the site ships reduced copies."""

from __future__ import annotations

import io
import struct
import time
import zlib
from functools import cache
from pathlib import Path

import pytest
from PIL import Image, ImageFilter

from builder.check.checker import check
from builder.load import images
from schema.vocabularies import interface

REPAIR = "content/repairs/ejemplo-bomba-agua"
CODES = {"image-too-large", "image-too-many-pixels", "not-an-image", "broken-image",
         "image-location", "wrong-file-type", "unsupported-image-format"}


@cache
def scene(width: int, height: int) -> Image.Image:
    """Photo-like pixels: smooth shapes plus sensor noise."""
    base = Image.effect_mandelbrot((width, height), (-2.2, -1.2, 1.0, 1.2), 80)
    grad = Image.linear_gradient("L").resize((width, height))
    rgb = Image.merge("RGB", (base, grad, grad.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    noise = Image.effect_noise((width, height), 12).convert("RGB")
    return Image.blend(rgb.filter(ImageFilter.GaussianBlur(3)), noise, 0.15)


@cache
def photo(width: int = 4032, height: int = 3024, orientation: int | None = None,
          gps: bool = False, quality: int = 92) -> bytes:
    """A JPEG as a phone writes it: 12 megapixels, quality 92, EXIF."""
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (10.0, 28.0, 0.0)}
    return encode(scene(width, height), "JPEG", quality=quality, exif=exif)


def encode(im: Image.Image, fmt: str, **options) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **options)
    return buf.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` with almost no data: a bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + chunk(b"IEND", b""))


def codes_of(path: Path) -> list[str]:
    return [f.code for f in images.inspect(path)]


# -- inspect: every bad input is a finding -------------------------------------------


def test_good_images_have_no_findings(tmp_path):
    (tmp_path / "a.png").write_bytes(encode(Image.new("RGB", (40, 30)), "PNG"))
    (tmp_path / "b.jpg").write_bytes(photo(64, 48))
    (tmp_path / "c.svg").write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "d.webp").write_bytes(encode(Image.new("RGB", (40, 30)), "WEBP"))
    (tmp_path / "e.gif").write_bytes(encode(Image.new("P", (40, 30)), "GIF"))
    for path in tmp_path.iterdir():
        assert codes_of(path) == [], path.name


@pytest.mark.parametrize("name,data,code", [
    ("texto.jpg", b"hola, esto no es una foto\n", "not-an-image"),
    ("vacia.png", b"", "not-an-image"),
    ("heic.jpg", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "unsupported-image-format"),
    ("tiff.png", encode(Image.new("RGB", (8, 8)), "TIFF"), "unsupported-image-format"),
    ("png.jpg", encode(Image.new("RGB", (8, 8)), "PNG"), "wrong-file-type"),
    ("dibujo.svg", b"<html>no es svg</html>", "not-an-image"),
    ("cortada.jpg", photo(320, 240)[:3000], "broken-image"),
    ("bomba.png", png_header_only(8000, 6000), "image-too-many-pixels"),
    ("bomba-pillow.png", png_header_only(20000, 20000), "image-too-many-pixels"),
    ("gps.jpg", photo(64, 48, gps=True), "image-location"),
])
def test_bad_images_are_findings(tmp_path, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    assert codes_of(path) == [code]


def test_bombs_are_refused_before_decoding(tmp_path):
    path = tmp_path / "bomba.png"
    path.write_bytes(png_header_only(60000, 60000))  # 3.6 gigapixels: decoding would take GBs
    start = time.perf_counter()
    findings = images.inspect(path)
    assert time.perf_counter() - start < 1
    assert [f.code for f in findings] == ["image-too-many-pixels"]
    assert images.site_copy(path.read_bytes()) is None  # the build never decodes it either


def test_oversized_file_reports_size_in_mb(tmp_path):
    path = tmp_path / "grande.png"
    path.write_bytes(encode(Image.new("RGB", (1400, 1400), (90, 90, 90)), "PNG",
                            compress_level=0))
    [finding] = images.inspect(path)
    assert finding.code == "image-too-large"
    assert finding.params == {"size": "5.6", "limit": "5.0"}


def test_truncated_stays_broken_after_weasyprint(tmp_path):
    """WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES globally when it is imported."""
    from PIL import ImageFile

    path = tmp_path / "cortada.jpg"
    path.write_bytes(photo(320, 240)[:3000])
    saved = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        assert [f.code for f in images._inspect_raster(path, decode=True)] == ["broken-image"]
        assert images.site_copy(photo(2000, 1500)[:20000]) is None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


def test_no_input_crashes_inspect(tmp_path):
    """Every truncation and a few byte flips of real images give findings, never exceptions."""
    samples = [encode(Image.effect_noise((48, 32), 40).convert("RGB"), fmt)
               for fmt in ("PNG", "JPEG", "GIF", "WEBP")]
    path = tmp_path / "x.png"
    for data in samples:
        variants = [data[:n] for n in range(0, len(data), max(1, len(data) // 40))]
        variants += [data[:n] + bytes([data[n] ^ 0xFF]) + data[n + 1:]
                     for n in range(8, len(data), max(1, len(data) // 20))]
        for variant in variants:
            path.write_bytes(variant)
            for finding in images.inspect(path):
                assert finding.code in CODES
            images.site_copy(variant)  # never raises


# -- kb check: codes and lines ---------------------------------------------------------


def test_check_reports_once_per_file_at_first_reference(project):
    (project / REPAIR / "impulsor.png").write_bytes(b"no es una imagen")
    found = [(p.path, p.line, p.field, p.code) for p in check(project / "content").problems]
    assert found == [
        (f"{REPAIR}/index.en.md", 32, None, "not-an-image"),
        (f"{REPAIR}/index.md", 64, "images[0].path", "not-an-image"),
    ]


def test_unreferenced_image_in_folder_is_checked(project):
    (project / REPAIR / "suelta.jpg").write_bytes(photo(64, 48)[:500])
    found = [(p.path, p.line, p.code) for p in check(project / "content").problems]
    assert found == [(f"{REPAIR}/index.md", 1, "broken-image")]


def test_alt_text_that_says_nothing(project):
    path = project / REPAIR / "index.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("alt: Impulsor recuperado sobre la mesa", "alt: impulsor.png")
    path.write_text(text.replace("![Curva de presión medida]", "![Foto]"), encoding="utf-8")
    found = [(p.line, p.field, p.code) for p in check(project / "content").problems]
    assert found == [(64, "images[0].alt", "vague-alt"), (75, None, "vague-alt")]


def test_kb_check_never_shows_a_traceback(run_line, project):
    (project / REPAIR / "impulsor.png").write_bytes(png_header_only(100000, 100000))
    result = run_line("kb check --format github", cwd=project)
    assert result.code == 1
    assert "Traceback" not in result.out + result.err
    assert f"::error file={REPAIR}/index.md,line=64,title=image-too-many-pixels" in result.out


# -- the site's copies -------------------------------------------------------------------


def test_photo_is_reduced_upright_and_without_exif():
    original = photo(orientation=6, gps=True)
    copy = images.site_copy(original)
    assert copy is not None
    im = Image.open(io.BytesIO(copy))
    assert im.size == (1200, 1600)  # turned upright: 4032 x 3024 rotated, longest side 1600
    assert dict(im.getexif()) == {}
    assert len(copy) < 400 * 1024 < len(original)


def test_copies_are_deterministic(tmp_path):
    original = photo(2400, 1800)
    assert images.site_copy(original) == images.site_copy(original)
    png = encode(Image.effect_noise((1800, 1000), 30).convert("RGB"), "PNG")
    assert images.site_copy(png) == images.site_copy(png)
    source = tmp_path / "foto.jpg"
    source.write_bytes(original)
    cache = tmp_path / "cache"
    first = images.published(source, cache)
    again = images.published(source, cache)  # from the cache
    assert first == again == images.site_copy(original)


def test_small_files_and_animations_are_untouched(tmp_path):
    small = tmp_path / "pequena.jpg"
    small.write_bytes(photo(800, 600, quality=70))
    assert len(small.read_bytes()) < images.KEEP_BYTES
    gif = tmp_path / "anim.gif"
    frames = [Image.new("P", (2000, 2000), i) for i in range(3)]
    frames[0].save(gif, save_all=True, append_images=frames[1:])
    for path in (small, gif):
        assert images.published(path, tmp_path / "cache") == path


def test_broken_image_is_published_as_it_is(tmp_path):
    broken = tmp_path / "rota.jpg"
    broken.write_bytes(photo(2000, 1500)[:20000])
    assert images.published(broken, tmp_path / "cache") == broken


def test_unwritable_cache_still_gives_the_copy(tmp_path):
    source = tmp_path / "foto.jpg"
    source.write_bytes(photo(2000, 1500))
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    assert images.published(source, blocker / "cache") == images.site_copy(source.read_bytes())


def test_built_page_never_ships_a_heavy_photo(project):
    from builder.site.build import build

    original = photo(orientation=6)
    (project / REPAIR / "carcasa.jpg").write_bytes(original)
    path = project / REPAIR / "index.md"
    text = path.read_text(encoding="utf-8").replace(
        "images:\n", "images:\n  - {path: carcasa.jpg, alt: Carcasa de la bomba abierta}\n")
    path.write_text(text, encoding="utf-8")
    assert [p.code for p in check(project / "content").problems] == []
    site = build(project / "mkdocs.yml", pdf=False).site_dir
    published = sorted(site.rglob("carcasa.jpg"))
    assert [p.relative_to(site).as_posix() for p in published] == [
        "reparaciones/ejemplo-bomba-agua/carcasa.jpg"]  # one copy, beside the original page
    data = published[0].read_bytes()
    assert len(data) < 400 * 1024 < len(original)
    assert Image.open(published[0]).size == (1200, 1600)
    # untouched: the small PNG and the SVG handout keep their bytes
    assert (site / "reparaciones/ejemplo-bomba-agua/impulsor.png").read_bytes() == (
        project / REPAIR / "impulsor.png").read_bytes()
    page = (site / "reparaciones/ejemplo-bomba-agua/index.html").read_text(encoding="utf-8")
    assert 'src="carcasa.jpg"' in page


def test_next_steps_state_the_image_limits():
    mb = images.MAX_BYTES // (1024 * 1024)
    mp = images.MAX_PIXELS // 1_000_000
    assert f"{mb} MB y {mp} megapíxeles" in interface()["new_next_steps"]["es"]
    assert f"{mb} MB and {mp} megapixels" in interface()["new_next_steps"]["en"]
