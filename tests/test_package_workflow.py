"""The package workflow (.github/workflows/package.yml), tried offline step by step.

An issue from the form "Enviar un paquete" carries a .zip; the workflow finds it,
imports it with `kb import`, checks, commits on a branch, opens a pull request and
answers on the issue. Here each step's script runs as the runner would run it
(`bash -e`, its env filled from the event and the earlier steps' outputs) on a
throwaway repository with a bare "origin", and `gh` is a stand-in that records
what it was asked. Only the download (network) is left out: the zip is put where
that step would have saved it. The workflow and the issue form are linted in
tests/test_workflow.py.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT
from .test_import_hostile import DOC_ID, FOLDER, good_files, make_zip
from .throwaway import Repo

WORKFLOW = ROOT / ".github" / "workflows" / "package.yml"
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "5-package.yml"
ARTIFACTS = ROOT / "test-artifacts" / "package-workflow"
EXPRESSION = re.compile(r"^\$\{\{ (.+?) \}\}$")
URL = "https://github.com/user-attachments/files/18234567/bomba-pozo-la-ceiba.zip"
GH = """#!/bin/bash
# stand-in for the GitHub CLI: records its arguments, answers like it
printf '%s\\n' "$*" >> "$GH_LOG"
case "$1 $2" in
  "pr list") printf '%s\\n' "$GH_EXISTING_PR" ;;
  "pr create") echo "https://github.com/epo/kb/pull/5" ;;
esac
"""


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def job() -> dict:
    return workflow()["jobs"]["import"]


def steps() -> dict[str, dict]:
    return {s["id"]: s for s in job()["steps"] if "id" in s}


# -- what the file says --------------------------------------------------------------------


def test_the_form_labels_what_the_workflow_waits_for():
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    [label] = form["labels"]
    assert f"contains(github.event.issue.labels.*.name, '{label}')" in job()["if"]
    attachments = [b for b in form["body"] if b.get("id") == "package"]
    assert len(attachments) == 1 and attachments[0]["validations"]["required"] is True


def test_least_privilege():
    data = workflow()
    assert data[True] == {"issues": {"types": ["opened", "edited"]}}  # `on` reads as True
    assert data["permissions"] == {}
    assert job()["permissions"] == {"contents": "read", "issues": "write"}
    checkout = next(s for s in job()["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["persist-credentials"] is False
    # the App's token (which can push) is made after kb has finished with the package
    order = [s.get("id") for s in job()["steps"]]
    assert order.index("token") > order.index("check") > order.index("import")
    assert steps()["pr"]["env"]["GH_TOKEN"] == "${{ steps.token.outputs.token }}"
    assert steps()["answer"]["env"]["GH_TOKEN"] == "${{ github.token }}"


def test_untrusted_text_reaches_scripts_only_through_env():
    for step in job()["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]
        if "uses" in step:
            assert re.match(r"^actions/[a-z-]+@v\d+$", step["uses"]), step["uses"]
    body = [k for s in job()["steps"] for k, v in s.get("env", {}).items()
            if "github.event.issue.body" in v]
    assert body == ["BODY"]


@pytest.mark.parametrize("key", [s["id"] for s in job()["steps"] if "run" in s])
def test_every_script_is_valid_bash(key):
    proc = subprocess.run(["bash", "-n"], input=steps()[key]["run"], capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr


# -- running the steps ---------------------------------------------------------------------


@dataclass
class Runner:
    """Runs the workflow's steps in ``repo`` the way the runner does, keeping their outputs."""

    repo: Repo
    temp: Path
    event: dict[str, str]
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    outcomes: dict[str, str] = field(default_factory=dict)

    def value(self, expr: str) -> str:
        m = EXPRESSION.match(expr)
        assert m, f"not one expression: {expr}"
        name = m.group(1)
        if name in self.event:
            return self.event[name]
        parts = name.split(".")
        assert parts[0] == "steps", name
        if parts[2] == "outcome":
            return self.outcomes.get(parts[1], "")
        return self.outputs.get(parts[1], {}).get(parts[3], "")

    def run(self, key: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        step = steps()[key]
        out = self.temp / f"output-{key}"
        out.write_text("")
        script = self.temp / f"step-{key}.sh"
        script.write_text(step["run"], encoding="utf-8")
        extra = extra or {}
        env = {**{k: v for k, v in self.repo.env.items() if not k.startswith("GIT_COMMITTER")},
               "GITHUB_OUTPUT": str(out), "RUNNER_TEMP": str(self.temp),
               "PATH": f"{self.temp / 'bin'}{os.pathsep}{os.environ['PATH']}",
               "GH_LOG": str(self.temp / "gh.log"), "GH_EXISTING_PR": "",
               **{k: self.value(v) for k, v in step.get("env", {}).items() if k not in extra},
               **extra}
        proc = subprocess.run(["bash", "-e", str(script)], cwd=self.repo.root, env=env,
                              capture_output=True, text=True, timeout=300)
        self.outcomes[key] = "success" if proc.returncode == 0 else "failure"
        self.outputs[key] = dict(line.split("=", 1) for line in out.read_text().splitlines())
        return proc

    def gh_calls(self) -> list[str]:
        log = self.temp / "gh.log"
        return log.read_text().splitlines() if log.exists() else []

    def answer(self, keep: str | None = None) -> str:
        """The answer step's comment; ``keep`` copies it to test-artifacts/ to be read."""
        assert self.run("answer").returncode == 0
        assert self.gh_calls()[-1] == f"issue comment 17 --body-file {self.temp / 'answer.md'}"
        text = (self.temp / "answer.md").read_text(encoding="utf-8")
        if keep:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / f"{keep}.md").write_text(text, encoding="utf-8")
        return text


