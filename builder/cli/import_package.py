"""``kb import PAQUETE.zip``: a contribution package from the phone form -> content/repairs/<id>/.

The package is vetted whole in memory (builder.load.package) and its index.md is
read in a staging folder before anything is moved into content/: a refused
package leaves the working tree exactly as it was. An accepted one gets its
front matter rewritten in the house key order, lands in one rename, and is
checked like any document; the report is printed in the package's language.
Git is left to the person (or the workflow) who runs the command.

Exit codes: 0 imported and clean, 1 refused or imported with errors to fix.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import click

from builder.check.changed import check_selected, select
from builder.cli.context import LANG, Context
from builder.core.files import atomic_write
from builder.core.project import Project
from builder.document import Problem
from builder.load import package as packages
from builder.load.house import front_matter
from builder.load.source import FILE_NAME, load
from builder.report import formats
from schema import MODELS

SAY = {
    "es": {
        "refused": "RECHAZADO: no se escribió nada en content/.",
        "imported": "Importado en {folder} ({n} archivo(s)).",
        "clean": "Listo para la propuesta de cambio (pull request):",
        "fix": "Importado, pero hay errores que corregir antes de la propuesta de cambio:",
        "git": ("  git switch -c contrib/{id}\n  git add {folder}\n"
                "  git commit -m \"content: {id} (es)\"\n  git push -u origin contrib/{id}"),
    },
    "en": {
        "refused": "REFUSED: nothing was written to content/.",
        "imported": "Imported into {folder} ({n} file(s)).",
        "clean": "Ready for the pull request:",
        "fix": "Imported, but there are errors to fix before the pull request:",
        "git": ("  git switch -c contrib/{id}\n  git add {folder}\n"
                "  git commit -m \"content: {id} (es)\"\n  git push -u origin contrib/{id}"),
    },
}


@click.command("import")
@click.argument("package", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Reemplazar un documento que ya existe / "
              "replace a document that already exists.")
@click.option("--lang", type=LANG, help="Idioma del informe (por omisión, el del paquete) / "
              "language of the report (default: the package's).")
@click.pass_obj
def import_cmd(obj: Context, package: Path, replace: bool, lang: str | None) -> None:
    """Importar un paquete del formulario / import a package from the form."""

    project = obj.project
    pkg = packages.read(package)
    lang = lang or pkg.lang
    notes = [p for p in pkg.problems if not p.is_error]
    if not pkg.refused:
        _vet_target(project, pkg, replace)
    folder = project.content / "repairs" / str(pkg.doc_id)
    base = None
    try:
        if not pkg.refused:
            base = _stage(project, pkg)
        if base is None or pkg.refused:
            _refuse(pkg.problems, lang)
        _install(base, folder)
    finally:
        if base is not None:
            shutil.rmtree(base, ignore_errors=True)
    rel = folder.relative_to(project.root).as_posix()
    click.echo(SAY[lang]["imported"].format(folder=rel, n=len(pkg.files)))
    result = check_selected(project.content, select(project.content, [folder]))
    click.echo(formats.text(notes + result.problems, lang, formats.Scope(files=result.files)))
    click.echo(SAY[lang]["fix" if result.errors else "clean"])
    if not result.errors:
        click.echo(SAY[lang]["git"].format(id=pkg.doc_id, folder=rel))
    sys.exit(1 if result.errors else 0)


def _vet_target(project: Project, pkg: packages.Package, replace: bool) -> None:
    target = project.content / "repairs" / str(pkg.doc_id)
    elsewhere = project.content / "workshops" / str(pkg.doc_id)
    if (target.exists() and not replace) or elsewhere.exists():
        pkg.problem(None, "package-exists", value=pkg.doc_id)


def _stage(project: Project, pkg: packages.Package) -> Path:
    """Write the package into a temporary content/ beside the project (same disk, so the
    final move is one rename) and rewrite its front matter; a problem when it is unreadable."""
    scratch = project.root / ".cache" / "kb"
    scratch.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="import-", dir=scratch))
    content = base / "content"
    folder = content / "repairs" / str(pkg.doc_id)
    folder.mkdir(parents=True)
    for name, data in pkg.files.items():
        (folder / name).write_bytes(data)
    for name in sorted(n for n in pkg.files if FILE_NAME.match(n)):
        src = load(folder / name, content)
        if src.problems or not isinstance(src.data, dict):
            pkg.problem(f"content/repairs/{pkg.doc_id}/{name}", "package-unreadable")
            pkg.problems += [_inside(pkg.name, p) for p in src.problems]
            return base
        text = f"---\n{front_matter(src.data, MODELS['repair'])}---\n{src.body}"
        atomic_write(folder / name, text.encode("utf-8"))
    return base


def _inside(zip_name: str, problem: Problem) -> Problem:
    """A loader problem located inside the package."""
    p = problem
    return Problem(f"{zip_name}:{p.path}", p.line, p.field, p.code, p.params, p.severity)


def _install(base: Path, folder: Path) -> None:
    """Move the staged folder into content/; an old one is moved aside first and removed
    with the staging folder."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    if folder.exists():
        folder.rename(base / "replaced")
    (base / "content" / "repairs" / folder.name).rename(folder)


def _refuse(problems: list[Problem], lang: str) -> None:
    click.echo(formats.text(problems, lang, formats.Scope(files=1)))
    click.echo(SAY[lang]["refused"])
    sys.exit(1)


command = import_cmd
