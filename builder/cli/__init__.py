"""The ``kb`` command: ``main`` parses the arguments and maps every failure to an exit
code (``run``: the program, which then exits without tearing the interpreter down);
each command lives in a module of its own here, imported when it runs."""

from builder.cli.main import main, run

__all__ = ["main", "run"]
