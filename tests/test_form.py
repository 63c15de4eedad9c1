"""The phone form "Contar una reparación", end to end in Chromium at 390x844.

A worker fills every screen, attaches a camera-size photo that carries GPS,
reloads half-way and finds the draft, saves the zip; then `kb import` takes the
zip, `kb check` is clean, `kb build` publishes it and the site's search finds
it. The same test runs on the site's form (from file:// and over HTTP) and on
the single file that travels by WhatsApp. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from PIL import Image

from builder.site import form_page

from .browser_helpers import open_page
from .conftest import ROOT, make_project, serving

ARTIFACTS = ROOT / "test-artifacts" / "form"
FORM = ROOT / "builder" / "site" / "form"


def camera_photo() -> bytes:
    """A 4000x3000 JPEG lying on its side (EXIF orientation 6), with a GPS position."""
    im = Image.effect_noise((4000, 3000), 60).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° to show it upright
    exif[0x010F] = "TelefonoMarca"
    gps = {1: "N", 2: (10.0, 30.0, 0.0), 3: "W", 4: (66.0, 55.0, 0.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    im.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


def test_form_codes_have_hints() -> None:
    """Every code form.js can report has a worker's hint in data.js, from hints.yaml."""
    used = set(re.findall(r"problem\('([a-z-]+)'", (FORM / "form.js").read_text("utf-8")))
    hints = yaml.safe_load((FORM / "hints.yaml").read_text("utf-8"))
    assert used and used <= set(hints)
    data = (FORM / "data.js").read_text("utf-8")
    assert all(f'"{code}":' in data for code in used)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_single_file_is_small_and_self_contained(lang: str) -> None:
    html = form_page.form_html(lang, single=True)
    assert len(html.encode()) < form_page.MAX_SINGLE_BYTES
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html)
    assert f'<html lang="{lang}">' in html


@pytest.fixture(scope="module")
def form_site(tmp_path_factory) -> Path:
    """The valid example project built once: its site holds the form."""
    from builder.site.build import build

    root = make_project(tmp_path_factory.mktemp("formsite"))
    return build(root / "mkdocs.yml", pdf=False).site_dir


