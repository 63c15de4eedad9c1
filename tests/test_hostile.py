"""Hostile contributions: every XSS vector is rejected with a code and line, or inert."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import markdown
import pytest
import yaml

from builder.check.checker import check
from builder.check.safety import sanitize
from builder.site.build import build

from .conftest import make_project

VECTORS = yaml.safe_load((Path(__file__).parent / "hostile" / "xss.yaml").read_text())
REPAIR = "content/repairs/ejemplo-bomba-agua/index.md"
SAFE_CODES = {"raw-html", "unsafe-link", "unsafe-attribute"}
CHROMIUM = Path("/usr/bin/chromium")


def plant(text: str, where: str, payload: str) -> str:
    """Put ``payload`` at ``where`` in the example repair (YAML-quoted in front matter)."""
    quoted = yaml.safe_dump(payload, default_style='"', width=1000).strip()
    places = {
        "body": ("Se midió la presión de salida.", "Se midió la presión de salida.\n\n" + payload),
        "title": ("title: Bomba de agua de enfriamiento (ejemplo)", f"title: {quoted}"),
        "summary": ("summary: Ejemplo ilustrativo de una bomba centrífuga que perdía presión y "
                    "se reparó con un impulsor recuperado.", f"summary: {quoted}"),
        "alt": ("alt: Impulsor recuperado sobre la mesa", f"alt: {quoted}"),
        "caption": ("depicts: El impulsor recuperado", f"depicts: {quoted}"),
        "source_title": ("  - ref: manual-ejemplo\n    note: valores típicos de presión",
                         f"  - title: {quoted}\n    note: valores típicos de presión"),
        "source_note": ("note: valores típicos de presión", f"note: {quoted}"),
        "plant": ("  name: Planta Ficticia", f"  name: {quoted}"),
        "symptom": ("    - presión de salida baja", f"    - {quoted}"),
        "tag": ("tags: [bomba, impulsor, presion]", f"tags: [{quoted}]"),
    }
    old, new = places[where]
    assert old in text, where
    return text.replace(old, new, 1)


def lines_of(text: str, payload: str, where: str) -> set[int]:
    """The lines the payload occupies in the file."""
    first = payload.split("\n")[0] if where == "body" else None
    needle = first if first else yaml.safe_dump(payload, default_style='"', width=1000).strip()
    start = next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)
    return set(range(start, start + payload.count("\n") + 1))


@pytest.mark.parametrize("vector", VECTORS, ids=[f"{v['where']}-{i}" for i, v in
                                                 enumerate(VECTORS)])
def test_checker_rejects_with_code_and_line(tmp_path, vector):
    root = make_project(tmp_path)
    path = root / REPAIR
    text = plant(path.read_text(encoding="utf-8"), vector["where"], vector["payload"])
    path.write_text(text, encoding="utf-8")
    problems = check(root / "content").problems
    flagged = [p for p in problems if p.code in SAFE_CODES]
    if vector.get("expect") == "inert":
        # text such as a stray quote is legitimate; the page escapes it (tested below)
        assert flagged == []
        return
    assert flagged, f"not reported: {vector}"
    assert all(p.path == REPAIR for p in flagged)
    assert lines_of(text, vector["payload"], vector["where"]) & {p.line for p in flagged}


class _Active(html.parser.HTMLParser):
    """Collects anything that could run: script-capable tags, handlers, unsafe URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "iframe", "object", "embed", "style", "form", "svg", "math", "base",
                   "meta", "link", "body"}:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.found.append(f"{tag}@{name}")
            if name in ("href", "src", "action") and value and re.match(
                    r"^\s*(javascript|vbscript|data):", value, re.I):
                self.found.append(f"{tag}@{name}={value[:20]}")


def active(html_text: str) -> list[str]:
    parser = _Active()
    parser.feed(html_text)
    return parser.found


@pytest.mark.parametrize("vector", [v for v in VECTORS if v["where"] == "body"],
                         ids=lambda v: v["payload"][:30])
