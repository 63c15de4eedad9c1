"""The ``kb`` command: parse arguments, call a pipeline stage, map to an exit code.

Exit codes: 0 clean, 1 problems found (or the command failed), 2 usage error.
No traceback reaches the user unless ``--debug`` is given.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import sys
from pathlib import Path

import click

from builder.cli.context import Context
from builder.core.project import ProjectError

# command -> module that defines it as ``command``; a module is imported only when its
# command runs, so `kb check FILE` does not pay for MkDocs, whoosh or WeasyPrint.
COMMANDS = {name: f"builder.cli.{name}" for name in ("build", "check", "fix", "new", "schema",
                                                      "search", "serve", "zim")}
COMMANDS["import"] = "builder.cli.import_package"  # `import` cannot name a module


class LazyGroup(click.Group):
    """click's documented pattern for subcommands loaded on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        return importlib.import_module(COMMANDS[name]).command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path),
              help="Carpeta del proyecto / project folder (default: found from here).")
@click.option("--debug", is_flag=True, help="Mostrar trazas internas / show tracebacks.")
@click.pass_context
def cli(ctx: click.Context, root: Path | None, debug: bool) -> None:
    """Base de conocimiento del EPO / EPO knowledge base."""
    ctx.obj = Context(root, debug)


def main(argv: list[str] | None = None) -> None:
    """Entry point: turn every failure into a message and an exit code."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="kb", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("cancelado / cancelled", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except ProjectError as exc:
        click.echo(f"kb: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:
        if debug:
            raise
        click.echo(f"kb: error interno / internal error: {type(exc).__name__}: {exc}\n"
                   "    -> repita con --debug y reporte el problema / rerun with --debug and "
                   "report it", err=True)
        sys.exit(3)
    sys.exit(0)


def run() -> None:
    """The ``kb`` program (console script, ``python -m builder``): ``main``, then leave
    at once, without the interpreter's teardown. A build or check at 10,000 write-ups
    holds about a gigabyte of small objects, and freeing them one by one took 3 to 4
    seconds after the work was done and said. Output and logs are flushed first; no
    command leaves work for exit handlers (its temporary files are removed or have no
    name). ``main`` itself returns normally, for callers in the same process."""
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, int | None):
            print(exc.code, file=sys.stderr)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        # a closed pipe (`kb search ... | head`): nothing left to say
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