def fill_and_save(page, base: str, url: str, photo: Path, shots: str) -> tuple[bytes, dict]:
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]")
    page.fill("#plant_name", "Pozo comunal La Ceiba")
    page.fill("#plant_city", "Cumaná")
    page.select_option("#plant_sector", "water")
    page.select_option("#plant_ownership", "commune")
    page.fill("#equipment_name", "Bomba sumergible del pozo 1")
    page.select_option("#equipment_class", "__other")
    page.fill("#equipment_class_other", "Bomba de pozo")
    page.screenshot(path=str(ARTIFACTS / f"{shots}-1-planta.png"), full_page=True)
    page.click("#next")
    page.fill("#symptoms", "ruido fuerte al arrancar\nel agua salía turbia")
    page.select_option("#failure_mode", "unknown")
    page.fill("#idle_since", "2019")
    page.wait_for_timeout(600)  # the draft is written 300 ms after typing stops
    page.reload()  # half-way: the draft must come back
    page.wait_for_selector("body[data-ready=true]")
    assert page.input_value("#plant_name") == "Pozo comunal La Ceiba"
    assert page.input_value("#equipment_class_other") == "Bomba de pozo"
    assert "Pozo comunal La Ceiba" in page.text_content("#drafts")
    page.click("#steps button:nth-child(3)")
    page.fill("#context", "El pozo da agua a 300 familias.")
    page.fill("#diagnosis", "Se escuchó el rodamiento y se midió la corriente del motor.")
    page.fill("#step_0", "Sacar la bomba del pozo con el trípode.")
    page.set_input_files("#step_photo_0", str(photo))
    page.wait_for_selector(".step-photos .photo")
    page.fill(".step-photos input[type=text]", "Rodamiento gastado junto al nuevo")
    page.click("#add_step")
    page.fill("#step_1", "Cambiar el rodamiento <y> volver a bajarla.")
    page.click("#add_part")
    page.fill("#part_0", "Rodamiento 6204")
    page.select_option("#part_origin_0", "local")
    page.fill("#tools", "Trípode hecho con tubos")
    page.fill("#safety", "Cortar la corriente antes de sacar la bomba.")
    page.screenshot(path=str(ARTIFACTS / f"{shots}-3-reparacion.png"), full_page=True)
    page.click("#next")
    page.select_option("#outcome_status", "fixed")
    page.fill("#cap_before", "0")
    page.fill("#cap_after", "100")
    page.fill("#result", "Da agua otra vez.")
    page.fill("#lessons", "Escuchar la máquina a tiempo.")
    page.click("#next")
    page.set_input_files("#photo_input", str(photo))
    page.wait_for_selector("#photos .photo")
    page.screenshot(path=str(ARTIFACTS / f"{shots}-5-fotos.png"), full_page=True)
    page.click("#next")
    page.click("#check")
    problems = page.inner_text("#problems")
    assert "missing-alt" in problems and "missing-authors" in problems and "consent" in problems
    page.click("#problems a >> nth=0")  # a problem links to its field
    page.click("#steps button:nth-child(5)")
    page.fill("#photos input[type=text]", "La bomba de vuelta en el pozo")
    page.click("#steps button:nth-child(6)")
    page.fill("#author", "Ana Pérez")
    page.check("#consent_people")
    page.check("#consent_licence")
    page.click("#check")
    assert page.inner_text("#problems") == "", page.inner_text("#problems")
    page.screenshot(path=str(ARTIFACTS / f"{shots}-6-revisar.png"), full_page=True)
    with page.expect_download() as download:
        page.click("#save")
    data = Path(download.value.path()).read_bytes()
    return data, page.evaluate("window.kbForm.drafts()")


MODES = ["site-file", "site-http", "single-file"]


@pytest.mark.parametrize("mode", MODES)
def test_form_end_to_end(mode: str, browser, form_site: Path, tmp_path: Path, run_line) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    photo = tmp_path / "IMG_20240101_101010.jpg"
    photo.write_bytes(camera_photo())
    single = tmp_path / "descargas" / "contar-reparacion.html"
    single.parent.mkdir()
    shutil.copy(form_site / "contar-reparacion.html", single)  # alone, as after WhatsApp
    with serving(form_site) as http:
        base, url = {
            "site-file": (form_site.as_uri() + "/", form_site.as_uri() + "/formulario/es.html"),
            "site-http": (http, http + "formulario/es.html"),
            "single-file": (single.parent.as_uri() + "/", single.as_uri()),
        }[mode]
        page = open_page(browser, base, width=390)
        page.set_viewport_size({"width": 390, "height": 844})
        data, drafts = fill_and_save(page, base, url, photo, mode)
        assert page.kb_errors == [] and page.kb_external == []
        page.context.close()
    assert len(drafts) == 1  # the draft is kept until the worker deletes it

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = sorted(zf.namelist())
        folder = "content/repairs/pozo-comunal-la-ceiba-bomba-sumergible-del-pozo-1"
        assert names == [f"{folder}/foto-1.jpg", f"{folder}/foto-2.jpg", f"{folder}/index.md",
                         "kb-paquete.json"]
        with Image.open(io.BytesIO(zf.read(f"{folder}/foto-1.jpg"))) as im:
            assert im.size == (1200, 1600)  # upright and reduced
            assert not im.getexif()  # no EXIF, so no GPS

    project = make_project(tmp_path)
    package = tmp_path / "paquete.zip"
    package.write_bytes(data)
    imported = run_line(f"kb --root {project} import {package}")
    assert imported.code == 0, imported.out
    assert "package-unverified" not in imported.out
    text = (project / folder / "index.md").read_text("utf-8")
    assert "status: first-hand" in text and "class: x-bomba-de-pozo" in text
    assert "&lt;y>" in text  # a '<' typed by the worker is not HTML
    assert run_line(f"kb --root {project} check").code == 0
    assert run_line(f"kb --root {project} build").code == 0
    site = project / "site"
    page = open_page(browser, site.as_uri() + "/")
    page.goto(site.as_uri() + "/buscar/index.html")
    page.locator(".kb-search input[type=search]").fill("ceiba")
    page.wait_for_selector(".kb-results li", timeout=10_000)
    hrefs = page.locator(".kb-results li a").evaluate_all("els => els.map(a => a.href)")
    assert any("pozo-comunal-la-ceiba" in h for h in hrefs)
    page.context.close()