def test_sanitizer_makes_body_vectors_inert(vector):
    """Behind the checker: the body as MkDocs renders it, after the sanitizer."""
    rendered = markdown.markdown(vector["payload"], extensions=[
        "admonition", "attr_list", "md_in_html", "tables", "toc"])
    assert active(sanitize(rendered)) == []


def test_built_pages_escape_front_matter(tmp_path):
    """Render pages from documents whose front matter holds payloads (checker bypassed)."""
    from builder.site.model import SiteModel
    from builder.site.render import Renderer

    root = make_project(tmp_path)
    documents = check(root / "content").documents
    model = SiteModel(documents)
    repair = next(d for d in documents if d.id == "ejemplo-bomba-agua" and d.lang == "es")
    for vector in [v for v in VECTORS if v["where"] != "body"]:
        payload = vector["payload"]
        meta = repair.meta.model_copy(deep=True)
        meta.title = meta.summary = payload
        meta.plant.name = meta.equipment.name = payload
        meta.failure.symptoms = [payload]
        meta.images[0].alt = meta.images[0].depicts = payload
        repair.meta = meta
        page = Renderer(model, root / "content").document("repair", repair.id, "es")
        body = page.split("---\n", 2)[2]
        html_out = markdown.markdown(body, extensions=["admonition", "attr_list", "md_in_html",
                                                       "tables", "toc"])
        assert active(html_out) == [], payload
        assert active(sanitize(html_out)) == [], payload
        head = yaml.safe_load(page.split("---\n", 2)[1])
        assert "<" not in head["title"] and '"' not in head["description"]


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")
def test_no_payload_runs_in_the_browser(tmp_path, browser):
    """Every body vector, rendered and sanitized into a real page, runs nothing in chromium."""
    root = make_project(tmp_path)
    site = build(root / "mkdocs.yml", pdf=False).site_dir
    page_path = site / "reparaciones/ejemplo-bomba-agua/index.html"
    original = page_path.read_text(encoding="utf-8")
    chunks = []
    for v in VECTORS:
        rendered = markdown.markdown(v["payload"], extensions=["admonition", "attr_list",
                                                                "md_in_html", "tables"])
        chunks.append(f"<div class=\"probe\">{sanitize(rendered)}</div>")
    hostile = original.replace("</article>", "".join(chunks) + "</article>")
    page_path.write_text(hostile, encoding="utf-8")
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    assert page.locator(".probe").count() == len(VECTORS)
    # fire what a reader's pointer would: hover and toggle everything in the probes
    page.evaluate("""() => document.querySelectorAll('.probe *').forEach(el => {
        for (const type of ['mouseover', 'focus', 'toggle', 'load', 'error'])
            el.dispatchEvent(new Event(type));
        if (el.tagName === 'DETAILS') el.open = !el.open;
    })""")
    page.wait_for_timeout(300)
    assert dialogs == []
    found = page.evaluate("document.querySelectorAll('.probe script, .probe iframe').length")
    assert found == 0
    page.close()


def test_billion_laughs_is_refused_before_expansion(tmp_path):
    """Nine levels of aliases would expand to 10**9 strings: refused as yaml-alias."""
    root = make_project(tmp_path)
    lines = ['lol0: &l0 "lol"']
    for i in range(1, 10):
        lines.append(f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    path = root / REPAIR
    path.write_text("---\n" + "\n".join(lines) + "\n---\n## Contexto\n", encoding="utf-8")
    problems = [(p.code, p.line) for p in check(root / "content").problems if p.path == REPAIR]
    assert ("yaml-alias", 3) in problems


def test_deeply_nested_yaml_is_refused(tmp_path):
    root = make_project(tmp_path)
    path = root / REPAIR
    path.write_text("---\nid: " + "[" * 5000 + "]" * 5000 + "\n---\n", encoding="utf-8")
    codes = {p.code for p in check(root / "content").problems if p.path == REPAIR}
    assert codes & {"yaml-too-deep", "yaml-syntax"}
