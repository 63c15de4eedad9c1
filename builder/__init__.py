"""The pipeline that turns ``content/`` into the offline site, and the ``kb`` command.

Packages, bottom to top; each imports only the ones below it (import-linter
contracts in pyproject.toml, run by tests/test_architecture.py):

- ``core/``      infrastructure: the cache folder and its stores, content hash and
                 atomic write, bilingual text ``t(key, lang)``, child processes, the
                 project's folders, the installed environment.
- ``document.py`` what every stage passes on: ``SourceFile``, ``Document``,
                 ``Problem`` and the catalogue of problem codes (``codes.yaml``).
- ``load/``      read content files: front matter with key lines, the Markdown body,
                 required sections, images.
- ``text/``      language: folding and stemming, plain text of a body, tf-idf
                 similarity.
- ``check/``     every rule: fields, rules across fields and documents, body safety,
                 assets, bibliography, possible duplicates; which files to report on.
- ``report/``    the problems as text, JSON, GitHub annotations or a review
                 checklist; the field and code references, JSON Schema.
- ``search/``    the whoosh index and its queries (``kb search``).
- ``site/``      the site model, pages and templates, guides and their PDFs, the
                 browser search index, related lists, incremental build and swap, the
                 MkDocs plugin (our pages converted our way: convert.py; written by two
                 processes: pageloop.py), the LAN server.
- ``cli/``       ``kb``: one module per command, loaded when the command runs.

click is imported only in ``cli/``, MkDocs only in ``site/``.
"""