@pytest.fixture
def runner(tmp_path: Path) -> Runner:
    repo = Repo(tmp_path)
    subprocess.run(["git", "clone", "-q", "--bare", str(repo.root), str(tmp_path / "origin.git")],
                   check=True, env=repo.env)
    repo.git("remote", "add", "origin", str(tmp_path / "origin.git"))
    temp = tmp_path / "runner-temp"
    (temp / "bin").mkdir(parents=True)
    (temp / "bin" / "gh").write_text(GH)
    (temp / "bin" / "gh").chmod(0o755)
    event = {"github.event.issue.number": "17", "github.event.issue.user.login": "ana-perez",
             "github.event.issue.user.id": "4242", "github.event.repository.default_branch":
             "main", "github.token": "issues-token", "steps.token.outputs.token": "app-token"}
    return Runner(repo, temp, event)


def downloaded(runner: Runner, data: bytes) -> None:
    """What the download step leaves behind (it is the one step that needs the network)."""
    (runner.temp / "paquete.zip").write_bytes(data)
    runner.outcomes["download"] = "success"
    runner.outputs["find"] = {"url": URL}


@pytest.mark.parametrize("body,url", [
    (f"### Paquete (.zip) / Package (.zip)\n\n[bomba.zip]({URL})\n\n### Permisos", URL),
    (f"{URL}\nhttps://github.com/user-attachments/files/1/otro.zip", URL),  # the first one
    ("https://evil.example/user-attachments/files/1/x.zip", ""),
    ("https://github.com.evil.example/user-attachments/files/1/x.zip", ""),
    ("http://github.com/user-attachments/files/1/x.zip", ""),
    ("https://github.com/user-attachments/files/1/x.exe", ""),
    ("https://github.com/user-attachments/assets/1/x.zip", ""),
    ("", ""),
    (f'$(touch pwned) `touch pwned` "; touch pwned; echo " {URL}', URL),
])
def test_find_takes_only_a_zip_from_githubs_attachment_host(runner, body, url):
    proc = runner.run("find", {"BODY": body})
    assert proc.returncode == 0, proc.stderr
    assert runner.outputs["find"] == {"url": url}
    assert not (runner.repo.root / "pwned").exists()