def test_heic_gets_a_clear_message(browser, form_site: Path, tmp_path: Path) -> None:
    heic = tmp_path / "IMG_0001.HEIC"
    heic.write_bytes(b"\0\0\0\x18ftypheic" + b"\0" * 100)
    page = open_page(browser, form_site.as_uri() + "/", width=390)
    page.goto(form_site.as_uri() + "/contar-reparacion.html")
    page.wait_for_selector("body[data-ready=true]")
    page.click("#steps button:nth-child(5)")
    page.set_input_files("#photo_input", str(heic))
    page.wait_for_selector("#notice:not([hidden])")
    assert "HEIC" in page.inner_text("#notice") and "JPG" in page.inner_text("#notice")
    assert page.locator("#photos .photo").count() == 0
    page.context.close()


def test_reduce_time_of_a_12_megapixel_photo(browser, form_site: Path, tmp_path: Path) -> None:
    """Measured for the report and bench (not asserted: no timed tests)."""
    photo = tmp_path / "camara.jpg"
    photo.write_bytes(camera_photo())
    page = open_page(browser, form_site.as_uri() + "/", width=390)
    page.goto(form_site.as_uri() + "/contar-reparacion.html")
    page.wait_for_selector("body[data-ready=true]")
    page.click("#steps button:nth-child(5)")
    page.set_input_files("#photo_input", str(photo))
    page.wait_for_selector("#photos .photo", timeout=60_000)
    ms = page.evaluate("window.kbLastReduceMs")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "reduce-12mp.txt").write_text(f"{ms:.0f} ms\n", encoding="utf-8")
    assert ms > 0
    page.context.close()


def test_an_empty_form_says_what_is_missing(browser, form_site: Path) -> None:
    """A blank title is "fill it in", not the file-name message the id gets."""
    page = open_page(browser, form_site.as_uri() + "/", width=390)
    page.goto(form_site.as_uri() + "/contar-reparacion.html")
    page.wait_for_selector("body[data-ready=true]")
    page.click("#steps button:nth-child(6)")
    page.click("#check")
    items = page.locator("#problems li").all_inner_texts()
    by_field = {text.split(":", 1)[0]: text for text in items}
    assert "(missing-field)" in by_field["Título"] and "(missing-field)" in by_field["Resumen"]
    assert sum("(invalid-slug)" in text for text in items) == 1  # the id, from the two names
    page.context.close()


def test_a_machine_class_of_ones_own_keeps_the_words(browser, form_site: Path) -> None:
    """"Otro…" keeps only a slug in the class (x-molino-de-cana); the worker's own words,
    the ñ included, become the machine's name when it has none."""
    page = open_page(browser, form_site.as_uri() + "/", width=390)
    page.goto(form_site.as_uri() + "/contar-reparacion.html")
    page.wait_for_selector("body[data-ready=true]")
    page.select_option("#equipment_class", "__other")
    page.fill("#equipment_class_other", "Molino de caña")
    fm = page.evaluate("window.kbForm.frontMatter()")
    assert fm["equipment"] == {"class": "x-molino-de-cana", "name": "Molino de caña"}
    page.fill("#equipment_name", "Trapiche 2")
    assert page.evaluate("window.kbForm.frontMatter()")["equipment"]["name"] == "Trapiche 2"
