"""``kb search``: parse the options, run the query stage, print the results."""

from __future__ import annotations

import json
import sys

import click

from builder.cli.context import Context
from builder.search import index, store
from builder.search.query import Filters, Hit, Results, SearchError
from builder.search.query import search as run_search
from schema.vocabularies import vocab

# facet -> (Spanish, English) heading
FACET_NAMES = {
    "kind": ("tipo", "kind"), "lang": ("idioma", "language"), "status": ("estado", "status"),
    "sector": ("sector", "sector"), "machine_class": ("máquina", "machine class"),
    "failure_mode": ("modo de falla", "failure mode"), "plant": ("planta", "plant"),
    "state": ("estado o provincia", "state"), "part_origin": ("origen de piezas", "part origin"),
    "strand": ("eje", "strand"),
}
# option -> vocabulary its value must belong to
CHECKED = {"sector": "sector", "machine_class": "machine_class", "failure_mode": "failure_mode"}
FACETS_SHOWN = 6  # values per facet in the text output


@click.command("search")
@click.argument("words", nargs=-1, required=True)
@click.option("--kind", type=click.Choice(["repair", "workshop"]),
              help="Solo reparaciones o talleres / only repairs or workshops.")
@click.option("--sector", help="Sector (p. ej. / e.g. fisheries).")
@click.option("--class", "machine_class", help="Tipo de máquina / machine class (e.g. oven).")
@click.option("--mode", "failure_mode", help="Modo de falla / failure mode (e.g. no-heat).")
@click.option("--lang", type=click.Choice(["es", "en"]),
              help="Solo documentos en este idioma / only documents in this language.")
@click.option("--limit", type=click.IntRange(1, 200), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Salida JSON / JSON output.")
@click.pass_obj
def search(obj: Context, words: tuple[str, ...], kind: str | None, sector: str | None,
           machine_class: str | None, failure_mode: str | None, lang: str | None,
           limit: int, as_json: bool) -> None:
    """Buscar reparaciones y talleres / search repairs and workshops.

    \b
    Acentos, mayúsculas y plurales no importan; vale español o inglés.
    Accents, capitals and plurals do not matter; Spanish or English both work.
    """
    filters = Filters(kind, sector, machine_class, failure_mode, lang)
    _check_filters(filters)
    project = obj.project
    folder = index.index_folder(project.root)
    if store.current(folder) is None:
        click.echo("creando el índice de búsqueda (solo la primera vez) / "
                   "building the search index (first time only)...", err=True)
    try:
        results = run_search(project.content, folder, " ".join(words), filters, limit)
    except SearchError as exc:
        raise click.UsageError(f"{exc.text['es']} / {exc.text['en']}") from None
    except OSError as exc:
        raise click.ClickException(
            f"no se pudo escribir el índice de búsqueda / could not write the search index: "
            f"{exc.filename or ''} ({exc.strerror})") from None
    if as_json:
        click.echo(json.dumps(results.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render(results, color=sys.stdout.isatty()))


def _check_filters(filters: Filters) -> None:
    for name, vocab_name in CHECKED.items():
        value = getattr(filters, name)
        voc = vocab(vocab_name)
        if value is None or voc.accepts(value):
            continue
        close = voc.suggest(value)
        hint = f"; ¿quiso decir / did you mean {' / '.join(close)}?" if close else ""
        option = {"machine_class": "--class", "failure_mode": "--mode"}.get(name, f"--{name}")
        raise click.UsageError(
            f"{option}: '{value}' no es un término de / is not a term of '{vocab_name}'{hint}")


def render(results: Results, color: bool = False) -> str:
    """The results as text for a terminal, headings in Spanish and English."""
    lines = [f"{len(results.hits)} de {results.total} resultado(s) / "
             f"{len(results.hits)} of {results.total} result(s): {results.query}"]
    if results.corrected and results.suggestion:
        lines.append(f"Nada para «{results.query}»; resultados de «{results.suggestion}» / "
                     f"nothing for “{results.query}”; results for “{results.suggestion}”")
    elif results.suggestion:
        lines.append(f"¿Quiso decir / did you mean: {results.suggestion}")
    elif results.unknown:
        lines.append("no están en el índice / not in the index: " + ", ".join(results.unknown))
    for n, hit in enumerate(results.hits, 1):
        lines += ["", *_hit_lines(n, hit, color)]
    if results.facets:
        lines += ["", "Facetas / facets:"]
        for name, counts in results.facets.items():
            es, en = FACET_NAMES.get(name, (name, name))
            shown = ", ".join(f"{value} {count}" for value, count in
                              list(counts.items())[:FACETS_SHOWN])
            more = " …" if len(counts) > FACETS_SHOWN else ""
            lines.append(f"  {es} / {en}: {shown}{more}")
    return "\n".join(lines)


def _hit_lines(n: int, hit: Hit, color: bool) -> list[str]:
    title = click.style(hit.title, bold=True) if color else hit.title
    also = f"  (+ {', '.join(hit.translations)})" if hit.translations else ""
    return [f"{n}. {title}  [{hit.kind}, {hit.lang}]{also}", f"   {hit.path}",
            f"   {_marks(hit.snippet, color)}"]


def _marks(snippet: str, color: bool) -> str:
    """``**word**`` to bold on a terminal; left as is elsewhere."""
    if not color:
        return snippet
    parts = snippet.split("**")
    return "".join(click.style(p, bold=True) if i % 2 else p for i, p in enumerate(parts))


command = search
