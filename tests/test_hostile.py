"""Hostile contributions: every XSS vector is rejected with a code and line, or inert."""

from __future__ import annotations

import html.parser
import json
import re
from pathlib import Path

import markdown
import pytest
import yaml

from builder.check import limits
from builder.check.checker import check
from builder.check.safety import sanitize
from builder.document import catalogue
from builder.site.build import build

from .conftest import hang_guard, make_project

VECTORS = yaml.safe_load((Path(__file__).parent / "hostile" / "xss.yaml").read_text())
REPAIR = "content/repairs/ejemplo-bomba-agua/index.md"
SAFE_CODES = {"raw-html", "unsafe-link", "unsafe-attribute"}
CHROMIUM = Path("/usr/bin/chromium")
# The Markdown extensions of mkdocs.yml: how the site renders a body.
MKDOCS_EXTENSIONS = ["admonition", "attr_list", "tables", "def_list", "footnotes", "toc",
                     "pymdownx.details", "pymdownx.superfences"]


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
        page = str(Renderer(model, root / "content").document("repair", repair.id, "es"))
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


# -- bodies made to hang the checker or the build ------------------------------

# name -> (body appended to the repair, a code that must be reported)
SLOW_BODIES = {
    "backticks": ("`" * 2000, None),
    "backtick runs": ("".join("`" * i + "a" for i in range(1, 140)), None),
    "braces": ("{" * 9000 + "\n" + "{ onclick" * 1000, None),
    "open brackets": ("[" * 9000, "too-many-links"),
    "open brackets, one a line": ("[\n" * 60000, "too-many-links"),
    "unclosed links": ("[a](" * 2400, "too-many-links"),
    "html starts": ("<a " * 3000, "raw-html"),
    "html starts, many lines": ("<a <a <a <a\n" * 4000, "raw-html"),
    "comments": ("<!--" * 2400, "raw-html"),
    "autolinks": ("<http://" * 1200, None),
    "one long line": ("palabra " * 60000, "line-too-long"),
    "many lines": ("x\n" * 100000, "too-many-lines"),
    "headings": ("#\n" * 4900, "too-many-headings"),
    "nested list": ("".join(" " * (2 * i) + "- x\n" for i in range(400)), "nesting-too-deep"),
    "nested quotes": (">" * 5000 + " x\n", "nesting-too-deep"),
    "nested admonitions": ("".join("    " * i + "!!! note\n" for i in range(200)),
                           "nesting-too-deep"),
    "emphasis": ("*_" * 4000, "too-much-emphasis"),
    "one long block": ("palabra palabra palabra\n" * 1000, "block-too-long"),
    "entities": (("&#x41;" * 1600 + "\n") * 3 + "&" * 9000, None),
}


@pytest.mark.parametrize("name", sorted(SLOW_BODIES))
def test_hostile_body_is_checked_in_bounded_time(tmp_path, name):
    body, code = SLOW_BODIES[name]
    root = make_project(tmp_path)
    path = root / REPAIR
    path.write_text(path.read_text(encoding="utf-8") + "\n" + body + "\n", encoding="utf-8")
    with hang_guard():
        problems = [p for p in check(root / "content", similar=False).problems
                    if p.path == REPAIR]
    assert all(p.line and p.line >= 1 for p in problems)
    if code is not None:
        assert code in {p.code for p in problems}


