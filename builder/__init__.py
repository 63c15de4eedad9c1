"""Pipeline (load -> check -> index -> render) and the ``kb`` command."""
