"""`kb new`: a commented template that passes `kb check` once its placeholders are filled."""

from __future__ import annotations

import re

import pytest

from builder.check.checker import check

FILL = {
    "sector": "fisheries", "ownership": "state", "class": "oven", "mode": "no-heat",
    "status": "fixed", "strand": "technical", "date_started": "2016-02",
}


def fill(text: str) -> str:
    """Replace each [[TODO ...]] as a contributor would: a real value of the right kind."""
    def value(match: re.Match) -> str:
        key = match.group(1)
        return f"{key}: " + FILL.get(key, '"Texto real"')

    text = re.sub(r'(\w+): "\[\[TODO[^\]]*\]\]"', value, text)
    text = re.sub(r'- "\[\[TODO[^\]]*\]\]"', '- "Texto real"', text)
    text = re.sub(r'"\[\[TODO[^\]]*\]\]"', '"Texto real"', text)
    return re.sub(r"\[\[TODO[^\]]*\]\]", "Texto real.", text)


@pytest.mark.parametrize("kind,folder", [("repair", "repairs"), ("workshop", "workshops")])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_template_fails_until_filled(run_line, project, kind, folder, lang):
    result = run_line(f"kb new {kind} nueva-cosa --lang {lang} --title 'Un título'", cwd=project)
    assert result.code == 0, result.err
    path = project / "content" / folder / "nueva-cosa" / "index.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n# yaml-language-server: $schema=../../../schema/json/")
    assert 'title: "Un título"' in text
    codes = {p.code for p in check(project / "content").problems}
    assert codes == {"placeholder"}, codes
    path.write_text(fill(text), encoding="utf-8")
    problems = check(project / "content").problems
    assert problems == [], [(p.line, p.field, p.code) for p in problems]


@pytest.mark.parametrize("kind", ["repair", "workshop"])
def test_template_shows_every_field(kind):
    """Every field of the model is in the template, active or as a commented example."""
    from builder.cli.new import render
    from schema.models import MODELS

    from .test_schema import _all_fields

    head = render(kind, "x", "es", None).split("---\n")[1]
    for name, _ in _all_fields(MODELS[kind]):
        leaf = name.split(".")[-1]
        assert re.search(rf"\b{leaf}:", head), f"{kind} template lacks {name}"


def test_new_refuses_bad_id_and_existing_folder(run_line, project):
    assert run_line("kb new repair Bad_Id", cwd=project).code == 2
    result = run_line("kb new repair ejemplo-bomba-agua", cwd=project)
    assert result.code == 2
    assert "ya existe" in result.err


def test_new_without_id_and_no_terminal_is_a_usage_error(run_line, project):
    assert run_line("kb new repair", cwd=project).code == 2
