"""Hostile files in a document's folder: names, types, SVG drawings, GPS, reserved paths.

Each class is tried with several payloads, as an attacker (or an unlucky phone)
would send them. `kb check` must report each with a code and never crash or hang;
what the site publishes must carry none of it.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import time
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

from builder.check import names
from builder.check.checker import check
from builder.core import site_paths
from builder.document import Problem, catalogue
from builder.load import images, metadata, svg
from builder.site import model as site_model
from builder.site import pages

from .conftest import ROOT, make_project

REPAIR = "content/repairs/ejemplo-bomba-agua"
WORKSHOP = "content/workshops/ejemplo-medir-piezas"
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
HANG = 20  # seconds: only catches a hang, never a speed budget


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> set[tuple]:
    """What `kb check` says of the untouched example (nothing, unless rules elsewhere change
    under these tests): subtracted, so each test sees only what its files caused."""
    root = make_project(tmp_path_factory.mktemp("baseline"))
    return {(p.path, p.line, p.field, p.code) for p in check(root / "content").problems}


@pytest.fixture
def project(project, baseline):  # noqa: F811 - the shared fixture, with the baseline known
    BASE.clear()
    BASE.update(baseline)
    return project


BASE: set[tuple] = set()


def found_in(project: Path) -> list[Problem]:
    return [p for p in check(project / "content").problems
            if (p.path, p.line, p.field, p.code) not in BASE]


def problems(project: Path) -> list[tuple[str, int | None, str | None, str]]:
    return [(p.path, p.line, p.field, p.code) for p in found_in(project)]


def codes(project: Path) -> list[str]:
    return [p.code for p in found_in(project)]


def png(size: tuple[int, int] = (8, 8), **options) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buf, "PNG", **options)
    return buf.getvalue()


def encoded(fmt: str, size: tuple[int, int] = (48, 32), **options) -> bytes:
    buf = io.BytesIO()
    Image.effect_noise(size, 40).convert("RGB").save(buf, fmt, **options)
    return buf.getvalue()


def gps_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    if orientation:
        exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (10.0, 28.0, 12.5), 3: "W", 4: (66.0, 54.0, 3.1)}
    return exif


# -- file names ------------------------------------------------------------------------

UNSAFE = [
    "foto\n- [x] revisado.png",  # a ticked line in the review checklist
    "foto\r.png",
    "foto\x1b[31mrojo.png",  # a terminal escape
    "foto\x07.png",
    "dibujo\u202egnp.svg",  # right-to-left override: shows as dibujosvg.png
    "dibujo\u2066.svg",
    "foto\u200e.png",
    "foto\u200b.png",  # zero-width space
    "foto\ufeff.png",
    "foto\u2028linea.png",
    "foto\x7f.png",
]
NOT_PORTABLE = [
    "foto:1.png", "foto?.png", "foto*.png", "a<b.png", "a>b.png", 'a"b.png', "a|b.png",
    "a\\b.png", "foto.png.", "foto.png ", "CON.png", "con", "aux.tar.gz", "Nul.txt",
    "COM1.jpg", "lpt9.png", "COM¹.png",
]


@pytest.mark.parametrize("name", UNSAFE + NOT_PORTABLE, ids=repr)
def test_bad_names_are_reported_and_shown_escaped(project, name):
    (project / REPAIR / name).write_bytes(png())
    found = found_in(project)
    bad = [p for p in found if p.code == "bad-file-name"]
    assert len(bad) == 1, [(p.code, p.params) for p in found]
    for lang in ("es", "en"):
        text = bad[0].message(lang) + bad[0].hint(lang)
        assert not any(names._unsafe(c) for c in text), repr(text)
        assert "\n" not in text
    assert names.shown(name) in bad[0].message()


def test_bytes_that_are_not_utf8_in_a_name(project):
    folder = os.fsencode(project / REPAIR)
    with open(os.path.join(folder, b"foto\xff\xfe.png"), "wb") as f:
        f.write(png())
    [bad] = [p for p in found_in(project) if p.code == "bad-file-name"]
    assert "foto\\xff\\xfe.png" in bad.message("en")
    assert "UTF-8" in bad.message("en")


def test_a_bad_subfolder_name_and_a_bad_document_folder_name(project):
    sub = project / REPAIR / "fotos\u202e"
    sub.mkdir()
    (sub / "a.png").write_bytes(png())
    found = [p for p in found_in(project) if p.code == "bad-file-name"]
    assert [p.params["value"] for p in found] == ["fotos\\u202e"]  # the folder, once


def test_names_too_long_for_a_stick():
    assert names.portability_reason("a" * 255) is None
    assert names.portability_reason("a" * 256) is not None
    assert names.portability_reason("\U0001F600" * 128) is not None  # 256 UTF-16 units
    assert names.portability_reason("ñ" * 200) is None  # 400 bytes but 200 units


def test_a_path_too_long_inside_the_folder(project):
    deep = project / REPAIR
    for _ in range(4):
        deep = deep / ("carpeta-con-nombre-largo-" + "x" * 20)
    deep.mkdir(parents=True)
    (deep / "foto.png").write_bytes(png())
    found = [p for p in found_in(project) if p.code == "bad-file-name"]
    assert len(found) >= 1
    assert all("150" in p.message("en") for p in found)


def test_good_names_pass(project):
    (project / REPAIR / "impulsor-roto.jpg").write_bytes(encoded("JPEG"))
    for name in ("Señal de avería.png", "plano_2 (copia).png", "ñandú.png", "foto.final.png",
                 ".oculto.png", "CONSOLA.png", "comando.png"):
        (project / REPAIR / name).write_bytes(png())
    assert problems(project) == []


@pytest.mark.parametrize("first,second", [
    ("Foto.png", "foto.png"),
    ("FOTO.PNG", "foto.png"),
    ("se\u00f1al.png", "sen\u0303al.png"),  # NFC and NFD
    ("Se\u00f1al.png", "sen\u0303al.png"),  # both at once
    ("fotos", "FOTOS"),  # a folder and a file
])
def test_pairs_that_are_one_file_on_a_stick(project, first, second):
    for name in (first, second):
        target = project / REPAIR / name
        if "." in name:
            target.write_bytes(png())
        else:
            target.mkdir() if name.islower() else target.write_bytes(png())
    found = [p for p in found_in(project) if p.code == "file-name-collision"]
    assert len(found) == 1
    pair = {found[0].params["value"], found[0].params["other"]}
    assert pair == {first, second}
    same_but_form = unicodedata.normalize("NFC", first) == unicodedata.normalize("NFC", second)
    assert ("NFC" in found[0].message("en")) == same_but_form


def test_the_review_and_kb_check_output_carry_no_raw_control_characters(project, run_line):
    (project / REPAIR / "foto\n- [x] revisado.png").write_bytes(png())
    (project / REPAIR / "x\x1b]0;titulo\x07.png").write_bytes(png())
    for fmt in ("text", "github", "json"):
        result = run_line(f"kb check --format {fmt}", cwd=project)
        assert result.code == 1
        assert "\x1b" not in result.out and "\x07" not in result.out
        assert "- [x] revisado" not in result.out.replace("\\n- [x] revisado", "")


def test_a_published_folder_never_carries_a_bad_name():
    for name in UNSAFE + NOT_PORTABLE:
        assert not pages._publishable(name, set()), repr(name)
    assert not pages._publishable("sub\u202e/foto.png", set())
    assert pages._publishable("fotos/señal.png", set())
    reserved = {names.same_file_key(r) for r in site_paths.reserved_folders("workshop")}
    for rel in ("guia/x.pdf", "Guide/hoja.svg", "GUIA/a/b.png"):
        assert not pages._publishable(rel, reserved)


# -- types by bytes ----------------------------------------------------------------------

HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
HEIF_MIF1 = b"\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00mif1heicmiaf" + b"\x00" * 64
AVIF = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + b"\x00" * 64
JXL = b"\xff\x0a" + b"\x00" * 64


@pytest.mark.parametrize("name,data,fmt", [
    ("foto.jpg", HEIC, "HEIC"),
    ("foto.png", HEIC, "HEIC"),
    ("IMG_0001.HEIC", HEIC, "HEIC"),
    ("foto.heif", HEIF_MIF1, "HEIC"),
    ("foto.jpeg", AVIF, "AVIF"),
    ("foto.avif", AVIF, "AVIF"),
    ("escaneo.tif", encoded("TIFF"), "TIFF"),
    ("escaneo.png", encoded("TIFF", compression="tiff_lzw"), "TIFF"),
    ("captura.bmp", encoded("BMP"), "BMP"),
    ("captura.jpg", encoded("BMP"), "BMP"),
    ("foto.jxl", JXL, "JPEG XL"),
])
def test_formats_browsers_cannot_show_under_any_name(project, name, data, fmt):
    (project / REPAIR / name).write_bytes(data)
    found = [p for p in found_in(project) if p.path.endswith("index.md")]
    assert [(p.code, p.params.get("format")) for p in found] == \
        [("unsupported-image-format", fmt)]
    assert "JPG" in found[0].hint("es") and "JPG" in found[0].hint("en")
    assert "iPhone" in found[0].hint("es")


def test_heic_referenced_from_the_body_is_reported_where_it_is_shown(project):
    (project / REPAIR / "nueva.heic").write_bytes(HEIC)
    path = project / REPAIR / "index.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n![Bomba abierta](nueva.heic)\n",
                    encoding="utf-8")
    found = [(p.field, p.code) for p in found_in(project)]
    assert found == [(None, "unsupported-image-format")]


@pytest.mark.parametrize("name,data,named", [
    ("hoja.pdf", b"<html><script>alert(1)</script></html>", "PDF"),
    ("hoja.pdf", encoded("JPEG"), "PDF"),
    ("hoja.pdf", b"", "PDF"),
    ("hoja.pdf", b"MZ\x90\x00" + b"\x00" * 100, "PDF"),  # a Windows program
    ("hoja.PDF", b" %PDF-1.4 not at the start", "PDF"),
    ("foto.jpg", png(), "JPG"),
    ("foto.webp", encoded("JPEG"), "WebP"),
    ("foto.png", encoded("GIF"), "PNG"),
    ("dibujo.png", f"{SVG_OPEN}<rect/></svg>".encode(), "PNG"),
    ("dibujo.svg", png(), "SVG"),
    ("dibujo.svg", b"%PDF-1.4\n", "SVG"),
])
def test_content_unlike_its_name(project, tmp_path, name, data, named):
    (project / WORKSHOP / name).write_bytes(data)
    found = found_in(project)
    assert [(p.code, p.params["named"]) for p in found] == [("wrong-file-type", named)]
    copy = tmp_path / name
    copy.write_bytes(data)
    assert images.published(copy, tmp_path / "cache") is None  # and never published


def test_a_real_pdf_is_published_as_it_is(project, tmp_path):
    pdf = tmp_path / "hoja.pdf"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n")
    assert images.published(pdf, tmp_path / "cache") == pdf
    (project / WORKSHOP / "hoja.pdf").write_bytes(pdf.read_bytes())
    assert problems(project) == []


def test_an_image_reference_to_a_file_the_site_does_not_publish(project):
    (project / REPAIR / "notas.txt").write_text("hola")
    path = project / REPAIR / "index.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n![Bomba abierta](notas.txt)\n",
                    encoding="utf-8")
    assert codes(project) == ["not-an-image"]


def test_other_files_in_the_folder_are_left_alone(project):
    (project / REPAIR / "notas.txt").write_text("apuntes")
    (project / REPAIR / "datos.csv").write_text("a,b\n1,2\n")
    assert problems(project) == []


# -- SVG ---------------------------------------------------------------------------------

ACTIVE = [
    f"{SVG_OPEN}<script>alert(1)</script></svg>",
    f"{SVG_OPEN}<script xlink:href='data:text/javascript,alert(1)'/></svg>",
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    f"{SVG_OPEN}<rect onclick='alert(1)' width='9' height='9'/></svg>",
    f"{SVG_OPEN}<rect ONMOUSEOVER='alert(1)' width='9' height='9'/></svg>",
    f"{SVG_OPEN}<a href='javascript:alert(1)'><text>x</text></a></svg>",
    f"{SVG_OPEN}<a xlink:href=' java&#9;script:alert(1)'><text>x</text></a></svg>",
    f"{SVG_OPEN}<a href='data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;'>"
    "<text>x</text></a></svg>",
    f"{SVG_OPEN}<image href='data:image/svg+xml;base64,PHN2Zz48L3N2Zz4='/></svg>",
    f"{SVG_OPEN}<foreignObject><div xmlns='http://www.w3.org/1999/xhtml'>x</div>"
    "</foreignObject></svg>",
    f"{SVG_OPEN}<h:iframe xmlns:h='http://www.w3.org/1999/xhtml' src='x.html'/></svg>",
    f"{SVG_OPEN}<h:script xmlns:h='http://www.w3.org/1999/xhtml'>alert(1)</h:script></svg>",
    f"{SVG_OPEN}<set attributeName='onload' to='alert(1)'/></svg>",
    f"{SVG_OPEN}<a><animate attributeName='href' values='javascript:alert(1)'/>"
    "<text>x</text></a></svg>",
    f"{SVG_OPEN}<handler type='application/ecmascript'>alert(1)</handler></svg>",
    '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
    '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
]
EXTERNAL = [
    f"{SVG_OPEN}<image href='http://example.org/a.png'/></svg>",
    f"{SVG_OPEN}<image xlink:href='https://example.org/a.png'/></svg>",
    f"{SVG_OPEN}<image href='//example.org/a.png'/></svg>",
    f"{SVG_OPEN}<image href='file:///etc/passwd'/></svg>",
    f"{SVG_OPEN}<image href='/etc/hostname'/></svg>",
    f"{SVG_OPEN}<image href='../otro-documento/foto.png'/></svg>",
    f"{SVG_OPEN}<image href='fotos/%2e%2e/%2e%2e/x.png'/></svg>",
    f"{SVG_OPEN}<use href='otro.svg#pieza'/></svg>",
    f"{SVG_OPEN}<filter id='f'><feImage href='https://example.org/t.png'/></filter></svg>",
    f"{SVG_OPEN}<rect fill='url(http://example.org/p.svg#g)' width='9' height='9'/></svg>",
    f"{SVG_OPEN}<rect style='fill:url(\"https://example.org/x\")' width='9' height='9'/></svg>",
    f"{SVG_OPEN}<rect style='cursor:URL(//example.org/c.cur)' width='9' height='9'/></svg>",
    f"{SVG_OPEN}<style>@import url(https://example.org/a.css);</style></svg>",
    f"{SVG_OPEN}<style>@import 'https://example.org/a.css';</style></svg>",
    f"{SVG_OPEN}<style>@im\\70 ort 'https://example.org/a.css';</style></svg>",
    f"{SVG_OPEN}<style>rect{{fill:\\75 rl(https://example.org/x)}}</style></svg>",
    f"{SVG_OPEN}<style>rect{{background:u\\72l(//example.org/x)}}</style></svg>",
    f"{SVG_OPEN}<style>rect{{background:image-set(\"https://example.org/x.png\" 1x)}}"
    "</style></svg>",
    f"{SVG_OPEN}<style>@font-face{{font-family:f;src:url(https://example.org/f.woff)}}"
    "</style></svg>",
    f"{SVG_OPEN}<style>rect{{fill:u/**/rl(x)}}a{{b:url(/*x*/https://example.org/)}}"
    "</style></svg>",
    '<svg xmlns="http://www.w3.org/2000/svg" xml:base="https://example.org/">'
    '<image href="a.png"/></svg>',
    '<?xml-stylesheet href="https://example.org/a.css"?>'
    '<svg xmlns="http://www.w3.org/2000/svg"/>',
    f"{SVG_OPEN}<a href='https://example.org/'><text>enlace</text></a></svg>",
]


def nested_uses(levels: int, fan: int = 2) -> str:
    """A few KB that expand to fan**levels shapes: the classic <use> bomb."""
    groups = "".join(f"<g id='n{i}'>" + f"<use href='#n{i - 1}'/>" * fan + "</g>"
                     for i in range(1, levels + 1))
    return f"{SVG_OPEN}<defs><rect id='n0' width='1' height='1'/>{groups}</defs>" \
           f"<use href='#n{levels}'/></svg>"


COMPLEX = [
    nested_uses(30),  # 2 KB, a billion shapes
    nested_uses(60, 10),
    nested_uses(9, 1),  # a chain of nine: too deep, not big
    f"{SVG_OPEN}<g id='a'><use href='#a'/></g></svg>",  # contains itself
    f"{SVG_OPEN}<g id='a'><use href='#b'/></g><g id='b'><use xlink:href='#a'/></g></svg>",
    f"{SVG_OPEN}<use id='u' href='#u'/></svg>",
    SVG_OPEN + "<g id='big'>" + "<rect/>" * 20_000 + "</g>" + "<use href='#big'/>" * 6 + "</svg>",
    SVG_OPEN + "<g>" * 300 + "</g>" * 300 + "</svg>",
    SVG_OPEN + "<rect/>" * 120_000 + "</svg>",  # parsing stops at the limit
]


@pytest.mark.parametrize("code,payload", [("svg-active-content", p) for p in ACTIVE]
                         + [("svg-external-reference", p) for p in EXTERNAL]
                         + [("svg-too-complex", p) for p in COMPLEX],
                         ids=lambda v: v[:60] if isinstance(v, str) else None)
def test_hostile_svg_is_reported_and_never_published_as_it_is(tmp_path, code, payload):
    path = tmp_path / "dibujo.svg"
    path.write_bytes(payload.encode())
    start = time.perf_counter()
    found = [f.code for f in images.inspect(path)]
    published = images.published(path, tmp_path / "cache")
    assert time.perf_counter() - start < HANG
    assert code in found
    if published is not None:
        assert isinstance(published, bytes)
        assert svg.inspect(published) == []
        text = published.decode("utf-8").lower()
        for word in ("<script", "onload", "onclick", "javascript:", "example.org", "@import",
                     "foreignobject", "<!entity", "xml:base", "/etc/"):
            assert word not in text, (word, text)


def test_hostile_svg_in_a_folder_gives_file_and_code(project):
    (project / WORKSHOP / "hoja.svg").write_text(ACTIVE[0])
    (project / WORKSHOP / "suelto.svg").write_text(EXTERNAL[0])
    (project / REPAIR / "bomba.svg").write_text(COMPLEX[0])
    found = problems(project)
    assert (f"{WORKSHOP}/index.md", 46, "handouts[0].path", "svg-active-content") in found
    assert (f"{WORKSHOP}/index.md", 1, None, "svg-external-reference") in found
    assert (f"{REPAIR}/index.md", 1, None, "svg-too-complex") in found


def test_a_use_bomb_checks_quickly_in_kb_check(project):
    (project / REPAIR / "bomba.svg").write_text(nested_uses(40))
    start = time.perf_counter()
    assert "svg-too-complex" in codes(project)
    assert time.perf_counter() - start < HANG


def test_drawings_as_inkscape_and_illustrator_write_them_pass():
    inkscape = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        '<svg xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:cc="http://creativecommons.org/ns#"'
        ' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="210mm">'
        '<metadata><rdf:RDF><cc:Work rdf:about=""><dc:type '
        'rdf:resource="http://purl.org/dc/dcmitype/StillImage"/></cc:Work></rdf:RDF></metadata>'
        '<defs><linearGradient id="g"><stop offset="0"/></linearGradient>'
        '<path id="diente" d="M0 0h2v5h-2z"/></defs>'
        '<g inkscape:label="Capa 1" inkscape:groupmode="layer">'
        '<rect style="fill:url(#g);stroke:#000" width="9" height="9"/>'
        + "".join(f'<use xlink:href="#diente" transform="rotate({i * 10})"/>' for i in range(36))
        + '<image xlink:href="foto.png" width="9" height="9"/>'
        '<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>'
        '<text style="font-family:\'DejaVu Sans\'">Hoja: 10 mm</text></g></svg>')
    assert svg.inspect(inkscape.encode()) == []
    out = svg.sanitized(inkscape.encode())
    assert out is not None and b"diente" in out and b"foto.png" in out


def test_svg_without_namespace_or_broken_xml(tmp_path):
    for data, code in ((b"<svg><rect/></svg>", "not-an-image"),
                       (b"<svg xmlns='http://www.w3.org/2000/svg'><rect>", "broken-image"),
                       (b"<html><body><svg></svg></body></html>", "not-an-image")):
        path = tmp_path / "d.svg"
        path.write_bytes(data)
        assert [f.code for f in images.inspect(path)] == [code]
        assert images.published(path) is None


def test_svg_limits_are_in_the_limits_page():
    doc = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    assert f"| {svg.MAX_USE_DEPTH} niveles" in doc
    assert f"| {svg.MAX_ELEMENTS:,} |".replace(",", " ") in doc
    assert f"| {svg.MAX_NESTING} niveles" in doc
    assert f"| {names.MAX_NAME_UNITS} unidades" in doc
    assert f"| {names.MAX_PATH_UNITS} unidades" in doc


# -- GPS and kb fix photos -----------------------------------------------------------------


def with_xmp_gps() -> bytes:
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
           b'02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
           b'exif:GPSLatitude="10,28.2N" exif:GPSLongitude="66,54.1W"/></rdf:RDF></x:xmpmeta>')
    return encoded("JPEG", (64, 48), xmp=xmp)


def mpo_like() -> bytes:
    """A JPEG followed by a second one, each with GPS (some cameras' MPO)."""
    first = encoded("JPEG", (64, 48), exif=gps_exif(), quality=90)
    return first + encoded("JPEG", (32, 24), exif=gps_exif())


GPS_PHOTOS = {
    "foto.jpg": lambda: encoded("JPEG", (64, 48), exif=gps_exif(6), quality=90,
                                comment=b"Planta Pepsi, galpon 3"),
    "plano.png": lambda: encoded("PNG", (40, 30), exif=gps_exif(8)),
    "foto.webp": lambda: encoded("WEBP", (40, 30), exif=gps_exif(3), lossless=True),
    "xmp.jpg": with_xmp_gps,
    "camara.jpg": mpo_like,
}


@pytest.mark.parametrize("name", sorted(GPS_PHOTOS))
def test_gps_is_an_error_and_kb_fix_photos_removes_it(project, run_line, name):
    data = GPS_PHOTOS[name]()
    target = project / REPAIR / name
    target.write_bytes(data)
    [problem] = found_in(project)
    assert problem.code == "image-location" and problem.is_error
    assert f"kb fix photos {REPAIR}/{name}" in problem.hint("es")
    assert "kb fix photos" in problem.hint("en")

    result = run_line(f"kb fix photos {REPAIR}/{name}", cwd=project)
    assert result.code == 0, result.err
    assert name in result.out and "quitado / removed" in result.out
    assert found_in(project) == []

    fixed = target.read_bytes()
    before, after = Image.open(io.BytesIO(data)), Image.open(io.BytesIO(fixed))
    assert after.tobytes() == before.tobytes()  # not one pixel changed
    assert not after.getexif().get_ifd(0x8825)
    assert b"GPS" not in fixed and b"Pepsi" not in fixed and b"PhoneMaker" not in fixed
    assert after.getexif().get(0x0112) == before.getexif().get(0x0112)  # rotation kept
    assert run_line(f"kb fix photos {REPAIR}/{name}", cwd=project).out.startswith("0 foto")


def test_jpeg_fix_copies_the_compressed_image_byte_for_byte():
    for options in ({"quality": 90}, {"progressive": True, "quality": 75},
                    {"subsampling": 0, "quality": 95}):
        data = encoded("JPEG", (160, 120), exif=gps_exif(6), **options)
        fixed = metadata.strip(data).data
        scan = data.index(b"\xff\xda")
        assert fixed.endswith(data[scan:])  # every scan, untouched
        assert Image.open(io.BytesIO(fixed)).getexif() == {0x0112: 6}


def test_jpeg_with_icc_and_adobe_segments_keeps_them():
    icc = b"\x00" * 128
    data = encoded("JPEG", (40, 30), exif=gps_exif(), icc_profile=icc)
    fixed = metadata.strip(data)
    assert b"ICC_PROFILE" in fixed.data and fixed.orientation is None
    assert b"Exif" not in fixed.data  # no rotation to keep: no EXIF at all


def test_fix_refuses_damaged_files_and_leaves_them(tmp_path, project, run_line):
    damaged = {"cortada.jpg": encoded("JPEG", exif=gps_exif())[:200],
               "sin-fin.png": png()[:-12],
               "corta.webp": encoded("WEBP")[:30]}
    for name, data in damaged.items():
        (project / REPAIR / name).write_bytes(data)
    result = run_line(f"kb fix photos {REPAIR}", cwd=project)
    assert result.code == 1
    for name, data in damaged.items():
        assert (project / REPAIR / name).read_bytes() == data
        assert name in result.err


def test_fix_finds_photos_by_bytes_and_skips_links(project, run_line, tmp_path):
    outside = tmp_path / "fuera.jpg"
    outside.write_bytes(encoded("JPEG", exif=gps_exif()))
    kept = outside.read_bytes()
    (project / REPAIR / "enlace.jpg").symlink_to(outside)
    (project / REPAIR / "sin-extension").write_bytes(encoded("JPEG", exif=gps_exif()))
    result = run_line("kb fix photos", cwd=project)
    assert "sin-extension" in result.out
    assert outside.read_bytes() == kept


def test_fix_never_crashes_on_mangled_containers():
    samples = [encoded("JPEG", exif=gps_exif(6)), encoded("PNG", exif=gps_exif(6)),
               encoded("WEBP", exif=gps_exif(6))]
    for data in samples:
        for n in range(0, len(data), max(1, len(data) // 60)):
            for variant in (data[:n], data[:n] + b"\xff" + data[n + 1:]):
                with contextlib.suppress(metadata.BadImage):
                    metadata.strip(variant)


# -- paths the site generates ------------------------------------------------------------


@pytest.mark.parametrize("doc_id", sorted(site_paths.reserved_ids("repair")))
def test_a_repair_cannot_take_the_listing_s_id(project, doc_id):
    source = project / REPAIR / "index.md"
    folder = project / "content/repairs" / doc_id
    folder.mkdir()
    text = source.read_text(encoding="utf-8").replace("id: ejemplo-bomba-agua", f"id: {doc_id}")
    (folder / "index.md").write_text(text, encoding="utf-8")
    (folder / "impulsor.png").write_bytes((project / REPAIR / "impulsor.png").read_bytes())
    found = [p for p in found_in(project) if p.code == "reserved-id"]
    assert [(p.path, p.field) for p in found] == [(f"content/repairs/{doc_id}/index.md", "id")]
    listing = site_paths.reserved_page("repair", doc_id)
    assert listing in found[0].message("es")


def test_reserved_ids_come_from_the_site_s_own_names():
    assert site_model.SECTION is site_paths.SECTION  # one list, read by check and site
    listings = {site_paths.SECTION[lang]["all"] for lang in site_paths.LANGS}
    assert site_paths.reserved_ids("repair") == listings
    assert site_paths.reserved_ids("workshop") == set()


@pytest.mark.parametrize("rel", ["guia/ejemplo-medir-piezas.pdf", "guia/index.html",
                                 "guide/hoja.svg", "Guia/hoja.png", "GUIDE/a/b.png", "guia"])
def test_a_workshop_file_where_its_guide_goes(project, rel):
    target = project / WORKSHOP / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(png() if rel.endswith(".png") else b"%PDF-1.4\n")
    found = [p for p in found_in(project) if p.code == "reserved-path"]
    assert len(found) == 1 and found[0].params["value"] == rel


def test_a_repair_may_have_a_guia_folder(project):
    (project / REPAIR / "guia").mkdir()
    (project / REPAIR / "guia" / "paso.png").write_bytes(png())
    assert problems(project) == []


def test_every_new_code_is_catalogued_with_both_languages():
    new = {"bad-file-name", "file-name-collision", "unsupported-image-format",
           "wrong-file-type", "svg-active-content", "svg-external-reference",
           "svg-too-complex", "reserved-id", "reserved-path"}
    for code in new:
        entry = catalogue()[code]
        assert entry.severity == "error"
        assert all(entry.text[lang]["hint"] for lang in ("es", "en"))
    assert catalogue()["image-location"].severity == "error"
    assert not re.search(r"exiftool", catalogue()["image-location"].text["es"]["hint"])
