"""The pull-request workflow, the issue forms and the pre-commit hook, tried offline.

The workflow is linted with check-jsonschema's vendored GitHub schemas, then its
`kb` steps run as written on a throwaway git repository, with a good and a bad
change; so does the pre-commit hook. `make test` (the last step) is this suite.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT
from .throwaway import BAD, BAD_LINE, Repo

WORKFLOW = ROOT / ".github" / "workflows" / "check.yml"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))  # package.yml: its own tests
FORMS = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
BIN = Path(sys.executable).parent
ANNOTATION = re.compile(
    r"^::error file=(?P<file>[^,]+),line=(?P<line>\d+),title=(?P<title>[^:]+)::", re.M)


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", schema,
                           *map(str, files)], capture_output=True, text=True)


@pytest.mark.parametrize("schema", ["vendor.github-workflows",
                                    "custom.github-workflows-require-timeout"])
def test_workflow_lint(schema):
    assert [f.name for f in WORKFLOWS] == ["check.yml", "package.yml"]
    proc = check_jsonschema(schema, *WORKFLOWS)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_issue_forms_lint():
    assert [f.name for f in FORMS] == ["1-write-up.yml", "2-correction.yml",
                                       "3-vocabulary-term.yml", "4-translation.yml",
                                       "5-package.yml"]
    proc = check_jsonschema("vendor.github-issue-forms", *FORMS)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_pull_request_templates():
    github = ROOT / ".github"
    assert (github / "pull_request_template.md").is_file()
    names = sorted(p.name for p in (github / "PULL_REQUEST_TEMPLATE").glob("*.md"))
    assert names == ["correction.md", "translation.md", "vocabulary.md", "write-up.md"]
    default = (github / "pull_request_template.md").read_text(encoding="utf-8")
    for name in names:
        assert f"&template={name}" in default


def test_pre_commit_config_is_valid():
    proc = subprocess.run([str(BIN / "pre-commit"), "validate-config",
                           str(ROOT / ".pre-commit-config.yaml")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# -- what the workflow does --------------------------------------------------------------


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps() -> dict[str, dict]:
    job = workflow()["jobs"]["check"]
    return {s["id"]: s for s in job["steps"] if "id" in s}


def test_workflow_runs_the_project_commands():
    data = workflow()
    assert "pull_request" in data[True]  # YAML 1.1 reads the key `on` as True
    assert data["permissions"] == {"contents": "read"}
    run = {key: " ".join(step["run"].split()) for key, step in steps().items()}
    assert run["install"] == "make .venv/.dev-installed"
    assert run["check"] == '.venv/bin/kb check --changed --base "$BASE" --format github'
    assert run["review"].startswith('.venv/bin/kb check --changed --base "$BASE" --format review')
    assert run["build"] == ".venv/bin/kb build"
    assert run["test"].startswith("make test")
    for step in data["jobs"]["check"]["steps"]:
        assert "${{" not in step.get("run", ""), "expressions go through env, not into scripts"
        if "uses" in step:
            assert re.match(r"^actions/[a-z-]+@v\d+$", step["uses"]), step["uses"]


def run_step(repo: Repo, key: str, values: dict[str, str]) -> subprocess.CompletedProcess:
    """Run a workflow step's script in ``repo`` as the runner would, with its env filled in."""
    step = steps()[key]
    env = {}
    for name, expr in step.get("env", {}).items():
        assert expr in values, f"unknown expression {expr}"
        env[name] = values[expr]
    return repo.run(step["run"], check=False, env={**env, **values.get("env", {})})


@pytest.fixture
def repo(tmp_path) -> Repo:
    repo = Repo(tmp_path)
    repo.git("checkout", "-q", "-b", "pull-request")
    return repo


def event(repo: Repo) -> dict:
    base = repo.git("rev-parse", "main").strip()
    return {"${{ github.event.pull_request.base.sha }}": base}


def test_workflow_check_step_on_a_good_change(repo):
    repo.good_change()
    repo.commit("good")
    proc = run_step(repo, "check", event(repo))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "::error" not in proc.stdout


def test_workflow_check_step_on_a_bad_change_annotates_file_and_line(repo):
    repo.bad_change()
    repo.commit("bad")
    proc = run_step(repo, "check", event(repo))
    assert proc.returncode == 1
    found = [m.groupdict() for m in ANNOTATION.finditer(proc.stdout)]
    assert found == [{"file": BAD, "line": str(BAD_LINE), "title": "unknown-term equipment.class"}]


def test_workflow_review_step_writes_the_job_summary(repo, tmp_path):
    repo.good_change()
    repo.commit("good")
    summary = tmp_path / "summary.md"
    values = event(repo) | {"env": {"GITHUB_STEP_SUMMARY": str(summary)}}
    proc = run_step(repo, "review", values)
    assert proc.returncode == 0, proc.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Lista de revisión")
    assert f"## {BAD}" in text


def test_workflow_build_step(repo):
    repo.bad_change()
    repo.commit("bad")
    proc = run_step(repo, "build", event(repo))
    assert proc.returncode == 1
    assert f"{BAD}:{BAD_LINE}:" in proc.stdout
    assert not (repo.root / "site").exists()
    repo.edit(BAD, "  class: horno", "  class: pump")
    repo.commit("fixed")
    proc = run_step(repo, "build", event(repo))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (repo.root / "site" / "reparaciones" / "ejemplo-bomba-agua" / "index.html").is_file()


# -- the pre-commit hook -------------------------------------------------------------------


def commit_with_hook(repo: Repo, message: str) -> subprocess.CompletedProcess:
    repo.git("add", "-A")
    return repo.run(["git", "commit", "-q", "-m", message], check=False)


def test_pre_commit_hook_passes_a_good_change_and_stops_a_bad_one(repo):
    repo.run([str(BIN / "pre-commit"), "install"])
    repo.good_change()
    proc = commit_with_hook(repo, "good")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "kb check (contenido / content)" in proc.stdout + proc.stderr
    before = repo.head()
    repo.bad_change()
    proc = commit_with_hook(repo, "bad")
    assert proc.returncode != 0
    assert repo.head() == before, "the bad commit was not made"
    out = proc.stdout + proc.stderr
    assert f"{BAD}:{BAD_LINE}: equipment.class: 'horno'" in out
    assert "[unknown-term]" in out


def test_pre_commit_hook_checks_the_document_of_a_staged_photo(repo):
    repo.run([str(BIN / "pre-commit"), "install"])
    (repo.root / "content/repairs/ejemplo-bomba-agua/impulsor.png").write_bytes(b"no es foto")
    proc = commit_with_hook(repo, "photo")
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert f"{BAD}:64: images[0].path: 'impulsor.png' no es una imagen" in out
