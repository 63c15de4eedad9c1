"""The ``kb`` command: ``main`` parses the arguments and maps every failure to an exit
code; each command lives in a module of its own here, imported when it runs."""

from builder.cli.main import main

__all__ = ["main"]