def test_a_good_package_becomes_a_branch_a_pull_request_and_an_answer(runner):
    downloaded(runner, make_zip(good_files()))
    assert runner.run("import").returncode == 0
    assert runner.outputs["import"] == {"code": "0", "folder": FOLDER, "id": DOC_ID}
    assert runner.run("check").returncode == 0
    assert runner.outputs["check"] == {"code": "0"}
    proc = runner.run("commit")
    assert proc.returncode == 0, proc.stderr
    repo = runner.repo
    assert repo.git("log", "-1", "--format=%an <%ae>|%cn|%s").strip() == (
        "ana-perez <4242+ana-perez@users.noreply.github.com>|kb-bot|"
        f"content: {DOC_ID} (package from issue #17)")
    changed = repo.git("show", "--name-only", "--format=", "HEAD").split()
    assert changed and all(path.startswith(FOLDER + "/") for path in changed)

    runner.outcomes["token"] = "success"
    proc = runner.run("pr")
    assert proc.returncode == 0, proc.stderr
    pushed = subprocess.run(["git", "--git-dir", str(repo.root.parent / "origin.git"), "rev-parse",
                             "paquete/17"], capture_output=True, text=True)
    assert pushed.stdout.strip() == repo.head()
    calls = runner.gh_calls()
    assert calls[0] == "auth setup-git"
    assert calls[-1] == (f"pr create --head paquete/17 --base main --title content: {DOC_ID} "
                         f"--body-file {runner.temp / 'pr.md'}")  # not a draft: clean
    assert "Closes #17" in (runner.temp / "pr.md").read_text(encoding="utf-8")
    assert runner.outputs["pr"] == {"url": "https://github.com/epo/kb/pull/5"}

    answer = runner.answer("answer-imported")
    spanish, _, english = answer.partition("\n---\n")
    assert spanish.startswith("Listo: su reparación está en la propuesta de cambio "
                              "https://github.com/epo/kb/pull/5")
    assert english.lstrip().startswith("Done: your repair is in the pull request")
    assert "<summary>kb import</summary>" in answer and "<summary>kb check</summary>" in answer
    assert "kb check` encontró errores" not in answer
    assert "git switch" not in answer  # kb import's advice to a coordinator: done already


def test_an_edited_issue_updates_the_open_pull_request(runner):
    downloaded(runner, make_zip(good_files()))
    for key in ("import", "check", "commit"):
        assert runner.run(key).returncode == 0
    runner.outcomes["token"] = "success"
    existing = "https://github.com/epo/kb/pull/3"
    assert runner.run("pr", {"GH_EXISTING_PR": existing}).returncode == 0
    assert not any(call.startswith("pr create") for call in runner.gh_calls())
    assert runner.outputs["pr"] == {"url": existing}


def test_errors_make_a_draft_and_the_answer_says_so(runner):
    files = good_files()
    files[f"{FOLDER}/index.md"] = files[f"{FOLDER}/index.md"].replace(b"class: pump",
                                                                       b"class: horno")
    downloaded(runner, make_zip(files))
    for key in ("import", "check", "commit"):
        runner.run(key)
    assert runner.outputs["import"]["code"] == "1" and runner.outputs["import"]["folder"]
    assert runner.outputs["check"] == {"code": "1"}
    runner.outcomes["token"] = "success"
    assert runner.run("pr").returncode == 0
    assert runner.gh_calls()[-1].endswith("--draft")
    answer = runner.answer()
    assert "`kb check` encontró errores" in answer and "`kb check` found errors" in answer
    assert "[unknown-term]" in answer


def test_without_the_app_the_answer_asks_a_coordinator(runner):
    downloaded(runner, make_zip(good_files()))
    for key in ("import", "check", "commit"):
        assert runner.run(key).returncode == 0
    answer = runner.answer()  # the token and pr steps were skipped
    assert "no pude abrir la propuesta de cambio" in answer
    assert "could not open the pull request" in answer


def test_a_refused_package_writes_nothing_and_the_report_is_text(runner):
    hostile = '<img src=x onerror="alert(1)">.jpg'
    files = {**good_files(), f"{FOLDER}/{hostile}": b"x"}
    downloaded(runner, make_zip(files, with_manifest=False))
    assert runner.run("import").returncode == 0
    assert runner.outputs["import"] == {"code": "1", "folder": "", "id": ""}
    assert runner.repo.git("status", "--porcelain") == ""
    answer = runner.answer("answer-refused")
    assert answer.startswith("El paquete no se pudo importar y no se escribió nada.")
    assert "The package could not be imported" in answer
    assert "[package-unexpected-file]" in answer
    assert "&lt;img src=x" in answer and "<img" not in answer
    assert answer.count("<pre>") == answer.count("</pre>") == 1


def test_no_attachment_gets_told_how_to_attach(runner):
    runner.run("find", {"BODY": "Adjunto la foto: https://example.org/paquete.zip"})
    answer = runner.answer()
    assert answer.startswith("No encontré un archivo .zip adjunto.")
    assert "I found no attached .zip file." in answer and "<pre>" not in answer