def test_limits_stop_the_body_before_python_markdown():
    """Every body beyond a limit is an error (the build stops), and the bodies within
    the limits render in bounded time."""
    for name, (_, code) in SLOW_BODIES.items():
        if code is not None and code != "raw-html":
            assert catalogue()[code].severity == "error", name
    with hang_guard(20):
        for shape in ("[", "*_", "<a ", "`a"):
            within = "\n\n".join([shape * (400 // len(shape))] * 20)
            markdown.markdown(within, extensions=MKDOCS_EXTENSIONS)


def test_documented_body_limits_match_the_code():
    doc = (Path(__file__).parents[1] / "docs" / "limits.md").read_text(encoding="utf-8")
    for name, value in (("MAX_LINE", limits.MAX_LINE), ("MAX_LINES", limits.MAX_LINES),
                        ("MAX_BRACKETS", limits.MAX_BRACKETS),
                        ("MAX_EMPHASIS", limits.MAX_EMPHASIS),
                        ("MAX_HEADINGS", limits.MAX_HEADINGS), ("MAX_DEPTH", limits.MAX_DEPTH),
                        ("MAX_BLOCK", limits.MAX_BLOCK)):
        row = next(line for line in doc.splitlines()
                   if f"`{name}`" in line and ("limits.py" in line or "markdown.py" in line))
        assert f"| {value} " in row, (name, row)


# -- the offline site loads nothing from elsewhere ------------------------------

# (body, the payload's first line within the body is where the problem is)
REMOTE = [
    "![pieza](http://example.org/p.png)",
    "![pieza][r]\n\n[r]: https://example.org/p.png",
    "![pieza](\nhttp://example.org/p.png)",
    "![pieza](//example.org/p.png)",
    "![pieza](h&#116;tp://example.org/p.png)",
    "![pieza](HTTPS://example.org/p.png)",
    "<img\nsrc=\"http://example.org/p.png\" alt=\"x\">",
    "<img srcset=\"p.png 1x, https://example.org/p2.png 2x\" alt=\"x\">",
    "<picture><source srcset=\"//example.org/p.webp\"></picture>",
    "<video poster=\"https://example.org/v.jpg\" src=\"v.mp4\"></video>",
    "<audio src=\"http://example.org/a.mp3\"></audio>",
    "<iframe src=\"https://example.org/\"></iframe>",
    "<object data=\"http://example.org/o.swf\"></object>",
    "<embed src=\"http://example.org/e.swf\">",
    "<link rel=\"stylesheet\" href=\"https://example.org/s.css\">",
    "<div style=\"background:url(http://example.org/bg.png)\">x</div>",
    "<style>@import \"https://example.org/s.css\";</style>",
    "<svg><image href=\"https://example.org/i.png\"/></svg>",
    "<svg><image xlink:href=\"//example.org/i.png\"/></svg>",
    "<img src=\"h&#116;tp://example.org/p.png\" alt=\"x\">",
    "!!! note \"Aviso\"\n    ![pieza](https://example.org/p.png)",
    "- lista\n\n    ![pieza](https://example.org/p.png)",
]


@pytest.mark.parametrize("payload", REMOTE, ids=range(len(REMOTE)))
def test_every_remote_resource_is_reported_with_its_line(tmp_path, payload):
    root = make_project(tmp_path)
    path = root / REPAIR
    text = plant(path.read_text(encoding="utf-8"), "body", payload)
    path.write_text(text, encoding="utf-8")
    found = [p for p in check(root / "content").problems
             if p.path == REPAIR and p.code == "remote-asset"]
    assert found, payload
    assert {p.line for p in found} & lines_of(text, payload, "body")


def test_links_to_read_elsewhere_stay_allowed(tmp_path):
    root = make_project(tmp_path)
    path = root / REPAIR
    payload = "[el manual](https://example.org/manual.pdf) y <https://example.org/>"
    path.write_text(plant(path.read_text(encoding="utf-8"), "body", payload), encoding="utf-8")
    assert [p for p in check(root / "content").problems if p.path == REPAIR] == []


class _Loads(html.parser.HTMLParser):
    """Everything a page would load by itself from outside the site."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.style = False

    def handle_starttag(self, tag, attrs):
        self.style = tag == "style"
        for name, value in attrs:
            if not value:
                continue
            if name in ("src", "poster", "data", "background", "xlink:href") or \
                    (name == "href" and tag not in ("a",)):
                self._url(f"{tag}@{name}", value)
            elif name in ("srcset", "imagesrcset"):
                for part in value.split(","):
                    if part.split():
                        self._url(f"{tag}@{name}", part.split()[0])
            elif name == "style":
                self._css(value)

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self.style:
            self._css(data)

    def _css(self, css):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", css, re.I):
            self._url("url()", url)
        for url in re.findall(r"@import\s+['\"]([^'\"]*)", css, re.I):
            self._url("@import", url)

    def _url(self, where, url):
        if re.match(r"^\s*([a-z][a-z0-9+.-]*:|//|\\\\)", url, re.I) and \
                not re.match(r"^\s*(data|mailto|javascript):", url, re.I):
            self.found.append(f"{where}={url}")


def outside_loads(page: str) -> list[str]:
    parser = _Loads()
    parser.feed(page)
    return parser.found


@pytest.mark.parametrize("payload", REMOTE, ids=range(len(REMOTE)))
def test_sanitizer_drops_remote_resources(payload):
    rendered = markdown.markdown(payload, extensions=MKDOCS_EXTENSIONS)
    assert outside_loads(sanitize(rendered)) == []
    assert 'href="https://example.org/manual"' in sanitize(
        '<a href="https://example.org/manual">m</a>')


def _build_anyway(root: Path, monkeypatch) -> Path:
    """Build the site as if `kb check` had found no error (the documents are kept)."""
    import builder.site.plugin as plugin

    real = plugin.check

    def lenient(*args, **kwargs):
        report = real(*args, **kwargs)
        return type(report)(documents=report.documents, problems=[], files=report.files)

    monkeypatch.setattr(plugin, "check", lenient)
    return build(root / "mkdocs.yml", pdf=False, incremental=False).site_dir


def test_site_built_anyway_loads_nothing_from_elsewhere(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    path = root / REPAIR
    text = path.read_text(encoding="utf-8")
    text = text.replace("Se midió la presión de salida.",
                        "Se midió la presión de salida.\n\n" + "\n\n".join(REMOTE), 1)
    path.write_text(text, encoding="utf-8")
    assert {p.code for p in check(root / "content").problems} >= {"remote-asset"}
    site = _build_anyway(root, monkeypatch)
    pages = sorted(site.rglob("*.html"))
    assert any("example.org" not in p.read_text(encoding="utf-8") for p in pages)
    hostile = site / "reparaciones/ejemplo-bomba-agua/index.html"
    assert "Se midió la presión de salida." in hostile.read_text(encoding="utf-8")
    for page in pages:
        assert outside_loads(page.read_text(encoding="utf-8")) == [], page


# -- every rendered field and the browser search index ---------------------------

FIELD_PAYLOADS = [
    "<script>window.__pwned=1</script>",
    "\"><img src=x onerror=\"window.__pwned=1\">",
    "'><svg onload=window.__pwned=1>",
    "{{ 7*7 }} {% if true %}jinja{% endif %}",
    "]]></script><script>window.__pwned=1</script><!--",
    "</title><script>window.__pwned=1</script>",
    "\u2028\u2029`${window.__pwned=1}`",
]


def test_front_matter_payloads_are_inert_on_every_page_and_in_the_index(tmp_path,
                                                                        monkeypatch):
    root = make_project(tmp_path)
    path = root / REPAIR
    text = path.read_text(encoding="utf-8")
    for where, payload in zip(["title", "summary", "plant", "symptom", "caption",
                               "source_note", "tag"], FIELD_PAYLOADS, strict=False):
        text = plant(text, where, payload)
    path.write_text(text, encoding="utf-8")
    site = _build_anyway(root, monkeypatch)
    for page in sorted(site.rglob("*.html")):
        content = page.read_text(encoding="utf-8")
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", content, re.S)
        assert not any("__pwned" in s for s in scripts), page
        assert not any(f"{tag}@on" in item for item in active(content)
                       for tag in ("img", "svg")), page
        assert "jinja" not in content or "{% if true %}" in content, page
    for js in sorted((site / "search").rglob("*.js")):
        script = js.read_text(encoding="utf-8")
        assert "</script" not in script.lower() and "<!--" not in script, js
        call = re.fullmatch(r"kbIndex\.\w+\((.*)\);\n", script, re.S)
        assert call is not None, js
        json.loads(f"[{call.group(1)}]")  # data only: nothing but JSON between the parens


def test_a_link_name_too_long_for_the_file_system_is_a_problem(tmp_path):
    root = make_project(tmp_path)
    path = root / REPAIR
    payload = "[el plano](" + "x" * 300 + ".pdf)"
    text = plant(path.read_text(encoding="utf-8"), "body", payload)
    path.write_text(text, encoding="utf-8")
    found = [(p.code, p.line) for p in check(root / "content").problems if p.path == REPAIR]
    assert found == [("missing-asset", min(lines_of(text, payload, "body")))]
