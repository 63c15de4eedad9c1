"""The built site: pages for both languages, browse pages, guides, refusal on errors."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import ROOT, make_project

REPAIR_ES = "reparaciones/ejemplo-bomba-agua/index.html"
REPAIR_EN = "en/repairs/ejemplo-bomba-agua/index.html"
WORKSHOP_ES = "talleres/ejemplo-medir-piezas/index.html"
GUIDE_ES = "talleres/ejemplo-medir-piezas/guia/index.html"


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_pages_in_both_languages(built_site):
    for rel in ["index.html", "en/index.html", REPAIR_ES, REPAIR_EN, WORKSHOP_ES,
                "talleres/index.html", "en/workshops/index.html", "reparaciones/index.html",
                "explorar/tipo-de-maquina/pump/index.html",
                "en/browse/machine-class/pump/index.html", "reparaciones/todas/index.html"]:
        assert (built_site / rel).is_file(), rel
    assert '<html lang="es"' in read(built_site, REPAIR_ES)
    assert '<html lang="en"' in read(built_site, REPAIR_EN)


def test_language_switch_points_at_translation(built_site):
    es = read(built_site, REPAIR_ES)
    assert 'href="../../en/repairs/ejemplo-bomba-agua/index.html" hreflang="en"' in es
    en = read(built_site, REPAIR_EN)
    assert 'href="../../../reparaciones/ejemplo-bomba-agua/index.html" hreflang="es"' in en
    # an untranslated workshop switches to the other language's home page
    workshop = read(built_site, WORKSHOP_ES)
    assert 'href="../../en/index.html" hreflang="en"' in workshop


def test_repair_page_facts(built_site):
    html = read(built_site, REPAIR_ES)
    assert "Ejemplo ilustrativo" in html  # status: example banner
    assert 'class="kb-origin kb-origin--salvaged"' in html
    assert "Recuperada" in html and "Fabricada" in html
    assert "0 % → <strong>90 %</strong>" in html
    assert "Manual ilustrativo de bombas centrífugas" in html  # source from the bibliography
    assert 'href="../../talleres/ejemplo-medir-piezas/index.html"' in html  # feeds workshop
    # one copy of each image, linked from both languages
    assert (built_site / "reparaciones/ejemplo-bomba-agua/impulsor.png").is_file()
    assert not (built_site / "en/repairs/ejemplo-bomba-agua/impulsor.png").exists()
    assert 'src="../../../reparaciones/ejemplo-bomba-agua/impulsor.png"' in read(
        built_site, REPAIR_EN)


def test_workshop_page(built_site):
    html = read(built_site, WORKSHOP_ES)
    # materials totals for 16 people in groups of 5: 1 per group -> 4, 1 per person -> 16
    assert re.search(r"calibrador</td><td[^>]*>1</td><td[^>]*>Por grupo</td>"
                     r"<td[^>]*><strong[^>]*>4</strong>", html)
    assert re.search(r"lápiz</td><td[^>]*>1</td><td[^>]*>Por persona</td>"
                     r"<td[^>]*><strong[^>]*>16</strong>", html)
    times = re.findall(r'data-kb-offset="\d+">(\d\d:\d\d)<', html)
    assert times == ["08:00", "08:15", "09:15"]
    assert html.count('class="kb-activity"') == 3


def test_print_guide_and_pdf(built_site):
    html = read(built_site, GUIDE_ES)
    assert '<meta charset="utf-8">' in html
    assert html.count('<section class="activity">') == 3  # they flow (tests/test_guides.py)
    assert html.count('<section class="closing">') == 1  # key points
    assert '<section class="handout">' in html and 'src="../hoja.svg"' in html
    assert "break-before: page" in html
    pdf = built_site / "talleres/ejemplo-medir-piezas/guia/ejemplo-medir-piezas.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_browse_pages(built_site):
    html = read(built_site, "explorar/origen-de-piezas/fabricated/index.html")
    assert "Bomba de agua de enfriamiento" in html
    hub = read(built_site, "reparaciones/index.html")
    for facet in ["Sector", "Tipo de máquina", "Modo de falla", "Planta", "Batalla Productiva",
                  "Origen de las piezas", "Estado (región)"]:
        assert facet in hub
    programme = read(built_site, "talleres/index.html")
    assert "Técnico" in programme and "Talleres previos" in programme


def test_no_write_up_in_navigation(built_site):
    home = read(built_site, "index.html")
    assert "ejemplo-bomba-agua" not in home  # write-ups are reached through browse pages


def test_developer_documents_stay_out_of_the_site(real_site):
    # mkdocs.yml `exclude_docs`: docs/benchmarks.md (bench/page.py) is for developers
    assert (ROOT / "docs" / "benchmarks.md").is_file()
    assert (real_site / "fields.html").is_file()  # the reference pages are published
    assert not (real_site / "benchmarks.html").exists()
    assert "benchmarks" not in read(real_site, "sitemap.xml")


def test_build_refuses_on_errors_and_keeps_site(run_line, tmp_path):
    root = make_project(tmp_path)
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("old site")
    path = root / "content/repairs/ejemplo-bomba-agua/index.md"
    path.write_text(path.read_text().replace("class: pump", "class: horno"))
    result = run_line("kb build --no-pdf", cwd=root)
    assert result.code == 1
    assert "[unknown-term]" in result.out
    assert "no se construye" in result.err
    assert (site / "index.html").read_text() == "old site"
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_kb_build_says_where(run_line, tmp_path):
    root = make_project(tmp_path)
    result = run_line("kb build --no-pdf", cwd=root)
    assert result.code == 0, result.err
    assert f"{(root / 'site' / 'index.html').as_uri()}" in result.out


def test_one_search_index_only(built_site):
    assert not (built_site / "search" / "search_index.json").exists()  # no lunr index
    assert (built_site / "search" / "meta.js").is_file()
    assert "iframe-worker" not in read(built_site, "index.html")


def test_header_and_home_speak_the_page_language(built_site):
    en, es = read(built_site, "en/index.html"), read(built_site, "index.html")
    assert "EPO knowledge base" in en and "Base de conocimiento EPO" in es
    assert 'action="search/index.html"' in en  # the home page's search box
    assert 'action="buscar/index.html"' in es
