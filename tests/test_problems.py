"""Problems: every distinct problem is reported, once."""

from __future__ import annotations

import re
from pathlib import Path

from builder.check.checker import check
from builder.document import Problem, catalogue

from .conftest import ROOT

REPAIR = "content/repairs/ejemplo-bomba-agua/index.md"


def _drop_sections(path: Path, titles: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    for title in titles:
        text, n = re.subn(rf"^## {title}\n", "", text, flags=re.M)
        assert n == 1, title
    path.write_text(text, encoding="utf-8")


def test_three_missing_sections_are_three_problems(project: Path) -> None:
    _drop_sections(project / REPAIR, ["Diagnóstico", "Resultado", "Lecciones aprendidas"])
    found = [p for p in check(project / "content").problems if p.path == REPAIR]
    missing = [p for p in found if p.code == "missing-section"]
    assert len(missing) == 3
    assert sorted(p.params["es_title"] for p in missing) == [
        "Diagnóstico", "Lecciones aprendidas", "Resultado"]


def test_equal_problems_count_once_and_differing_parameters_do_not_merge() -> None:
    a = Problem("x.md", 3, None, "missing-section", {"es_title": "Diagnóstico"})
    b = Problem("x.md", 3, None, "missing-section", {"es_title": "Resultado"})
    assert len({a, b, Problem("x.md", 3, None, "missing-section", {"es_title": "Resultado"})}) == 2
    assert a != b


def test_one_run_reports_encoding_line_endings_tabs_and_fields(project: Path) -> None:
    """A file saved by a Windows editor (BOM, CRLF), indented with tabs and with a field
    error shows all of it in one run, instead of one problem per run."""
    path = project / REPAIR
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    head = re.sub(r"^((?:  )+)", lambda m: "\t" * (len(m.group(1)) // 2), head, flags=re.M)
    text = head.replace("\nlang: es\n", "\nlang: es\ncolour: red\n") + sep + body
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    codes = {p.code for p in check(project / "content").problems if p.path == REPAIR}
    assert {"byte-order-mark", "crlf-line-endings", "tab-character", "unknown-key"} <= codes


def test_tabs_beside_spaces_stop_before_the_fields(project: Path) -> None:
    path = project / REPAIR
    text = path.read_text(encoding="utf-8")
    assert "\n  " in text
    text = text.replace("\n  ", "\n\t", 1).replace("\nlang: es\n", "\nlang: es\ncolour: red\n")
    path.write_text(text, encoding="utf-8")
    codes = {p.code for p in check(project / "content").problems if p.path == REPAIR}
    assert "tab-character" in codes and "unknown-key" not in codes


def test_latin1_file_is_reported_and_still_read(project: Path) -> None:
    path = project / REPAIR
    text = path.read_text(encoding="utf-8").replace("\nlang: es\n", "\nlang: es\ncolour: red\n")
    path.write_bytes(text.encode("cp1252", errors="replace"))
    codes = {p.code for p in check(project / "content").problems if p.path == REPAIR}
    assert {"not-utf8", "unknown-key"} <= codes


def test_messages_in_each_files_language_unless_asked(project: Path, run_line) -> None:
    """An English translation's problem is told in English, the Spanish original's in
    Spanish; --lang chooses one language for all."""
    for name in ("index.md", "index.en.md"):
        path = project / "content/repairs/ejemplo-bomba-agua" / name
        path.write_text(path.read_text(encoding="utf-8").replace("\nlang:", "\ncolour: red\nlang:"),
                        encoding="utf-8")
    out = run_line("kb check", cwd=project).out
    es_line = next(x for x in out.splitlines() if "/index.md:" in x and "unknown-key" in x)
    en_line = next(x for x in out.splitlines() if "/index.en.md:" in x and "unknown-key" in x)
    assert "no es un campo conocido" in es_line
    assert "is not a known field" in en_line
    assert "error(es)" in out and "error(s)" in out  # a summary line in each language
    forced = run_line("kb check --lang es", cwd=project).out
    assert "error(s)" not in forced and forced.count("error(es)") == 1


def _edit(project: Path, old: str, new: str) -> list[Problem]:
    path = project / REPAIR
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [p for p in check(project / "content").problems if p.path == REPAIR]


def test_a_hint_offers_only_the_closest_term(project: Path) -> None:
    """"repaired" is near "Reparada" (fixed); "No reparada" (not-fixed) must not be offered."""
    [problem] = [p for p in _edit(project, "  status: fixed", "  status: repaired")
                 if p.code == "unknown-term"]
    assert "'fixed'" in problem.message("en") and "not-fixed" not in problem.message("en")


def test_an_unknown_machine_class_is_offered_as_a_local_term(project: Path) -> None:
    [problem] = [p for p in _edit(project, "  class: pump", "  class: Caja reductora")
                 if p.code == "unknown-term"]
    assert "x-caja-reductora" in problem.hint("es") and "x-caja-reductora" in problem.hint("en")


def test_an_invalid_id_is_not_offered_as_a_folder_name(project: Path) -> None:
    found = _edit(project, "id: ejemplo-bomba-agua", "id: bomba-de-agua-ñandú")
    [problem] = [p for p in found if p.code == "id-mismatch"]
    assert "ñandú" not in problem.hint("es") and "id: ejemplo-bomba-agua" in problem.hint("es")
    found = _edit(project, "id: bomba-de-agua-ñandú", "id: bomba-de-agua")
    [problem] = [p for p in found if p.code == "id-mismatch"]
    assert "rename the folder to bomba-de-agua" in problem.hint("en")


def test_hints_name_only_files_that_exist() -> None:
    for code in catalogue().values():
        for lang in ("es", "en"):
            for name in re.findall(r"\b(?:docs|schema)/[\w./-]+", code.text[lang]["hint"]):
                assert (ROOT / name.rstrip(".")).exists(), (code.code, name)


def test_a_file_name_cannot_write_lines_into_a_report(project: Path, run_line) -> None:
    """A newline in a file name would tick a line of the review checklist (CI's job
    summary) or forge a line of the text report; names are shown escaped."""
    folder = project / "content/repairs/ejemplo-bomba-agua"
    (folder / "x.png\n- [x] Revisado por el equipo.png").write_bytes(
        (folder / "impulsor.png").read_bytes())
    for fmt in ("text", "review"):
        out = run_line(f"kb check --format {fmt}", cwd=project).out
        assert "\n- [x] Revisado" not in out, fmt
        assert "x.png\\n- [x] Revisado" in out, fmt
