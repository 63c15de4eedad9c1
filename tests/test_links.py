"""Links in the body: to files of the document's folder, or to the web."""

from __future__ import annotations

import pytest

from builder.check.checker import check

REPAIR = "content/repairs/ejemplo-bomba-agua/index.md"


@pytest.mark.parametrize("link,code", [
    ("[otra reparación](../otra/index.md)", "asset-outside-folder"),
    ("[hoja](hoja-que-falta.pdf)", "missing-asset"),
    ("[foto](/etc/passwd)", "asset-outside-folder"),
    ("[ok](impulsor.png)", None),
    ("[ok](impulsor.png#arriba)", None),
    ("[ok](https://example.org/x)", None),
    ("[ok](#diagnostico)", None),
    ("[ok](mailto:brigada@example.org)", None),
])
def test_body_links(project, link, code):
    path = project / REPAIR
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Se midió la presión de salida.", f"Ver {link}."),
                    encoding="utf-8")
    problems = [(p.code, p.line) for p in check(project / "content").problems]
    assert problems == ([(code, 73)] if code else [])
