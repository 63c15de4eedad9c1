"""``kb schema``: JSON Schema for editors, the field reference, the code catalogue."""

from __future__ import annotations

import sys

import click

from builder.cli.context import Context
from builder.report.schema_export import stale_files, write_all


@click.command("schema")
@click.option("--check", "check_only", is_flag=True,
              help="Solo comprobar que están al día / only check they are up to date.")
@click.pass_obj
def schema_cmd(obj: Context, check_only: bool) -> None:
    """Escribir JSON Schema, referencia de campos y catálogo de códigos /
    write JSON Schema, the field reference and the code catalogue."""

    root = obj.project.root
    if check_only:
        stale = stale_files(root)
        for name in stale:
            click.echo(f"{name}: desactualizado / stale -- run: kb schema")
        sys.exit(1 if stale else 0)
    for path in write_all(root):
        click.echo(path.relative_to(root).as_posix())


command = schema_cmd
