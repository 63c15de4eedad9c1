"""The `kb` command line: exit codes, formats, languages, paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from builder.check.checker import check

from .conftest import EXAMPLES, make_project

BAD = "content/repairs/ejemplo-bomba-agua/index.md"


def _break(project: Path) -> None:
    path = project / BAD
    text = path.read_text(encoding="utf-8").replace("  class: pump", "  class: horno")
    path.write_text(text.replace("difficulty: 2", "dificulty: 2"), encoding="utf-8")


def test_clean_check_exits_0(run_line, project):
    result = run_line("kb check", cwd=project)
    assert result.code == 0
    assert "0 error(es)" in result.out


def test_errors_exit_1_compiler_style(run_line, project):
    _break(project)
    result = run_line("kb check", cwd=project)
    assert result.code == 1
    assert (f"{BAD}:26: equipment.class: 'horno' no es un término de 'machine_class'; "
            "¿quiso decir 'oven'? [unknown-term]") in result.out
    assert f"{BAD}:55: dificulty: 'dificulty' no es un campo conocido aquí; " in result.out
    assert "¿quiso decir 'difficulty'?" in result.out


def test_english_messages(run_line, project):
    _break(project)
    result = run_line("kb check --lang en", cwd=project)
    assert "is not a 'machine_class' term; did you mean 'oven'? [unknown-term]" in result.out
    assert "2 error(s)" in result.out


def test_json_equals_library(run_line, project):
    _break(project)
    result = run_line("kb check --format json", cwd=project)
    assert result.code == 1
    library = [p.as_dict("es") for p in check(project / "content").problems]
    assert json.loads(result.out) == library
    assert {p["code"] for p in library} == {"unknown-term", "unknown-key"}


def test_github_annotations(run_line, project):
    _break(project)
    result = run_line("kb check --format github --lang en", cwd=project)
    lines = result.out.splitlines()
    assert lines[0].startswith(f"::error file={BAD},line=26,title=unknown-term equipment.class::")
    assert len(lines) == 2


def test_paths_report_only_those_files_but_resolve_against_corpus(run_line, project):
    _break(project)
    other = "content/workshops/ejemplo-medir-piezas/index.md"
    result = run_line(f"kb check --format json {other}", cwd=project)
    assert result.code == 0, result.out
    assert json.loads(result.out) == []  # its references to the repair still resolve
    result = run_line(f"kb check --format json {BAD}", cwd=project)
    assert {p["path"] for p in json.loads(result.out)} == {BAD}


def test_strict_promotes_suggestions(run_line, project):
    path = project / BAD
    path.write_text(path.read_text().replace("[no-spare-parts]", "[x-sin-planos]"))
    assert run_line("kb check", cwd=project).code == 0
    assert run_line("kb check --strict", cwd=project).code == 1


@pytest.mark.parametrize("line", ["kb check --format xml", "kb check --lang fr",
                                  "kb check no/such/file.md", "kb nonsense", "kb new gadget x"])
def test_usage_errors_exit_2(run_line, project, line):
    assert run_line(line, cwd=project).code == 2


def test_outside_a_project_exit_2(run_line, tmp_path):
    result = run_line("kb check", cwd=tmp_path)
    assert result.code == 2
    assert "content/" in result.err


CASES = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_real_process_no_traceback(case, tmp_path):
    """The installed command on every malformed input: exit 1, file:line, code, no traceback."""
    root = make_project(tmp_path, case)
    kb = Path(sys.executable).with_name("kb")
    proc = subprocess.run([str(kb), "check", "--lang", "en"], cwd=root, capture_output=True,
                          text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    severities = {p.severity for p in check(root / "content").problems}
    assert proc.returncode == (1 if "error" in severities else 0)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert f"[{case.name}]" in proc.stdout
    assert any(line.startswith("content/") and ":" in line for line in proc.stdout.splitlines())


def test_module_entry_point(tmp_path):
    root = make_project(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "builder", "check"], cwd=root,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_program_skips_the_teardown_but_not_its_output_or_exit_code(tmp_path):
    """``run`` (the console script and ``python -m builder``) leaves with ``os._exit``:
    exit handlers do not run, yet every line is out and the exit code is main's."""
    root = make_project(tmp_path)
    (root / "content/repairs/ejemplo-bomba-agua/index.md").write_text("---\nid: [\n---\n")
    program = ("import atexit, sys\n"
               "from builder.cli.main import run\n"
               "atexit.register(lambda: print('teardown', flush=True))\n"
               "sys.argv = ['kb', 'check', '--format', 'json']\n"
               "run()\n")
    proc = subprocess.run([sys.executable, "-c", program], cwd=root, capture_output=True,
                          text=True)
    assert proc.returncode == 1, proc.stderr
    assert "teardown" not in proc.stdout
    problems = json.loads(proc.stdout)  # whole: flushed before leaving
    assert problems and "Traceback" not in proc.stderr


def test_folder_argument_means_its_documents(run_line, project):
    _break(project)
    result = run_line("kb check --format json content/repairs", cwd=project)
    assert result.code == 1
    assert {p["path"] for p in json.loads(result.out)} == {BAD}
    assert run_line("kb check content/workshops", cwd=project).code == 0
